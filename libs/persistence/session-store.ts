import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { TextSealer } from './sealed-text';

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
export const PENDING_LOGIN_MINUTES = 10;

/** A session's last use is written at most this often (not on every request). */
const TOUCH_EVERY_SECONDS = 60;

export interface SessionRules {
  /** Seals the PSC id token at rest (the engine's payload keys). */
  sealer: TextSealer;
  /** A session unused for this long is closed, whatever its absolute lifetime. */
  idleMinutes: number;
}

/**
 * Logins under way and open sessions. A session's token is given to the
 * browser once (its cookie) and stored only as a SHA-256; a login attempt is
 * taken once, so a replayed callback finds nothing. A session ends at its
 * absolute expiry or after `idleMinutes` without use, whichever comes first;
 * the PSC id token it keeps for logout is stored sealed.
 */
export class SessionStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: SessionRules,
  ) {}

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
    // A CPS session has no id token: nothing to seal.
    const idToken = session.idToken === '' ? '' : this.rules.sealer.seal(session.idToken);
    const [row]: { expires_at: Date }[] = await this.dataSource.query(
      `INSERT INTO user_sessions (token_sha256, id_nat_ps, practitioner_id, id_token, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))
       RETURNING expires_at`,
      [sha256(token), session.idNatPs, session.practitionerId, idToken, hours],
    );
    return { token, expiresAt: row.expires_at };
  }

  /** The open session of this token, its use recorded (which keeps it from going idle). */
  async find(token: string): Promise<UserSession | undefined> {
    const [row]: SessionRow[] = await this.dataSource.query(
      `WITH live AS (
         SELECT token_sha256, id_nat_ps, practitioner_id, id_token, expires_at, last_seen_at
           FROM user_sessions
          WHERE token_sha256 = $1 AND expires_at > now()
            AND last_seen_at > now() - make_interval(mins => $2)),
       touched AS (
         UPDATE user_sessions s SET last_seen_at = now() FROM live
          WHERE s.token_sha256 = live.token_sha256
            AND live.last_seen_at < now() - make_interval(secs => $3))
       SELECT id_nat_ps, practitioner_id, id_token, expires_at FROM live`,
      [sha256(token), this.rules.idleMinutes, TOUCH_EVERY_SECONDS],
    );
    return row ? this.sessionOf(row) : undefined;
  }

  /**
   * Closes a session; returns it when it was open, with its id token opened
   * ('' when it has none, or when it was sealed with a key this engine no longer holds).
   */
  async close(token: string): Promise<UserSession | undefined> {
    const [row]: SessionRow[] = await this.dataSource.query(
      `WITH closed AS (
         DELETE FROM user_sessions
          WHERE token_sha256 = $1
          RETURNING id_nat_ps, practitioner_id, id_token, expires_at, last_seen_at)
       SELECT id_nat_ps, practitioner_id, id_token, expires_at FROM closed
        WHERE expires_at > now() AND last_seen_at > now() - make_interval(mins => $2)`,
      [sha256(token), this.rules.idleMinutes],
    );
    return row ? this.sessionOf(row) : undefined;
  }

  private sessionOf(row: SessionRow): UserSession {
    return {
      idNatPs: row.id_nat_ps,
      practitionerId: row.practitioner_id,
      idToken: row.id_token === '' ? '' : (this.rules.sealer.open(row.id_token) ?? ''),
      expiresAt: row.expires_at,
    };
  }
}

interface SessionRow {
  id_nat_ps: string;
  practitioner_id: string | null;
  id_token: string;
  expires_at: Date;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
