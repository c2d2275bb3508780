import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatShare } from '../../components/format';
import { Definition } from './definition';
import { formatCount, formatDays, wholeDays } from './figures-format';
import { type IndicatorFigures, shareOf, sharingTotals } from './indicator-view';

/** Where each card leads: the list behind the figure (the worklist, or the detail further down). */
export interface CardLinks {
  active: string;
  bilanInitialOverdue: string;
  compteRenduOverdue: string;
  sharing: string;
  delays: string;
}

interface CardSpec {
  label: string;
  value: ReactNode;
  /** The figure in words beside the number (never colour alone). */
  detail: string;
  href: string;
  indicator: string;
  late?: boolean;
}

/** The headline figures of a period, each a link to what it counts. */
export function CountCards({ figures, links }: { figures: IndicatorFigures; links: CardLinks }) {
  const { bilanInitial, compteRendu } = figures.duties;
  const totals = sharingTotals(figures);
  const { delays } = figures;
  const cards: CardSpec[] = [
    {
      label: 'Parcours actifs',
      value: formatCount(figures.pathways.active),
      detail: `sur ${formatCount(figures.pathways.opened)} ouverts`,
      href: links.active,
      indicator: 'pathways.active',
    },
    {
      label: 'Bilans initiaux en retard',
      value: formatCount(bilanInitial.missingOverdue),
      detail: overdueDetail(bilanInitial.missingOverdue, bilanInitial.daysOverdue.max),
      href: links.bilanInitialOverdue,
      indicator: 'duties.*.missingOverdue',
      late: bilanInitial.missingOverdue > 0,
    },
    {
      label: 'Comptes rendus en retard',
      value: formatCount(compteRendu.missingOverdue),
      detail: overdueDetail(compteRendu.missingOverdue, compteRendu.daysOverdue.max),
      href: links.compteRenduOverdue,
      indicator: 'duties.*.missingOverdue',
      late: compteRendu.missingOverdue > 0,
    },
    {
      label: 'Envoyés au médecin traitant',
      value: formatShare(shareOf(totals.sent, totals.received)),
      detail: `${formatCount(totals.sent)} sur ${formatCount(totals.received)} documents reçus`,
      href: links.sharing,
      indicator: 'sharing.*.mss.sent',
    },
    {
      label: 'Classés dans le DMP',
      value: formatShare(shareOf(totals.filed, totals.received)),
      detail: `${formatCount(totals.filed)} sur ${formatCount(totals.received)} documents reçus`,
      href: links.sharing,
      indicator: 'sharing.*.dmp.filed',
    },
    {
      label: 'Délai médian ouverture → bilan initial',
      value: <Days value={delays.openingToBilanInitial.medianDays} />,
      detail: measuredOn(delays.openingToBilanInitial.count, 'bilan reçu', 'bilans reçus'),
      href: links.delays,
      indicator: 'delays.openingToBilanInitial',
    },
    {
      label: 'Délai médian bilan → médecin traitant',
      value: <Days value={delays.bilanInitialToMedecinTraitant.medianDays} />,
      detail: measuredOn(
        delays.bilanInitialToMedecinTraitant.count,
        'bilan envoyé',
        'bilans envoyés',
      ),
      href: links.delays,
      indicator: 'delays.bilanInitialToMedecinTraitant',
    },
    {
      label: 'Délai médian fin de soins → compte-rendu',
      value: <Days value={delays.endOfCareToCompteRendu.medianDays} />,
      detail: measuredOn(
        delays.endOfCareToCompteRendu.count,
        'compte-rendu reçu',
        'comptes rendus reçus',
      ),
      href: links.delays,
      indicator: 'delays.endOfCareToCompteRendu',
    },
  ];
  return (
    <ul className="cards count-cards">
      {cards.map((card) => (
        <li key={card.label}>
          <CardLink href={card.href} late={card.late ?? false}>
            <span className="value">{card.value}</span>
            <span className="label">{card.label}</span>
            <span className="card-detail">{card.detail}</span>
          </CardLink>
          <Definition indicator={card.indicator} about={card.label} />
        </li>
      ))}
    </ul>
  );
}

/** A page of the application opens through the router; a place on this page is a plain anchor. */
function CardLink({ href, late, children }: { href: string; late: boolean; children: ReactNode }) {
  const className = `card${late ? ' card--late' : ''}`;
  return href.startsWith('#') ? (
    <a className={className} href={href}>
      {children}
    </a>
  ) : (
    <Link className={className} to={href}>
      {children}
    </Link>
  );
}

function Days({ value }: { value: number | null }) {
  if (value === null) {
    return (
      <>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">non mesuré</span>
      </>
    );
  }
  return (
    <>
      {formatDays(value)}
      <span className="unit"> {value >= 2 ? 'jours' : 'jour'}</span>
    </>
  );
}

function overdueDetail(count: number, maxDays: number | null): string {
  if (count === 0) return 'aucun en retard à ce jour';
  return maxDays === null ? 'en retard à ce jour' : `jusqu'à ${wholeDays(maxDays)} de retard`;
}

function measuredOn(count: number, one: string, many: string): string {
  if (count === 0) return 'aucun parcours mesuré';
  return `sur ${formatCount(count)} ${count >= 2 ? many : one}`;
}
