import type { ReactNode } from 'react';
import { formatShare } from '../../components/format';
import { Definition } from './definition';
import { formatCount, formatDays, wholeDays } from './figures-format';
import { definitionOf } from './indicator-definitions';
import {
  DMP_SKIP_REASON_KEYS,
  type DmpSkipReasonKey,
  type DutyFigures,
  type IndicatorFigures,
  MSS_SKIP_REASON_KEYS,
  type MssSkipReasonKey,
  type SharingFigures,
  shareOf,
} from './indicator-view';

/** The API's skip reasons in words (as apps/api/exports/labels.ts prints them in the exports). */
const MSS_SKIP_LABELS: Readonly<Record<MssSkipReasonKey, string>> = {
  no_medecin_traitant: 'pas de médecin traitant déclaré',
  no_mss_address: 'pas de messagerie MSSanté connue',
  address_refused: 'adresse refusée',
};
const DMP_SKIP_LABELS: Readonly<Record<DmpSkipReasonKey, string>> = {
  consent_refused: 'consentement refusé',
  no_dmp: 'patient sans DMP',
  pathway_abandoned: 'parcours abandonné avant le versement',
};

interface DetailRow {
  label: string;
  /** The definition shown under the label, if the figure has its own. */
  indicator?: string;
  cells: ReactNode[];
}

/**
 * Every figure of the period, with its definition: the lists the sharing
 * and delay cards open (#detail-…), and what the CSV export holds.
 */
export function IndicatorDetails({ figures }: { figures: IndicatorFigures }) {
  const { bilanInitial: bi, compteRendu: cr } = figures.duties;
  const { bilanInitial: sbi, compteRendu: scr } = figures.sharing;
  const both = (value: (d: DutyFigures) => ReactNode) => [value(bi), value(cr)];
  const shared = (value: (s: SharingFigures) => ReactNode) => [value(sbi), value(scr)];
  const ofReceived = (part: (s: SharingFigures) => number) => (s: SharingFigures) =>
    `${formatCount(part(s))} (${formatShare(shareOf(part(s), s.received))})`;
  const byKey = (key: string): Pick<DetailRow, 'label' | 'indicator'> => ({
    label: definitionOf(key).label,
    indicator: key,
  });
  const DUTY_COLUMNS = ['Bilan initial', 'Compte-rendu'];

  return (
    <>
      <DetailTable
        id="detail-parcours"
        title="Parcours"
        columns={['Nombre']}
        rows={[
          ...(['opened', 'active', 'completed', 'abandoned'] as const).map((k) => ({
            ...byKey(`pathways.${k}`),
            cells: [formatCount(figures.pathways[k])],
          })),
          {
            ...byKey('patientsWithoutMedecinTraitant'),
            cells: [formatCount(figures.patientsWithoutMedecinTraitant)],
          },
        ]}
      />
      <DetailTable
        id="detail-documents"
        title="Documents attendus"
        columns={DUTY_COLUMNS}
        rows={[
          { ...byKey('duties.*.owed'), cells: both((d) => formatCount(d.owed)) },
          {
            ...byKey('duties.*.receivedOnTime'),
            cells: both((d) => formatCount(d.receivedOnTime)),
          },
          { ...byKey('duties.*.receivedLate'), cells: both((d) => formatCount(d.receivedLate)) },
          {
            ...byKey('duties.*.missingOverdue'),
            cells: both((d) => formatCount(d.missingOverdue)),
          },
          {
            label: 'Jours de retard : médiane',
            cells: both((d) =>
              d.daysOverdue.median === null ? '—' : wholeDays(d.daysOverdue.median),
            ),
          },
          {
            label: 'Jours de retard : maximum',
            cells: both((d) => (d.daysOverdue.max === null ? '—' : wholeDays(d.daysOverdue.max))),
          },
          {
            ...byKey('duties.*.missingNotYetDue'),
            cells: both((d) => formatCount(d.missingNotYetDue)),
          },
          { ...byKey('duties.*.remindersSent'), cells: both((d) => formatCount(d.remindersSent)) },
          { ...byKey('duties.*.escalations'), cells: both((d) => formatCount(d.escalations)) },
        ]}
      />
      <DetailTable
        id="detail-partage"
        title="Partage des documents reçus"
        columns={DUTY_COLUMNS}
        rows={[
          { label: 'Documents reçus', cells: shared((s) => formatCount(s.received)) },
          { ...byKey('sharing.*.mss.sent'), cells: shared(ofReceived((s) => s.mss.sent)) },
          {
            ...byKey('sharing.*.mss.delivered'),
            cells: shared(ofReceived((s) => s.mss.delivered)),
          },
          { ...byKey('sharing.*.mss.read'), cells: shared(ofReceived((s) => s.mss.read)) },
          { label: 'Envoi MSSanté en cours', cells: shared((s) => formatCount(s.mss.pending)) },
          ...MSS_SKIP_REASON_KEYS.map((reason, index) => ({
            label: `Non envoyés : ${MSS_SKIP_LABELS[reason]}`,
            ...(index === 0 ? { indicator: 'sharing.*.mss.skipped' } : {}),
            cells: shared((s) => formatCount(s.mss.skipped[reason])),
          })),
          { ...byKey('sharing.*.dmp.filed'), cells: shared(ofReceived((s) => s.dmp.filed)) },
          {
            label: "Versement au DMP en attente d'une action",
            cells: shared((s) => formatCount(s.dmp.waiting)),
          },
          { label: 'Versement au DMP en cours', cells: shared((s) => formatCount(s.dmp.toFile)) },
          ...DMP_SKIP_REASON_KEYS.map((reason, index) => ({
            label: `Non versés : ${DMP_SKIP_LABELS[reason]}`,
            ...(index === 0 ? { indicator: 'sharing.*.dmp.skipped' } : {}),
            cells: shared((s) => formatCount(s.dmp.skipped[reason])),
          })),
        ]}
      />
      <DetailTable
        id="detail-delais"
        title="Délais (en jours)"
        columns={['Médiane', '90e centile', 'Parcours mesurés']}
        rows={(
          [
            'openingToBilanInitial',
            'bilanInitialToMedecinTraitant',
            'endOfCareToCompteRendu',
          ] as const
        ).map((key) => {
          const delay = figures.delays[key];
          return {
            ...byKey(`delays.${key}`),
            cells: [
              formatDays(delay.medianDays),
              formatDays(delay.p90Days),
              formatCount(delay.count),
            ],
          };
        })}
      />
    </>
  );
}

function DetailTable({
  id,
  title,
  columns,
  rows,
}: {
  id: string;
  title: string;
  columns: string[];
  rows: DetailRow[];
}) {
  return (
    <section id={id} className="detail" aria-labelledby={`${id}-titre`}>
      <h3 id={`${id}-titre`}>{title}</h3>
      <div className="table-wrap">
        <table className="data responsive">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Indicateur</th>
              {columns.map((column) => (
                <th key={column} scope="col" className="numeric">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label}>
                <th scope="row" data-label="Indicateur">
                  {row.label}
                  {row.indicator ? (
                    <Definition indicator={row.indicator} about={row.label} />
                  ) : null}
                </th>
                {row.cells.map((cell, index) => (
                  <td key={columns[index]} data-label={columns[index]} className="numeric">
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
