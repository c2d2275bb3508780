import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError, parisDay, situationBlockingReason, situationValidity } from '@app/domain';
import { Directory, PENDING_LOGIN_MINUTES, SessionStore, SituationStore } from '@app/persistence';
import { PscClient, PscError } from '@app/psc';
import { ENGINE_RUNTIME, type EngineRuntime } from '../../shared/engine-runtime';
import type { PscRuntime } from '../../shared/psc-runtime';
import { CpsLogin } from './cps-login';
import { RolesOf } from './roles-of';
import type { Principal } from './principal';
import { PSC_CLIENT } from './psc-client.provider';
import { Public } from './public.decorator';
import { LoginRateLimit } from '../security/rate-limits';
import { SESSION_COOKIE, cookieValue, sessionToken } from './session-cookie';
import { UserAuditTrail } from './user-audit-trail';

/**
 * The login under way in this browser: its state, in a short-lived cookie set
 * by /auth/login and required by /auth/callback. A callback link carried to
 * another browser (login CSRF: the colleague would work in the sender's
 * session) finds no such cookie there. `__Host-` over https: no subdomain can
 * set or shadow it.
 */
const LOGIN_COOKIE = 'acces_direct_login';
const SECURE_LOGIN_COOKIE = `__Host-${LOGIN_COOKIE}`;

/**
 * The web app's page to come back to after a login it started
 * (`/auth/login?retour=/parcours/…`), kept beside the login cookie: the
 * callback then sends the browser there (or back to the login page with the
 * refusal) instead of answering JSON.
 */
const RETURN_COOKIE = 'acces_direct_return';
const SECURE_RETURN_COOKIE = `__Host-${RETURN_COOKIE}`;

/**
 * Login through Pro Santé Connect (e-CPS or CPS card behind it): the
 * authorization code flow with PKCE, state and nonce; the state, nonce and
 * verifier wait server-side for the callback, which may use them once, and
 * only in the browser that started the login. Or with a CPS card directly
 * (POST /auth/cps). A session is an httpOnly cookie; logging in again in the
 * same browser closes its earlier session; logins are rate-limited per client
 * address; login and logout go to the audit log.
 */
