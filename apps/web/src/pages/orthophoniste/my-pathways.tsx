import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, read } from '../../api/client';
import { useMe } from '../../api/session';
import { formatDay, relativeToNow } from '../../components/format';
import { Pager } from '../../components/pager';
import { Badge, ErrorBanner, Loading, SelectInput, TextInput } from '../../components/ui';
import { awaitedOf, STATUS_LABELS } from './awaited';
import type { Page, PathwayListItem } from './pathway-list-view';

const PAGE_SIZE = 25;
type StatusFilter = 'active' | 'completed' | 'abandoned' | 'all';

/**
 * « Mes parcours »: the orthophoniste's pathways, soonest due first (late ones
 * at the top, marked), each with what the engine waits for from them. Filters
 * and the patient search live in the query string, so the list can be bookmarked.
 */
export default function MyPathways() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const status = (params.get('statut') ?? 'active') as StatusFilter;
  const lateOnly = params.get('retard') === '1';
  const patient = params.get('patient') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [search, setSearch] = useState(patient);

  const list = useQuery({
    queryKey: ['pathways', 'mine', status, lateOnly, patient, page],
    queryFn: () =>
      read<Page<PathwayListItem>>(
        api.GET('/pathways', {
          params: {
            query: {
              practitionerId: me.practitionerId ?? undefined,
              status: status === 'all' ? undefined : status,
              overdue: lateOnly ? true : undefined,
              patient: patient || undefined,
              sort: 'urgency',
              page,
              pageSize: PAGE_SIZE,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });

  function update(changes: Record<string, string | null>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    // Other filters, other pages: back to the first.
    next.delete('page');
    setParams(next);
  }

  function submitSearch(event: FormEvent) {
    event.preventDefault();
    update({ patient: search.trim() });
  }

  const situation = me.situationExercice;
  return (
    <>
      <h1>Mes parcours</h1>
      {situation?.blockingReason ? (
        <div className="banner banner--warning" role="status">
          {situation.blockingReason}{' '}
          <Link to="/situation-exercice">Déclarer ma situation d'exercice</Link>
        </div>
      ) : situation?.validity.state === 'expiring' ? (
        <div className="banner banner--warning" role="status">
          Votre situation d'exercice se termine le {formatDay(situation.validity.until)} :{' '}
          <Link to="/situation-exercice">la renouveler</Link>.
        </div>
      ) : null}
      <div className="actions">
        <Link className="button button--primary" to="/parcours/nouveau">
          Nouveau parcours
        </Link>
      </div>
      <form
        className="panel row"
        role="search"
        aria-label="Filtrer mes parcours"
        onSubmit={submitSearch}
      >
        <TextInput
          label="Patient"
          hint="Nom ou prénom"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          maxLength={100}
          autoComplete="off"
        />
        <SelectInput
          label="Statut"
          value={status}
          onChange={(e) => update({ statut: e.target.value === 'active' ? null : e.target.value })}
        >
          <option value="active">En cours</option>
          <option value="completed">Terminés</option>
          <option value="abandoned">Abandonnés</option>
          <option value="all">Tous</option>
        </SelectInput>
        <div className="field">
          <span className="choice">
            <input
              id="late-only"
              type="checkbox"
              checked={lateOnly}
              onChange={(e) => update({ retard: e.target.checked ? '1' : null })}
            />
            <label htmlFor="late-only">En retard seulement</label>
          </span>
        </div>
        <div className="field">
          <button type="submit" className="button">
            Rechercher
          </button>
        </div>
      </form>
      <ErrorBanner error={list.error} />
      {list.isPending ? <Loading what="Chargement de vos parcours" /> : null}
      {list.data ? <PathwayTable page={list.data} /> : null}
      {list.data ? <Pager page={list.data} label="Pages de mes parcours" /> : null}
    </>
  );
}

function PathwayTable({ page }: { page: Page<PathwayListItem> }) {
  if (page.items.length === 0) {
    return <p className="panel">Aucun parcours ne correspond à ces critères.</p>;
  }
  return (
    <div className="table-wrap">
      <table className="data responsive">
        <caption className="visually-hidden">
          Mes parcours, les plus urgents d'abord ({page.total} au total)
        </caption>
        <thead>
          <tr>
            <th scope="col">Patient</th>
            <th scope="col">Ce qui est attendu de vous</th>
            <th scope="col">Échéance</th>
            <th scope="col">Statut</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((item) => (
            <PathwayRow key={item.id} item={item} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PathwayRow({ item }: { item: PathwayListItem }) {
  const awaited = awaitedOf(item);
  return (
    <tr className={item.overdue ? 'late' : undefined}>
      <td data-label="Patient">
        <Link to={`/parcours/${item.id}`}>{item.patient.displayName ?? 'Patient'}</Link>
        {item.patient.birthDate ? (
          <div className="muted">né(e) le {formatDay(item.patient.birthDate)}</div>
        ) : null}
      </td>
      <td data-label="Attendu">
        {awaited.length === 0 ? (
          <span className="muted">Rien pour l'instant</span>
        ) : (
          <ul className="plain">
            {awaited.map((a) => (
              <li key={a.what}>{a.what}</li>
            ))}
          </ul>
        )}
      </td>
      <td data-label="Échéance">
        {item.currentDueAt ? (
          <>
            {item.overdue ? <Badge tone="late">En retard</Badge> : null}{' '}
            <span>{formatDay(item.currentDueAt)}</span>
            <div className="muted">{relativeToNow(item.currentDueAt)}</div>
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td data-label="Statut">
        <Badge tone={item.status === 'active' ? 'info' : 'neutral'}>
          {STATUS_LABELS[item.status]}
        </Badge>
      </td>
    </tr>
  );
}
