import {
  DMP_SKIP_REASON_KEYS,
  type DelayFigures,
  type DutyFigures,
  INDICATOR_DEFINITIONS,
  type IndicatorDefinition,
  type IndicatorFigures,
  type Indicators,
  MSS_SKIP_REASON_KEYS,
  type OrthophonisteFigures,
  type SharingFigures,
} from '@app/persistence';
import type { CsvColumn } from './csv-stream';
import { DMP_SKIP_LABELS, MSS_SKIP_LABELS } from './labels';

/**
 * The indicators as rows a reader checks one by one: every figure of
 * `IndicatorFigures` by its dotted key (the keys of INDICATOR_DEFINITIONS,
 * `*` standing for each duty), a French label, its value and its definition
 * (numerator, denominator, which date puts a pathway in the period). The CSV
 * exports and the annual report read the same rows.
 */
export interface IndicatorRow {
  key: string;
  label: string;
  value: number | null;
  definition: string;
}

export const DUTY_LABELS = { bilanInitial: 'Bilan initial', compteRendu: 'Compte-rendu' } as const;
type DutyKey = keyof typeof DUTY_LABELS;

/** Figures the lead's definitions describe through another key, or not at all. */
const SUPPLEMENTARY_DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    key: 'duties.*.daysOverdue',
    label: 'Jours de retard des manquants',
    definition:
      "Sur les documents manquants et en retard : total, maximum et médiane des jours entiers écoulés depuis l'échéance, au moment du calcul.",
  },
  {
    key: 'sharing.*.received',
    label: 'Documents reçus',
    definition:
      'Documents dus reçus (au plus tard au moment du calcul) : le dénominateur des envois MSSanté et des versements au DMP.',
  },
  {
    key: 'sharing.*.mss.pending',
    label: 'Envoi MSSanté en cours',
    definition:
      'Documents reçus dont le message au médecin traitant reste à envoyer (messagerie injoignable, nouvelles tentatives). Dénominateur : documents reçus.',
  },
  {
    key: 'sharing.*.dmp.waiting',
    label: 'Versement DMP en attente',
    definition:
      'Documents reçus dont le versement attend une action humaine (consentement, autorisation du patient, identité qualifiée, correction). Dénominateur : documents reçus.',
  },
  {
    key: 'sharing.*.dmp.toFile',
    label: 'Versement DMP en cours',
    definition:
      'Documents reçus dont le versement est retenté (DMP injoignable). Dénominateur : documents reçus.',
  },
];