@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(PSC_CLIENT) private readonly psc: PscClient | undefined,
    @Inject(ENGINE_RUNTIME) private readonly runtime: EngineRuntime,
    private readonly directory: Directory,
    private readonly trail: UserAuditTrail,
    private readonly sessions: SessionStore,
    private readonly roles: RolesOf,
    private readonly cpsLogin: CpsLogin,
    private readonly situations: SituationStore,
  ) {}

  @Get('login')
  @LoginRateLimit()
  @ApiOperation({ summary: 'Start a Pro Santé Connect login (redirects to PSC)' })
  @ApiQuery({
    name: 'retour',
    required: false,
    description:
      "The web app's page to come back to (a path of this site): the callback then redirects there",
  })
  async login(@Req() req: Request, @Res() res: Response): Promise<void> {
    const request = await pscCall(() => this.client().authorizationRequest());
    await this.sessions.savePending(request);
    const cookie = this.loginCookie();
    const options = { ...cookie.options, maxAge: PENDING_LOGIN_MINUTES * 60_000 };
    res.cookie(cookie.name, request.state, options);
    const returnTo = webReturnPath(req.query.retour);
    if (returnTo) res.cookie(this.returnCookieName(), returnTo, options);
    else res.clearCookie(this.returnCookieName(), cookie.options);
    res.redirect(302, request.url);
  }

  @Get('callback')
  @LoginRateLimit()
  @ApiOperation({ summary: 'Where PSC sends the practitioner back: opens the session' })
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const returnTo = webReturnPath(cookieValue(req, this.returnCookieName()));
    if (!returnTo) {
      res.json(await this.completeCallback(req, res));
      return;
    }
    // A login the web app started: back to its page, or to its login page saying why not.
    res.clearCookie(this.returnCookieName(), this.loginCookie().options);
    try {
      await this.completeCallback(req, res);
      res.redirect(303, returnTo);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'unavailable') throw error;
      const query = new URLSearchParams({ retour: returnTo, refus: error.message });
      res.redirect(303, `/connexion?${query.toString()}`);
    }
  }

  private async completeCallback(req: Request, res: Response) {
    const query = new URL(req.originalUrl, 'http://callback.invalid').search;
    const state = new URLSearchParams(query).get('state');
    const cookie = this.loginCookie();
    const started = cookieValue(req, cookie.name);
    // Used or refused, the login of this browser is over.
    res.clearCookie(cookie.name, cookie.options);
    if (!state || !started || !sameSecret(state, started)) {
      throw new DomainError(
        'unauthorized',
        "cette connexion n'a pas été commencée dans ce navigateur : recommencez la connexion depuis ce navigateur (start the login again from this browser)",
        [{ field: 'state', problem: 'this browser did not start this login' }],
      );
    }
    const pending = await this.sessions.takePending(state);
    if (!pending) {
      throw new DomainError('unauthorized', 'this login is unknown, already used or expired', [
        { field: 'state', problem: 'no login under way has this state' },
      ]);
    }
    const login = await pscCall(() => this.client().completeLogin(query, pending));
    const { practitioner: psc } = login;
    return this.openSession(req, res, {
      idNatPs: psc.idNatPs,
      rpps: psc.rpps ?? undefined,
      name: `${psc.givenName} ${psc.familyName}`,
      idToken: login.tokens.idToken,
      method: 'psc',
      refusal:
        "Vous êtes bien identifié(e) par Pro Santé Connect, mais aucun praticien de ce numéro n'est enregistré ici : demandez à la coordination de votre CPTS de vous ajouter.",
    });
  }

  @Post('cps')
  @HttpCode(200)
  @LoginRateLimit()
  @ApiOperation({
    summary: 'Log in with a CPS card: its authentication certificate opens the session',
    description:
      'The certificate comes from the TLS handshake, or from the TLS-terminating proxy (CPS_CLIENT_CERT_HEADER); it is checked against IGC-Santé’s CAs and CRLs.',
  })
  async cps(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { practitioner: card, certificate } = this.cpsLogin.identify(req);
    return this.openSession(req, res, {
      idNatPs: card.idNatPs,
      rpps: card.rpps,
      name: [card.givenName, card.familyName].filter(Boolean).join(' '),
      // No PSC session to end at logout.
      idToken: '',
      method: 'cps',
      certificateSerial: certificate.serialNumber,
      refusal:
        "Votre carte CPS est valide, mais aucun praticien de ce numéro n'est enregistré ici : demandez à la coordination de votre CPTS de vous ajouter.",
    });
  }

  /**
   * Opens a session for a professional identified by PSC or by their CPS
   * card: an orthophoniste practising here, or a coordinator or administrator
   * (who may practise nothing here); anyone else is refused, and told what to do.
   * The session this browser held before, if any, is closed: one browser, one session.
   */
  private async openSession(
    req: Request,
    res: Response,
    who: {
      idNatPs: string;
      rpps: string | undefined;
      name: string;
      idToken: string;
      method: 'psc' | 'cps';
      certificateSerial?: string;
      refusal: string;
    },
  ) {
    const practitioner = who.rpps ? await this.directory.practitionerByRpps(who.rpps) : undefined;
    const principal = await this.roles.principal(who.idNatPs, practitioner?.id ?? null);
    const how = {
      method: who.method,
      ...(who.certificateSerial ? { certificateSerial: who.certificateSerial } : {}),
    };
    if (!practitioner && principal.coordinatorOf.length === 0 && !principal.administrator) {
      await this.record('login_refused', who.idNatPs, { reason: 'unknown_practitioner', ...how });
      throw new DomainError('forbidden', who.refusal);
    }
    const rules = this.sessionRules();
    const earlier = cookieValue(req, SESSION_COOKIE);
    const replaced = earlier ? await this.sessions.close(earlier) : undefined;
    const { token, expiresAt } = await this.sessions.open(
      { idNatPs: who.idNatPs, practitionerId: practitioner?.id ?? null, idToken: who.idToken },
      rules.sessionHours,
    );
    if (replaced) await this.record('session_replaced', replaced.idNatPs, { by: who.idNatPs });
    await this.record('login', who.idNatPs, { practitionerId: practitioner?.id ?? null, ...how });
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      secure: rules.secureCookies,
      sameSite: 'lax',
      path: '/',
      expires: expiresAt,
    });
    return {
      name: who.name,
      ...roles(principal),
      practitioner: practitioner ? { id: practitioner.id, rpps: practitioner.rpps } : null,
      expiresAt: expiresAt.toISOString(),
    };
  }

  @Get('methods')
  @ApiOperation({
    summary: 'How one may log in here: Pro Santé Connect, a CPS card (the login page shows those)',
  })
  methods() {
    return { psc: this.psc !== undefined, cps: this.runtime.cps !== undefined };
  }

  @Get('me')
  @ApiOperation({ summary: 'Who this session belongs to' })
  async me(@Req() req: Request) {
    const token = sessionToken(req);
    const session = token ? await this.sessions.find(token) : undefined;
    if (!session) throw new DomainError('unauthorized', 'no session: log in first');
    const current = session.practitionerId
      ? await this.situations.current(session.practitionerId)
      : undefined;
    const validity = situationValidity(current?.situation, parisDay(Date.now()));
    return {
      ...roles(await this.roles.principal(session.idNatPs, session.practitionerId)),
      expiresAt: session.expiresAt.toISOString(),
      // What the practitioner is shown at each login: missing, expiring (the reminder) or expired.
      situationExercice: session.practitionerId
        ? { validity, blockingReason: situationBlockingReason(validity) ?? null }
        : null,
    };
  }

  @Post('logout')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Close the session; answers where to send the browser to log out of PSC too',
  })
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const token = sessionToken(req);
    const session = token ? await this.sessions.close(token) : undefined;
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    if (!session) return { logoutUrl: null };
    await this.record('logout', session.idNatPs, {});
    // A CPS session has no PSC session to end.
    if (!this.psc || session.idToken === '') return { logoutUrl: null };
    const logoutUrl = await pscCall(() =>
      this.client().logoutUrl(
        session.idToken,
        this.pscRuntime().postLogoutRedirectUri,
        randomBytes(16).toString('base64url'),
      ),
    );
    return { logoutUrl };
  }

  private returnCookieName(): string {
    return this.sessionRules().secureCookies ? SECURE_RETURN_COOKIE : RETURN_COOKIE;
  }

  /** The login cookie's name and attributes (`__Host-` when cookies are Secure). */
  private loginCookie() {
    const secure = this.sessionRules().secureCookies;
    return {
      name: secure ? SECURE_LOGIN_COOKIE : LOGIN_COOKIE,
      // Sent on PSC's redirect back (a top-level navigation), not on a cross-site subrequest.
      options: { httpOnly: true, secure, sameSite: 'lax' as const, path: '/' },
    };
  }

  private client(): PscClient {
    if (!this.psc) {
      throw new DomainError('unavailable', 'login through Pro Santé Connect is not configured');
    }
    return this.psc;
  }

  private pscRuntime(): PscRuntime {
    return this.runtime.psc as PscRuntime;
  }

  /** PSC's session rules; for CPS logins without PSC, 4 hours and Secure cookies (a CPS login is always over TLS). */
  private sessionRules(): { sessionHours: number; secureCookies: boolean } {
    return this.runtime.psc ?? { sessionHours: 4, secureCookies: true };
  }

  /** Logins and logouts, in the user's audit stream (no health data: the national id only). */
  private async record(type: string, idNatPs: string, payload: Record<string, unknown>) {
    await this.trail.record(idNatPs, type, payload);
  }
}

/**
 * A page of this site to send the browser back to, or nothing: only a path
 * (never `//host` or `/\\host`, which browsers read as another site), of
 * printable characters, short — a login must not become an open redirect.
 */
export function webReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 512) return undefined;
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(value)) return undefined;
  return value;
}

/** The same secret, compared in constant time (the login cookie against the callback's state). */
function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Who the session is and what they may do, as /auth/callback and /auth/me answer it. */
function roles(principal: Principal) {
  return {
    idNatPs: principal.idNatPs,
    practitionerId: principal.practitionerId,
    coordinatorOf: principal.coordinatorOf,
    administrator: principal.administrator,
  };
}

/** PSC's answers as the API's errors: a refused login is a 401, PSC being down a 503. */
async function pscCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof PscError)) throw error;
    if (error.retryable) {
      throw new DomainError('unavailable', `Pro Santé Connect cannot be reached: ${error.message}`);
    }
    throw new DomainError('unauthorized', `login refused (${error.code}): ${error.message}`);
  }
}
