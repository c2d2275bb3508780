import { XDS_ACTIONS } from '../client';
import { DMP_TD_ACTIONS, httpBody } from '../transport';
import { testAuthorizationHandler, updateAuthorizationHandler } from './authorization-transactions';
import type { SandboxRequest, SandboxRouter } from './https-server';
import { SANDBOX_PATHS } from './options';
import { provideAndRegisterHandler } from './provide-and-register';
import { registryStoredQueryHandler } from './registry-stored-query';
import { retrieveDocumentSetHandler } from './retrieve-document-set';
import type { SandboxServices } from './services';
import { type HttpAnswer, type SoapHandler, answerSoap } from './soap-endpoint';
import { answerSubmissions } from './submissions-api';
import { answerWebPortal } from './web-portal';

/**
 * Which path serves what: the XDS.b repository (ITI-41, ITI-43) and registry
 * (ITI-18), the DMP's TD0.2/TD0.3, each told apart by its SOAP action on its
 * own endpoint, the TD0.9 portal, and the demo's view of what was received.
 */
export interface RouterOptions {
  services: SandboxServices;
  trustedCaPem: readonly string[];
  /** The portal's public URL: the audience its tokens must name. */
  webPortalUrl: () => string;
  log: (line: string) => void;
  now?: () => Date;
}

export function sandboxRouter(options: RouterOptions): SandboxRouter {
  const { services } = options;
  const now = options.now ?? (() => new Date());
  const soapEndpoints = new Map<string, ReadonlyMap<string, SoapHandler>>([
    [
      SANDBOX_PATHS.repository,
      new Map([
        [XDS_ACTIONS.provideAndRegister, provideAndRegisterHandler(services)],
        [XDS_ACTIONS.retrieveDocumentSet, retrieveDocumentSetHandler(services)],
      ]),
    ],
    [
      SANDBOX_PATHS.registry,
      new Map([[XDS_ACTIONS.registryStoredQuery, registryStoredQueryHandler(services)]]),
    ],
    [
      SANDBOX_PATHS.transactions,
      new Map([
        [DMP_TD_ACTIONS.testAuthorization, testAuthorizationHandler(services)],
        [DMP_TD_ACTIONS.updateAuthorization, updateAuthorizationHandler(services)],
      ]),
    ],
  ]);

  return async (request: SandboxRequest): Promise<HttpAnswer> => {
    const path = request.url.pathname;
    const handlers = soapEndpoints.get(path);
    if (handlers) {
      if (request.method !== 'POST') return methodNotAllowed('POST');
      return answerSoap(request, {
        handlers,
        trustedCaPem: options.trustedCaPem,
        now,
        log: options.log,
      });
    }
    if (path === SANDBOX_PATHS.webPortal) {
      if (request.method !== 'GET') return methodNotAllowed('GET');
      return answerWebPortal(request.url, {
        services,
        trustedCaPem: options.trustedCaPem,
        audience: options.webPortalUrl(),
        now: now(),
      });
    }
    if (path === SANDBOX_PATHS.submissions || path.startsWith(`${SANDBOX_PATHS.submissions}/`)) {
      if (request.method !== 'GET') return methodNotAllowed('GET');
      return (await answerSubmissions(path, services.store)) ?? notFound();
    }
    return notFound();
  };
}

function plain(status: number, text: string, headers?: Record<string, string>): HttpAnswer {
  return {
    status,
    body: httpBody('text/plain; charset=utf-8', [Buffer.from(`${text}\n`, 'utf8')]),
    ...(headers ? { headers } : {}),
  };
}

const notFound = (): HttpAnswer => plain(404, 'not found');
const methodNotAllowed = (allow: string): HttpAnswer =>
  plain(405, `method not allowed (${allow} only)`, { Allow: allow });
