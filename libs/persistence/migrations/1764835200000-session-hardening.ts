import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions (security issue): the time of a session's last use, for the idle
 * timeout. The sessions open before this migration kept the PSC id token in
 * clear; they are closed (their holders log in again) rather than kept.
 */
export class SessionHardening1764835200000 implements MigrationInterface {
  name = 'SessionHardening1764835200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM user_sessions`);
    await db.query(
      `ALTER TABLE user_sessions ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now()`,
    );
    await db.query(`COMMENT ON COLUMN user_sessions.id_token IS 'sealed (AES-256-GCM), or empty'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE user_sessions DROP COLUMN last_seen_at`);
  }
}
