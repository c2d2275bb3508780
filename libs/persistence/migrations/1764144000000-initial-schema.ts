import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema: reference data (CPTS, practitioners, patients), the
 * pathways' read model, stored documents, notifications and the append-only,
 * hash-chained audit log.
 */
export class InitialSchema1764144000000 implements MigrationInterface {
  name = 'InitialSchema1764144000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE cpts (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        bilan_initial_due_after text NOT NULL,
        compte_rendu_due_after text NOT NULL,
        reminder_every text NOT NULL,
        escalate_after_reminders integer NOT NULL CHECK (escalate_after_reminders BETWEEN 0 AND 20),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE practitioners (
        id uuid PRIMARY KEY,
        rpps char(11) NOT NULL UNIQUE CHECK (rpps ~ '^[0-9]{11}$'),
        family_name text NOT NULL,
        given_names text NOT NULL,
        profession_code text NOT NULL,
        cpts_id uuid REFERENCES cpts(id),
        mss_address text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE patients (
        id uuid PRIMARY KEY,
        ins_matricule varchar(15),
        ins_oid text,
        identity_status text NOT NULL CHECK (identity_status IN ('PROV', 'RECUP', 'VALI', 'QUAL')),
        birth_family_name text NOT NULL,
        first_names text NOT NULL,
        used_family_name text,
        birth_date varchar(10) NOT NULL CHECK (birth_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        sex char(1) NOT NULL CHECK (sex IN ('M', 'F', 'I')),
        birth_place_code varchar(5),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((ins_matricule IS NULL) = (ins_oid IS NULL))
      )`);
    await db.query(`
      CREATE TABLE pathways (
        id uuid PRIMARY KEY,
        cpts_id uuid NOT NULL REFERENCES cpts(id),
        practitioner_id uuid NOT NULL REFERENCES practitioners(id),
        patient_id uuid NOT NULL REFERENCES patients(id),
        status text NOT NULL CHECK (status IN ('active', 'completed', 'abandoned')),
        step text NOT NULL CHECK (step IN ('bilan_initial', 'care', 'compte_rendu', 'closed')),
        medecin_traitant jsonb NOT NULL,
        consentement_dmp text NOT NULL CHECK (consentement_dmp IN ('given', 'refused', 'not_asked')),
        policy jsonb NOT NULL,
        opened_at timestamptz NOT NULL,
        bilan_initial_due_at timestamptz NOT NULL,
        bilan_initial_document_id uuid,
        bilan_initial_received_at timestamptz,
        bilan_initial_reminders integer NOT NULL DEFAULT 0,
        bilan_initial_escalated_at timestamptz,
        care_ended_on date,
        compte_rendu_due_at timestamptz,
        compte_rendu_document_id uuid,
        compte_rendu_received_at timestamptz,
        compte_rendu_reminders integer NOT NULL DEFAULT 0,
        compte_rendu_escalated_at timestamptz,
        referral_count integer NOT NULL DEFAULT 0,
        closed_at timestamptz,
        abandon_reason text,
        current_due_at timestamptz GENERATED ALWAYS AS (
          CASE step WHEN 'bilan_initial' THEN bilan_initial_due_at
                    WHEN 'compte_rendu' THEN compte_rendu_due_at END
        ) STORED,
        last_seq integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX pathways_by_cpts ON pathways (cpts_id, status, opened_at DESC)`);
    await db.query(
      `CREATE INDEX pathways_by_practitioner ON pathways (practitioner_id, status, opened_at DESC)`,
    );
    await db.query(
      `CREATE INDEX pathways_by_due_date ON pathways (current_due_at) WHERE status = 'active'`,
    );

    // No foreign key to pathways: a document is stored before the workflow records its arrival.
    await db.query(`
      CREATE TABLE documents (
        id uuid PRIMARY KEY,
        pathway_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('bilan_initial', 'compte_rendu')),
        title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 255),
        document_date date NOT NULL,
        comment text CHECK (char_length(comment) <= 1000),
        file_name text NOT NULL,
        media_type text NOT NULL,
        size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 5242880),
        sha256 char(64) NOT NULL,
        content bytea NOT NULL,
        uploaded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX documents_by_pathway ON documents (pathway_id, created_at)`);

    await db.query(`
      CREATE TABLE notifications (
        id text PRIMARY KEY,
        pathway_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('reminder', 'escalation')),
        recipient_kind text NOT NULL CHECK (recipient_kind IN ('practitioner', 'coordinator')),
        recipient_id uuid NOT NULL,
        document_kind text NOT NULL CHECK (document_kind IN ('bilan_initial', 'compte_rendu')),
        count integer NOT NULL,
        due_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        delivery_status text NOT NULL DEFAULT 'pending' CHECK (delivery_status IN ('pending', 'sent', 'failed'))
      )`);
    await db.query(
      `CREATE INDEX notifications_by_recipient ON notifications (recipient_kind, recipient_id, created_at DESC)`,
    );
    await db.query(
      `CREATE INDEX notifications_by_pathway ON notifications (pathway_id, created_at)`,
    );

    await db.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        event_id text NOT NULL UNIQUE,
        stream text NOT NULL,
        stream_seq integer NOT NULL CHECK (stream_seq > 0),
        pathway_id uuid,
        type text NOT NULL,
        actor jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        payload jsonb NOT NULL,
        prev_hash char(64),
        hash char(64) NOT NULL,
        UNIQUE (stream, stream_seq)
      )`);
    await db.query(`CREATE INDEX audit_events_by_pathway ON audit_events (pathway_id, stream_seq)`);
    await db.query(`
      CREATE FUNCTION audit_events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP;
      END $$`);
    await db.query(`
      CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_are_append_only()`);
    await db.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_are_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_events`);
    await db.query(`DROP FUNCTION audit_events_are_append_only`);
    await db.query(`DROP TABLE notifications`);
    await db.query(`DROP TABLE documents`);
    await db.query(`DROP TABLE pathways`);
    await db.query(`DROP TABLE patients`);
    await db.query(`DROP TABLE practitioners`);
    await db.query(`DROP TABLE cpts`);
  }
}
