import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Logins through Pro Santé Connect (issue 5): the logins under way (state,
 * nonce and PKCE verifier, kept here rather than in the browser) and the
 * sessions they open. A session is known by the SHA-256 of its cookie value
 * only, so this table cannot be used to impersonate anyone.
 */
export class Sessions1764489600000 implements MigrationInterface {
  name = 'Sessions1764489600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE login_attempts (
        state text PRIMARY KEY,
        nonce text NOT NULL,
        code_verifier text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE user_sessions (
        token_sha256 text PRIMARY KEY,
        id_nat_ps text NOT NULL,
        practitioner_id uuid REFERENCES practitioners (id),
        id_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX user_sessions_expiry ON user_sessions (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE user_sessions`);
    await db.query(`DROP TABLE login_attempts`);
  }
}
