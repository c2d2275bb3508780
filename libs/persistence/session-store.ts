import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface UserSession {
  idNatPs: string;
  practitionerId: string | null;
  /** For the logout at Pro Santé Connect (id_token_hint). */
  idToken: string;
  expiresAt: Date;
}

/** A login not completed within this time is forgotten. */
const PENDING_LOGIN_MINUTES = 10;

/**
 * Logins under way and open sessions. A session's token is given to the
 * browser once (its cookie) and stored only as a SHA-256; a login attempt is
 * taken once, so a replayed callback finds nothing.
 */
export class SessionStore {
  constructor(private readonly dataSource: DataSource) {}

  async savePending(login: PendingLogin): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM login_attempts WHERE created_at < now() - make_interval(mins => $1)`,
      [PENDING_LOGIN_MINUTES],
    );
    await this.dataSource.query(
      `INSERT INTO login_attempts (state, nonce, code_verifier) VALUES ($1, $2, $3)`,
      [login.state, login.nonce, login.codeVerifier],
    );
  }

  /** The login started with this state, removed as it is read; undefined if unknown or too old. */
  async takePending(state: string): Promise<PendingLogin | undefined> {
    const rows: { state: string; nonce: string; code_verifier: string }[] =
      await this.dataSource.query(
        // Through a SELECT: TypeORM answers a bare DELETE … RETURNING as [rows, count].
        `WITH taken AS (
           DELETE FROM login_attempts
            WHERE state = $1 AND created_at >= now() - make_interval(mins => $2)
            RETURNING state, nonce, code_verifier)
         SELECT * FROM taken`,
        [state, PENDING_LOGIN_MINUTES],
      );
    const [row] = rows;
    return row
      ? { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier }
      : undefined;
  }

  /** Opens a session; returns the token for the cookie (never stored as such). */
  async open(
    session: Omit<UserSession, 'expiresAt'>,
    hours: number,
  ): Promise<{ token: string; expiresAt: Date }> {
    // Expired sessions are of no use to anyone: cleared as new ones open (logins are audited apart).
    await this.dataSource.query(`DELETE FROM user_sessions WHERE expires_at < now()`);
    const token = randomBytes(32).toString('base64url');
    const [row]: { expires_at: Date }[] = await this.dataSource.query(
      `INSERT INTO user_sessions (token_sha256, id_nat_ps, practitioner_id, id_token, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))
       RETURNING expires_at`,
      [sha256(token), session.idNatPs, session.practitionerId, session.idToken, hours],
    );
    return { token, expiresAt: row.expires_at };
  }

  async find(token: string): Promise<UserSession | undefined> {
    const [row]: {
      id_nat_ps: string;
      practitioner_id: string | null;
      id_token: string;
      expires_at: Date;
    }[] = await this.dataSource.query(
      `SELECT id_nat_ps, practitioner_id, id_token, expires_at FROM user_sessions
        WHERE token_sha256 = $1 AND expires_at > now()`,
      [sha256(token)],
    );
    return row
      ? {
          idNatPs: row.id_nat_ps,
          practitionerId: row.practitioner_id,
          idToken: row.id_token,
          expiresAt: row.expires_at,
        }
      : undefined;
  }

  /** Closes a session; returns it when it was open. */
  async close(token: string): Promise<UserSession | undefined> {
    const session = await this.find(token);
    await this.dataSource.query(`DELETE FROM user_sessions WHERE token_sha256 = $1`, [
      sha256(token),
    ]);
    return session;
  }
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
