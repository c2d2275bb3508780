import { X509Certificate, createPrivateKey, randomUUID, sign, verify } from 'node:crypto';
import { idNatStructOf, verifyCertificateChain } from '@app/pki';
import type { DmpAuthor, DmpPatient } from '../model';
import { insAsCx } from './vihf';

/**
 * TD0.9, contextual access to the DMP web portal ("accès web contextuel"):
 * the engine hands the practitioner's browser a URL that opens the patient's
 * DMP on the portal, the structure vouching for who asks.
 *
 * PROVISIONAL: the real URL and its parameters are in the DMP integration
 * guide (SEL-MP-037, not public). Until then the URL is a configurable portal
 * base plus one `token` parameter: a short-lived JWS (RS256) signed with the
 * structure's ORG SIGN key, its certificate in `x5c`, naming the practitioner,
 * the structure and the patient's INS. The INS travels only inside the signed
 * token, so that it cannot be swapped without breaking the signature; the
 * token is encoded, not encrypted: treat the URL as patient data (give it to
 * the browser, never log it).
 */

export interface WebAccessRequest {
  /** The portal's entry point, from configuration. */
  portalBaseUrl: string;
  author: Pick<DmpAuthor, 'rpps'> & { structure: Pick<DmpAuthor['structure'], 'idNatStruct'> };
  patient: Pick<DmpPatient, 'ins'>;
  signer: { privateKeyPem: string; certificatePem: string };
  /** Lifetime of the token; two minutes by default, enough to open a browser tab. */
  ttlSeconds?: number;
  now?: Date;
}

export interface WebAccessClaims {
  /** idNat_Struct of the structure. */
  iss: string;
  /** The practitioner's national id ("8" + RPPS). */
  sub: string;
  /** The portal the token is for. */
  aud: string;
  /** The patient's INS as an HL7 CX (`matricule^^^&OID&ISO^NH`), as in the VIHF. */
  ins: string;
  iat: number;
  exp: number;
  jti: string;
}

const DEFAULT_TTL_SECONDS = 120;

export function webAccessUrl(request: WebAccessRequest): string {
  const now = Math.floor((request.now ?? new Date()).getTime() / 1000);
  const claims: WebAccessClaims = {
    iss: request.author.structure.idNatStruct,
    sub: `8${request.author.rpps}`,
    aud: request.portalBaseUrl,
    ins: insAsCx(request.patient.ins),
    iat: now,
    exp: now + (request.ttlSeconds ?? DEFAULT_TTL_SECONDS),
    jti: randomUUID(),
  };
  const header = {
    alg: 'RS256',
    typ: 'JWT',
    x5c: [new X509Certificate(request.signer.certificatePem).raw.toString('base64')],
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = sign(
    'sha256',
    Buffer.from(signingInput),
    createPrivateKey(request.signer.privateKeyPem),
  );
  const url = new URL(request.portalBaseUrl);
  url.searchParams.set('token', `${signingInput}.${signature.toString('base64url')}`);
  return url.toString();
}

export class WebAccessTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebAccessTokenError';
  }
}

/**
 * For the sandbox portal: checks signature, certificate chain, audience,
 * lifetime, and that the structure the token speaks for (`iss`) is the
 * signing certificate's: any trusted structure certificate must not vouch
 * for another structure.
 */
export function verifyWebAccessToken(
  token: string,
  options: {
    trustedCaPem: readonly string[];
    audience: string;
    now?: Date;
    /** As verifyVihf's option of the same name: off when the certificate names the legal entity. */
    requireStructureMatch?: boolean;
  },
): WebAccessClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new WebAccessTokenError('not a compact JWS');
  const [encodedHeader, encodedClaims, encodedSignature] = parts;
  const header = decodeJson(encodedHeader) as { alg?: unknown; x5c?: unknown };
  if (header.alg !== 'RS256') throw new WebAccessTokenError('only RS256 tokens are accepted');
  const x5c = Array.isArray(header.x5c) ? (header.x5c as unknown[]) : [];
  if (typeof x5c[0] !== 'string') throw new WebAccessTokenError('the token carries no certificate');
  const now = options.now ?? new Date();
  let certificatePem: string;
  try {
    certificatePem = new X509Certificate(Buffer.from(x5c[0], 'base64')).toString();
  } catch {
    throw new WebAccessTokenError('the token certificate cannot be read');
  }
  const chain = verifyCertificateChain(certificatePem, {
    trustedPem: options.trustedCaPem,
    at: now,
  });
  if (!chain.ok) throw new WebAccessTokenError(chain.message);
  const valid = verify(
    'sha256',
    Buffer.from(`${encodedHeader}.${encodedClaims}`),
    new X509Certificate(certificatePem).publicKey,
    Buffer.from(encodedSignature, 'base64url'),
  );
  if (!valid) throw new WebAccessTokenError('bad token signature');
  const claims = decodeJson(encodedClaims) as WebAccessClaims;
  if (claims.aud !== options.audience) throw new WebAccessTokenError('token for another portal');
  for (const name of ['iss', 'sub', 'ins'] as const) {
    if (typeof claims[name] !== 'string' || !claims[name]) {
      throw new WebAccessTokenError(`token without ${name}`);
    }
  }
  if (options.requireStructureMatch !== false && idNatStructOf(certificatePem) !== claims.iss) {
    throw new WebAccessTokenError("token issuer is not the signing certificate's structure");
  }
  const seconds = Math.floor(now.getTime() / 1000);
  if (typeof claims.exp !== 'number' || claims.exp < seconds) {
    throw new WebAccessTokenError('token expired');
  }
  return claims;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
  } catch {
    throw new WebAccessTokenError('token part is not base64url JSON');
  }
}
