import {
  COHORT_RULE,
  type CptsRow,
  INDICATOR_DEFINITIONS,
  type IndicatorFigures,
  type Indicators,
} from '@app/persistence';
import {
  type BarChartSpec,
  bullet,
  contentWidth,
  countWithShare,
  days,
  drawBarChart,
  drawTable,
  frenchDateTime,
  frenchDay,
  frenchNumber,
  heading,
  keyValues,
  paragraph,
  pdfBuffer,
  quarterLabel,
  reportDocument,
  subheading,
  title,
} from '../../../libs/reports';
import { ORTHOPHONISTE_COLUMNS, REPORT_ABBREVIATIONS } from '../exports/indicator-export';

/**
 * The annual activity report of a CPTS's accès-direct pathways (PDF, French):
 * the CPTS and the period, the figures of the period and of each quarter with
 * their definitions, bar charts (duties and sharing per quarter) drawn as
 * vector paths, the per-orthophoniste table, and how the figures were
 * computed. Everything in it comes from `Indicators` (IndicatorsStore): no
 * patient appears in it.
 */

/** Quarter columns per table: more would not fit an A4 page's width. */
export const QUARTERS_PER_TABLE = 6;

const COLORS = {
  onTime: '#2b8a3e',
  late: '#f08c00',
  missing: '#c92a2a',
  awaited: '#adb5bd',
  received: '#495057',
  sent: '#1c7ed6',
  delivered: '#4dabf7',
  read: '#a5d8ff',
  filed: '#7048e8',
} as const;

/** `P30D` → `30 jours`; other ISO-8601 durations as written. */
function duration(iso: string): string {
  const match = /^P(\d+)D$/.exec(iso);
  return match ? `${match[1]} jour${match[1] === '1' ? '' : 's'}` : iso;
}

