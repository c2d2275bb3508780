/**
 * The bench's MSSanté operator and Annuaire sandboxes, in a process of their
 * own: a real operator is another machine, and its receiving work (TLS,
 * SMTP data, Maildir writes, DSNs) must not be counted against the engine's
 * sending on the engine's own thread. Started by mss-send.ts with fork().
 */
import type { TestPki } from '@app/pki';
import { loadConfig } from '@app/config';
import { startMssSandboxes } from '../apps/shared/mss-sandboxes';

export interface OperatorProcessStart {
  dataDir: string;
  pki: TestPki;
  recipient: { address: string; displayName: string };
}

export interface OperatorProcessReady {
  smtp: { host: string; port: number };
  imap: { host: string; port: number };
  imapPassword: string;
  directoryUrl: string;
}

process.once('message', (start: OperatorProcessStart) => {
  void (async () => {
    const sandboxes = await startMssSandboxes({
      dataDir: start.dataDir,
      pki: start.pki,
      config: loadConfig({}).mss,
      ports: { smtp: 0, imap: 0, directory: 0 },
      mailboxes: [{ ...start.recipient, kind: 'PER' }],
    });
    const ready: OperatorProcessReady = {
      smtp: sandboxes.operator.smtp,
      imap: sandboxes.operator.imap,
      imapPassword: sandboxes.runtime.client.mailbox.password ?? '',
      directoryUrl: sandboxes.directory.baseUrl,
    };
    process.send?.(ready);
    // Any further message, or the parent going away, stops the sandboxes.
    const stop = () => void sandboxes.stop().finally(() => process.exit(0));
    process.once('message', stop);
    process.once('disconnect', stop);
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
