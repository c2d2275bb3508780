import { Link } from 'react-router';
import { Loading } from '../../components/ui';
import { formatCount } from './figures-format';
import { ProblemBanner } from './problem-banner';
import { useWorklist } from './queries';
import { withQuery } from './search';
import { WorklistTable } from './worklist-table';

/** How many of the most overdue documents the dashboard shows before linking to the whole list. */
const PREVIEW_SIZE = 5;

/**
 * The first few overdue documents of the CPTS and a link to all of them.
 * Its own request, after the indicators': the cards never wait for it.
 */
export function OverduePreview({ cptsId }: { cptsId: string }) {
  const worklist = useWorklist(cptsId, { page: 1, pageSize: PREVIEW_SIZE });
  const all = withQuery('/relances', { cpts: cptsId });
  if (worklist.isPending) return <Loading what="Chargement des documents en retard" />;
  if (worklist.error) return <ProblemBanner error={worklist.error} />;
  const { items, total } = worklist.data;
  if (total === 0) {
    return <p className="banner banner--success">Aucun document en retard à ce jour.</p>;
  }
  return (
    <>
      <WorklistTable
        items={items}
        caption={
          total > items.length
            ? `Les ${formatCount(items.length)} documents les plus en retard (sur ${formatCount(total)})`
            : `Documents en retard (${formatCount(total)})`
        }
      />
      <p>
        <Link to={all}>
          Voir toute la liste à relancer ({formatCount(total)} document{total >= 2 ? 's' : ''})
        </Link>
      </p>
    </>
  );
}
