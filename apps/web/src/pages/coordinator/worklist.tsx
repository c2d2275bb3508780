import { useSearchParams } from 'react-router';
import { useMe } from '../../api/session';
import { Loading } from '../../components/ui';
import { BillingWarning } from './billing-warning';
import { useCptsChoice } from './cpts-choice';
import { formatCount } from './figures-format';
import { Pager } from '../../components/pager';
import { ProblemBanner } from './problem-banner';
import { useWorklist } from './queries';
import { pageOf } from './search';
import { WorklistFilters } from './worklist-filters';
import { WorklistTable } from './worklist-table';
import { DUTY_LABELS, dutyOf } from './worklist-view';
import './coordinator.css';

const PAGE_SIZE = 20;

/**
 * « À relancer »: the CPTS's overdue documents, most overdue first
 * (GET /cpts/{id}/worklist). Filters in the URL: `?cpts`, `?praticien`
 * (practitionerId), `?duty`, `?page`. The worklist names pathways and
 * orthophonistes, never a patient.
 */
export default function WorklistPage() {
  const me = useMe();
  const choice = useCptsChoice({ coordinatedOnly: true });
  const [params] = useSearchParams();
  const practitionerId = params.get('praticien') || undefined;
  const duty = dutyOf(params.get('duty'));
  const page = pageOf(params.get('page'));
  const worklist = useWorklist(choice.cptsId, { practitionerId, duty, page, pageSize: PAGE_SIZE });

  if (choice.cptsId === null) {
    return (
      <div className="coordinator">
        <h1>À relancer</h1>
        <p className="banner banner--info">
          {me.administrator
            ? "La liste à relancer est celle des coordinateurs d'une CPTS : un administrateur en voit les indicateurs dans le tableau de bord."
            : "La liste à relancer est celle des coordinateurs d'une CPTS : vous n'en coordonnez aucune."}
        </p>
      </div>
    );
  }

  const data = worklist.data;
  const filteredName = practitionerId
    ? data?.items.find((item) => item.practitioner.id === practitionerId)?.practitioner
    : undefined;
  const name = filteredName ? `${filteredName.givenNames} ${filteredName.familyName}` : undefined;
  const filterWords = [
    practitionerId ? `orthophoniste : ${name ?? 'choisi'}` : undefined,
    duty ? `document : ${DUTY_LABELS[duty].toLowerCase()}` : undefined,
  ].filter(Boolean);
  const cptsName = choice.nameOf(choice.cptsId);

  return (
    <div className="coordinator">
      <h1>À relancer</h1>
      <p className="lead">
        Documents en retard{cptsName ? ` de ${cptsName}` : ''} : parcours en cours dont le document
        attendu a dépassé son échéance, les plus en retard d'abord.
      </p>
      <WorklistFilters
        key={params.toString()}
        choice={choice}
        practitionerId={practitionerId}
        practitionerName={name}
        duty={duty}
      />
      {worklist.error ? <ProblemBanner error={worklist.error} /> : null}
      {worklist.isPending ? <Loading what="Chargement de la liste à relancer" /> : null}
      {data ? (
        <>
          <section aria-labelledby="documents-en-retard">
            <h2 id="documents-en-retard">
              {formatCount(data.total)} document{data.total >= 2 ? 's' : ''} en retard
              {filterWords.length > 0 ? ` (${filterWords.join(', ')})` : ''}
            </h2>
            {worklist.isFetching && worklist.isPlaceholderData ? (
              <p className="loading" role="status">
                Mise à jour de la liste…
              </p>
            ) : null}
            {data.items.length === 0 ? (
              <p className="banner banner--success">
                {data.total === 0
                  ? 'Aucun document en retard à ce jour.'
                  : 'Cette page est vide : revenez à la première page.'}
              </p>
            ) : (
              <WorklistTable
                items={data.items}
                caption={`Documents en retard, page ${formatCount(data.page)}`}
              />
            )}
            <Pager page={data} label="Pages de la liste à relancer" />
          </section>
          <BillingWarning
            practitioners={data.practitionersWithoutBillingNumber}
            cptsId={choice.cptsId}
          />
        </>
      ) : null}
    </div>
  );
}