function pattern(key: string): RegExp {
  const escaped = key
    .split('.')
    .map((part) => (part === '*' ? '[^.]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('\\.');
  return new RegExp(`^${escaped}(\\..+)?$`);
}

const MATCHERS = [...INDICATOR_DEFINITIONS, ...SUPPLEMENTARY_DEFINITIONS].map((d) => ({
  definition: d,
  pattern: pattern(d.key),
  depth: d.key.split('.').length,
}));

/** The definition of a figure: the most specific one whose key covers it. */
export function definitionOf(key: string): IndicatorDefinition | undefined {
  return MATCHERS.filter((m) => m.pattern.test(key)).sort((a, b) => b.depth - a.depth)[0]
    ?.definition;
}

function row(key: string, label: string, value: number | null): IndicatorRow {
  return { key, label, value, definition: definitionOf(key)?.definition ?? '' };
}

function dutyRows(duty: DutyKey, d: DutyFigures): IndicatorRow[] {
  const k = `duties.${duty}`;
  const l = DUTY_LABELS[duty];
  return [
    row(`${k}.owed`, `${l} : documents dus`, d.owed),
    row(`${k}.receivedOnTime`, `${l} : reçus dans le délai`, d.receivedOnTime),
    row(`${k}.receivedLate`, `${l} : reçus en retard`, d.receivedLate),
    row(`${k}.missingOverdue`, `${l} : manquants et en retard`, d.missingOverdue),
    row(`${k}.missingNotYetDue`, `${l} : attendus, pas encore dus`, d.missingNotYetDue),
    row(`${k}.daysOverdue.total`, `${l} : jours de retard (total)`, d.daysOverdue.total),
    row(`${k}.daysOverdue.max`, `${l} : jours de retard (maximum)`, d.daysOverdue.max),
    row(`${k}.daysOverdue.median`, `${l} : jours de retard (médiane)`, d.daysOverdue.median),
    row(`${k}.remindersSent`, `${l} : relances envoyées`, d.remindersSent),
    row(`${k}.escalations`, `${l} : alertes au coordinateur`, d.escalations),
  ];
}

function sharingRows(duty: DutyKey, s: SharingFigures): IndicatorRow[] {
  const k = `sharing.${duty}`;
  const l = DUTY_LABELS[duty];
  return [
    row(`${k}.received`, `${l} : documents reçus`, s.received),
    row(`${k}.mss.sent`, `${l} : envoyés au médecin traitant (MSSanté)`, s.mss.sent),
    row(`${k}.mss.delivered`, `${l} : distribués (MSSanté)`, s.mss.delivered),
    row(`${k}.mss.read`, `${l} : lus (MSSanté)`, s.mss.read),
    row(`${k}.mss.pending`, `${l} : envoi MSSanté en cours`, s.mss.pending),
    ...MSS_SKIP_REASON_KEYS.map((reason) =>
      row(
        `${k}.mss.skipped.${reason}`,
        `${l} : non envoyés, ${MSS_SKIP_LABELS[reason]}`,
        s.mss.skipped[reason] ?? 0,
      ),
    ),
    row(`${k}.dmp.filed`, `${l} : versés au DMP`, s.dmp.filed),
    row(`${k}.dmp.waiting`, `${l} : versement DMP en attente`, s.dmp.waiting),
    row(`${k}.dmp.toFile`, `${l} : versement DMP en cours`, s.dmp.toFile),
    ...DMP_SKIP_REASON_KEYS.map((reason) =>
      row(
        `${k}.dmp.skipped.${reason}`,
        `${l} : non versés, ${DMP_SKIP_LABELS[reason]}`,
        s.dmp.skipped[reason] ?? 0,
      ),
    ),
  ];
}

const DELAY_LABELS = {
  openingToBilanInitial: 'Délai ouverture → bilan initial reçu',
  bilanInitialToMedecinTraitant: 'Délai bilan reçu → envoyé au médecin traitant',
  endOfCareToCompteRendu: 'Délai fin de soins → compte-rendu reçu',
} as const;

function delayRows(name: keyof typeof DELAY_LABELS, d: DelayFigures): IndicatorRow[] {
  const k = `delays.${name}`;
  const l = DELAY_LABELS[name];
  return [
    row(`${k}.count`, `${l} : parcours mesurés`, d.count),
    row(`${k}.medianDays`, `${l} : médiane (jours)`, d.medianDays),
    row(`${k}.p90Days`, `${l} : 90e centile (jours)`, d.p90Days),
  ];
}

/** Every figure, in reading order. */
export function indicatorRows(f: IndicatorFigures): IndicatorRow[] {
  return [
    row('pathways.opened', 'Parcours ouverts', f.pathways.opened),
    row('pathways.active', 'Parcours en cours', f.pathways.active),
    row('pathways.completed', 'Parcours terminés', f.pathways.completed),
    row('pathways.abandoned', 'Parcours abandonnés', f.pathways.abandoned),
    row(
      'patientsWithoutMedecinTraitant',
      'Patients sans médecin traitant déclaré',
      f.patientsWithoutMedecinTraitant,
    ),
    ...dutyRows('bilanInitial', f.duties.bilanInitial),
    ...dutyRows('compteRendu', f.duties.compteRendu),
    ...sharingRows('bilanInitial', f.sharing.bilanInitial),
    ...sharingRows('compteRendu', f.sharing.compteRendu),
    ...delayRows('openingToBilanInitial', f.delays.openingToBilanInitial),
    ...delayRows('bilanInitialToMedecinTraitant', f.delays.bilanInitialToMedecinTraitant),
    ...delayRows('endOfCareToCompteRendu', f.delays.endOfCareToCompteRendu),
  ];
}

/** A figure as a French spreadsheet reads a number: decimal comma, two decimals at most. */
export function csvNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '';
  return String(Math.round(value * 100) / 100).replace('.', ',');
}

interface IndicatorCsvRecord extends IndicatorRow {
  period: string;
}

/** One line per figure: for the whole period, then for each quarter. */
export function indicatorCsvRecords(indicators: Indicators): IndicatorCsvRecord[] {
  const whole = `${indicators.period.from}/${indicators.period.to}`;
  return [
    ...indicatorRows(indicators.figures).map((r) => ({ ...r, period: whole })),
    ...indicators.quarterly.flatMap((q) =>
      indicatorRows(q.figures).map((r) => ({ ...r, period: q.quarter })),
    ),
  ];
}

export const INDICATOR_CSV_COLUMNS: readonly CsvColumn<IndicatorCsvRecord>[] = [
  { header: 'Période', value: (r) => r.period },
  { header: 'Indicateur', value: (r) => r.key },
  { header: 'Libellé', value: (r) => r.label },
  { header: 'Valeur', value: (r) => csvNumber(r.value) },
  { header: 'Définition', value: (r) => r.definition },
];

/** The per-orthophoniste table: the CSV's columns, the annual report's subset. */
export interface OrthophonisteColumn {
  header: string;
  value: (o: OrthophonisteFigures) => number | string | null;
  /** Printed in the annual report's table too, under this short header (see REPORT_ABBREVIATIONS). */
  inReport: string | false;
}

/** What the short headers of the annual report's per-orthophoniste table stand for. */
export const REPORT_ABBREVIATIONS =
  'BI : bilan initial ; CR : compte-rendu ; à temps : reçus dans le délai ; manquants : non reçus, échéance passée ; ' +
  'MSS : envoyés au médecin traitant par MSSanté ; DMP : versés au DMP.';

const f = (o: OrthophonisteFigures) => o.figures;

export const ORTHOPHONISTE_COLUMNS: readonly OrthophonisteColumn[] = [
  {
    header: 'Orthophoniste',
    value: (o) => `${o.practitioner.givenNames} ${o.practitioner.familyName}`,
    inReport: 'Orthophoniste',
  },
  { header: 'RPPS', value: (o) => o.practitioner.rpps, inReport: 'RPPS' },
  { header: 'Parcours ouverts', value: (o) => f(o).pathways.opened, inReport: 'Parcours' },
  { header: 'En cours', value: (o) => f(o).pathways.active, inReport: false },
  { header: 'Terminés', value: (o) => f(o).pathways.completed, inReport: false },
  { header: 'Abandonnés', value: (o) => f(o).pathways.abandoned, inReport: false },
  { header: 'Bilans dus', value: (o) => f(o).duties.bilanInitial.owed, inReport: false },
  {
    header: 'Bilans dans le délai',
    value: (o) => f(o).duties.bilanInitial.receivedOnTime,
    inReport: 'BI à temps',
  },
  {
    header: 'Bilans en retard',
    value: (o) => f(o).duties.bilanInitial.receivedLate,
    inReport: 'BI en retard',
  },
  {
    header: 'Bilans manquants en retard',
    value: (o) => f(o).duties.bilanInitial.missingOverdue,
    inReport: 'BI manquants',
  },
  {
    header: 'Bilans attendus',
    value: (o) => f(o).duties.bilanInitial.missingNotYetDue,
    inReport: false,
  },
  { header: 'Comptes-rendus dus', value: (o) => f(o).duties.compteRendu.owed, inReport: false },
  {
    header: 'Comptes-rendus dans le délai',
    value: (o) => f(o).duties.compteRendu.receivedOnTime,
    inReport: 'CR à temps',
  },
  {
    header: 'Comptes-rendus en retard',
    value: (o) => f(o).duties.compteRendu.receivedLate,
    inReport: 'CR en retard',
  },
  {
    header: 'Comptes-rendus manquants en retard',
    value: (o) => f(o).duties.compteRendu.missingOverdue,
    inReport: 'CR manquants',
  },
  {
    header: 'Comptes-rendus attendus',
    value: (o) => f(o).duties.compteRendu.missingNotYetDue,
    inReport: false,
  },
  {
    header: 'Relances',
    value: (o) => f(o).duties.bilanInitial.remindersSent + f(o).duties.compteRendu.remindersSent,
    inReport: 'Relances',
  },
  {
    header: 'Alertes au coordinateur',
    value: (o) => f(o).duties.bilanInitial.escalations + f(o).duties.compteRendu.escalations,
    inReport: false,
  },
  {
    header: 'Bilans envoyés au médecin traitant',
    value: (o) => f(o).sharing.bilanInitial.mss.sent,
    inReport: 'BI MSS',
  },
  {
    header: 'Bilans versés au DMP',
    value: (o) => f(o).sharing.bilanInitial.dmp.filed,
    inReport: 'BI DMP',
  },
  {
    header: 'Comptes-rendus envoyés au médecin traitant',
    value: (o) => f(o).sharing.compteRendu.mss.sent,
    inReport: false,
  },
  {
    header: 'Comptes-rendus versés au DMP',
    value: (o) => f(o).sharing.compteRendu.dmp.filed,
    inReport: false,
  },
  {
    header: 'Délai médian ouverture → bilan (jours)',
    value: (o) => f(o).delays.openingToBilanInitial.medianDays,
    inReport: false,
  },
];

export const ORTHOPHONISTE_CSV_COLUMNS: readonly CsvColumn<OrthophonisteFigures>[] =
  ORTHOPHONISTE_COLUMNS.map((c) => ({
    header: c.header,
    value: (o) => {
      const v = c.value(o);
      return typeof v === 'number' || v === null ? csvNumber(v) : v;
    },
  }));
