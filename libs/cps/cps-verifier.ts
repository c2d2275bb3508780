import { X509Certificate } from 'node:crypto';
import { findTrustedPath, type PathProblem } from './chain';
import {
  type CpsCertificate,
  type CpsPractitioner,
  isCpsCertificate,
  noPractitionerId,
  notACertificate,
  readCertificateDer,
  readCpsCertificate,
} from './cps-certificate';
import { crlInvalid, isSignedBy, readRevocationList, type RevocationList } from './crl';
import { derElementsOf, type DerOrText } from './encoding';
import { CpsError, frenchDate, frenchDateTime } from './errors';

/**
 * Decides whether a CPS certificate opens a session, and for whom.
 *
 * The checks run in the order that gives the most useful answer: first
 * whether IGC-Santé issued the certificate at all (a forged or foreign
 * certificate gets "untrusted", never a friendlier "expired"), then its
 * dates, its usage, the practitioner it names, and last its revocation,
 * which needs the CA's list.
 *
 * Revocation policy (fail closed, health data behind it):
 *  - every certificate on the path below the trust anchor is looked up in
 *    the newest CRL of its issuer whose signature that issuer made;
 *  - a list past its nextUpdate is stale: CRL_STALE, not "probably fine";
 *  - with `requireCrl` (the default) a missing list is REVOCATION_UNKNOWN;
 *    set it to false only where no list can be had (a local sandbox).
 * Those three are the server's fault (CpsError.origin "server"): the
 * practitioner is told to use Pro Santé Connect meanwhile.
 */

export interface CpsTrustConfiguration {
  /** CA certificates trusted as they are (PEM, bundles allowed): IGC-Santé's FORT root and PERSONNES CA. */
  trustedCas: readonly DerOrText[];
  /** The CAs' CRLs (DER or PEM), as downloaded from IGC-Santé; refresh them before their nextUpdate. */
  crls?: readonly DerOrText[];
  /** Untrusted CA certificates that may complete a path (not trusted by themselves). */
  intermediates?: readonly DerOrText[];
  /** Refuse a certificate whose issuer has no configured CRL (default true). */
  requireCrl?: boolean;
}

export interface CpsVerifyOptions {
  now?: Date;
  /** Certificates sent with the client's (TLS chain, proxy header): path candidates only. */
  chain?: readonly DerOrText[];
}

export interface RevocationCheck {
  /** The certificate looked up. */
  subject: string;
  serialNumber: string;
  /** The list it was looked up in. */
  crlIssuer: string;
  thisUpdate: Date;
  nextUpdate: Date;
}

export interface VerifiedCps {
  practitioner: CpsPractitioner;
  certificate: CpsCertificate;
  /** The CAs' subjects from the issuer up to the trust anchor. */
  issuers: string[];
  /** One entry per certificate checked against a CRL; empty only with requireCrl false and no list. */
  revocation: RevocationCheck[];
}

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

/**
 * Configured once (parsing a CA's CRL is the costly part), then used for
 * every login. CRLs change: build a new verifier when they are refreshed.
 * Throws CpsError INVALID_CONFIGURATION or CRL_INVALID when the configuration
 * cannot work, so that the server fails at start-up, not at the first login.
 */
export class CpsVerifier {
  private readonly anchors: X509Certificate[];
  private readonly intermediates: X509Certificate[];
  private readonly crls: RevocationList[];
  private readonly requireCrl: boolean;
  /** `${crl index}:${CA fingerprint}` → whether that CA signed that list. */
  private readonly signatures = new Map<string, boolean>();

  constructor(configuration: CpsTrustConfiguration) {
    this.anchors = configuration.trustedCas.flatMap((ca) => configuredCas(ca, 'trusted CA'));
    if (this.anchors.length === 0) {
      throw configurationError('no trusted CA is configured for CPS logins');
    }
    this.intermediates = (configuration.intermediates ?? []).flatMap((ca) =>
      configuredCas(ca, 'intermediate CA'),
    );
    this.crls = (configuration.crls ?? []).map(readRevocationList);
    this.requireCrl = configuration.requireCrl ?? true;
  }

