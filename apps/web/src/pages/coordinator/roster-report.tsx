import { Badge, type Tone } from '../../components/ui';
import type { RegistrationOutcome, RosterReport, RosterReportLine } from './cpts-view';
import { formatCount } from './figures-format';
import { frenchField, frenchProblem } from './french';

/** Each line's outcome in words, and its tone (the words carry it; the colour repeats it). */
export const OUTCOMES: Readonly<Record<RegistrationOutcome, { label: string; tone: Tone }>> = {
  found: { label: 'Trouvé : sera inscrit', tone: 'done' },
  unknown: { label: "Inconnu de l'Annuaire Santé", tone: 'late' },
  malformed: { label: 'Ligne mal formée', tone: 'late' },
  already_member: { label: 'Déjà membre', tone: 'neutral' },
  in_another_cpts: { label: "Membre d'une autre CPTS", tone: 'todo' },
  not_orthophoniste: { label: 'Pas orthophoniste', tone: 'late' },
  needs_mss_choice: { label: 'Messagerie MSSanté à choisir', tone: 'todo' },
};

/** « rpps: is unknown to the Annuaire Santé » → « RPPS : est inconnu de l'Annuaire Santé ». */
function lineProblem(problem: string): string {
  const at = problem.indexOf(': ');
  if (at < 0) return frenchProblem(problem) ?? problem;
  return `${frenchField(problem.slice(0, at))} : ${frenchProblem(problem.slice(at + 2)) ?? ''}`;
}

function detailOf(line: RosterReportLine): string {
  if (line.problem) return lineProblem(line.problem);
  if (line.outcome === 'found') {
    return line.mssAddress ? `Messagerie : ${line.mssAddress}` : 'Aucune messagerie MSSanté connue';
  }
  return '';
}

/** The line-by-line report of a roster (a simulation, or the real run). */
export function RosterReportView({ report }: { report: RosterReport }) {
  const outcomes = Object.entries(report.summary) as [RegistrationOutcome, number][];
  return (
    <div className="roster-report">
      <ul className="summary">
        {outcomes.map(([outcome, count]) => (
          <li key={outcome}>
            <Badge tone={OUTCOMES[outcome].tone}>{OUTCOMES[outcome].label}</Badge> :{' '}
            {formatCount(count)} ligne{count >= 2 ? 's' : ''}
          </li>
        ))}
      </ul>
      <div className="table-wrap">
        <table className="data responsive">
          <caption>
            {report.dryRun ? 'Simulation' : 'Inscription'} : résultat de chacune des{' '}
            {formatCount(report.lines.length)} lignes
          </caption>
          <thead>
            <tr>
              <th scope="col">Ligne</th>
              <th scope="col">RPPS</th>
              <th scope="col">Nom</th>
              <th scope="col">Résultat</th>
              <th scope="col">Détail</th>
            </tr>
          </thead>
          <tbody>
            {report.lines.map((line) => (
              <tr key={line.line}>
                <th scope="row" data-label="Ligne">
                  {line.line}
                </th>
                <td data-label="RPPS">{line.rpps || '—'}</td>
                <td data-label="Nom">{line.name ?? '—'}</td>
                <td data-label="Résultat">
                  <Badge tone={OUTCOMES[line.outcome].tone}>{OUTCOMES[line.outcome].label}</Badge>
                </td>
                <td data-label="Détail">
                  {detailOf(line)}
                  {line.choices && line.choices.length > 0 ? (
                    <ul className="choices">
                      {line.choices.map((address) => (
                        <li key={address}>{address}</li>
                      ))}
                    </ul>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
