import { Link } from 'react-router';
import { figureColumns } from './figure-columns';
import type { OrthophonisteFigures } from './indicator-view';
import { withQuery } from './search';
import { type Column, SortableTable } from './sortable-table';

/**
 * The period's figures per orthophoniste of the CPTS. For its coordinators,
 * each name opens that orthophoniste's overdue documents (/relances).
 */
export function OrthophonisteTable({
  rows,
  cptsId,
  linked,
}: {
  rows: readonly OrthophonisteFigures[];
  cptsId: string;
  /** The worklist is the coordinators' (an administrator's link would lead to a refusal). */
  linked: boolean;
}) {
  if (rows.length === 0) {
    return <p className="muted">Aucun orthophoniste dans cette CPTS pour la période.</p>;
  }
  const name: Column<OrthophonisteFigures> = {
    key: 'name',
    label: 'Orthophoniste',
    sortValue: (row) => `${row.practitioner.familyName} ${row.practitioner.givenNames}`,
    render: ({ practitioner }) => {
      const fullName = `${practitioner.givenNames} ${practitioner.familyName}`;
      return linked ? (
        <Link to={withQuery('/relances', { cpts: cptsId, praticien: practitioner.id })}>
          {fullName}
          <span className="visually-hidden"> : ses documents en retard</span>
        </Link>
      ) : (
        fullName
      );
    },
  };
  const rpps: Column<OrthophonisteFigures> = {
    key: 'rpps',
    label: 'RPPS',
    sortValue: (row) => row.practitioner.rpps,
    render: (row) => row.practitioner.rpps,
  };
  return (
    <SortableTable
      caption="Indicateurs par orthophoniste"
      columns={[name, rpps, ...figureColumns<OrthophonisteFigures>((row) => row.figures)]}
      rows={rows}
      rowKey={(row) => row.practitioner.id}
      initial={{ key: 'name', direction: 'ascending' }}
    />
  );
}