  verify(input: DerOrText | CpsCertificate, options: CpsVerifyOptions = {}): VerifiedCps {
    const now = options.now ?? new Date();
    // A CpsCertificate given is read again from its DER: its other fields are not trusted.
    const certificate = readCpsCertificate(isCpsCertificate(input) ? input.der : input);
    const leaf = new X509Certificate(certificate.der);
    const supplied = (options.chain ?? []).flatMap(readChainElement);

    const found = findTrustedPath(leaf, this.anchors, [...this.intermediates, ...supplied], now);
    if (!found.ok) throw untrusted(certificate, found.problem, found.at);

    checkDates(certificate, now);
    checkUsage(certificate);
    if (!certificate.practitioner) throw noPractitionerId(certificate);

    const revocation: RevocationCheck[] = [];
    for (let i = 0; i < found.path.length - 1; i++) {
      const subject = i === 0 ? certificate : readCertificateDer(found.path[i].raw);
      const check = this.checkRevocation(subject, found.path[i + 1], now, certificate);
      if (check) revocation.push(check);
    }

    return {
      practitioner: certificate.practitioner,
      certificate,
      issuers: found.path.slice(1).map((ca) => readCertificateDer(ca.raw).subject),
      revocation,
    };
  }

  private checkRevocation(
    subject: CpsCertificate,
    issuer: X509Certificate,
    now: Date,
    card: CpsCertificate,
  ): RevocationCheck | undefined {
    const named = this.crls
      .map((crl, index) => ({ crl, index }))
      .filter(
        ({ crl }) =>
          crl.issuerNameDer.equals(subject.issuerNameDer) &&
          (crl.scope === 'all' || (crl.scope === 'ca') === subject.isCa),
      );
    const signed = named.filter(({ crl, index }) => {
      const key = `${index}:${issuer.fingerprint256}`;
      let valid = this.signatures.get(key);
      if (valid === undefined) {
        valid = isSignedBy(crl, issuer.publicKey);
        this.signatures.set(key, valid);
      }
      return valid;
    });
    if (named.length > 0 && signed.length === 0) {
      // A list with the CA's name that the CA did not sign: a forged or mixed-up file.
      throw crlInvalid(`the configured CRL of "${subject.issuer}" is not signed by that CA`, {
        crlIssuer: subject.issuer,
      });
    }
    if (signed.length === 0) {
      if (!this.requireCrl) return undefined;
      throw revocationUnknown(subject);
    }
    const newest = signed
      .map(({ crl }) => crl)
      .reduce((a, b) => (b.thisUpdate.getTime() > a.thisUpdate.getTime() ? b : a));
    if (now.getTime() > newest.nextUpdate.getTime()) throw crlStale(newest);
    const entry = newest.revoked.get(subject.serialNumber);
    if (entry) throw revoked(subject, card, entry.revokedAt, entry.reason);
    return {
      subject: subject.subject,
      serialNumber: subject.serialNumber,
      crlIssuer: newest.issuer,
      thisUpdate: newest.thisUpdate,
      nextUpdate: newest.nextUpdate,
    };
  }
}

/**
 * One-shot form of CpsVerifier, for a single check. A server that verifies
 * many logins keeps one CpsVerifier instead.
 */
export function verifyCpsCertificate(
  input: DerOrText | CpsCertificate,
  options: CpsTrustConfiguration & CpsVerifyOptions,
): VerifiedCps {
  return new CpsVerifier(options).verify(input, options);
}

function readChainElement(input: DerOrText): X509Certificate[] {
  try {
    return derElementsOf(input, ['CERTIFICATE']).map((der) => new X509Certificate(der));
  } catch (error) {
    throw notACertificate(
      new Error(
        `a certificate sent with it is unreadable (${error instanceof Error ? error.message : String(error)})`,
      ),
    );
  }
}

