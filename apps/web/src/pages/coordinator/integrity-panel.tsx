import { useMutation } from '@tanstack/react-query';
import { api, read } from '../../api/client';
import { formatDateTime } from '../../components/format';
import type { AuditVerification, BrokenLink, BrokenLinkProblem } from './audit-view';
import { formatCount } from './figures-format';
import { ProblemBanner } from './problem-banner';

/** What each kind of broken link means, for a reader who is not a developer. */
const PROBLEMS: Readonly<Record<BrokenLinkProblem, string>> = {
  gap: 'un événement manque : la numérotation saute',
  prev_hash_mismatch:
    "l'événement ne reprend pas l'empreinte du précédent : la chaîne a été coupée",
  hash_mismatch: "l'empreinte de l'événement ne correspond plus à son contenu : il a été modifié",
  missing_after_anchor: 'des événements ancrés ont disparu depuis le dernier ancrage',
  anchor_mismatch: "l'ancrage ne se vérifie pas avec sa clé",
};

function brokenInWords(link: BrokenLink): string {
  const facts = [
    link.expected !== undefined ? `attendu : ${String(link.expected)}` : undefined,
    link.found !== undefined ? `trouvé : ${String(link.found)}` : undefined,
    link.detail,
  ].filter(Boolean);
  return `Premier maillon rompu : flux ${link.stream}, événement n° ${link.streamSeq} — ${
    PROBLEMS[link.problem] ?? link.problem
  }${facts.length > 0 ? ` (${facts.join(' ; ')})` : ''}.`;
}

/**
 * « Vérifier l'intégrité » (GET /audit/verification, administrators): every
 * chain of the audit log checked against itself and its latest anchor. It
 * reads the whole log, so it runs when asked, not on every visit.
 */
export function IntegrityPanel() {
  const check = useMutation({
    mutationFn: () => read<AuditVerification>(api.GET('/audit/verification')),
  });
  const result = check.data;
  return (
    <section className="panel" aria-labelledby="integrite">
      <h2 id="integrite">Vérifier l'intégrité du journal</h2>
      <p>
        Recalcule l'empreinte de chaque événement de tous les flux et la compare à la chaîne et au
        dernier ancrage signé.
      </p>
      <div className="actions">
        <button
          type="button"
          className="button button--primary"
          disabled={check.isPending}
          onClick={() => check.mutate()}
        >
          {check.isPending ? 'Vérification en cours…' : "Vérifier l'intégrité"}
        </button>
      </div>
      <ProblemBanner error={check.error} />
      {result ? (
        <div
          className={`banner ${result.ok ? 'banner--success' : 'banner--error'}`}
          role={result.ok ? 'status' : 'alert'}
        >
          <p>
            <strong>{result.ok ? 'Journal intact.' : 'Journal altéré.'}</strong>{' '}
            {result.ok ? null : brokenInWords(result.firstBroken)}
          </p>
          <dl className="facts">
            <dt>Flux vérifiés</dt>
            <dd>{formatCount(result.streams)}</dd>
            <dt>Événements vérifiés</dt>
            <dd>{formatCount(result.events)}</dd>
            <dt>Flux ancrés</dt>
            <dd>{formatCount(result.anchoredStreams)}</dd>
            <dt>Dernier ancrage</dt>
            <dd>{result.latestAnchorAt ? formatDateTime(result.latestAnchorAt) : 'aucun'}</dd>
            <dt>Vérifié le</dt>
            <dd>{formatDateTime(result.checkedAt)}</dd>
          </dl>
        </div>
      ) : null}
    </section>
  );
}
