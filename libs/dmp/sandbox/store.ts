import type { Pool, PoolClient } from 'pg';
import type { DocumentEntryMetadata } from '../xds';
import type { SandboxDocument, SandboxDocumentStatus, SandboxIns } from './options';
import { SANDBOX_SCHEMA } from './schema';

/**
 * The sandbox's PostgreSQL storage: patients and whether they have a DMP,
 * practitioners' authorisations, and filed documents with the request that
 * carried them. Plain queries; the rules live in the transaction handlers.
 */

export type AuthorizationStatus = 'VALIDE' | 'INTERDIT';

export interface StoredAuthorization {
  status: AuthorizationStatus;
  /** YYYY-MM-DD; always set for VALIDE. */
  authorizedOn: string | undefined;
}

export interface StoredEntry {
  uniqueId: string;
  entryUUID: string;
  status: SandboxDocumentStatus;
  patientIns: SandboxIns;
  setId: string;
  versionNumber: number;
  /** The DocumentEntry as it was submitted (its status is the column's, not this). */
  metadata: DocumentEntryMetadata;
}

export interface NewDocument {
  entry: DocumentEntryMetadata & { uniqueId: string };
  patientIns: SandboxIns;
  setId: string;
  versionNumber: number;
  replacesUniqueId: string | undefined;
  filedBy: string;
  cda: Buffer;
  cdaSha1: string;
  request: { contentType: string; body: Buffer };
}

export type InsertOutcome = 'inserted' | 'duplicate-unique-id' | 'duplicate-entry-uuid';

const T = {
  patients: `${SANDBOX_SCHEMA}.patients`,
  authorizations: `${SANDBOX_SCHEMA}.authorizations`,
  documents: `${SANDBOX_SCHEMA}.documents`,
};

const ENTRY_COLUMNS =
  'unique_id, entry_uuid, status, ins_oid, ins_matricule, set_id, version_number, metadata';

interface EntryRow {
  unique_id: string;
  entry_uuid: string;
  status: SandboxDocumentStatus;
  ins_oid: string;
  ins_matricule: string;
  set_id: string;
  version_number: number;
  metadata: DocumentEntryMetadata;
}

function entryOf(row: EntryRow): StoredEntry {
  return {
    uniqueId: row.unique_id,
    entryUUID: row.entry_uuid,
    status: row.status,
    patientIns: { matricule: row.ins_matricule, oid: row.ins_oid },
    setId: row.set_id,
    versionNumber: row.version_number,
    metadata: row.metadata,
  };
}

export class SandboxStore {
  constructor(private readonly pool: Pool) {}

  // -- patients and authorisations ------------------------------------------