function configuredCas(input: DerOrText, role: string): X509Certificate[] {
  let cas: X509Certificate[];
  try {
    cas = derElementsOf(input, ['CERTIFICATE']).map((der) => new X509Certificate(der));
  } catch (error) {
    throw configurationError(
      `a ${role} of the CPS configuration is not a certificate (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  for (const ca of cas) {
    if (!ca.ca) {
      throw configurationError(`the ${role} "${ca.subject}" is not a CA certificate`);
    }
  }
  return cas;
}

// ---------------------------------------------------------------------------
// Checks and their words

function checkDates(certificate: CpsCertificate, now: Date): void {
  const details = {
    subject: certificate.subject,
    serialNumber: certificate.serialNumber,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
  };
  if (now.getTime() > certificate.notAfter.getTime()) {
    throw new CpsError(
      'EXPIRED',
      `CPS certificate "${certificate.subject}" expired on ${details.notAfter}`,
      `Votre carte CPS a expiré le ${frenchDate(certificate.notAfter)}. Utilisez votre nouvelle ` +
        "carte si vous l'avez reçue ; sinon connectez-vous avec Pro Santé Connect (e-CPS) et " +
        "demandez son renouvellement à l'ANS.",
      details,
    );
  }
  if (now.getTime() < certificate.notBefore.getTime()) {
    throw new CpsError(
      'NOT_YET_VALID',
      `CPS certificate "${certificate.subject}" is not valid before ${details.notBefore}`,
      `Cette carte CPS ne sera valable qu'à partir du ${frenchDateTime(certificate.notBefore)}. ` +
        'Utilisez votre carte actuelle jusque-là, ou connectez-vous avec Pro Santé Connect (e-CPS).',
      details,
    );
  }
}

/**
 * A card holds an authentication and a signature certificate; IGC-Santé
 * also issues server and organisation certificates. Only one made for TLS
 * client authentication may log in: keyUsage with digitalSignature
 * (required: every IGC-Santé template carries keyUsage), and, when
 * extKeyUsage is present, clientAuth in it (RFC 5280 §4.2.1.12). The real
 * CPS template's extKeyUsage is UNCONFIRMED; this rule accepts it either way.
 */
function checkUsage(certificate: CpsCertificate): void {
  const usage = certificate.keyUsage;
  const eku = certificate.extendedKeyUsage;
  const clientAuth =
    eku === undefined || eku.includes(CLIENT_AUTH) || eku.includes(ANY_EXTENDED_KEY_USAGE);
  if (!certificate.isCa && usage?.digitalSignature && clientAuth) return;

  let what: string;
  let kind: string;
  if (certificate.isCa) {
    what = "un certificat d'autorité de certification";
    kind = 'a CA certificate';
  } else if (usage?.nonRepudiation && !usage.digitalSignature) {
    what = 'le certificat de signature de votre carte, pas son certificat d’authentification';
    kind = 'a signature certificate';
  } else if (eku?.includes(SERVER_AUTH)) {
    what = 'un certificat de serveur';
    kind = 'a server certificate';
  } else {
    what = "un certificat qui ne sert pas à l'authentification";
    kind = 'not a client-authentication certificate';
  }
  throw new CpsError(
    'NOT_AN_AUTHENTICATION_CERTIFICATE',
    `certificate "${certificate.subject}" is ${kind} (keyUsage/extKeyUsage do not allow TLS client authentication)`,
    `Le certificat présenté est ${what} : il ne permet pas de se connecter. Choisissez le ` +
      "certificat d'authentification de votre carte CPS quand le navigateur le demande, ou " +
      'connectez-vous avec Pro Santé Connect (e-CPS).',
    { subject: certificate.subject, serialNumber: certificate.serialNumber, kind },
  );
}

