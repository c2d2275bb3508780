import {
  type WebAccessClaims,
  WebAccessTokenError,
  httpBody,
  verifyWebAccessToken,
} from '../transport';
import { accessRefusal, insOfCx } from './access';
import { readerOf, visibleEntries } from './read-visibility';
import { type SandboxServices, accessPolicy } from './services';
import type { HttpAnswer } from './soap-endpoint';
import { documentsPage, errorPage } from './web-portal-page';

/**
 * TD0.9, the web portal a practitioner's browser opens from the engine's
 * link: the signed token says who asks (practitioner, structure) for which
 * patient; the page lists that patient's current documents, provided the
 * practitioner may see them.
 */
export interface WebPortalOptions {
  services: SandboxServices;
  trustedCaPem: readonly string[];
  /** The portal's own URL: a token made for another portal is refused. */
  audience: string;
  now: Date;
}

export async function answerWebPortal(url: URL, options: WebPortalOptions): Promise<HttpAnswer> {
  const token = url.searchParams.get('token');
  if (!token) return html(401, errorPage('Accès refusé', 'Le lien ne porte pas de jeton.'));
  let claims: WebAccessClaims;
  try {
    claims = verifyWebAccessToken(token, {
      trustedCaPem: options.trustedCaPem,
      audience: options.audience,
      now: options.now,
    });
  } catch (error) {
    if (!(error instanceof WebAccessTokenError)) throw error;
    return html(401, errorPage('Accès refusé', `Lien invalide ou expiré : ${error.message}.`));
  }
  const patientIns = insOfCx(claims.ins);
  if (!patientIns) {
    return html(400, errorPage('Lien invalide', 'Le jeton ne désigne pas un patient par son INS.'));
  }
  const { store } = options.services;
  const refusal = await accessRefusal(
    store,
    patientIns,
    claims.sub,
    accessPolicy(options.services, options.now),
  );
  if (refusal?.kind === 'NO_DMP') {
    return html(404, errorPage('Pas de DMP', 'Ce patient n’a pas de dossier médical partagé.'));
  }
  if (refusal) return html(403, errorPage('Accès refusé', refusal.message));
  // The same visibility as ITI-18: a document masked from professionals is not listed.
  const entries = visibleEntries(
    await store.entriesOfPatient(patientIns, ['Approved']),
    await readerOf(store, patientIns, claims.sub),
  );
  const newestFirst = [...entries].sort((a, b) =>
    (b.metadata.creationTime ?? '').localeCompare(a.metadata.creationTime ?? ''),
  );
  return html(
    200,
    documentsPage({
      patientIns,
      practitionerId: claims.sub,
      structureId: claims.iss,
      entries: newestFirst,
    }),
  );
}

function html(status: number, content: string): HttpAnswer {
  return {
    status,
    body: httpBody('text/html; charset=utf-8', [Buffer.from(content, 'utf8')]),
    headers: {
      // The URL carries the token: no cache, no referrer, nothing loaded from elsewhere.
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    },
  };
}
