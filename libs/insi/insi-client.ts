import { X509Certificate } from 'node:crypto';
import {
  DmpError,
  type SoapHttpResponse,
  type SoapPoster,
  type TlsCredentials,
  plainSoapBody,
  postSoap,
} from '@app/dmp';
import { idNatStructOf } from '@app/pki';
import { InsiError } from './insi-errors';
import { INSI_CERTIFICATE_COMMON_NAMES } from './insi-protocol';
import {
  type InsiRequest,
  type InsiRequestContext,
  type InsiSoftware,
  type InsiVitaleKey,
  buildSearchByTraitsRequest,
  buildSearchByVitaleRequest,
  toRecVitale,
} from './insi-request';
import { type InsiSearchResult, readSearchAnswer } from './insi-response';
import { type InsiSearchTraits, type RecSansVitale, toRecSansVitale } from './insi-traits';
import { type HeldIns, type InsiVerification, verifyAgainstAnswer } from './insi-verification';

/**
 * The INSi téléservice client: one SOAP 1.2 call per search, over mutual TLS
 * with the structure's INSi certificate (CN INSI-AUTO for an automated
 * engine), through @app/dmp's postSoap (the same IGC-Santé mutual TLS as the
 * DMP). Results are typed for @app/readers' applyInsiAnswer; failures are
 * InsiError. The client never writes an INS anywhere: qualification is the
 * identity model's business (applyInsiAnswer, then a document check).
 */

export interface InsiClientOptions {
  /** INSI_ENDPOINTS.test / .production, or a sandbox's url. */
  endpoint: string;
  /** The structure's INSi certificate (ORG AUTH_CLI named INSI-AUTO / INSI-MANU) and the CAs of INSi's server. */
  tls: TlsCredentials;
  software: InsiSoftware;
  /** Emetteur of the contexts; the certificate's idNat_Struct (OU) by default. */
  emitter?: string;
  /** 15 s by default. */
  timeoutMs?: number;
}

/** A result with the wsa:MessageID of the request, for the audit log. */
export type InsiOutcome = InsiSearchResult & { messageId: string };

export interface InsiRetrieval {
  /** The last answer: the one to apply. */
  result: InsiOutcome;
  /** Every call made, in order, with the traits sent. */
  attempts: { sent: RecSansVitale; result: InsiOutcome }[];
}

const DEFAULT_TIMEOUT_MS = 15_000;

export class InsiClient {
  private readonly context: InsiRequestContext;
  private readonly timeoutMs: number;

