import { randomUUID, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import {
  type IncomingMessage,
  type Server,
  type ServerResponse,
  createServer as createHttpServer,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  type Address,
  type Bundle,
  type BundleEntry,
  FHIR_JSON,
  type FhirResource,
  type Identifier,
  type Meta,
  type OperationOutcome,
  type Organization,
  PROFILES,
  type PractitionerRole,
} from '../fhir-types';
import {
  type PublishedPractitioner,
  checkSandboxPractitioner,
  organizationResource,
  publish,
} from './fhir-resources';
import type { SandboxPractitioner } from './practitioners';

/**
 * A local stand-in for the Annuaire Santé FHIR API v2, for tests and demos: a
 * real HTTP server on loopback (HTTPS when given a key and certificate) that
 * answers the searches the engine makes, as the API documents them, with
 * Bundles shaped like the API's. Test practitioners only (RPPS 99700…).
 *
 *   GET /fhir/v2/metadata
 *   GET /fhir/v2/Practitioner?identifier=…[&_revinclude=PractitionerRole:practitioner][&_count=n]
 *   GET /fhir/v2/Practitioner?family=…|name=…[&qualification-code=10][&active=true][&_revinclude=…]
 *   GET /fhir/v2/PractitionerRole?practitioner=…[&_include=PractitionerRole:organization]
 *   GET /fhir/v2/Organization?_id=…
 *   GET /fhir/v2/{Practitioner|PractitionerRole|Organization}/{id}
 *   GET /fhir/v2?_getpages=…&_getpagesoffset=… (the `next` links it writes)
 *
 * Every request needs the ESANTE-API-KEY header (401 otherwise); only GET is
 * served (405); an unknown search parameter is a 400, as HAPI answers.
 * `family` and `name` match as FHIR string search: without case or accents,
 * from the start of the family name (`name`: of the family or a given name).
 */

export interface AnnuaireSandboxOptions {
  practitioners: readonly SandboxPractitioner[];
  apiKey: string;
  /** 127.0.0.1 by default. */
  host?: string;
  /** 0 (any free port) by default. */
  port?: number;
  /** Serve HTTPS with this key and certificate (PEM) instead of HTTP. */
  tls?: { privateKeyPem: string; certificatePem: string };
  /** Matches per page when the request gives no _count; 50 as the API. */
  pageSize?: number;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface StoredSearch {
  selfUrl: string;
  groups: Array<{ match: FhirResource; includes: FhirResource[] }>;
}

const FHIR_PATH = '/fhir/v2';
const MAX_COUNT = 1000;
const MAX_STORED_SEARCHES = 200;

const SEARCH_PARAMETERS: Record<string, readonly string[]> = {
  Practitioner: [
    '_id',
    'identifier',
    'active',
    'family',
    'name',
    'qualification-code',
    '_revinclude',
    '_count',
  ],
  PractitionerRole: ['_id', 'practitioner', 'active', '_include', '_count'],
  Organization: ['_id', '_count'],
};

const SEARCH_PARAMETER_TYPES: Record<string, string> = {
  practitioner: 'reference',
  family: 'string',
  name: 'string',
};

export class AnnuaireSandbox {
  readonly baseUrl: string;
  private readonly practitioners = new Map<string, PublishedPractitioner>();
  private readonly organizations = new Map<string, Organization>();
  private readonly organizationIds = new Map<string, string>();
  private readonly searches = new Map<string, StoredSearch>();
  private readonly apiKey: Buffer;
  private readonly pageSize: number;
  private readonly updatedAt = new Date().toISOString();

  private constructor(
    private readonly server: Server,
    baseUrl: string,
    options: AnnuaireSandboxOptions,
  ) {
    this.baseUrl = baseUrl;
    this.apiKey = Buffer.from(options.apiKey, 'utf8');
    this.pageSize = options.pageSize ?? 50;
  }

  static async start(options: AnnuaireSandboxOptions): Promise<AnnuaireSandbox> {
    if (!options.apiKey) throw new Error('AnnuaireSandbox: apiKey is required');
    const host = options.host ?? '127.0.0.1';
    // The server answers once the sandbox around it exists, a moment after it listens.
    const started: { sandbox?: AnnuaireSandbox } = {};
    const handler = (request: IncomingMessage, response: ServerResponse) => {
      const answer = started.sandbox
        ? started.sandbox.answer(request)
        : { status: 503, body: outcome('transient', 'starting') };
      request.resume();
      write(response, answer);
    };
    const server: Server = options.tls
      ? createHttpsServer(
          {
            key: options.tls.privateKeyPem,
            cert: options.tls.certificatePem,
            minVersion: 'TLSv1.2',
          },
          handler,
        )
      : createHttpServer(handler);
    server.listen(options.port ?? 0, host);
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const hostInUrl = host.includes(':') ? `[${host}]` : host;
    const baseUrl = `${options.tls ? 'https' : 'http'}://${hostInUrl}:${port}${FHIR_PATH}`;
    const sandbox = new AnnuaireSandbox(server, baseUrl, options);
    for (const practitioner of options.practitioners) sandbox.add(practitioner);
    started.sandbox = sandbox;
    return sandbox;
  }

  /** Publishes one more practitioner (or replaces the one with the same RPPS). */
  add(practitioner: SandboxPractitioner): void {
    checkSandboxPractitioner(practitioner);
    const published = publish(
      practitioner,
      (name, address) => this.organizationIdOf(name, address),
      () => this.meta(),
    );
    this.practitioners.set(practitioner.rpps, published);
  }

  async stop(): Promise<void> {
    if (!this.server.listening) return;
    const closed = once(this.server, 'close');
    this.server.close();
    this.server.closeAllConnections();
    await closed;
  }

  private answer(request: IncomingMessage): Answer {
    if (request.method !== 'GET') {
      return {
        status: 405,
        headers: { Allow: 'GET' },
        body: outcome(
          'not-supported',
          `HTTP method ${request.method ?? '?'} is not allowed here: GET only`,
        ),
      };
    }
    const url = new URL(request.url ?? '/', this.baseUrl);
    if (!this.keyAccepted(request.headers['esante-api-key'])) {
      return {
        status: 401,
        headers: { 'WWW-Authenticate': 'ESANTE-API-KEY' },
        body: outcome('login', 'Unauthorized: missing or invalid ESANTE-API-KEY header'),
      };
    }
    if (url.pathname !== FHIR_PATH && !url.pathname.startsWith(`${FHIR_PATH}/`)) {
      return { status: 404, body: outcome('not-found', `no API at ${url.pathname}`) };
    }
    const segments = url.pathname
      .slice(FHIR_PATH.length)
      .split('/')
      .filter((s) => s !== '');
    if (segments.length === 0) return this.page(url);
    const [type, id, ...rest] = segments;
    if (type === 'metadata' && id === undefined)
      return { status: 200, body: this.capabilityStatement() };
    if (!(type in SEARCH_PARAMETERS)) {
      return {
        status: 404,
        body: outcome(
          'not-supported',
          `Unknown resource type '${type}' - Server knows how to handle: [${Object.keys(SEARCH_PARAMETERS).join(', ')}]`,
        ),
      };
    }
    if (id !== undefined) {
      const resource = rest.length === 0 ? this.all(type).find((r) => r.id === id) : undefined;
      return resource
        ? { status: 200, body: resource }
        : { status: 404, body: outcome('not-found', `Resource ${type}/${id} is not known`) };
    }
    return this.search(type, url);
  }

  private search(type: string, url: URL): Answer {
    const allowed = SEARCH_PARAMETERS[type];
    for (const name of new Set(url.searchParams.keys())) {
      if (!allowed.includes(name)) {
        return {
          status: 400,
          body: outcome(
            'processing',
            `Unknown search parameter "${name}" for resource type "${type}". Valid search parameters for this search are: [${allowed.join(', ')}]`,
          ),
        };
      }
    }
    const count = this.countOf(url);
    if (count === undefined) {
      return {
        status: 400,
        body: outcome('processing', `_count must be an integer from 1 to ${MAX_COUNT}`),
      };
    }
    const include = url.searchParams.getAll('_include');
    const revinclude = url.searchParams.getAll('_revinclude');
    const badInclude = include.find((v) => v !== 'PractitionerRole:organization' && v !== '*');
    const badRevinclude = revinclude.find((v) => v !== 'PractitionerRole:practitioner');
    if (badInclude ?? badRevinclude) {
      return {
        status: 400,
        body: outcome(
          'processing',
          `Invalid _include/_revinclude parameter value: "${badInclude ?? badRevinclude}"`,
        ),
      };
    }

    let matches = this.all(type);
    for (const [name, value] of url.searchParams) {
      if (name === '_id') matches = matches.filter((r) => anyOf(value, (v) => r.id === v));
      if (name === 'active') matches = matches.filter((r) => activeOf(r) === (value === 'true'));
      if (name === 'identifier') {
        matches = matches.filter((r) =>
          anyOf(value, (v) => identifierMatches(identifiersOf(r), v)),
        );
      }
      if (name === 'family') {
        matches = matches.filter((r) =>
          anyOf(value, (v) => namesOf(r, 'family').some(startsWith(v))),
        );
      }
      if (name === 'name') {
        matches = matches.filter((r) => anyOf(value, (v) => namesOf(r, 'any').some(startsWith(v))));
      }
      if (name === 'qualification-code') {
        matches = matches.filter((r) => anyOf(value, (v) => qualificationMatches(r, v)));
      }
      if (name === 'practitioner') {
        matches = matches.filter((r) =>
          anyOf(value, (v) => {
            const target = v.split('/').pop();
            return (
              r.resourceType === 'PractitionerRole' &&
              r.practitioner?.reference === `Practitioner/${target}`
            );
          }),
        );
      }
    }
    const groups = matches.map((match) => ({
      match,
      includes: [
        ...(revinclude.length > 0 && match.resourceType === 'Practitioner'
          ? this.rolesOf(match.id)
          : []),
        ...(include.length > 0 && match.resourceType === 'PractitionerRole'
          ? this.organizationOf(match)
          : []),
      ],
    }));
    return { status: 200, body: this.bundle({ selfUrl: url.href, groups }, 0, count) };
  }

  /** A next page of a stored search, as HAPI's `_getpages` links. */
  private page(url: URL): Answer {
    const id = url.searchParams.get('_getpages');
    if (!id)
      return {
        status: 400,
        body: outcome('not-supported', 'only searches by resource type are served'),
      };
    const stored = this.searches.get(id);
    if (!stored) {
      return {
        status: 410,
        body: outcome('not-found', `Search ID "${id}" does not exist and may have expired`),
      };
    }
    const offset = Number(url.searchParams.get('_getpagesoffset') ?? '0');
    const count = this.countOf(url);
    if (!Number.isInteger(offset) || offset < 0 || count === undefined) {
      return { status: 400, body: outcome('processing', 'invalid _getpagesoffset or _count') };
    }
    return { status: 200, body: this.bundle(stored, offset, count, id) };
  }

  private bundle(search: StoredSearch, offset: number, count: number, storedId?: string): Bundle {
    const groups = search.groups.slice(offset, offset + count);
    const entries: BundleEntry[] = [];
    const seen = new Set<string>();
    for (const group of groups) {
      entries.push(this.entry(group.match, 'match'));
      for (const include of group.includes) {
        const key = `${include.resourceType}/${include.id ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        entries.push(this.entry(include, 'include'));
      }
    }
    const link = [{ relation: 'self', url: search.selfUrl }];
    if (offset + count < search.groups.length) {
      const id = storedId ?? this.store(search);
      const next = new URL(this.baseUrl);
      next.searchParams.set('_getpages', id);
      next.searchParams.set('_getpagesoffset', String(offset + count));
      next.searchParams.set('_count', String(count));
      next.searchParams.set('_bundletype', 'searchset');
      link.push({ relation: 'next', url: next.href });
    }
    return {
      resourceType: 'Bundle',
      id: randomUUID(),
      meta: { lastUpdated: new Date().toISOString() },
      type: 'searchset',
      total: search.groups.length,
      link,
      entry: entries,
    };
  }

  private entry(resource: FhirResource, mode: 'match' | 'include'): BundleEntry {
    return {
      fullUrl: `${this.baseUrl}/${resource.resourceType}/${resource.id ?? ''}`,
      resource,
      search: { mode },
    };
  }

  private store(search: StoredSearch): string {
    const id = randomUUID();
    this.searches.set(id, search);
    if (this.searches.size > MAX_STORED_SEARCHES) {
      const oldest = this.searches.keys().next().value;
      if (oldest !== undefined) this.searches.delete(oldest);
    }
    return id;
  }

  private countOf(url: URL): number | undefined {
    const raw = url.searchParams.get('_count');
    if (raw === null) return this.pageSize;
    const count = Number(raw);
    return Number.isInteger(count) && count >= 1 && count <= MAX_COUNT ? count : undefined;
  }

  private all(type: string): FhirResource[] {
    const published = [...this.practitioners.values()];
    if (type === 'Practitioner') return published.map((p) => p.practitioner);
    if (type === 'PractitionerRole') return published.flatMap((p) => p.roles);
    if (type === 'Organization') return [...this.organizations.values()];
    return [];
  }

  private rolesOf(practitionerId: string | undefined): PractitionerRole[] {
    return [...this.practitioners.values()]
      .flatMap((p) => p.roles)
      .filter((r) => r.practitioner?.reference === `Practitioner/${practitionerId ?? ''}`);
  }

  private organizationOf(role: PractitionerRole): Organization[] {
    const id = role.organization?.reference?.split('/').pop();
    const organization = id ? this.organizations.get(id) : undefined;
    return organization ? [organization] : [];
  }

  /** The structure of this name (one per name), created on first use; it takes the first address given. */
  private organizationIdOf(name: string, address?: Address): string {
    const known = this.organizationIds.get(name);
    if (known) {
      const organization = this.organizations.get(known);
      if (address && organization && !organization.address) {
        this.organizations.set(known, { ...organization, address: [address] });
      }
      return known;
    }
    const id = `001-sbx-${this.organizationIds.size + 1}`;
    this.organizationIds.set(name, id);
    this.organizations.set(id, organizationResource(id, name, this.meta(), address));
    return id;
  }

  private meta(): Meta {
    return { versionId: '1', lastUpdated: this.updatedAt, source: 'https://annuaire.sante.fr' };
  }

  private keyAccepted(header: string | string[] | undefined): boolean {
    if (typeof header !== 'string') return false;
    const given = Buffer.from(header, 'utf8');
    return given.length === this.apiKey.length && timingSafeEqual(given, this.apiKey);
  }

  private capabilityStatement() {
    const searchParam = (names: readonly string[]) =>
      names
        .filter((n) => !n.startsWith('_') || n === '_id')
        .map((name) => ({ name, type: SEARCH_PARAMETER_TYPES[name] ?? 'token' }));
    return {
      resourceType: 'CapabilityStatement',
      status: 'active',
      date: this.updatedAt,
      publisher: 'Annuaire Santé sandbox (acces-direct)',
      kind: 'instance',
      software: { name: 'Annuaire Santé FHIR API v2 sandbox' },
      implementation: {
        description: 'Local sandbox of the Annuaire Santé FHIR API v2, test data only',
        url: this.baseUrl,
      },
      fhirVersion: '4.0.1',
      format: [FHIR_JSON, 'json'],
      rest: [
        {
          mode: 'server',
          resource: [
            {
              type: 'Practitioner',
              profile: PROFILES.practitioner[1],
              interaction: [{ code: 'search-type' }, { code: 'read' }],
              searchRevInclude: ['PractitionerRole:practitioner'],
              searchParam: searchParam(SEARCH_PARAMETERS.Practitioner),
            },
            {
              type: 'PractitionerRole',
              profile: PROFILES.practitionerRole[1],
              interaction: [{ code: 'search-type' }, { code: 'read' }],
              searchInclude: ['*', 'PractitionerRole:organization'],
              searchParam: searchParam(SEARCH_PARAMETERS.PractitionerRole),
            },
            {
              type: 'Organization',
              profile: PROFILES.organization[1],
              interaction: [{ code: 'search-type' }, { code: 'read' }],
              searchParam: searchParam(SEARCH_PARAMETERS.Organization),
            },
          ],
        },
      ],
    };
  }
}

/** A comma-separated token list matches when one of its values does (FHIR "OR"). */
function anyOf(list: string, test: (value: string) => boolean): boolean {
  return list.split(',').some((value) => value !== '' && test(value.trim()));
}

/** `value`, `system|value` or `|value` (no system), as FHIR token search. */
function identifierMatches(identifiers: readonly Identifier[], token: string): boolean {
  const bar = token.indexOf('|');
  if (bar < 0) return identifiers.some((i) => i.value === token);
  const system = token.slice(0, bar);
  const value = token.slice(bar + 1);
  return identifiers.some(
    (i) =>
      (system === '' ? i.system === undefined : i.system === system) &&
      (value === '' || i.value === value),
  );
}

/** FHIR string search: the value, without case or accents, starts with the parameter's. */
function startsWith(parameter: string): (value: string) => boolean {
  const prefix = fhirString(parameter);
  return (value) => prefix !== '' && fhirString(value).startsWith(prefix);
}

function fhirString(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/** A Practitioner's family names, or every part of its names (family, given, text) for `name`. */
function namesOf(resource: FhirResource, which: 'family' | 'any'): string[] {
  if (resource.resourceType !== 'Practitioner') return [];
  return (Array.isArray(resource.name) ? resource.name : []).flatMap((n) =>
    [n.family, ...(which === 'any' ? [...(n.given ?? []), n.text] : [])].filter(
      (part): part is string => typeof part === 'string' && part !== '',
    ),
  );
}

/** `code` or `system|code` against the profession of the exercice professionnel. */
function qualificationMatches(resource: FhirResource, token: string): boolean {
  if (resource.resourceType !== 'Practitioner') return false;
  const bar = token.indexOf('|');
  const system = bar < 0 ? undefined : token.slice(0, bar);
  const code = bar < 0 ? token : token.slice(bar + 1);
  const codings = resource.qualification?.flatMap((q) => q.code?.coding ?? []);
  return (codings ?? []).some(
    (c) => c.code === code && (system === undefined || (c.system ?? '') === system),
  );
}

function identifiersOf(resource: FhirResource): Identifier[] {
  return 'identifier' in resource && Array.isArray(resource.identifier) ? resource.identifier : [];
}

function activeOf(resource: FhirResource): boolean {
  return 'active' in resource ? resource.active !== false : true;
}

function outcome(code: string, diagnostics: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

function write(response: ServerResponse, answer: Answer): void {
  const body = JSON.stringify(answer.body, null, 2);
  response.writeHead(answer.status, {
    'Content-Type': `${FHIR_JSON};charset=utf-8`,
    'Content-Length': Buffer.byteLength(body),
    ...answer.headers,
  });
  response.end(body);
}