function untrusted(
  certificate: CpsCertificate,
  problem: PathProblem,
  at: X509Certificate,
): CpsError {
  const details = {
    subject: certificate.subject,
    issuer: certificate.issuer,
    serialNumber: certificate.serialNumber,
    problem,
  };
  switch (problem) {
    case 'BAD_SIGNATURE':
      return new CpsError(
        'UNTRUSTED_ISSUER',
        `the signature of "${at.subject.replace(/\n/g, ', ')}" does not verify with its issuer's key: altered or forged`,
        'La signature de ce certificat est invalide : il a été modifié ou contrefait et ne ' +
          'permet pas de se connecter. Utilisez votre carte CPS ou Pro Santé Connect (e-CPS).',
        details,
      );
    case 'CA_NOT_VALID':
      return new CpsError(
        'UNTRUSTED_ISSUER',
        `the CA "${at.subject.replace(/\n/g, ', ')}" on the certificate's path is outside its validity (${at.validFrom} – ${at.validTo})`,
        "L'autorité de certification qui a délivré ce certificat n'est pas valide à cette date : " +
          'le certificat ne permet pas de se connecter. Connectez-vous avec Pro Santé Connect (e-CPS).',
        details,
      );
    case 'UNKNOWN_ISSUER':
      return new CpsError(
        'UNTRUSTED_ISSUER',
        `certificate "${certificate.subject}" is not issued by a configured CA (issuer "${certificate.issuer}")`,
        "Ce certificat n'a pas été délivré par l'IGC-Santé de l'ANS : il ne permet pas de se " +
          "connecter. Utilisez le certificat d'authentification de votre carte CPS, ou Pro Santé " +
          'Connect (e-CPS).',
        details,
      );
  }
}

function revoked(
  subject: CpsCertificate,
  card: CpsCertificate,
  revokedAt: Date,
  reason: string | undefined,
): CpsError {
  const details = {
    subject: subject.subject,
    serialNumber: subject.serialNumber,
    revokedAt: revokedAt.toISOString(),
    reason: reason ?? 'unspecified',
  };
  const isCard = subject === card;
  const suspended = reason === 'certificateHold';
  const userMessage = !isCard
    ? "L'autorité de certification qui a délivré votre carte CPS a été révoquée : la carte ne " +
      'permet plus de se connecter. Connectez-vous avec Pro Santé Connect (e-CPS).'
    : suspended
      ? `Votre carte CPS est suspendue depuis le ${frenchDate(revokedAt)} : elle ne permet pas ` +
        "de se connecter tant que l'ANS ne l'a pas réactivée. Connectez-vous avec Pro Santé " +
        'Connect (e-CPS).'
      : `Votre carte CPS a été révoquée le ${frenchDate(revokedAt)} (opposition pour perte ou ` +
        'vol, remplacement…) : elle ne permet plus de se connecter. Utilisez votre nouvelle ' +
        'carte, ou Pro Santé Connect (e-CPS).';
  return new CpsError(
    'REVOKED',
    `certificate "${subject.subject}" (serial ${subject.serialNumber}) was revoked on ${details.revokedAt}` +
      (reason ? ` (${reason})` : ''),
    userMessage,
    details,
  );
}

const SERVER_SIDE_ADVICE =
  'Connectez-vous avec Pro Santé Connect (e-CPS), ou réessayez plus tard et prévenez ' +
  "l'administrateur du service si cela dure.";

function crlStale(crl: RevocationList): CpsError {
  return new CpsError(
    'CRL_STALE',
    `the CRL of "${crl.issuer}" is stale: its nextUpdate ${crl.nextUpdate.toISOString()} has passed; download the current one`,
    'La connexion par carte CPS est momentanément impossible : la liste des cartes révoquées ' +
      `du serveur n'est plus à jour depuis le ${frenchDateTime(crl.nextUpdate)}. ` +
      SERVER_SIDE_ADVICE,
    {
      crlIssuer: crl.issuer,
      thisUpdate: crl.thisUpdate.toISOString(),
      nextUpdate: crl.nextUpdate.toISOString(),
    },
  );
}

function revocationUnknown(subject: CpsCertificate): CpsError {
  return new CpsError(
    'REVOCATION_UNKNOWN',
    `no CRL is configured for "${subject.issuer}", the issuer of "${subject.subject}"`,
    "La connexion par carte CPS est momentanément impossible : le serveur n'a pas la liste des " +
      "cartes révoquées de l'autorité qui a délivré votre carte. " +
      SERVER_SIDE_ADVICE,
    { subject: subject.subject, issuer: subject.issuer },
  );
}

function configurationError(message: string): CpsError {
  return new CpsError(
    'INVALID_CONFIGURATION',
    message,
    'La connexion par carte CPS est indisponible sur ce serveur. ' + SERVER_SIDE_ADVICE,
  );
}
