import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import {
  SMTPServer,
  type SMTPServerAddress,
  type SMTPServerDataStream,
  type SMTPServerSession,
} from 'smtp-server';
import { type SandboxDirectory, checkSender, organizationalUnits } from './directory';
import type { Envelope, LocalDelivery } from './delivery';
import type { MaildirStore } from './maildir';
import type { SandboxTls } from './options';
import { invisibleToPatientReason } from './xdm-visibility';

/**
 * The operator's submission service: SMTP over implicit TLS (as on port 465)
 * with a client certificate required and checked against the test PKI — no
 * certificate, an untrusted or an expired one fails the handshake. There is
 * no AUTH: the certificate says which structure connects, and MAIL FROM must
 * be a mailbox that structure may use. A message for a patient mailbox whose
 * IHE XDM holds a document invisible to the patient is refused at the end of
 * DATA, for every recipient (SMTP answers DATA once per message).
 */

export interface SmtpListenerOptions {
  host: string;
  port: number;
  tls: SandboxTls;
  domain: string;
  maxMessageBytes: number;
  directory: SandboxDirectory;
  store: MaildirStore;
  delivery: LocalDelivery;
  log: (line: string) => void;
}

export interface RunningSmtp {
  port: number;
  close(): Promise<void>;
}

/** The smtp-server typings lack the DSN fields the library fills in when hideDSN is false. */
interface DsnEnvelope {
  dsn?: { ret?: string | null; envid?: string | null };
}
interface DsnAddress {
  dsn?: { notify?: string[]; orcpt?: string };
}

class SmtpReply extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startSmtpListener(options: SmtpListenerOptions): Promise<RunningSmtp> {
  // The subject OUs of each session's client certificate, read once the handshake is done.
  const certificateUnits = new Map<string, string[]>();

  const server = new SMTPServer({
    secure: true,
    key: options.tls.keyPem,
    cert: options.tls.certificatePem,
    ca: options.tls.caPem,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
    name: options.domain,
    banner: 'MSSante operator sandbox',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideDSN: false,
    hideENHANCEDSTATUSCODES: true,
    size: options.maxMessageBytes,
    // An outage (suspend) or stop cuts open sessions quickly rather than after 30 s.
    closeTimeout: 500,
    logger: false,
    onSecure(socket, session, callback) {
      const peer = (socket as TLSSocket).getPeerX509Certificate();
      certificateUnits.set(session.id, organizationalUnits(peer?.subject));
      callback();
    },
    onClose(session) {
      certificateUnits.delete(session.id);
    },
    onMailFrom(address, session, callback) {
      const verdict = checkSender(
        options.directory,
        address.address,
        certificateUnits.get(session.id) ?? [],
      );
      callback(verdict.ok ? undefined : new SmtpReply(verdict.code, verdict.message));
    },
    onRcptTo(address, session, callback) {
      checkRecipient(options, address, session).then(
        () => callback(),
        (error: Error) => callback(error),
      );
    },
    onData(stream, session, callback) {
      receive(options, stream, session).then(
        (queueId) => callback(null, `2.0.0 Ok: stored as ${queueId}`),
        (error: Error) => callback(error),
      );
    },
  });
  server.on('error', (error) => options.log(`SMTP: ${error.message}`));

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.server.removeListener('error', onError);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Sessions in progress get 421 and are closed now: an outage does not wait.
        for (const connection of (server as unknown as { connections: Set<{ close(): void }> })
          .connections) {
          connection.close();
        }
      }),
  };
}

async function checkRecipient(
  options: SmtpListenerOptions,
  address: SMTPServerAddress,
  session: SMTPServerSession,
): Promise<void> {
  const mailbox = options.directory.find(address.address);
  if (!mailbox) {
    throw new SmtpReply(550, `5.1.1 <${address.address}>: recipient unknown`);
  }
  if (mailbox.quotaBytes !== undefined) {
    const args = session.envelope.mailFrom ? session.envelope.mailFrom.args : false;
    const declared = Number((args && (args as Record<string, string>).SIZE) ?? 0) || 0;
    const usage = await options.store.usage(mailbox.address);
    // Full already, or the size MAIL FROM declared would not fit.
    if (usage >= mailbox.quotaBytes || (declared > 0 && usage + declared > mailbox.quotaBytes)) {
      throw new SmtpReply(552, `5.2.2 <${address.address}>: mailbox full`);
    }
  }
}

/** Reads the message whole (bounded by SIZE), delivers it, and only then lets 250 go. */
async function receive(
  options: SmtpListenerOptions,
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as Readable as AsyncIterable<Buffer>) {
    if (!stream.sizeExceeded) chunks.push(chunk);
  }
  if (stream.sizeExceeded) {
    throw new SmtpReply(552, `5.3.4 message larger than ${options.maxMessageBytes} bytes`);
  }
  const raw = Buffer.concat(chunks);
  const toPatient = session.envelope.rcptTo.some(
    (rcpt) => options.directory.find(rcpt.address)?.kind === 'PATIENT',
  );
  const hidden = toPatient ? invisibleToPatientReason(raw) : undefined;
  if (hidden) {
    options.log('refused a message for a patient mailbox: INVISIBLE_PATIENT document');
    throw new SmtpReply(550, `5.7.1 ${hidden}`);
  }
  const queueId = randomBytes(6).toString('hex').toUpperCase();
  const mailFrom = session.envelope.mailFrom || undefined;
  const dsn = (session.envelope as unknown as DsnEnvelope).dsn;
  const envelope: Envelope = {
    mailFrom: mailFrom?.address ?? '',
    recipients: session.envelope.rcptTo.map((rcpt) => {
      const params = (rcpt as SMTPServerAddress & DsnAddress).dsn;
      return {
        address: rcpt.address,
        ...(params?.notify ? { notify: params.notify } : {}),
        ...(params?.orcpt ? { orcpt: params.orcpt } : {}),
      };
    }),
    ...(dsn?.envid ? { envid: dsn.envid } : {}),
    ...(dsn?.ret === 'FULL' || dsn?.ret === 'HDRS' ? { ret: dsn.ret } : {}),
  };
  try {
    await options.delivery.deliver(envelope, raw, {
      clientName: session.clientHostname || session.hostNameAppearsAs || 'unknown',
      clientAddress: session.remoteAddress,
      protocol: 'ESMTPS',
      queueId,
    });
  } catch (error) {
    options.log(`delivery of ${queueId} failed: ${(error as Error).message}`);
    throw new SmtpReply(451, '4.3.0 local error while storing the message, try again later');
  }
  options.log(`stored ${queueId} from <${envelope.mailFrom}> (${raw.length} bytes)`);
  return queueId;
}
