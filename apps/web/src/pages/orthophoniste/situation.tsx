import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiProblem, read } from '../../api/client';
import { useMe } from '../../api/session';
import { addDays, formatDay, parisDay } from '../../components/format';
import { ErrorBanner, fieldError, Loading, SelectInput, TextInput } from '../../components/ui';
import {
  CADRE_LABELS,
  type Cadre,
  situationQueryKey,
  type SituationAnswer,
  STRUCTURE_LABELS,
  type StructureKind,
} from './situation-view';

/** Three years at most, as the API checks it: from a day to the day before its third anniversary. */
function longestEnd(from: string): string {
  const [y, m, d] = from.split('-').map(Number);
  return addDays(`${y + 3}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, -1);
}

/**
 * « Situation d'exercice »: where and how the orthophoniste practises, for
 * at most three years; accès direct needs a coordinated practice, so a
 * missing or expired situation blocks new pathways. Declare, or renew.
 */
export default function SituationPage() {
  const me = useMe();
  const id = me.practitionerId;
  const current = useQuery({
    queryKey: situationQueryKey(id ?? ''),
    queryFn: () =>
      read<SituationAnswer>(
        api.GET('/practitioners/{id}/situation-exercice', { params: { path: { id: id! } } }),
      ),
    enabled: id !== null,
  });
  if (!id) return <h1>Situation d'exercice</h1>;
  return (
    <>
      <h1>Situation d'exercice</h1>
      <ErrorBanner error={current.error} />
      {current.isPending ? <Loading /> : null}
      {current.data ? <Validity answer={current.data} /> : null}
      {current.data ? <SituationForm practitionerId={id} answer={current.data} /> : null}
    </>
  );
}

function Validity({ answer }: { answer: SituationAnswer }) {
  const v = answer.validity;
  if (v.state === 'valid') {
    return (
      <div className="banner banner--success" role="status">
        Votre situation d'exercice est valable jusqu'au {formatDay(v.until)}.
      </div>
    );
  }
  if (v.state === 'expiring') {
    return (
      <div className="banner banner--warning" role="status">
        Votre situation d'exercice se termine le {formatDay(v.until)} (dans {v.daysLeft} jour
        {v.daysLeft > 1 ? 's' : ''}) : renouvelez-la ci-dessous pour continuer d'ouvrir des
        parcours.
      </div>
    );
  }
  return (
    <div className="banner banner--error" role="alert">
      {answer.blockingReason ?? "Déclarez votre situation d'exercice pour ouvrir des parcours."}
    </div>
  );
}

function SituationForm({
  practitionerId,
  answer,
}: {
  practitionerId: string;
  answer: SituationAnswer;
}) {
  const queryClient = useQueryClient();
  const known = answer.situation;
  const renewing = answer.validity.state === 'expiring' || answer.validity.state === 'expired';
  const startDay =
    renewing && known ? addDays(known.period.to, 1) : (known?.period.from ?? parisDay());
  const [form, setForm] = useState({
    kind: known?.structure.kind ?? 'msp',
    name: known?.structure.name ?? '',
    idNat: known?.structure.idNat ?? '',
    cadre: known?.cadre ?? 'ambulatoire',
    salarie: known?.salarie ?? false,
    cptsId: known?.cptsId ?? '',
    from: startDay < parisDay() && renewing ? parisDay() : startDay,
    to: '',
  });
  useEffect(() => {
    setForm((f) =>
      f.to ? f : { ...f, to: known && !renewing ? known.period.to : longestEnd(f.from) },
    );
  }, [known, renewing]);
  const declare = useMutation({
    mutationFn: () =>
      read<SituationAnswer>(
        api.PUT('/practitioners/{id}/situation-exercice', {
          params: { path: { id: practitionerId } },
          body: {
            structure: {
              kind: form.kind,
              name: form.name,
              ...(form.idNat ? { idNat: form.idNat } : {}),
            },
            cadre: form.cadre,
            salarie: form.salarie,
            ...(form.cptsId ? { cptsId: form.cptsId } : {}),
            period: { from: form.from, to: form.to },
          },
        }),
      ),
    onSuccess: async (updated) => {
      queryClient.setQueryData(situationQueryKey(practitionerId), updated);
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    },
  });
  const error = declare.error;
  function submit(event: FormEvent) {
    event.preventDefault();
    declare.mutate();
  }
  return (
    <form className="panel" onSubmit={submit} noValidate>
      <h2>{known ? (renewing ? 'Renouveler' : 'Modifier') : 'Déclarer'} ma situation</h2>
      <div className="row">
        <SelectInput
          label="Structure"
          value={form.kind}
          onChange={(e) => setForm({ ...form, kind: e.target.value as StructureKind })}
          error={fieldError(error, 'structure.kind')}
        >
          {Object.entries(STRUCTURE_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectInput>
        <TextInput
          label="Nom de la structure"
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
          error={fieldError(error, 'structure.name')}
          required
        />
        <TextInput
          label="Identifiant national de la structure (facultatif)"
          value={form.idNat}
          onChange={(e) => setForm({ ...form, idNat: e.target.value.toUpperCase() })}
          error={fieldError(error, 'structure.idNat')}
        />
        <SelectInput
          label="Cadre d'exercice"
          value={form.cadre}
          onChange={(e) => setForm({ ...form, cadre: e.target.value as Cadre })}
          error={fieldError(error, 'cadre')}
        >
          {Object.entries(CADRE_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectInput>
      </div>
      <label className="choice">
        <input
          type="checkbox"
          checked={form.salarie}
          onChange={(e) => setForm({ ...form, salarie: e.target.checked })}
        />
        J'exerce comme salarié(e)
      </label>
      <div className="row">
        <TextInput
          label="Identifiant de votre CPTS"
          hint="Donné par la coordination de votre CPTS"
          value={form.cptsId}
          onChange={(e) => setForm({ ...form, cptsId: e.target.value.trim() })}
          error={fieldError(error, 'cptsId')}
        />
        <TextInput
          label="Du"
          type="date"
          value={form.from}
          onChange={(e) =>
            setForm({ ...form, from: e.target.value, to: longestEnd(e.target.value) })
          }
          error={fieldError(error, 'period.from')}
        />
        <TextInput
          label="Au"
          type="date"
          hint="Trois ans au plus"
          value={form.to}
          onChange={(e) => setForm({ ...form, to: e.target.value })}
          error={fieldError(error, 'period.to')}
        />
      </div>
      {error instanceof ApiProblem && error.problems.length === 0 ? (
        <ErrorBanner error={error} />
      ) : null}
      {declare.isSuccess ? (
        <div className="banner banner--success" role="status">
          Situation enregistrée.
        </div>
      ) : null}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={declare.isPending}>
          Enregistrer
        </button>
      </div>
    </form>
  );
}
