import type { FetchFunction } from '../pinned-fetch';

export interface SandboxLoginOptions {
  /**
   * The authentication level the sandbox records instead of eidas1, to test a
   * client's acr check. Not offered on the login page.
   */
  acr?: string;
  /** Press "Annuler" instead of choosing a practitioner: the client gets `access_denied`. */
  cancel?: boolean;
}

/** Where the sandbox's own interaction pages are (outside the issuer's path). */
export const INTERACTION_PATH = '/sandbox/interaction/';

const MAX_HOPS = 10;

/**
 * A scripted browser for the sandbox: follows its redirects, submits its
 * login and logout forms, and keeps its cookies (so a second login in the same
 * browser reuses the PSC session, and a logout ends it), as a practitioner's
 * browser would. It stops at the first URL outside the sandbox: the client's
 * redirect URI, with the code or the logout state.
 */
export class SandboxBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly fetch: FetchFunction,
    private readonly sandboxOrigin: string,
  ) {}

  /**
   * Opens the client's authorization URL and logs `practitioner` in (RPPS or
   * SubjectNameID); returns the URL the sandbox redirects the browser to: the
   * client's redirect URI with `code`, `state` and `iss` (or `error`).
   */
  async login(
    practitioner: string,
    authorizationUrl: string | URL,
    options: SandboxLoginOptions = {},
  ): Promise<URL> {
    const form = new URLSearchParams(
      options.cancel
        ? { cancel: '1' }
        : { practitioner, ...(options.acr ? { acr: options.acr } : {}) },
    );
    return this.follow(new URL(authorizationUrl), (url) =>
      url.pathname.startsWith(INTERACTION_PATH) ? form : undefined,
    );
  }

  /**
   * Opens the client's logout URL and confirms; returns the URL the sandbox
   * redirects to: the post-logout redirect URI with `state`.
   */
  async logout(endSessionUrl: string | URL): Promise<URL> {
    const confirmation = await this.request(new URL(endSessionUrl), 'GET');
    const html = await confirmation.text();
    const action = /<form id="op\.logoutForm" method="post" action="([^"]+)"/.exec(html)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !xsrf) {
      throw new Error(
        `the sandbox did not ask to confirm the logout (HTTP ${confirmation.status}): ${html.slice(0, 300)}`,
      );
    }
    const confirm = new URL(action.replace(/&amp;/g, '&'), endSessionUrl);
    return this.follow(confirm, (url) =>
      url.href === confirm.href ? new URLSearchParams({ xsrf, logout: 'yes' }) : undefined,
    );
  }

  /** GETs (or POSTs the form `formFor` gives) until a redirect leaves the sandbox. */
  private async follow(
    start: URL,
    formFor: (url: URL) => URLSearchParams | undefined,
  ): Promise<URL> {
    let url = start;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      if (url.origin !== this.sandboxOrigin) return url;
      const form = formFor(url);
      const response = await this.request(url, form ? 'POST' : 'GET', form);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        const body = await response.text();
        throw new Error(
          `the sandbox answered HTTP ${response.status} at ${url.pathname}: ${body.slice(0, 300)}`,
        );
      }
      url = new URL(location, url);
    }
    throw new Error(`more than ${MAX_HOPS} redirects in the sandbox`);
  }

  private async request(
    url: URL,
    method: 'GET' | 'POST',
    form?: URLSearchParams,
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'text/html' };
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (cookie) headers.cookie = cookie;
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await this.fetch(url.href, {
      method,
      headers,
      ...(form ? { body: form.toString() } : {}),
      redirect: 'manual',
    });
    this.keepCookies(response.headers.getSetCookie());
    return response;
  }

  /** Cookie paths are ignored: the sandbox never sets one name on two paths. */
  private keepCookies(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const separator = pair.indexOf('=');
      if (separator <= 0) continue;
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', raw = ''] = attribute.split('=');
        const k = key.trim().toLowerCase();
        if (k === 'max-age') return Number(raw) <= 0;
        if (k === 'expires') return Date.parse(raw) <= Date.now();
        return false;
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