  constructor(
    private readonly options: InsiClientOptions,
    private readonly post: SoapPoster = postSoap,
  ) {
    if (new URL(options.endpoint).protocol !== 'https:') {
      throw new Error(`the INSi endpoint must be https (${options.endpoint})`);
    }
    const emitter = options.emitter ?? certificateOu(options.tls.certificatePem);
    if (!emitter) {
      throw new Error(
        "no Emetteur for INSi: give `emitter`, or a certificate whose OU is the structure's idNat_Struct",
      );
    }
    this.context = { emitter, software: options.software };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /**
   * One search by traits (rechercherInsAvecTraitsIdentite), with exactly the
   * traits given: all the first names given, and the birth place if given.
   * Traits INSi would refuse are refused here, INVALID_REQUEST, before any call.
   */
  async searchByTraits(traits: InsiSearchTraits): Promise<InsiOutcome> {
    return this.send(buildSearchByTraitsRequest(checkedTraits(traits), this.context));
  }

  /**
   * Retrieval as the identitovigilance guidance describes it (facts §2.4,
   * esante-bretagne "retour 02"): search with the first birth first name;
   * on 02 search again adding the other first names, then adding the birth
   * place. Stops at the first 00 or 01.
   */
  async retrieveIns(traits: InsiSearchTraits): Promise<InsiRetrieval> {
    const full = checkedTraits(traits);
    const names = full.Prenom.split(' ');
    const { LieuNaissance, ...withoutPlace } = full;
    const steps: RecSansVitale[] = [{ ...withoutPlace, Prenom: names[0] }];
    if (names.length > 1) steps.push(withoutPlace);
    if (LieuNaissance) steps.push(full);
    const attempts: InsiRetrieval['attempts'] = [];
    for (const sent of steps) {
      const result = await this.send(buildSearchByTraitsRequest(sent, this.context));
      attempts.push({ sent, result });
      if (result.code !== '02') break;
    }
    return { result: attempts[attempts.length - 1].result, attempts };
  }

  /**
   * A search with the Vitale card (rechercherInsAvecCarteVitale) for the
   * beneficiary the practitioner selected: the card is only a key, the INS
   * returned is the beneficiary's (facts §2.4, §5.1). What INSi requires in
   * RECVITALE is UNCONFIRMED (insi-protocol RECVITALE_FIELDS).
   */
  async searchByVitale(key: InsiVitaleKey): Promise<InsiOutcome> {
    const body = toRecVitale(key);
    if (!body.ok) {
      throw new InsiError(
        'INVALID_REQUEST',
        `the card key cannot be sent to INSi: ${body.problems.join('; ')}`,
      );
    }
    return this.send(buildSearchByVitaleRequest(body.request, this.context));
  }

  /**
   * Verifies an INS held by the engine: a search with all the traits held,
   * whose answer must give the same active INS and the same traits
   * (insi-verification.ts says why it is not INSi's own verification call).
   */
  async verify(
    ins: HeldIns['ins'],
    traits: InsiSearchTraits,
  ): Promise<InsiVerification & { messageId: string }> {
    const result = await this.searchByTraits(traits);
    return { ...verifyAgainstAnswer({ ins, traits }, result), messageId: result.messageId };
  }

  private async send(request: InsiRequest): Promise<InsiOutcome> {
    const { tls } = this.options;
    if (!tls.certificatePem || !tls.privateKeyPem) {
      throw new InsiError(
        'TLS_FAILED',
        'no client certificate: INSi authenticates the structure by its INSI-AUTO / INSI-MANU certificate',
      );
    }
    let response: SoapHttpResponse;
    try {
      response = await this.post({
        url: this.options.endpoint,
        action: request.operation.action,
        body: plainSoapBody(request.xml, request.operation.action),
        tls,
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      throw transportError(error, request.operation.name);
    }
    const result = readSearchAnswer(response, request.operation.name);
    return { ...result, messageId: request.messageId };
  }
}

/**
 * Why a certificate cannot be INSi's, or undefined: INSi answers DESIR_560
 * to any CN but INSI-AUTO / INSI-MANU (insi-protocol). For configuration
 * checks at start-up; the client itself lets INSi decide.
 */
export function insiCertificateProblem(
  certificatePem: string,
  now: Date = new Date(),
): string | undefined {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    return 'not a PEM certificate';
  }
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(certificate.subject)?.[1];
  if (!cn || !(INSI_CERTIFICATE_COMMON_NAMES as readonly string[]).includes(cn)) {
    return `its CN is "${cn ?? ''}"; INSi takes only ${INSI_CERTIFICATE_COMMON_NAMES.join(' or ')} (DESIR_560)`;
  }
  if (new Date(certificate.validTo).getTime() < now.getTime()) {
    return `it expired on ${new Date(certificate.validTo).toISOString()}`;
  }
  return undefined;
}

function checkedTraits(traits: InsiSearchTraits): RecSansVitale {
  const checked = toRecSansVitale(traits);
  if (!checked.ok) {
    throw new InsiError(
      'INVALID_REQUEST',
      `the traits cannot be sent to INSi: ${checked.problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`,
    );
  }
  return checked.request;
}

function certificateOu(certificatePem: string): string | undefined {
  try {
    return idNatStructOf(certificatePem);
  } catch {
    return undefined;
  }
}

/**
 * postSoap speaks DmpError; the same failures mean the same for INSi:
 * AUTHENTICATION_FAILED is the TLS layer (certificate refused, expired, not
 * matching its key, server not trusted), UNAVAILABLE stays retryable, a
 * refused size is our request's fault.
 */
function transportError(error: unknown, operation: string): InsiError {
  if (error instanceof InsiError) return error;
  if (error instanceof DmpError) {
    const message = `${error.message} (INSi ${operation})`;
    switch (error.code) {
      case 'AUTHENTICATION_FAILED':
        return new InsiError('TLS_FAILED', message, error.reason);
      case 'INVALID_SUBMISSION':
        return new InsiError('INVALID_REQUEST', message, error.reason);
      default:
        return new InsiError('UNAVAILABLE', message, error.reason);
    }
  }
  // postSoap throws plain errors only for a certificate it cannot even read.
  const reason = error instanceof Error ? error.message : String(error);
  return new InsiError(
    'TLS_FAILED',
    `the client certificate cannot be used (INSi ${operation})`,
    reason,
  );
}
