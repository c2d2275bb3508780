import { Pool } from 'pg';
import { isIsoDay } from '@app/domain';
import { insProblem } from '../cda';
import { ValueSets } from '../value-sets';
import { practitionerIdOf } from './access';
import {
  type AddedDocument,
  type OtherAuthorDocument,
  addOtherAuthorDocument,
} from './add-document';
import type { SandboxDocument, SandboxIns } from './options';
import { ensureSandboxSchema } from './schema';
import { SandboxStore } from './store';

/**
 * Setting the sandbox up and looking into it: patients, their DMP,
 * practitioners' authorisations, what was filed. Plain methods on its
 * database, so that a test or a demo in another process can use them while
 * the sandbox serves; the national DMP has no such door.
 */
export interface SandboxAdminOptions {
  /** For addDocument; the shipped value sets (loaded when first needed) by default. */
  valueSets?: ValueSets;
  /** The sandbox's ITI-41 URL, written as wsa:To of the requests addDocument stores. */
  repositoryUrl?: string;
}

export class SandboxAdmin {
  private valueSets: ValueSets | undefined;

  constructor(
    private readonly store: SandboxStore,
    private readonly options: SandboxAdminOptions = {},
    private readonly onClose?: () => Promise<void>,
  ) {
    this.valueSets = options.valueSets;
  }

  /** An admin on the sandbox's database, from another process. */
  static async connect(
    databaseUrl: string,
    options: SandboxAdminOptions = {},
  ): Promise<SandboxAdmin> {
    const pool = new Pool({ connectionString: databaseUrl, max: 2 });
    await ensureSandboxSchema(pool);
    return new SandboxAdmin(new SandboxStore(pool), options, () => pool.end());
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

  /**
   * Makes a practitioner the patient's médecin traitant DMP, or nobody (undefined):
   * TD0.2 then answers treatingPhysician true to them, and they read the documents
   * masked from professionals. `practitioner` is the national id the VIHF names
   * ("8" + RPPS, Subject/NameID), or the bare RPPS as setAuthorization takes it.
   */
  async setTreatingPhysician(ins: SandboxIns, practitioner: string | undefined): Promise<void> {
    checkIns(ins);
    const practitionerId = practitioner === undefined ? undefined : nationalIdOf(practitioner);
    if (!(await this.store.setTreatingPhysician(ins, practitionerId))) {
      throw new Error('register the patient (registerPatient) before setting a médecin traitant');
    }
  }

  /**
   * Files a document in the patient's DMP as another professional's software
   * would (see add-document.ts): for tests and demos. The patient must have a DMP.
   */
  addDocument(input: OtherAuthorDocument): Promise<AddedDocument> {
    checkIns(input.patient.ins);
    this.valueSets ??= ValueSets.load();
    return addOtherAuthorDocument(
      {
        store: this.store,
        valueSets: this.valueSets,
        ...(this.options.repositoryUrl ? { repositoryUrl: this.options.repositoryUrl } : {}),
      },
      input,
    );
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

/** "8" + RPPS from either form; anything else is refused. */
function nationalIdOf(practitioner: string): string {
  if (/^8[0-9]{11}$/.test(practitioner)) return practitioner;
  if (/^[0-9]{11}$/.test(practitioner)) return practitionerIdOf(practitioner);
  throw new Error(`"${practitioner}" is neither an RPPS (11 digits) nor a national id "8" + RPPS`);
}

function checkIns(ins: SandboxIns): void {
  const problem = insProblem(ins);
  if (problem) throw new Error(`not a qualified INS: ${problem}`);
}