  async upsertPatient(ins: SandboxIns, hasDmp: boolean): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${T.patients} (ins_oid, ins_matricule, has_dmp) VALUES ($1, $2, $3)
       ON CONFLICT (ins_oid, ins_matricule) DO UPDATE SET has_dmp = EXCLUDED.has_dmp`,
      [ins.oid, ins.matricule, hasDmp],
    );
  }

  /** Whether the patient has a DMP; undefined when the sandbox has never heard of them. */
  async patientHasDmp(ins: SandboxIns): Promise<boolean | undefined> {
    const { rows } = await this.pool.query<{ has_dmp: boolean }>(
      `SELECT has_dmp FROM ${T.patients} WHERE ins_oid = $1 AND ins_matricule = $2`,
      [ins.oid, ins.matricule],
    );
    return rows[0]?.has_dmp;
  }

  /** The national id of the patient's médecin traitant DMP, if one is set. */
  async treatingPhysician(ins: SandboxIns): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ treating_physician_id: string | null }>(
      `SELECT treating_physician_id FROM ${T.patients} WHERE ins_oid = $1 AND ins_matricule = $2`,
      [ins.oid, ins.matricule],
    );
    return rows[0]?.treating_physician_id ?? undefined;
  }

  /** Sets or clears the médecin traitant DMP; false when the patient is unknown. */
  async setTreatingPhysician(
    ins: SandboxIns,
    practitionerId: string | undefined,
  ): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE ${T.patients} SET treating_physician_id = $3 WHERE ins_oid = $1 AND ins_matricule = $2`,
      [ins.oid, ins.matricule, practitionerId ?? null],
    );
    return (rowCount ?? 0) > 0;
  }

  async authorization(
    ins: SandboxIns,
    practitionerId: string,
  ): Promise<StoredAuthorization | undefined> {
    const { rows } = await this.pool.query<{ status: AuthorizationStatus; day: string | null }>(
      // As text: node-postgres would turn a date into a local-midnight Date.
      `SELECT status, to_char(authorized_on, 'YYYY-MM-DD') AS day FROM ${T.authorizations}
       WHERE ins_oid = $1 AND ins_matricule = $2 AND practitioner_id = $3`,
      [ins.oid, ins.matricule, practitionerId],
    );
    const row = rows[0];
    return row && { status: row.status, authorizedOn: row.day ?? undefined };
  }

  async putAuthorization(
    ins: SandboxIns,
    practitionerId: string,
    status: AuthorizationStatus,
    authorizedOn: string | undefined,
  ): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${T.authorizations} (ins_oid, ins_matricule, practitioner_id, status, authorized_on)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (ins_oid, ins_matricule, practitioner_id)
       DO UPDATE SET status = EXCLUDED.status, authorized_on = EXCLUDED.authorized_on, updated_at = now()`,
      [ins.oid, ins.matricule, practitionerId, status, authorizedOn ?? null],
    );
  }

  /** Deletes the authorisation, only when it has one of `statuses`. */
  async deleteAuthorization(
    ins: SandboxIns,
    practitionerId: string,
    statuses: readonly AuthorizationStatus[],
  ): Promise<void> {
    await this.pool.query(
      `DELETE FROM ${T.authorizations}
       WHERE ins_oid = $1 AND ins_matricule = $2 AND practitioner_id = $3 AND status = ANY($4)`,
      [ins.oid, ins.matricule, practitionerId, statuses],
    );
  }

  // -- documents ------------------------------------------------------------

  async entriesOfPatient(
    ins: SandboxIns,
    statuses: readonly SandboxDocumentStatus[],
  ): Promise<StoredEntry[]> {
    const { rows } = await this.pool.query<EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM ${T.documents}
       WHERE ins_oid = $1 AND ins_matricule = $2 AND status = ANY($3)
       ORDER BY received_at, unique_id`,
      [ins.oid, ins.matricule, statuses],
    );
    return rows.map(entryOf);
  }

  /** The patient's entries among these uniqueIds: another patient's document is not found. */
  async entriesByUniqueId(ins: SandboxIns, uniqueIds: readonly string[]): Promise<StoredEntry[]> {
    const { rows } = await this.pool.query<EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM ${T.documents}
       WHERE ins_oid = $1 AND ins_matricule = $2 AND unique_id = ANY($3)
       ORDER BY received_at, unique_id`,
      [ins.oid, ins.matricule, uniqueIds],
    );
    return rows.map(entryOf);
  }

  async uniqueIdExists(uniqueId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `SELECT 1 FROM ${T.documents} WHERE unique_id = $1`,
      [uniqueId],
    );
    return (rowCount ?? 0) > 0;
  }

  /** The stored CDA of each of the patient's documents among these uniqueIds. */
  async cdaOf(ins: SandboxIns, uniqueIds: readonly string[]): Promise<Map<string, Buffer>> {
    const { rows } = await this.pool.query<{ unique_id: string; cda: Buffer }>(
      `SELECT unique_id, cda FROM ${T.documents}
       WHERE ins_oid = $1 AND ins_matricule = $2 AND unique_id = ANY($3)`,
      [ins.oid, ins.matricule, uniqueIds],
    );
    return new Map(rows.map((row) => [row.unique_id, row.cda]));
  }

  async documents(ins?: SandboxIns): Promise<SandboxDocument[]> {
    const { rows } = await this.pool.query<
      EntryRow & {
        replaces_unique_id: string | null;
        filed_by: string;
        received_at: Date;
        size: number;
        cda_sha1: string;
      }
    >(
      `SELECT ${ENTRY_COLUMNS}, replaces_unique_id, filed_by, received_at,
              octet_length(cda) AS size, cda_sha1
       FROM ${T.documents}
       WHERE ($1::text IS NULL OR (ins_oid = $1 AND ins_matricule = $2))
       ORDER BY received_at, unique_id`,
      [ins?.oid ?? null, ins?.matricule ?? null],
    );
    return rows.map((row) => ({
      uniqueId: row.unique_id,
      entryUUID: row.entry_uuid,
      status: row.status,
      patientIns: { matricule: row.ins_matricule, oid: row.ins_oid },
      title: row.metadata.title,
      typeCode: row.metadata.typeCode?.code,
      receivedAt: row.received_at,
      size: Number(row.size),
      hash: row.cda_sha1,
      replacesUniqueId: row.replaces_unique_id ?? undefined,
      filedBy: row.filed_by,
    }));
  }

  async submission(
    uniqueId: string,
  ): Promise<{ contentType: string; body: Buffer; cda: Buffer } | undefined> {
    const { rows } = await this.pool.query<{
      request_content_type: string;
      request_body: Buffer;
      cda: Buffer;
    }>(`SELECT request_content_type, request_body, cda FROM ${T.documents} WHERE unique_id = $1`, [
      uniqueId,
    ]);
    const row = rows[0];
    return row && { contentType: row.request_content_type, body: row.request_body, cda: row.cda };
  }

  /**
   * Runs `work` in one transaction, committed only when it says so: a refused
   * submission leaves nothing behind, a replacement and its new version land
   * together.
   */
  async transaction<T>(
    work: (tx: FilingTransaction) => Promise<{ commit: boolean; result: T }>,
  ): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { commit, result } = await work(new FilingTransaction(client));
      await client.query(commit ? 'COMMIT' : 'ROLLBACK');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/** What ITI-41 does inside its transaction. */
export class FilingTransaction {
  constructor(private readonly client: PoolClient) {}

  /** The entry, locked until the end of the transaction, so two replacements of it cannot both win. */
  async entryForUpdate(entryUUID: string): Promise<StoredEntry | undefined> {
    const { rows } = await this.client.query<EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM ${T.documents} WHERE entry_uuid = $1 FOR UPDATE`,
      [entryUUID],
    );
    return rows[0] && entryOf(rows[0]);
  }

  async deprecate(uniqueId: string): Promise<void> {
    await this.client.query(
      `UPDATE ${T.documents} SET status = 'Deprecated' WHERE unique_id = $1`,
      [uniqueId],
    );
  }

  /**
   * Inserts the document, or says which identifier is already taken. ON
   * CONFLICT waits for a concurrent insert of the same ids to end, so two
   * simultaneous filings of one document store it once.
   */
  async insert(document: NewDocument): Promise<InsertOutcome> {
    const { rowCount } = await this.client.query(
      `INSERT INTO ${T.documents} (unique_id, entry_uuid, ins_oid, ins_matricule, status, set_id,
         version_number, replaces_unique_id, filed_by, metadata, cda, cda_sha1,
         request_content_type, request_body)
       VALUES ($1, $2, $3, $4, 'Approved', $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT DO NOTHING`,
      [
        document.entry.uniqueId,
        document.entry.entryUUID,
        document.patientIns.oid,
        document.patientIns.matricule,
        document.setId,
        document.versionNumber,
        document.replacesUniqueId ?? null,
        document.filedBy,
        JSON.stringify(document.entry),
        document.cda,
        document.cdaSha1,
        document.request.contentType,
        document.request.body,
      ],
    );
    if ((rowCount ?? 0) > 0) return 'inserted';
    const { rowCount: sameUniqueId } = await this.client.query(
      `SELECT 1 FROM ${T.documents} WHERE unique_id = $1`,
      [document.entry.uniqueId],
    );
    return (sameUniqueId ?? 0) > 0 ? 'duplicate-unique-id' : 'duplicate-entry-uuid';
  }
}
