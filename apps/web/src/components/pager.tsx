import { Link, useLocation } from 'react-router';
import { formatNumber } from './format';
import { type Page, pageCount } from './page';

/**
 * Previous / next links for a paged list: the page is in the URL (`?page=`),
 * the other parameters kept, so the back button goes back a page.
 */
export function Pager({
  page,
  label,
  param = 'page',
}: {
  page: Pick<Page<unknown>, 'page' | 'pageSize' | 'total'>;
  /** What the pages are of, for the navigation's name (« Pages de la liste à relancer »). */
  label: string;
  param?: string;
}) {
  const location = useLocation();
  const pages = pageCount(page);
  if (pages <= 1) return null;
  const to = (n: number) => {
    const params = new URLSearchParams(location.search);
    if (n === 1) params.delete(param);
    else params.set(param, String(n));
    const search = params.toString();
    return `${location.pathname}${search ? `?${search}` : ''}`;
  };
  return (
    <nav className="pager" aria-label={label}>
      {page.page > 1 ? (
        <Link className="button" to={to(page.page - 1)}>
          Page précédente
        </Link>
      ) : null}
      <span>
        Page {formatNumber(page.page)} sur {formatNumber(pages)}
      </span>
      {page.page < pages ? (
        <Link className="button" to={to(page.page + 1)}>
          Page suivante
        </Link>
      ) : null}
    </nav>
  );
}
