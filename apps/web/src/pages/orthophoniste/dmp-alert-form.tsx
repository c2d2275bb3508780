import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, read } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { Loading, TextInput } from '../../components/ui';
import { ProblemBanner } from '../pathway/problem-banner';
import { bannerError, problemAbout } from '../pathway/wording';
import { type DmpAlertSettings, dmpAlertsKey, myPatientsKey } from './my-patients-view';

/**
 * Whether the orthophoniste is alerted of new documents other professionals
 * file in their patients' DMP, and at which MSSanté address: the one the
 * engine knows for them is offered. An alert says what the document is
 * (type, date, author), never what it says.
 */
export function DmpAlertForm({ practitionerId }: { practitionerId: string }) {
  const settings = useQuery({
    queryKey: dmpAlertsKey(practitionerId),
    queryFn: () =>
      read<DmpAlertSettings>(
        api.GET('/practitioners/{id}/dmp-alerts', { params: { path: { id: practitionerId } } }),
      ),
  });
  if (settings.isPending) return <Loading what="Chargement de vos alertes" />;
  if (!settings.data) return <ProblemBanner error={settings.error} />;
  return <AlertSettingsForm practitionerId={practitionerId} saved={settings.data} />;
}

function AlertSettingsForm({
  practitionerId,
  saved,
}: {
  practitionerId: string;
  saved: DmpAlertSettings;
}) {
  const headingId = useId();
  const checkboxId = useId();
  const client = useQueryClient();
  const [enabled, setEnabled] = useState(saved.enabled);
  const [address, setAddress] = useState(saved.address ?? saved.suggestedAddress ?? '');
  const [missing, setMissing] = useState<string>();
  useEffect(() => {
    setEnabled(saved.enabled);
    setAddress(saved.address ?? saved.suggestedAddress ?? '');
  }, [saved]);

  const save = useMutation({
    mutationFn: () =>
      read<DmpAlertSettings>(
        api.PUT('/practitioners/{id}/dmp-alerts', {
          params: { path: { id: practitionerId } },
          body: { enabled, ...(address.trim() ? { address: address.trim() } : {}) },
        }),
      ),
    onSuccess: (answer) => {
      client.setQueryData(dmpAlertsKey(practitionerId), answer);
      // Each patient's alert state follows the setting.
      void client.invalidateQueries({ queryKey: myPatientsKey(practitionerId) });
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const problem =
      enabled && !address.trim()
        ? 'Indiquez l’adresse MSSanté où recevoir les alertes.'
        : undefined;
    setMissing(problem);
    if (problem) {
      window.setTimeout(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    save.mutate();
  }

  const suggested = saved.suggestedAddress && !saved.address && address === saved.suggestedAddress;
  return (
    <form className="panel" noValidate aria-labelledby={headingId} onSubmit={submit}>
      <h2 id={headingId}>Alertes sur les nouveaux documents</h2>
      <p className="hint">
        Pour chaque patient d’un parcours en cours dont l’autorisation d’accès au DMP est valable,
        le moteur regarde régulièrement son DMP et vous écrit quand un autre professionnel y dépose
        un document : son type, sa date et son auteur, jamais son contenu.
      </p>
      <div className="field">
        <span className="choice">
          <input
            id={checkboxId}
            type="checkbox"
            checked={enabled}
            disabled={save.isPending}
            onChange={(event) => {
              setEnabled(event.target.checked);
              setMissing(undefined);
              save.reset();
            }}
          />
          <label htmlFor={checkboxId}>Être alerté des nouveaux documents</label>
        </span>
      </div>
      <TextInput
        label="Adresse MSSanté où recevoir les alertes"
        type="email"
        autoComplete="email"
        maxLength={254}
        value={address}
        disabled={save.isPending}
        hint={
          <>
            {suggested ? 'Votre adresse MSSanté connue du moteur, proposée : modifiable. ' : ''}
            Les alertes arrivent par messagerie sécurisée de santé ; les alertes par SMS ne sont pas
            proposées.
          </>
        }
        error={missing ?? problemAbout(save.error, 'address')}
        onChange={(event) => {
          setAddress(event.target.value);
          setMissing(undefined);
          save.reset();
        }}
      />
      <ProblemBanner error={bannerError(save.error, ['address', 'enabled'])} />
      {save.isSuccess ? (
        <p className="banner banner--success" role="status">
          {save.data.enabled
            ? `Alertes activées : elles arriveront à ${save.data.address ?? address}.`
            : 'Alertes désactivées.'}
        </p>
      ) : saved.updatedAt ? (
        <p className="muted">Réglage enregistré le {formatDateTime(saved.updatedAt)}.</p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          Enregistrer
        </button>
      </div>
    </form>
  );
}
