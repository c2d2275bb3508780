import type { X509Certificate } from 'node:crypto';
import {
  INSI_CERTIFICATE_COMMON_NAMES,
  INSI_FAULTS,
  INSI_OPERATIONS,
  SOAP12_MEDIA_TYPE,
} from '../insi-protocol';
import { InsiRequestError, parseInsiRequest, type ParsedInsiRequest } from '../insi-request';
import { buildFaultEnvelope, buildResultEnvelope, type InsiFaultSpec } from '../insi-response';
import {
  type SandboxHttpAnswer,
  type SandboxHttpsServer,
  type SandboxRequest,
  httpBody,
  startHttpsServer,
} from '@app/dmp';
import {
  checkSandboxIdentities,
  defaultSandboxIdentities,
  type SandboxIdentity,
} from './identities';
import { matchCard, matchTraits, resultFor } from './matching';

/**
 * A local stand-in for the CNAM INSi téléservice: the same SOAP 1.2
 * operations on the same path (/lps) behind the same mutual TLS, checking
 * what it receives as INSi's schemas say (parseInsiRequest) and answering
 * RESULTAT 00/01/02 or INSi's faults, for development, tests and demos.
 */

export interface InsiSandboxOptions {
  /** 0 picks a free port. */
  port: number;
  /** 127.0.0.1 by default: the sandbox is for this machine. */
  host?: string;
  serverTls: { privateKeyPem: string; certificatePem: string; chainPem?: readonly string[] };
  /** CAs whose client certificates are accepted (the test PKI's). */
  trustedCaPem: readonly string[];
  /** defaultSandboxIdentities() by default. */
  identities?: readonly SandboxIdentity[];
  /** Software authorisation numbers (IDAM) accepted; any by default. */
  authorizedSoftware?: readonly string[];
  /** Client certificate CNs accepted; INSI-AUTO and INSI-MANU by default, as INSi. */
  acceptedCertificateNames?: readonly string[];
  log?: (line: string) => void;
}

/** What the sandbox received and answered, for tests and the demo's log. */
export interface SandboxExchange {
  operation?: ParsedInsiRequest['operation'];
  messageId?: string;
  idam?: string;
  emitter?: string;
  /** RESULTAT's CodeCR, or the fault's siram:Erreur code. */
  answer: string;
}

const PATH = '/lps';

export class InsiSandbox {
  private stopped = false;

  private constructor(
    /** The endpoint to give InsiClient. */
    readonly url: string,
    private readonly server: SandboxHttpsServer,
    private readonly service: SandboxService,
  ) {}

  static async start(options: InsiSandboxOptions): Promise<InsiSandbox> {
    const identities = [...(options.identities ?? defaultSandboxIdentities())];
    checkSandboxIdentities(identities);
    const host = options.host ?? '127.0.0.1';
    const log = options.log ?? (() => undefined);
    const service = new SandboxService(identities, options);
    const server = await startHttpsServer({
      host,
      port: options.port,
      serverTls: options.serverTls,
      trustedCaPem: options.trustedCaPem,
      log,
      // An INSi request is a few kilobytes; anything near this is not one.
      maxBodyBytes: 1024 * 1024,
      route: async (request) => toHttpAnswer(service.handle(request)),
    });
    const sandbox = new InsiSandbox(`${server.origin}${PATH}`, server, service);
    log(`INSi sandbox listening on ${sandbox.url}`);
    return sandbox;
  }

  /** While on, every call is answered INSi's "temporarily unavailable" fault (siram_40). */
  setUnavailable(unavailable: boolean): void {
    this.service.unavailable = unavailable;
  }

  get exchanges(): readonly SandboxExchange[] {
    return this.service.exchanges;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.server.close();
  }
}

/** What INSi does with one HTTP request: checks, then answers RESULTAT or a fault. */
class SandboxService {
  unavailable = false;
  readonly exchanges: SandboxExchange[] = [];

  constructor(
    private readonly identities: readonly SandboxIdentity[],
    private readonly options: InsiSandboxOptions,
  ) {}

