import { type ReactNode, useMemo, useState } from 'react';

/** One column of a sortable table: its header, how its cells sort, and how they read. */
export interface Column<R> {
  key: string;
  label: string;
  sortValue: (row: R) => number | string | null;
  render: (row: R) => ReactNode;
  numeric?: boolean;
}

type Direction = 'ascending' | 'descending';

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** Rows in the order asked; empty values (no denominator) last whichever the direction. */
export function sortRows<R>(rows: readonly R[], column: Column<R>, direction: Direction): R[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = column.sortValue(a);
    const y = column.sortValue(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order =
      typeof x === 'number' && typeof y === 'number'
        ? x - y
        : collator.compare(String(x), String(y));
    return sign * order;
  });
}

/**
 * A table sorted by clicking its column headers: each header is a button in
 * its <th>, whose `aria-sort` tells screen readers the order; a polite status
 * says it in words after each click. The first column heads its rows.
 */
export function SortableTable<R>({
  caption,
  columns,
  rows,
  rowKey,
  initial,
}: {
  caption: ReactNode;
  columns: readonly Column<R>[];
  rows: readonly R[];
  rowKey: (row: R) => string;
  initial: { key: string; direction: Direction };
}) {
  const [sort, setSort] = useState(initial);
  // Said only after a click: a status filled when the page opens would be read out for nothing.
  const [sortedByUser, setSortedByUser] = useState(false);
  const column = columns.find((c) => c.key === sort.key) ?? columns[0];
  const sorted = useMemo(
    () => sortRows(rows, column, sort.direction),
    [rows, column, sort.direction],
  );
  const toggle = (key: string) => {
    setSortedByUser(true);
    setSort((current) =>
      current.key === key
        ? { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : // Figures read largest first; names from A.
          {
            key,
            direction: columns.find((c) => c.key === key)?.numeric ? 'descending' : 'ascending',
          },
    );
  };
  return (
    <>
      <div className="table-wrap">
        <table className="data responsive sortable">
          <caption>
            {caption}
            <span className="visually-hidden"> (activez un en-tête de colonne pour trier)</span>
          </caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={c.key === column.key ? sort.direction : 'none'}
                  className={c.numeric ? 'numeric' : undefined}
                >
                  <button type="button" onClick={() => toggle(c.key)}>
                    {c.label}
                    <span aria-hidden="true" className="sort-mark">
                      {c.key === column.key ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c, index) =>
                  index === 0 ? (
                    <th key={c.key} scope="row" data-label={c.label}>
                      {c.render(row)}
                    </th>
                  ) : (
                    <td
                      key={c.key}
                      data-label={c.label}
                      className={c.numeric ? 'numeric' : undefined}
                    >
                      {c.render(row)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="visually-hidden" role="status">
        {sortedByUser
          ? `Trié par « ${column.label} », ordre ${sort.direction === 'ascending' ? 'croissant' : 'décroissant'}.`
          : ''}
      </p>
    </>
  );
}
