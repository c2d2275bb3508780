import { useSearchParams } from 'react-router';
import { ApiProblem } from '../../api/client';
import { useMe } from '../../api/session';
import { Loading } from '../../components/ui';
import { AuditFilters } from './audit-filters';
import { AuditTable } from './audit-table';
import { useCptsChoice } from './cpts-choice';
import { formatCount } from './figures-format';
import { IntegrityPanel } from './integrity-panel';
import { Pager } from '../../components/pager';
import { ProblemBanner } from './problem-banner';
import { useCptsAudit } from './queries';
import { pageOf } from './search';
import './coordinator.css';

const PAGE_SIZE = 50;

/**
 * « Journal d'audit »: the CPTS's audit stream (settings, members,
 * coordinators; GET /cpts/{id}/audit), paged and filtered from the URL
 * (`?cpts`, `?du`, `?au`, `?type`, `?page`). Administrators also check the
 * integrity of the whole log.
 */
export default function AuditPage() {
  const me = useMe();
  const choice = useCptsChoice();
  const [params] = useSearchParams();
  const from = params.get('du') ?? '';
  const to = params.get('au') ?? '';
  const type = params.get('type') ?? '';
  const page = pageOf(params.get('page'));
  const audit = useCptsAudit(choice.cptsId, {
    from: from || undefined,
    to: to || undefined,
    type: type || undefined,
    page,
    pageSize: PAGE_SIZE,
  });

  if (!me.administrator && me.coordinatorOf.length === 0) {
    return (
      <div className="coordinator">
        <h1>Journal d'audit</h1>
        <p className="banner banner--info">
          Ce journal est celui des coordinateurs d'une CPTS et des administrateurs.
        </p>
      </div>
    );
  }

  const fieldsAtFault =
    audit.error instanceof ApiProblem &&
    audit.error.status === 400 &&
    ['from', 'to', 'type'].some((f) => audit.error instanceof ApiProblem && audit.error.about(f));
  const name = choice.cptsId ? choice.nameOf(choice.cptsId) : undefined;
  const data = audit.data;

  return (
    <div className="coordinator">
      <h1>Journal d'audit</h1>
      <p className="lead">
        Ce qui a changé dans la CPTS{name ? ` ${name}` : ''} : paramètres, membres et coordinateurs,
        du plus ancien au plus récent. Chaque parcours a son propre journal.
      </p>
      <AuditFilters
        key={params.toString()}
        choice={choice}
        from={from}
        to={to}
        type={type}
        error={fieldsAtFault ? audit.error : null}
      />
      {choice.cptsId === null ? (
        <p className="banner banner--info">Choisissez une CPTS pour lire son journal.</p>
      ) : null}
      {audit.error && !fieldsAtFault ? <ProblemBanner error={audit.error} /> : null}
      {audit.isPending && choice.cptsId !== null ? <Loading what="Chargement du journal" /> : null}
      {data ? (
        <section aria-labelledby="evenements">
          <h2 id="evenements">
            {formatCount(data.total)} événement{data.total >= 2 ? 's' : ''}
          </h2>
          {audit.isFetching && audit.isPlaceholderData ? (
            <p className="loading" role="status">
              Mise à jour du journal…
            </p>
          ) : null}
          {data.items.length === 0 ? (
            <p className="muted">Aucun événement ne correspond à ces filtres.</p>
          ) : (
            <AuditTable
              items={data.items}
              caption={`Journal de la CPTS${name ? ` ${name}` : ''}, page ${formatCount(data.page)}`}
            />
          )}
          <Pager page={data} label="Pages du journal d'audit" />
        </section>
      ) : null}
      {me.administrator ? <IntegrityPanel /> : null}
    </div>
  );
}
