import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * MSSanté: the messages each pathway sent (with their delivery and read
 * acknowledgments), what arrived in the engine's mailbox, where the mailbox
 * poll stands, the coordinators' MSSanté address, the delivery of
 * notifications by MSSanté, and the pathway's dispatches in the read model.
 */
export class MssSending1764316800000 implements MigrationInterface {
  name = 'MssSending1764316800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE cpts ADD COLUMN coordinator_mss_address text`);
    await db.query(`ALTER TABLE pathways ADD COLUMN mss_dispatches jsonb NOT NULL DEFAULT '[]'`);
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_delivery_status_check`);
    await db.query(`
      ALTER TABLE notifications
        ADD CONSTRAINT notifications_delivery_status_check
          CHECK (delivery_status IN ('pending', 'sent', 'failed', 'not_sendable')),
        ADD COLUMN mss_message_id text,
        ADD COLUMN delivery_detail text,
        ADD COLUMN delivery_attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN next_attempt_at timestamptz`);
    await db.query(
      `CREATE INDEX notifications_pending ON notifications (next_attempt_at) WHERE delivery_status = 'pending'`,
    );
    await db.query(`
      CREATE TABLE mss_messages (
        message_id text PRIMARY KEY,
        pathway_id uuid NOT NULL,
        purpose text NOT NULL CHECK (purpose IN ('bilan_initial', 'compte_rendu', 'referral', 'notification')),
        subject_id text NOT NULL,
        recipient text NOT NULL,
        sent_at timestamptz NOT NULL,
        delivery_status text NOT NULL DEFAULT 'pending'
          CHECK (delivery_status IN ('pending', 'delivered', 'delayed', 'failed')),
        delivery_detail text,
        delivered_at timestamptz,
        read_at timestamptz,
        disposition text,
        replies integer NOT NULL DEFAULT 0,
        last_reply_at timestamptz
      )`);
    await db.query(`CREATE INDEX mss_messages_pathway ON mss_messages (pathway_id, sent_at)`);
    await db.query(`
      CREATE TABLE mss_incoming (
        mailbox text NOT NULL,
        uid_validity text NOT NULL,
        uid bigint NOT NULL,
        message_id text,
        kind text NOT NULL CHECK (kind IN ('delivery_status', 'read_receipt', 'reply', 'other')),
        answers_message_id text REFERENCES mss_messages(message_id),
        sender text,
        subject text,
        received_at timestamptz NOT NULL,
        raw bytea NOT NULL,
        PRIMARY KEY (mailbox, uid_validity, uid)
      )`);
    await db.query(`CREATE INDEX mss_incoming_answers ON mss_incoming (answers_message_id)`);
    await db.query(`
      CREATE TABLE mss_mailbox_cursors (
        mailbox text PRIMARY KEY,
        uid_validity text NOT NULL,
        last_uid bigint NOT NULL,
        polled_at timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE mss_mailbox_cursors`);
    await db.query(`DROP TABLE mss_incoming`);
    await db.query(`DROP TABLE mss_messages`);
    await db.query(`DROP INDEX notifications_pending`);
    await db.query(`
      ALTER TABLE notifications
        DROP COLUMN mss_message_id, DROP COLUMN delivery_detail,
        DROP COLUMN delivery_attempts, DROP COLUMN next_attempt_at`);
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_delivery_status_check`);
    await db.query(`
      ALTER TABLE notifications ADD CONSTRAINT notifications_delivery_status_check
        CHECK (delivery_status IN ('pending', 'sent', 'failed'))`);
    await db.query(`ALTER TABLE pathways DROP COLUMN mss_dispatches`);
    await db.query(`ALTER TABLE cpts DROP COLUMN coordinator_mss_address`);
  }
}
