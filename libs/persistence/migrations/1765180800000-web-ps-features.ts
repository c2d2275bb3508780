import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the DMP's Web PS and MSSanté webmail do that the engine now does too
 * (issue 12): documents written online, alerts on new DMP documents, and
 * conversations with patients at their Mon espace santé address.
 */
export class WebPsFeatures1765180800000 implements MigrationInterface {
  name = 'WebPsFeatures1765180800000';

  async up(db: QueryRunner): Promise<void> {
    // A document typed online is stored as text/plain, like an attached .txt, but rendered as PDF for mail.
    await db.query(
      `ALTER TABLE documents ADD COLUMN written_online boolean NOT NULL DEFAULT false`,
    );

    // Each practitioner's choice: alerted of new DMP documents or not, and at which MSSanté address.
    await db.query(`
      CREATE TABLE dmp_alert_settings (
        practitioner_id uuid PRIMARY KEY REFERENCES practitioners (id),
        enabled boolean NOT NULL,
        address text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (NOT enabled OR address IS NOT NULL)
      )`);
    // When the engine last looked at a patient's DMP for a practitioner; the first look sets the baseline.
    await db.query(`
      CREATE TABLE dmp_alert_watches (
        practitioner_id uuid NOT NULL REFERENCES practitioners (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        first_look_at timestamptz NOT NULL,
        last_look_at timestamptz NOT NULL,
        last_problem text,
        PRIMARY KEY (practitioner_id, patient_id)
      )`);
    // Every DMP document a practitioner has been shown or alerted of, once per uniqueId (the dedup key).
    // Metadata only (type, date, author): never the content.
    await db.query(`
      CREATE TABLE dmp_alert_documents (
        practitioner_id uuid NOT NULL REFERENCES practitioners (id),
        dmp_unique_id text NOT NULL,
        patient_id uuid NOT NULL REFERENCES patients (id),
        pathway_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('baseline', 'to_alert', 'alerted')),
        type_code text,
        type_label text,
        document_date text,
        author text,
        seen_at timestamptz NOT NULL,
        alerted_at timestamptz,
        notification_id text,
        mss_message_id text,
        PRIMARY KEY (practitioner_id, dmp_unique_id)
      )`);
    await db.query(
      `CREATE INDEX dmp_alert_documents_to_alert ON dmp_alert_documents (seen_at) WHERE status = 'to_alert'`,
    );

    // A DMP alert is a notification of its own kind; it names no document of the pathway.
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await db.query(`
      ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
        CHECK (kind IN ('reminder', 'escalation', 'action_required', 'alert'))`);
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_topic_check`);
    await db.query(`
      ALTER TABLE notifications ADD CONSTRAINT notifications_topic_check
        CHECK (topic IN ('document_missing', 'dmp_consent', 'dmp_authorization', 'dmp_identity',
                         'dmp_correction', 'dmp_new_document'))`);
    await db.query(`ALTER TABLE notifications ALTER COLUMN document_kind DROP NOT NULL`);
    await db.query(`ALTER TABLE notifications ADD COLUMN detail jsonb`);

    await db.query(`ALTER TABLE mss_messages DROP CONSTRAINT mss_messages_purpose_check`);
    await db.query(`
      ALTER TABLE mss_messages ADD CONSTRAINT mss_messages_purpose_check
        CHECK (purpose IN ('bilan_initial', 'compte_rendu', 'referral', 'notification',
                           'dmp_alert', 'patient_message'))`);

    // The conversation of a pathway with its patient: what the practitioner wrote, what the patient answered.
    await db.query(`
      CREATE TABLE patient_messages (
        id uuid PRIMARY KEY,
        pathway_id uuid NOT NULL,
        direction text NOT NULL CHECK (direction IN ('to_patient', 'from_patient')),
        message_id text NOT NULL UNIQUE,
        in_reply_to text,
        patient_address text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        document_ids uuid[] NOT NULL DEFAULT '{}',
        ends_conversation boolean NOT NULL DEFAULT false,
        after_end boolean NOT NULL DEFAULT false,
        status text NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'received')),
        detail text,
        written_by text,
        created_at timestamptz NOT NULL,
        sent_at timestamptz
      )`);
    await db.query(
      `CREATE INDEX patient_messages_of_pathway ON patient_messages (pathway_id, created_at)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE patient_messages`);
    await db.query(`DELETE FROM mss_messages WHERE purpose IN ('dmp_alert', 'patient_message')`);
    await db.query(`ALTER TABLE mss_messages DROP CONSTRAINT mss_messages_purpose_check`);
    await db.query(`
      ALTER TABLE mss_messages ADD CONSTRAINT mss_messages_purpose_check
        CHECK (purpose IN ('bilan_initial', 'compte_rendu', 'referral', 'notification'))`);
    await db.query(`DELETE FROM notifications WHERE kind = 'alert'`);
    await db.query(`ALTER TABLE notifications DROP COLUMN detail`);
    await db.query(`ALTER TABLE notifications ALTER COLUMN document_kind SET NOT NULL`);
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_topic_check`);
    await db.query(`
      ALTER TABLE notifications ADD CONSTRAINT notifications_topic_check
        CHECK (topic IN ('document_missing', 'dmp_consent', 'dmp_authorization', 'dmp_identity', 'dmp_correction'))`);
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await db.query(`
      ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
        CHECK (kind IN ('reminder', 'escalation', 'action_required'))`);
    await db.query(`DROP TABLE dmp_alert_documents`);
    await db.query(`DROP TABLE dmp_alert_watches`);
    await db.query(`DROP TABLE dmp_alert_settings`);
    await db.query(`ALTER TABLE documents DROP COLUMN written_online`);
  }
}
