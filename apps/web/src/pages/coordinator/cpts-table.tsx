import { Link } from 'react-router';
import { figureColumns } from './figure-columns';
import type { CptsFigures, IndicatorPeriod } from './indicator-view';
import { periodSearch } from './period';
import { withQuery } from './search';
import { type Column, SortableTable } from './sortable-table';

/** An administrator's table of every CPTS's figures; each name opens that CPTS's dashboard over the same period. */
export function CptsTable({
  rows,
  period,
}: {
  rows: readonly CptsFigures[];
  period: IndicatorPeriod;
}) {
  if (rows.length === 0) return <p className="muted">Aucune CPTS n'est enregistrée.</p>;
  const name: Column<CptsFigures> = {
    key: 'name',
    label: 'CPTS',
    sortValue: (row) => row.cpts.name,
    render: ({ cpts }) => (
      <Link to={withQuery('/tableau-de-bord', { cpts: cpts.id, ...periodSearch(period) })}>
        {cpts.name}
      </Link>
    ),
  };
  return (
    <SortableTable
      caption="Indicateurs par CPTS"
      columns={[name, ...figureColumns<CptsFigures>((row) => row.figures)]}
      rows={rows}
      rowKey={(row) => row.cpts.id}
      initial={{ key: 'name', direction: 'ascending' }}
    />
  );
}