function plain(text: string): string {
  return text.replace(/`/g, '');
}

interface QuarterLine {
  label: string;
  cell: (f: IndicatorFigures) => string;
}

const QUARTER_LINES: readonly QuarterLine[] = [
  { label: 'Parcours ouverts', cell: (f) => frenchNumber(f.pathways.opened) },
  { label: '– dont terminés', cell: (f) => frenchNumber(f.pathways.completed) },
  { label: '– dont abandonnés', cell: (f) => frenchNumber(f.pathways.abandoned) },
  { label: 'Bilans initiaux dus', cell: (f) => frenchNumber(f.duties.bilanInitial.owed) },
  {
    label: '– reçus dans le délai',
    cell: (f) => countWithShare(f.duties.bilanInitial.receivedOnTime, f.duties.bilanInitial.owed),
  },
  {
    label: '– reçus en retard',
    cell: (f) => countWithShare(f.duties.bilanInitial.receivedLate, f.duties.bilanInitial.owed),
  },
  {
    label: '– manquants et en retard',
    cell: (f) => countWithShare(f.duties.bilanInitial.missingOverdue, f.duties.bilanInitial.owed),
  },
  { label: 'Comptes-rendus dus', cell: (f) => frenchNumber(f.duties.compteRendu.owed) },
  {
    label: '– reçus dans le délai',
    cell: (f) => countWithShare(f.duties.compteRendu.receivedOnTime, f.duties.compteRendu.owed),
  },
  {
    label: '– reçus en retard',
    cell: (f) => countWithShare(f.duties.compteRendu.receivedLate, f.duties.compteRendu.owed),
  },
  {
    label: '– manquants et en retard',
    cell: (f) => countWithShare(f.duties.compteRendu.missingOverdue, f.duties.compteRendu.owed),
  },
  {
    label: 'Bilans envoyés au médecin traitant',
    cell: (f) => countWithShare(f.sharing.bilanInitial.mss.sent, f.sharing.bilanInitial.received),
  },
  {
    label: 'Bilans lus (accusé de lecture)',
    cell: (f) => countWithShare(f.sharing.bilanInitial.mss.read, f.sharing.bilanInitial.received),
  },
  {
    label: 'Bilans versés au DMP',
    cell: (f) => countWithShare(f.sharing.bilanInitial.dmp.filed, f.sharing.bilanInitial.received),
  },
  {
    label: 'Comptes-rendus envoyés au médecin traitant',
    cell: (f) => countWithShare(f.sharing.compteRendu.mss.sent, f.sharing.compteRendu.received),
  },
  {
    label: 'Comptes-rendus versés au DMP',
    cell: (f) => countWithShare(f.sharing.compteRendu.dmp.filed, f.sharing.compteRendu.received),
  },
  {
    label: 'Relances envoyées',
    cell: (f) =>
      frenchNumber(f.duties.bilanInitial.remindersSent + f.duties.compteRendu.remindersSent),
  },
  {
    label: 'Alertes au coordinateur',
    cell: (f) => frenchNumber(f.duties.bilanInitial.escalations + f.duties.compteRendu.escalations),
  },
  {
    label: 'Délai médian ouverture → bilan',
    cell: (f) => days(f.delays.openingToBilanInitial.medianDays),
  },
  {
    label: 'Délai médian fin de soins → compte-rendu',
    cell: (f) => days(f.delays.endOfCareToCompteRendu.medianDays),
  },
];

/** The quarters in groups that fit a table, the period's total in the last. */
export function quarterTables(
  quarters: readonly { quarter: string }[],
  perTable = QUARTERS_PER_TABLE,
): { quarters: string[]; withTotal: boolean }[] {
  const groups: { quarters: string[]; withTotal: boolean }[] = [];
  for (let i = 0; i < quarters.length; i += perTable) {
    groups.push({
      quarters: quarters.slice(i, i + perTable).map((q) => q.quarter),
      withTotal: false,
    });
  }
  if (groups.length === 0) groups.push({ quarters: [], withTotal: true });
  else if (groups.at(-1)!.quarters.length < perTable) groups.at(-1)!.withTotal = true;
  else groups.push({ quarters: [], withTotal: true });
  return groups;
}

/** The charts of the report, from the quarterly series (pure: tested apart from the drawing). */
export function annualCharts(indicators: Indicators): BarChartSpec[] {
  const categories = indicators.quarterly.map((q) => quarterLabel(q.quarter));
  const series = (pick: (f: IndicatorFigures) => number) =>
    indicators.quarterly.map((q) => pick(q.figures));
  const duties = (duty: 'bilanInitial' | 'compteRendu', titleText: string): BarChartSpec => ({
    title: titleText,
    categories,
    stacked: true,
    series: [
      {
        label: 'Dans le délai',
        color: COLORS.onTime,
        values: series((f) => f.duties[duty].receivedOnTime),
      },
      {
        label: 'En retard',
        color: COLORS.late,
        values: series((f) => f.duties[duty].receivedLate),
      },
      {
        label: 'Manquants, en retard',
        color: COLORS.missing,
        values: series((f) => f.duties[duty].missingOverdue),
      },
      {
        label: 'Attendus, pas encore dus',
        color: COLORS.awaited,
        values: series((f) => f.duties[duty].missingNotYetDue),
      },
    ],
  });
  const sharing = (duty: 'bilanInitial' | 'compteRendu', titleText: string): BarChartSpec => ({
    title: titleText,
    categories,
    stacked: false,
    series: [
      { label: 'Reçus', color: COLORS.received, values: series((f) => f.sharing[duty].received) },
      {
        label: 'Envoyés (MSSanté)',
        color: COLORS.sent,
        values: series((f) => f.sharing[duty].mss.sent),
      },
      {
        label: 'Distribués',
        color: COLORS.delivered,
        values: series((f) => f.sharing[duty].mss.delivered),
      },
      { label: 'Lus', color: COLORS.read, values: series((f) => f.sharing[duty].mss.read) },
      {
        label: 'Versés au DMP',
        color: COLORS.filed,
        values: series((f) => f.sharing[duty].dmp.filed),
      },
    ],
  });
  return [
    duties('bilanInitial', "Bilans initiaux par trimestre d'ouverture du parcours"),
    duties('compteRendu', "Comptes-rendus par trimestre d'ouverture du parcours"),
    sharing('bilanInitial', 'Partage des bilans initiaux reçus, par trimestre'),
    sharing('compteRendu', 'Partage des comptes-rendus reçus, par trimestre'),
  ];
}

const METHOD = [
  "Les chiffres sont calculés par le moteur de parcours à partir de son modèle de lecture PostgreSQL (table des parcours), tenu à jour par chaque parcours (workflow Temporal) à chaque étape, au moment de l'édition de ce rapport : ils ne sont pas saisis à la main.",
  "Cohorte : un parcours compte dans la période (et dans un trimestre) s'il a été ouvert l'un de ses jours, en jours civils Europe/Paris, bornes incluses. Ses documents, envois et délais comptent avec lui, quelle que soit leur date.",
  "Échéances : celles de la politique de la CPTS copiée dans le parcours à son ouverture (délai du bilan initial après l'ouverture, du compte-rendu après la fin de soins déclarée). Un document reçu au plus tard à son échéance est « dans le délai ». « Manquant et en retard » se mesure au moment du calcul, sur les parcours en cours.",
  "MSSanté : un document compte comme envoyé quand le message au médecin traitant a été accepté par l'opérateur ; distribué et lu d'après les accusés de distribution (DSN) et de lecture (MDN) relevés dans la boîte du moteur. Les motifs de non-envoi sont ceux enregistrés par le parcours.",
  'DMP : un document compte comme versé quand le DMP a accusé son dépôt (identifiant uniqueId). Les motifs de non-versement sont ceux enregistrés par le parcours.',
  "Délais : en jours (décimaux), médiane et 90e centile sur les parcours où les deux événements ont eu lieu. Un pourcentage se rapporte au dénominateur indiqué dans la définition ; « — » signifie qu'il n'y a rien à rapporter.",
  "Ce rapport ne contient aucune donnée de patient : uniquement des nombres de parcours et l'identité professionnelle des orthophonistes.",
];

export interface AnnualReportInput {
  cpts: Pick<CptsRow, 'id' | 'name' | 'identifier'> &
    Partial<Pick<CptsRow, 'bilanInitialDueAfter' | 'compteRenduDueAfter' | 'reminderEvery'>>;
  indicators: Indicators;
}

export function annualReportPdf({ cpts, indicators }: AnnualReportInput): Promise<Buffer> {
  const { period } = indicators;
  const periodText = `du ${frenchDay(period.from)} au ${frenchDay(period.to)}`;
  const doc = reportDocument({
    title: `Rapport d'activité accès direct — ${cpts.name} — ${periodText}`,
    subject: 'Accès direct en orthophonie : rapport annuel d’activité de la CPTS',
    footer: `${cpts.name} — accès direct, ${periodText}`,
  });
  title(doc, "Rapport annuel d'activité — accès direct en orthophonie", cpts.name);
  keyValues(doc, [
    ['CPTS', `${cpts.name}${cpts.identifier ? ` (${cpts.identifier})` : ''}`],
    ['Période', periodText],
    ['Calculé le', `${frenchDateTime(indicators.computedAt)} (heure de Paris)`],
    ['Orthophonistes', frenchNumber(indicators.byOrthophoniste?.length ?? 0)],
    ...(cpts.bilanInitialDueAfter && cpts.compteRenduDueAfter && cpts.reminderEvery
      ? [
          [
            'Politique en vigueur',
            `bilan initial dû ${duration(cpts.bilanInitialDueAfter)} après l'ouverture, compte-rendu ${duration(cpts.compteRenduDueAfter)} après la fin de soins, relance tous les ${duration(cpts.reminderEvery)}`,
          ] as const,
        ]
      : []),
  ]);

  const f = indicators.figures;
  heading(doc, 'Synthèse de la période');
  drawTable(
    doc,
    [
      { header: 'Indicateur', weight: 3 },
      { header: 'Période', weight: 1.2, align: 'right' },
    ],
    QUARTER_LINES.map((line) => [line.label, line.cell(f)]),
  );
  paragraph(
    doc,
    `Patients sans médecin traitant déclaré : ${frenchNumber(f.patientsWithoutMedecinTraitant)}. ` +
      `Bilans non envoyés faute de médecin traitant : ${frenchNumber(f.sharing.bilanInitial.mss.skipped.no_medecin_traitant ?? 0)}, ` +
      `faute de messagerie connue : ${frenchNumber(f.sharing.bilanInitial.mss.skipped.no_mss_address ?? 0)}. ` +
      `Bilans non versés au DMP, consentement refusé : ${frenchNumber(f.sharing.bilanInitial.dmp.skipped.consent_refused ?? 0)}, ` +
      `patient sans DMP : ${frenchNumber(f.sharing.bilanInitial.dmp.skipped.no_dmp ?? 0)}.`,
    9,
  );

  heading(doc, 'Indicateurs par trimestre', 160);
  const byQuarter = new Map(indicators.quarterly.map((q) => [q.quarter, q.figures]));
  for (const table of quarterTables(indicators.quarterly)) {
    const columns = [
      { header: 'Indicateur', weight: 2.6 },
      ...table.quarters.map((q) => ({
        header: quarterLabel(q),
        weight: 1,
        align: 'right' as const,
      })),
      ...(table.withTotal ? [{ header: 'Période', weight: 1, align: 'right' as const }] : []),
    ];
    drawTable(
      doc,
      columns,
      QUARTER_LINES.map((line) => [
        line.label,
        ...table.quarters.map((q) => line.cell(byQuarter.get(q) as IndicatorFigures)),
        ...(table.withTotal ? [line.cell(f)] : []),
      ]),
      { fontSize: 7.5 },
    );
  }

  heading(doc, 'Graphiques', 230);
  const width = contentWidth(doc);
  for (const chart of annualCharts(indicators)) {
    const height = 200;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    drawBarChart(doc, chart, { x: doc.page.margins.left, y: doc.y, width, height });
    doc.moveDown(1);
  }

  heading(doc, 'Par orthophoniste', 120);
  const columns = ORTHOPHONISTE_COLUMNS.filter((c) => c.inReport !== false);
  const orthophonistes = indicators.byOrthophoniste ?? [];
  if (orthophonistes.length === 0) paragraph(doc, 'Aucun orthophoniste dans la CPTS.');
  else {
    drawTable(
      doc,
      columns.map((c, i) => ({
        header: c.inReport || c.header,
        weight: i === 0 ? 2.6 : i === 1 ? 1.9 : 1,
        align: i < 2 ? ('left' as const) : ('right' as const),
      })),
      orthophonistes.map((o) =>
        columns.map((c) => {
          const v = c.value(o);
          return typeof v === 'number' ? frenchNumber(v, 1) : (v ?? '—');
        }),
      ),
      { fontSize: 7 },
    );
    paragraph(doc, REPORT_ABBREVIATIONS, 8);
  }

  heading(doc, 'Définitions des indicateurs', 120);
  paragraph(doc, plain(COHORT_RULE), 9);
  for (const d of INDICATOR_DEFINITIONS) {
    subheading(doc, `${d.label} (${d.key})`);
    paragraph(doc, plain(d.definition), 8.5);
  }

  heading(doc, 'Comment les chiffres ont été calculés', 120);
  for (const line of METHOD) bullet(doc, line, 9);
  return pdfBuffer(doc);
}
