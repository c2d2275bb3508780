import type { paths } from '../../api/schema';
import type { IndicatorPeriod } from './indicator-view';

/**
 * The routes of the schema a CPTS's file is downloaded from: a GET with the
 * CPTS's id in the path and the period in the query. Naming a route that is
 * gone, or that no longer takes `from`/`to`, fails the type check.
 */
type PeriodDownload = {
  [P in keyof paths]: paths[P]['get'] extends {
    parameters: { path: { id: string }; query?: { from?: string; to?: string } };
  }
    ? P
    : never;
}[keyof paths];

/** The address of a download: plain links, so the browser sends the session cookie and saves the file. */
export function downloadHref(
  path: PeriodDownload,
  cptsId: string,
  period: IndicatorPeriod,
): string {
  const query = new URLSearchParams({ from: period.from, to: period.to });
  return `${path.replace('{id}', encodeURIComponent(cptsId))}?${query.toString()}`;
}

interface ExportLink {
  path: PeriodDownload;
  text: string;
  hint: string;
  /** The de-identified pathway list is its coordinators' only (administrators get a 403). */
  coordinatorsOnly?: boolean;
}

const EXPORTS: readonly ExportLink[] = [
  {
    path: '/cpts/{id}/exports/pathways.csv',
    text: 'Exporter les parcours (CSV)',
    hint: "Un parcours par ligne, sans donnée d'identité du patient. Le téléchargement est tracé.",
    coordinatorsOnly: true,
  },
  {
    path: '/cpts/{id}/exports/indicators.csv',
    text: 'Exporter les indicateurs (CSV)',
    hint: 'Chaque indicateur de la période puis de chaque trimestre, avec sa définition.',
  },
  {
    path: '/cpts/{id}/exports/orthophonistes.csv',
    text: 'Exporter les indicateurs par orthophoniste (CSV)',
    hint: 'Une ligne par orthophoniste de la CPTS.',
  },
  {
    path: '/cpts/{id}/reports/annual.pdf',
    text: 'Rapport annuel (PDF)',
    hint: 'Les chiffres de la période et de chaque trimestre, graphiques et définitions (A4).',
  },
];

/** The CPTS's exports over the period on screen. */
export function ExportLinks({
  cptsId,
  period,
  coordinates,
}: {
  cptsId: string;
  period: IndicatorPeriod;
  coordinates: boolean;
}) {
  return (
    <ul className="exports">
      {EXPORTS.filter((e) => coordinates || !e.coordinatorsOnly).map((e, index) => (
        <li key={e.path}>
          <a
            className="button"
            href={downloadHref(e.path, cptsId, period)}
            download
            aria-describedby={`export-${index}`}
          >
            {e.text}
          </a>
          <span id={`export-${index}`} className="hint">
            {e.hint}
          </span>
        </li>
      ))}
    </ul>
  );
}
