import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DMP filing: the structure practitioners file for, the document types each
 * CPTS files under, each document's visibility and version, the filing state
 * in the read model, and notifications for the human steps of filing.
 */
export class DmpFiling1764230400000 implements MigrationInterface {
  name = 'DmpFiling1764230400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE practitioners
        ADD COLUMN structure_id_nat text,
        ADD COLUMN structure_name text,
        ADD COLUMN facility_type_code text,
        ADD COLUMN practice_setting_code text`);
    await db.query(`
      ALTER TABLE cpts
        ADD COLUMN bilan_initial_type_code text NOT NULL DEFAULT '47420-5',
        ADD COLUMN compte_rendu_type_code text NOT NULL DEFAULT '11506-3'`);
    await db.query(`
      ALTER TABLE documents
        ADD COLUMN hidden_from_patient boolean NOT NULL DEFAULT false,
        ADD COLUMN hidden_from_professionals boolean NOT NULL DEFAULT false,
        ADD COLUMN hidden_from_legal_representatives boolean NOT NULL DEFAULT false,
        ADD COLUMN replaces_document_id uuid REFERENCES documents(id),
        ADD COLUMN version_number integer NOT NULL DEFAULT 1 CHECK (version_number > 0)`);

    await db.query(`ALTER TABLE pathways DROP CONSTRAINT pathways_step_check`);
    await db.query(`
      ALTER TABLE pathways ADD CONSTRAINT pathways_step_check
        CHECK (step IN ('bilan_initial', 'care', 'compte_rendu', 'sharing', 'closed'))`);
    for (const kind of ['bilan_initial', 'compte_rendu']) {
      await db.query(`
        ALTER TABLE pathways
          ADD COLUMN ${kind}_dmp_status text CHECK (${kind}_dmp_status IN ('to_file', 'filed', 'skipped', 'waiting')),
          ADD COLUMN ${kind}_dmp_waiting_for text,
          ADD COLUMN ${kind}_dmp_skip_reason text,
          ADD COLUMN ${kind}_dmp_unique_id text,
          ADD COLUMN ${kind}_dmp_filed_at timestamptz,
          ADD COLUMN ${kind}_dmp_reason text`);
    }

    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await db.query(`
      ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
        CHECK (kind IN ('reminder', 'escalation', 'action_required'))`);
    await db.query(`
      ALTER TABLE notifications ADD COLUMN topic text NOT NULL DEFAULT 'document_missing'
        CHECK (topic IN ('document_missing', 'dmp_consent', 'dmp_authorization', 'dmp_identity', 'dmp_correction'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notifications DROP COLUMN topic`);
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await db.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('reminder', 'escalation'))`,
    );
    for (const kind of ['bilan_initial', 'compte_rendu']) {
      await db.query(`
        ALTER TABLE pathways
          DROP COLUMN ${kind}_dmp_status, DROP COLUMN ${kind}_dmp_waiting_for,
          DROP COLUMN ${kind}_dmp_skip_reason, DROP COLUMN ${kind}_dmp_unique_id,
          DROP COLUMN ${kind}_dmp_filed_at, DROP COLUMN ${kind}_dmp_reason`);
    }
    await db.query(`ALTER TABLE pathways DROP CONSTRAINT pathways_step_check`);
    await db.query(`
      ALTER TABLE pathways ADD CONSTRAINT pathways_step_check
        CHECK (step IN ('bilan_initial', 'care', 'compte_rendu', 'closed'))`);
    await db.query(`
      ALTER TABLE documents
        DROP COLUMN hidden_from_patient, DROP COLUMN hidden_from_professionals,
        DROP COLUMN hidden_from_legal_representatives, DROP COLUMN replaces_document_id, DROP COLUMN version_number`);
    await db.query(
      `ALTER TABLE cpts DROP COLUMN bilan_initial_type_code, DROP COLUMN compte_rendu_type_code`,
    );
    await db.query(`
      ALTER TABLE practitioners
        DROP COLUMN structure_id_nat, DROP COLUMN structure_name,
        DROP COLUMN facility_type_code, DROP COLUMN practice_setting_code`);
  }
}