  handle(request: SandboxRequest): InsiAnswer {
    const path = request.url.pathname;
    if (path !== PATH) return plain(404, `no INSi service at ${path}\n`);
    if (request.method !== 'POST') return plain(405, 'INSi takes POST only\n');
    const mediaType = request.contentType.split(';')[0].trim().toLowerCase();
    if (mediaType !== SOAP12_MEDIA_TYPE) {
      // A SOAP 1.1 client (text/xml) or anything else: INSi is bound to SOAP 1.2 only.
      return plain(
        415,
        `INSi takes ${SOAP12_MEDIA_TYPE} (SOAP 1.2), not ${mediaType || 'nothing'}\n`,
      );
    }
    return this.answer(request);
  }

  private answer(request: SandboxRequest): InsiAnswer {
    const { options } = this;
    let parsed: ParsedInsiRequest;
    try {
      parsed = parseInsiRequest(request.body.toString('utf8'));
      const action = /;\s*action="?([^";]+)"?/i.exec(request.contentType)?.[1];
      if (action && action !== INSI_OPERATIONS[parsed.operation].action) {
        throw new InsiRequestError(
          [`the Content-Type action "${action}" is not the wsa:Action of the message`],
          parsed.messageId,
        );
      }
    } catch (error) {
      if (!(error instanceof InsiRequestError)) throw error;
      return this.fault(
        {
          ...INSI_FAULTS.invalidRequest,
          detail: error.problems.join(' ; '),
          messageId: error.messageId,
        },
        { ...(error.messageId ? { messageId: error.messageId } : {}) },
      );
    }
    const exchange: Omit<SandboxExchange, 'answer'> = {
      operation: parsed.operation,
      messageId: parsed.messageId,
      idam: parsed.software.idam,
      ...(parsed.emitter ? { emitter: parsed.emitter } : {}),
    };
    const names = options.acceptedCertificateNames ?? INSI_CERTIFICATE_COMMON_NAMES;
    const cn = commonName(request.peerCertificate);
    if (!cn || !names.includes(cn)) {
      return this.fault({ ...INSI_FAULTS.certificateName, messageId: parsed.messageId }, exchange);
    }
    if (options.authorizedSoftware && !options.authorizedSoftware.includes(parsed.software.idam)) {
      return this.fault({ ...INSI_FAULTS.unknownSoftware, messageId: parsed.messageId }, exchange);
    }
    if (this.unavailable) {
      return this.fault({ ...INSI_FAULTS.unavailable, messageId: parsed.messageId }, exchange);
    }
    const found =
      parsed.body.kind === 'traits'
        ? matchTraits(this.identities, parsed.body.traits)
        : matchCard(this.identities, parsed.body.card);
    const result = resultFor(found);
    this.exchanges.push({ ...exchange, answer: result.code });
    return {
      status: 200,
      contentType: `${SOAP12_MEDIA_TYPE}; charset=UTF-8`,
      body: buildResultEnvelope(result),
    };
  }

  /** INSi sends every fault with HTTP 500 (insi-protocol FAULT_SUBCODES). */
  private fault(spec: InsiFaultSpec, exchange: Omit<SandboxExchange, 'answer'>): InsiAnswer {
    this.exchanges.push({ ...exchange, answer: spec.errorCode });
    return {
      status: 500,
      contentType: `${SOAP12_MEDIA_TYPE}; charset=UTF-8`,
      body: buildFaultEnvelope(spec),
    };
  }
}

/** One answer of the service: a SOAP envelope or a plain-text refusal. */
interface InsiAnswer {
  status: number;
  contentType: string;
  body: string;
}

function toHttpAnswer(answer: InsiAnswer): SandboxHttpAnswer {
  return {
    status: answer.status,
    body: httpBody(answer.contentType, [Buffer.from(answer.body, 'utf8')]),
  };
}

function plain(status: number, text: string): InsiAnswer {
  return { status, contentType: 'text/plain; charset=utf-8', body: text };
}

function commonName(certificate: X509Certificate | undefined): string | undefined {
  return certificate ? /(?:^|\n)CN=([^\n]*)/.exec(certificate.subject)?.[1] : undefined;
}
