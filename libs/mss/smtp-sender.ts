import { type Transporter, createTransport } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { ComposedMssMessage } from './compose';
import { MssError } from './errors';
import { type MssTlsCredentials, isTlsFailure, messageOf, mssSecureContext, sniOf } from './tls';

/** Where the operator's SMTP submission service listens. */
export interface SmtpEndpoint {
  host: string;
  port: number;
  /** Implicit TLS (465-style) when true; otherwise STARTTLS, required (587-style). */
  implicitTls: boolean;
  /** Name checked against the server certificate; the host by default. */
  servername?: string;
}

export interface MssSmtpSenderOptions {
  endpoint: SmtpEndpoint;
  tls: MssTlsCredentials;
  /** Name given in EHLO. */
  clientName?: string;
  /** Connections kept open for consecutive messages (pooled); 1 by default. */
  maxConnections?: number;
  timeoutMs?: number;
}

export interface SentMssMessage {
  messageId: string;
  accepted: string[];
  /** The operator's last SMTP reply, e.g. "250 2.0.0 Ok: queued as …". */
  response: string;
}

/**
 * Submits composed messages to the operator over SMTP with the mailbox's
 * client certificate (mutual TLS; no SMTP AUTH: the certificate is the
 * credential). Every failure becomes a typed MssError: a refused address or a
 * full mailbox is for a person to fix, an unavailable operator is retried.
 */
export class MssSmtpSender {
  private readonly transport: Transporter<SMTPPool.SentMessageInfo>;

  constructor(options: MssSmtpSenderOptions) {
    const { endpoint } = options;
    const timeoutMs = options.timeoutMs ?? 60_000;
    this.transport = createTransport({
      pool: true,
      maxConnections: options.maxConnections ?? 1,
      host: endpoint.host,
      port: endpoint.port,
      secure: endpoint.implicitTls,
      requireTLS: !endpoint.implicitTls,
      name: options.clientName ?? 'acces-direct',
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      tls: {
        secureContext: mssSecureContext(options.tls),
        ...sniOf(endpoint),
        rejectUnauthorized: true,
      },
    } as SMTPPool.Options);
  }

  async send(message: ComposedMssMessage): Promise<SentMssMessage> {
    let info: SMTPPool.SentMessageInfo;
    try {
      info = await this.transport.sendMail(message.mail);
    } catch (error) {
      throw smtpError(error);
    }
    const rejected = (info.rejected ?? []).map(String);
    if (rejected.length > 0) {
      // Some recipients got it, others not: the caller must not resend to those who did.
      throw new MssError(
        'ADDRESS_REFUSED',
        `the operator refused ${rejected.join(', ')}`,
        info.rejectedErrors?.map((e) => e.message).join('; '),
      );
    }
    return {
      messageId: message.messageId,
      accepted: (info.accepted ?? []).map(String),
      response: info.response,
    };
  }

  close(): void {
    this.transport.close();
  }
}

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** What a nodemailer failure means for the caller. */
export function smtpError(error: unknown): MssError {
  const failure = (error ?? {}) as SmtpFailure;
  const reply = failure.response;
  const status = failure.responseCode;
  const enhanced = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(reply ?? '')?.[1];
  const because = reply ?? messageOf(error);
  if (status !== undefined) {
    if (enhanced?.endsWith('.2.2') || (status === 452 && /quota|full/i.test(because))) {
      return new MssError('MAILBOX_FULL', `the recipient's mailbox is full: ${because}`, reply);
    }
    if (status >= 400 && status < 500) {
      return new MssError(
        'OPERATOR_UNAVAILABLE',
        `the operator asks to try later: ${because}`,
        reply,
      );
    }
    if (status === 550 || status === 551 || status === 553 || enhanced?.startsWith('5.1.')) {
      return new MssError('ADDRESS_REFUSED', `the operator refused an address: ${because}`, reply);
    }
    if (status === 530 || status === 535 || enhanced?.startsWith('5.7.')) {
      return new MssError(
        'TLS_FAILED',
        `the operator refused the mailbox's certificate: ${because}`,
        reply,
      );
    }
    return new MssError('MESSAGE_REFUSED', `the operator refused the message: ${because}`, reply);
  }
  if (isTlsFailure(error)) {
    return new MssError('TLS_FAILED', `TLS with the operator failed: ${because}`, undefined, {
      cause: error,
    });
  }
  return new MssError(
    'OPERATOR_UNAVAILABLE',
    `the operator cannot be reached: ${because}`,
    undefined,
    {
      cause: error,
    },
  );
}
