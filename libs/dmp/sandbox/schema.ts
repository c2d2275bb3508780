import type { Pool } from 'pg';

/**
 * The sandbox's tables, in a schema of their own: they are a stand-in for the
 * national DMP, not the engine's data, so they are created on start (IF NOT
 * EXISTS) instead of by a TypeORM migration. Documents are keyed by their
 * uniqueId, registry-wide, as XDS requires.
 */
export const SANDBOX_SCHEMA = 'dmp_sandbox';

const DDL = `
CREATE SCHEMA IF NOT EXISTS ${SANDBOX_SCHEMA};

CREATE TABLE IF NOT EXISTS ${SANDBOX_SCHEMA}.patients (
  ins_oid        text        NOT NULL,
  ins_matricule  text        NOT NULL,
  has_dmp        boolean     NOT NULL,
  registered_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ins_oid, ins_matricule)
);

-- The patient's "médecin traitant DMP" (national id "8" + RPPS), who reads documents masked
-- from other professionals. Added after the table first shipped, hence ALTER.
ALTER TABLE ${SANDBOX_SCHEMA}.patients ADD COLUMN IF NOT EXISTS treating_physician_id text;

CREATE TABLE IF NOT EXISTS ${SANDBOX_SCHEMA}.authorizations (
  ins_oid          text        NOT NULL,
  ins_matricule    text        NOT NULL,
  practitioner_id  text        NOT NULL,
  status           text        NOT NULL CHECK (status IN ('VALIDE', 'INTERDIT')),
  authorized_on    date,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ins_oid, ins_matricule, practitioner_id),
  FOREIGN KEY (ins_oid, ins_matricule)
    REFERENCES ${SANDBOX_SCHEMA}.patients (ins_oid, ins_matricule) ON DELETE CASCADE,
  CHECK (status = 'INTERDIT' OR authorized_on IS NOT NULL)
);

CREATE TABLE IF NOT EXISTS ${SANDBOX_SCHEMA}.documents (
  unique_id              text        PRIMARY KEY,
  entry_uuid             text        NOT NULL UNIQUE,
  ins_oid                text        NOT NULL,
  ins_matricule          text        NOT NULL,
  status                 text        NOT NULL CHECK (status IN ('Approved', 'Deprecated')),
  set_id                 text        NOT NULL,
  version_number         integer     NOT NULL,
  replaces_unique_id     text        REFERENCES ${SANDBOX_SCHEMA}.documents (unique_id),
  filed_by               text        NOT NULL,
  metadata               jsonb       NOT NULL,
  cda                    bytea       NOT NULL,
  cda_sha1               text        NOT NULL,
  request_content_type   text        NOT NULL,
  request_body           bytea       NOT NULL,
  received_at            timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (ins_oid, ins_matricule)
    REFERENCES ${SANDBOX_SCHEMA}.patients (ins_oid, ins_matricule)
);

CREATE INDEX IF NOT EXISTS documents_by_patient
  ON ${SANDBOX_SCHEMA}.documents (ins_oid, ins_matricule, received_at);
`;

/** Any fixed number: it only keeps two sandboxes starting together from racing on CREATE. */
const SCHEMA_LOCK = 7_340_112;

export async function ensureSandboxSchema(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await client.query(DDL);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
