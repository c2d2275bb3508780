import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

/** The shapes the API documents: its request bodies (DTOs) and its described answers. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];
export type Body<Name extends keyof components['schemas']> = Schema<Name>;

/** One field the API refused, as its problem body names it. */
export interface FieldProblem {
  field: string;
  problem: string;
}

/** An answer other than 2xx: the API's problem body (status, message, the fields at fault). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: FieldProblem[] = [],
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }

  /** What the API said about one field, if anything. */
  about(field: string): string | undefined {
    return this.problems.find((p) => p.field === field || p.field.startsWith(`${field}.`))?.problem;
  }
}

/** Where the browser goes when the session is over: the login, then back to this page. */
export function loginUrl(returnTo = currentPath()): string {
  return `/connexion?retour=${encodeURIComponent(returnTo)}`;
}

function currentPath(): string {
  return `${window.location.pathname}${window.location.search}`;
}

/** A session that expired (or was closed elsewhere) sends the page back to the login. */
const sessionExpiry: Middleware = {
  onResponse({ response, request }) {
    const isLoginProbe = new URL(request.url).pathname === '/auth/me';
    if (
      response.status === 401 &&
      !isLoginProbe &&
      !window.location.pathname.startsWith('/connexion')
    ) {
      window.location.assign(`${loginUrl()}&expiree=1`);
    }
    return response;
  },
};

/**
 * The engine's API, typed from its OpenAPI document (`npm run build` regenerates
 * schema.d.ts from the API's code: a route, a parameter or a body that changes
 * under a page breaks this app's type check). The session is the httpOnly cookie.
 */
export const api = createClient<paths>({
  baseUrl: window.location.origin,
  credentials: 'same-origin',
});
api.use(sessionExpiry);

/** The API's problem body read from a failed answer. */
export async function problemOf(response: Response, body?: unknown): Promise<ApiProblem> {
  const problem = (body ?? (await response.json().catch(() => ({})))) as {
    message?: string | string[];
    problems?: FieldProblem[];
  };
  const message = Array.isArray(problem.message) ? problem.message.join(' ; ') : problem.message;
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiProblem(
    response.status,
    message ?? messageOfStatus(response.status),
    problem.problems ?? [],
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}

function messageOfStatus(status: number): string {
  if (status === 503)
    return 'Le service est momentanément indisponible : réessayez dans un instant.';
  if (status === 404) return 'Introuvable.';
  if (status === 403) return "Vous n'avez pas accès à cette page.";
  return `Erreur ${status}`;
}

/**
 * The body of a successful answer, or the API's problem thrown. Its type is
 * the schema's where the OpenAPI document describes the answer; a page that
 * names its own `T` is checked against it (the answer must fit the page's
 * view). Answers the document does not describe yet are the page's `T`.
 */
export async function read<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw await problemOf(response, error);
  return data as T;
}

/**
 * A multipart upload with progress (fetch has no upload progress): the
 * document and its fields, to a route of the schema's upload operations.
 */
export function upload<T>(
  path: string,
  form: FormData,
  onProgress: (fraction: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.withCredentials = true;
    request.responseType = 'text';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onerror = () =>
      reject(new ApiProblem(0, "L'envoi a échoué : vérifiez la connexion et réessayez."));
    request.onload = () => {
      const text = request.responseText;
      const body: unknown = text ? JSON.parse(text) : undefined;
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve(body as T);
        return;
      }
      if (request.status === 401) window.location.assign(`${loginUrl()}&expiree=1`);
      const headers = new Headers();
      const retryAfter = request.getResponseHeader('retry-after');
      if (retryAfter) headers.set('retry-after', retryAfter);
      void problemOf(new Response(null, { status: request.status, headers }), body ?? {}).then(
        reject,
      );
    };
    request.send(form);
  });
}
