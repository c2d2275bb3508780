import type { X509Certificate } from 'node:crypto';

/**
 * Finds a path from a certificate up to a configured CA. OpenSSL (through
 * node:crypto) matches issuers (names and key identifiers) and checks the
 * signatures, so that RSA, RSA-PSS and ECDSA all verify the same way.
 *
 * Configured CAs are trust anchors as they are: IGC-Santé publishes its
 * intermediate CAs ("AC IGC-SANTE FORT PERSONNES") next to its roots, and a
 * deployment may trust only the intermediate that issues CPS cards. Their
 * own validity is still checked: an expired CA vouches for nothing.
 */

export type PathProblem =
  /** No configured or supplied CA issued it. */
  | 'UNKNOWN_ISSUER'
  /** A CA with the issuer's name and key id exists, but the signature does not verify. */
  | 'BAD_SIGNATURE'
  /** The issuing CA exists and signed it, but is outside its own validity. */
  | 'CA_NOT_VALID';

export type PathResult =
  { ok: true; path: X509Certificate[] } | { ok: false; problem: PathProblem; at: X509Certificate };

const MAX_DEPTH = 8;

const SEVERITY: Record<PathProblem, number> = {
  UNKNOWN_ISSUER: 0,
  CA_NOT_VALID: 1,
  BAD_SIGNATURE: 2,
};

export function findTrustedPath(
  leaf: X509Certificate,
  anchors: readonly X509Certificate[],
  intermediates: readonly X509Certificate[],
  now: Date,
): PathResult {
  const anchorPrints = new Set(anchors.map((anchor) => anchor.fingerprint256));
  const pool = [...anchors, ...intermediates];
  let worst: { problem: PathProblem; at: X509Certificate } = {
    problem: 'UNKNOWN_ISSUER',
    at: leaf,
  };
  const note = (problem: PathProblem, at: X509Certificate): void => {
    if (SEVERITY[problem] > SEVERITY[worst.problem]) worst = { problem, at };
  };

  // Depth-first, because two CAs may share a name (a renewed CA key): the first
  // candidate by name is not always the one that signed.
  const extend = (path: X509Certificate[]): X509Certificate[] | undefined => {
    const current = path[path.length - 1];
    if (path.length > 1 && anchorPrints.has(current.fingerprint256)) return path;
    if (path.length > MAX_DEPTH) return undefined;
    // A self-signed certificate that is no anchor is somebody else's root. Another
    // root with the same name (a look-alike) is not its issuer: no "bad signature".
    if (current.checkIssued(current) && current.verify(current.publicKey)) return undefined;
    const candidates = pool.filter(
      (candidate) =>
        candidate.ca &&
        !path.some((seen) => seen.fingerprint256 === candidate.fingerprint256) &&
        current.checkIssued(candidate),
    );
    for (const candidate of candidates) {
      if (!current.verify(candidate.publicKey)) {
        note('BAD_SIGNATURE', current);
        continue;
      }
      if (!withinValidity(candidate, now)) {
        note('CA_NOT_VALID', candidate);
        continue;
      }
      const found = extend([...path, candidate]);
      if (found) return found;
    }
    return undefined;
  };

  const path = extend([leaf]);
  return path ? { ok: true, path } : { ok: false, ...worst };
}

export function withinValidity(certificate: X509Certificate, now: Date): boolean {
  const time = now.getTime();
  return (
    time >= new Date(certificate.validFrom).getTime() &&
    time <= new Date(certificate.validTo).getTime()
  );
}
