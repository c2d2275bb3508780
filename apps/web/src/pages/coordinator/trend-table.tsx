import { formatCount, monthInWords } from './figures-format';
import { TREND_SERIES, type TrendRow } from './trend-series';

/** The chart's figures as a table: its text alternative, folded (open when the chart could not load). */
export function TrendTable({ rows, open }: { rows: readonly TrendRow[]; open: boolean }) {
  return (
    <details className="trend-table" open={open}>
      <summary>Voir les chiffres du graphique, mois par mois</summary>
      <div className="table-wrap">
        <table className="data responsive">
          <caption>Évolution mensuelle des parcours ouverts et de leur bilan initial</caption>
          <thead>
            <tr>
              <th scope="col">Mois</th>
              {TREND_SERIES.map((serie) => (
                <th key={serie.key} scope="col">
                  {serie.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.month}>
                <th scope="row" data-label="Mois">
                  {monthInWords(row.month)}
                </th>
                {TREND_SERIES.map((serie) => (
                  <td key={serie.key} data-label={serie.label}>
                    {formatCount(row[serie.key])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
