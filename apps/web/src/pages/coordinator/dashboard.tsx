import { useEffect } from 'react';
import { useMe } from '../../api/session';
import { ApiProblem } from '../../api/client';
import { formatDateTime, formatDay } from '../../components/format';
import { Loading } from '../../components/ui';
import { CountCards, type CardLinks } from './count-cards';
import { useCptsChoice } from './cpts-choice';
import { CptsTable } from './cpts-table';
import { DashboardFilters } from './dashboard-filters';
import { plain } from './figures-format';
import { COHORT_RULE } from './indicator-definitions';
import { IndicatorDetails } from './indicator-details';
import type { IndicatorPeriod, Indicators } from './indicator-view';
import { ExportLinks } from './export-links';
import { OrthophonisteTable } from './orthophoniste-table';
import { OverduePreview } from './overdue-preview';
import { dayInWords, usePeriod } from './period';
import { ProblemBanner } from './problem-banner';
import { useAllIndicators, useCptsIndicators } from './queries';
import { withQuery } from './search';
import { loadECharts, TrendChart } from './trend-chart';
import './coordinator.css';

/**
 * « Tableau de bord »: a CPTS's indicators over a period, one request
 * (GET /cpts/{id}/indicators) that draws the cards as soon as it answers;
 * the chart loads ECharts after, the overdue list has its own request.
 * An administrator who coordinates nothing sees every CPTS (GET /indicators).
 */
export default function Dashboard() {
  const me = useMe();
  const choice = useCptsChoice();
  const { period, asked } = usePeriod();
  const one = useCptsIndicators(choice.all ? null : choice.cptsId, period);
  const all = useAllIndicators(choice.all, period);
  const query = choice.all ? all : one;
  // The chart's code downloads while the figures are asked for — once their request is out
  // (ECharts takes a while to evaluate; the cards must not wait for it).
  useEffect(() => {
    const timer = window.setTimeout(() => void loadECharts().catch(() => undefined), 0);
    return () => window.clearTimeout(timer);
  }, []);

  if (!choice.all && choice.cptsId === null) {
    return (
      <div className="coordinator">
        <h1>Tableau de bord</h1>
        <p className="banner banner--info">
          Le tableau de bord est celui des coordinateurs d'une CPTS : vous n'en coordonnez aucune.
        </p>
      </div>
    );
  }

  const name = choice.all
    ? 'Toutes les CPTS'
    : (one.data?.cpts.name ?? (choice.cptsId ? choice.nameOf(choice.cptsId) : undefined));
  const periodError = isPeriodProblem(query.error) ? query.error : null;

  return (
    <div className="coordinator">
      <h1>Tableau de bord</h1>
      <p className="lead">
        {name ? <strong>{name}</strong> : null}
        {name ? ' — ' : null}
        parcours ouverts du {dayInWords(period.from)} au {dayInWords(period.to)}
        {asked ? null : ' (12 derniers mois)'}.
      </p>
      <DashboardFilters
        // Rebuilt when the URL changes (back button, a link): its fields show what is displayed.
        key={`${choice.all ? 'toutes' : choice.cptsId}|${period.from}|${period.to}`}
        choice={choice}
        period={period}
        asked={asked}
        error={periodError}
        aggregate={me.administrator}
      />
      {query.error && !periodError ? <ProblemBanner error={query.error} /> : null}
      {query.isFetching && query.isPlaceholderData ? (
        <p className="loading" role="status">
          Mise à jour des chiffres…
        </p>
      ) : null}
      {query.isPending && query.fetchStatus !== 'idle' ? (
        <Loading what="Calcul des indicateurs" />
      ) : null}
      {query.data ? (
        <Figures
          indicators={query.data}
          cptsId={choice.all ? null : choice.cptsId}
          coordinates={choice.coordinates}
          period={period}
        />
      ) : null}
    </div>
  );
}

/** A refusal of the period itself: shown beside the « Du » / « Au » fields rather than in a banner. */
function isPeriodProblem(error: unknown): error is ApiProblem {
  return (
    error instanceof ApiProblem &&
    error.status === 400 &&
    (error.about('from') !== undefined || error.about('to') !== undefined)
  );
}

function Figures({
  indicators,
  cptsId,
  coordinates,
  period,
}: {
  indicators: Indicators;
  /** null: every CPTS (an administrator's aggregate). */
  cptsId: string | null;
  coordinates: boolean;
  period: IndicatorPeriod;
}) {
  // The worklist is its coordinators'; others are led to the figures' detail below.
  const links: CardLinks = {
    active: coordinates && cptsId ? withQuery('/relances', { cpts: cptsId }) : '#detail-parcours',
    bilanInitialOverdue:
      coordinates && cptsId
        ? withQuery('/relances', { cpts: cptsId, duty: 'bilan_initial' })
        : '#detail-documents',
    compteRenduOverdue:
      coordinates && cptsId
        ? withQuery('/relances', { cpts: cptsId, duty: 'compte_rendu' })
        : '#detail-documents',
    sharing: '#detail-partage',
    delays: '#detail-delais',
  };
  return (
    <>
      <p className="muted computed">
        Chiffres calculés le {formatDateTime(indicators.computedAt)} (heure de Paris) : « en retard
        » s'entend à ce moment.
      </p>
      <section aria-labelledby="chiffres-cles">
        <h2 id="chiffres-cles">Chiffres clés</h2>
        <CountCards figures={indicators.figures} links={links} />
      </section>
      <section aria-labelledby="evolution" className="panel">
        <h2 id="evolution">Évolution mensuelle</h2>
        <TrendChart monthly={indicators.monthly} />
      </section>
      {indicators.byOrthophoniste && cptsId ? (
        <section aria-labelledby="par-orthophoniste">
          <h2 id="par-orthophoniste">Par orthophoniste</h2>
          <OrthophonisteTable
            rows={indicators.byOrthophoniste}
            cptsId={cptsId}
            linked={coordinates}
          />
        </section>
      ) : null}
      {indicators.byCpts ? (
        <section aria-labelledby="par-cpts">
          <h2 id="par-cpts">Par CPTS</h2>
          <CptsTable rows={indicators.byCpts} period={period} />
        </section>
      ) : null}
      {coordinates && cptsId ? (
        <section aria-labelledby="a-relancer">
          <h2 id="a-relancer">À relancer</h2>
          <OverduePreview cptsId={cptsId} />
        </section>
      ) : null}
      <section aria-labelledby="detail">
        <h2 id="detail">Détail des indicateurs</h2>
        <details className="definition">
          <summary>Règle de calcul commune à tous les indicateurs</summary>
          <p>{plain(COHORT_RULE)}</p>
        </details>
        <IndicatorDetails figures={indicators.figures} />
      </section>
      {cptsId ? (
        <section aria-labelledby="exports">
          <h2 id="exports">Exports</h2>
          <p className="muted">
            Sur la période affichée, du {formatDay(indicators.period.from)} au{' '}
            {formatDay(indicators.period.to)}.
          </p>
          <ExportLinks cptsId={cptsId} period={indicators.period} coordinates={coordinates} />
        </section>
      ) : null}
    </>
  );
}
