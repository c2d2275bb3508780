import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, read } from '../../api/client';
import { useMe } from '../../api/session';
import { formatDateTime } from '../../components/format';
import { Loading, TextInput } from '../../components/ui';
import { fieldProblem } from './french';
import { ProblemBanner } from './problem-banner';

/** GET /cpts/{id}/coordinators, copied from `libs/persistence/coordinator-store.ts`. */
interface Coordinatorship {
  cptsId: string;
  idNatPs: string;
  grantedAt: string;
  grantedBy: string;
}

/**
 * The CPTS's coordinators, by national id. Administrators name and remove
 * them (an administrator cannot name themselves: the API refuses it, since
 * coordinators see the CPTS's patients and administrators do not).
 */
export function Coordinators({ cptsId }: { cptsId: string }) {
  const me = useMe();
  const client = useQueryClient();
  const [idNatPs, setIdNatPs] = useState('');
  const key = ['coordinators', cptsId];
  const list = useQuery({
    queryKey: key,
    queryFn: () =>
      read<{ items: Coordinatorship[] }>(
        api.GET('/cpts/{id}/coordinators', { params: { path: { id: cptsId } } }),
      ),
  });
  const refresh = () => client.invalidateQueries({ queryKey: key });
  const grant = useMutation({
    mutationFn: (id: string) =>
      read<Coordinatorship>(
        api.PUT('/cpts/{id}/coordinators/{idNatPs}', {
          params: { path: { id: cptsId, idNatPs: id } },
        }),
      ),
    onSuccess: async () => {
      setIdNatPs('');
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) =>
      read<unknown>(
        api.DELETE('/cpts/{id}/coordinators/{idNatPs}', {
          params: { path: { id: cptsId, idNatPs: id } },
        }),
      ),
    onSuccess: refresh,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    grant.mutate(idNatPs.trim());
  };
  if (list.isPending) return <Loading what="Chargement des coordinateurs" />;
  if (list.error) return <ProblemBanner error={list.error} />;
  const items = list.data.items;
  return (
    <>
      {items.length === 0 ? (
        <p className="banner banner--warning">Cette CPTS n'a encore aucun coordinateur.</p>
      ) : (
        <ul className="coordinators">
          {items.map((c) => (
            <li key={c.idNatPs}>
              <span>
                {c.idNatPs === me.idNatPs ? <strong>Vous</strong> : null}
                {c.idNatPs === me.idNatPs ? ' — ' : null}
                identifiant national {c.idNatPs}{' '}
                <span className="muted">(depuis le {formatDateTime(c.grantedAt)})</span>
              </span>
              {me.administrator ? (
                <button
                  type="button"
                  className="button button--danger"
                  disabled={revoke.isPending}
                  onClick={() => revoke.mutate(c.idNatPs)}
                >
                  Retirer<span className="visually-hidden"> le coordinateur {c.idNatPs}</span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <ProblemBanner error={revoke.error} />
      {me.administrator ? (
        <form onSubmit={submit} aria-label="Nommer un coordinateur" className="inline-form">
          <TextInput
            label="Nommer un coordinateur (identifiant national)"
            name="idNatPs"
            required
            autoComplete="off"
            pattern="[0-9A-Za-z]{1,20}"
            value={idNatPs}
            onChange={(e) => setIdNatPs(e.target.value)}
            hint="idNat_PS : « 8 » suivi du RPPS pour un professionnel inscrit au RPPS."
            error={fieldProblem(grant.error, 'idNatPs')}
          />
          <ProblemBanner error={grant.error} />
          <div className="actions">
            <button type="submit" className="button" disabled={grant.isPending}>
              Nommer coordinateur
            </button>
          </div>
        </form>
      ) : null}
    </>
  );
}
