import type { SandboxMailbox } from './options';

/**
 * The sandbox's test directory: which addresses exist, and which client
 * certificate may send from which mailbox. Addresses are compared in lower
 * case, as operators do (and as Dovecot's %Lu names the Maildirs).
 */
export class SandboxDirectory {
  private readonly byAddress = new Map<string, SandboxMailbox>();

  constructor(mailboxes: readonly SandboxMailbox[] = []) {
    for (const mailbox of mailboxes) this.add(mailbox);
  }

  add(mailbox: SandboxMailbox): SandboxMailbox {
    const key = normalizeAddress(mailbox.address);
    if (!/^[^@\s/\\]+@[^@\s/\\]+$/.test(key) || key.startsWith('.')) {
      // The address names a folder on disk: nothing that could walk out of it.
      throw new Error(`not a mailbox address: "${mailbox.address}"`);
    }
    const stored = { ...mailbox, address: key };
    this.byAddress.set(key, stored);
    return stored;
  }

  find(address: string): SandboxMailbox | undefined {
    return this.byAddress.get(normalizeAddress(address));
  }

  all(): SandboxMailbox[] {
    return [...this.byAddress.values()];
  }
}

export function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}

export type SenderVerdict =
  { ok: true; mailbox: SandboxMailbox } | { ok: false; code: number; message: string };

/**
 * May the holder of a certificate whose subject OUs are `certificateUnits`
 * send from `address`? The mailbox must exist and not be a patient's (a
 * patient writes only in Mon espace santé, answering a professional), and
 * when it is bound to a structure the certificate must be that structure's
 * (OU = idNat_Struct).
 */
export function checkSender(
  directory: SandboxDirectory,
  address: string,
  certificateUnits: readonly string[],
): SenderVerdict {
  const mailbox = directory.find(address);
  if (!mailbox) {
    return {
      ok: false,
      code: 553,
      message: `5.7.1 <${address}>: sender is not a mailbox of this operator`,
    };
  }
  if (mailbox.kind === 'PATIENT') {
    // Without the address: it is the patient's INS, and SMTP replies end up in logs.
    return {
      ok: false,
      code: 553,
      message:
        '5.7.1 a patient mailbox (Mon espace santé) cannot send over SMTP: ' +
        "the patient answers a professional's message in Mon espace santé",
    };
  }
  if (mailbox.structureIdNat && !certificateUnits.includes(mailbox.structureIdNat)) {
    return {
      ok: false,
      code: 553,
      message: `5.7.1 <${address}>: the client certificate is not allowed to send from this mailbox`,
    };
  }
  return { ok: true, mailbox };
}

/** The OU values of a certificate subject as node:crypto prints it (one `OU=` line each). */
export function organizationalUnits(subject: string | undefined): string[] {
  return (subject ?? '')
    .split('\n')
    .filter((line) => line.startsWith('OU='))
    .map((line) => line.slice('OU='.length));
}
