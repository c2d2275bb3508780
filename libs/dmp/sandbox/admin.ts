import { Pool } from 'pg';
import { isIsoDay } from '@app/domain';
import { insProblem } from '../cda';
import { practitionerIdOf } from './access';
import type { SandboxDocument, SandboxIns } from './options';
import { ensureSandboxSchema } from './schema';
import { SandboxStore } from './store';

/**
 * Setting the sandbox up and looking into it: patients, their DMP,
 * practitioners' authorisations, what was filed. Plain methods on its
 * database, so that a test or a demo in another process can use them while
 * the sandbox serves; the national DMP has no such door.
 */
export class SandboxAdmin {
  constructor(
    private readonly store: SandboxStore,
    private readonly onClose?: () => Promise<void>,
  ) {}

  /** An admin on the sandbox's database, from another process. */
  static async connect(databaseUrl: string): Promise<SandboxAdmin> {
    const pool = new Pool({ connectionString: databaseUrl, max: 2 });
    await ensureSandboxSchema(pool);
    return new SandboxAdmin(new SandboxStore(pool), () => pool.end());
  }

  async close(): Promise<void> {
    await this.onClose?.();
  }

  /** Makes the sandbox know the patient, with a DMP (by default) or without one. */
  async registerPatient(ins: SandboxIns, state: { hasDmp?: boolean } = {}): Promise<void> {
    checkIns(ins);
    await this.store.upsertPatient(ins, state.hasDmp ?? true);
  }

  /**
   * Sets the practitioner's authorisation on the patient's DMP: VALIDE given on
   * `authorizedOn`, INTERDIT (a ban by the patient, with or without a date), or
   * none at all (`authorizedOn` null and status VALIDE).
   */
  async setAuthorization(
    ins: SandboxIns,
    rpps: string,
    authorizedOn: string | null,
    status: 'VALIDE' | 'INTERDIT' = 'VALIDE',
  ): Promise<void> {
    checkIns(ins);
    const practitionerId = practitionerIdOf(rpps);
    const day = authorizedOn ?? undefined;
    if (day !== undefined && !isIsoDay(String(day))) {
      throw new Error(`authorizedOn "${day}" is not a YYYY-MM-DD day`);
    }
    if ((await this.store.patientHasDmp(ins)) === undefined) {
      throw new Error('register the patient (registerPatient) before setting an authorisation');
    }
    if (status === 'VALIDE' && authorizedOn === null) {
      await this.store.deleteAuthorization(ins, practitionerId, ['VALIDE', 'INTERDIT']);
      return;
    }
    await this.store.putAuthorization(ins, practitionerId, status, authorizedOn ?? undefined);
  }

  /** The documents held, of one patient or of all, oldest first. */
  documents(ins?: SandboxIns): Promise<SandboxDocument[]> {
    return this.store.documents(ins);
  }

  /** The ITI-41 HTTP body exactly as received (and its Content-Type), and the CDA it carried. */
  submission(
    uniqueId: string,
  ): Promise<{ contentType: string; body: Buffer; cda: Buffer } | undefined> {
    return this.store.submission(uniqueId);
  }
}

function checkIns(ins: SandboxIns): void {
  const problem = insProblem(ins);
  if (problem) throw new Error(`not a qualified INS: ${problem}`);
}
