import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Anchors of the audit log (issue 10): at intervals the worker signs the head
 * of each chain (stream, last position, last hash) with HMAC-SHA-256 under
 * AUDIT_ANCHOR_KEY, a key the database does not hold. Removing a chain's
 * newest events, or rewriting a chain and hashing it again, then no longer
 * matches its latest anchor. Append-only like audit_events.
 */
export class AuditAnchors1765094400000 implements MigrationInterface {
  name = 'AuditAnchors1765094400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_anchors (
        id bigserial PRIMARY KEY,
        stream text NOT NULL,
        stream_seq integer NOT NULL CHECK (stream_seq > 0),
        hash char(64) NOT NULL,
        anchored_at timestamptz NOT NULL,
        key_id text NOT NULL,
        hmac char(64) NOT NULL,
        UNIQUE (stream, stream_seq)
      )`);
    await db.query(
      `COMMENT ON TABLE audit_anchors IS 'heads of the audit_events chains, signed (HMAC-SHA-256) under AUDIT_ANCHOR_KEY, which is not stored here'`,
    );
    await db.query(`
      CREATE FUNCTION audit_anchors_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_anchors is append-only (% refused)', TG_OP;
      END $$`);
    await db.query(`
      CREATE TRIGGER audit_anchors_no_change BEFORE UPDATE OR DELETE ON audit_anchors
      FOR EACH ROW EXECUTE FUNCTION audit_anchors_are_append_only()`);
    await db.query(`
      CREATE TRIGGER audit_anchors_no_truncate BEFORE TRUNCATE ON audit_anchors
      FOR EACH STATEMENT EXECUTE FUNCTION audit_anchors_are_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_anchors`);
    await db.query(`DROP FUNCTION audit_anchors_are_append_only`);
  }
}
