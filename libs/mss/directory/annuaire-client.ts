import { request as httpsRequest } from 'node:https';
import { MssError } from '../errors';
import {
  type DirectoryPhysician,
  type DirectoryPractitioner,
  chooseMailbox,
  isRecord,
  missingOrganizationIds,
  placesOf,
  practitionerFromResources,
  resourcesOf,
  rppsOf,
  rppsOfPractitioner,
  unnamedOrganizationIds,
} from './directory-model';
import { type Bundle, FHIR_JSON, type FhirResource, type Practitioner } from './fhir-types';
import { professionCodesOf } from './profession';

/**
 * Finds a médecin traitant's MSSanté address from their RPPS through the
 * Annuaire Santé FHIR API v2 (facts §3.7): one search,
 * `Practitioner?identifier=<RPPS>&_revinclude=PractitionerRole:practitioner`,
 * which the API documents and its CapabilityStatement lists, brings the
 * Practitioner (mailboxes tied to the RPPS only) and its PractitionerRoles
 * (mailboxes tied to RPPS + structure) together.
 *
 * It also searches médecins by name (searchPhysicians), for an orthophoniste
 * choosing a patient's médecin traitant.
 *
 * Every failure is an MssError: DIRECTORY_NOT_FOUND when the directory
 * answered and has nothing usable, DIRECTORY_UNAVAILABLE (retryable) when it
 * could not answer or refused us. Nothing here logs; an RPPS is not patient
 * data, and no patient data ever reaches this client.
 */

export interface AnnuaireSanteClientOptions {
  /** e.g. https://gateway.api.esante.gouv.fr/fhir/v2 (or a sandbox's baseUrl). */
  baseUrl: string;
  /** Sent as the ESANTE-API-KEY header. */
  apiKey: string;
  /** Per request; 30 s by default, the API's own limit. */
  timeoutMs?: number;
  /** Replaces the global fetch (tests). When given, `tls` is not used. */
  fetch?: typeof fetch;
  /** CAs to trust for an https base URL instead of the system's: a sandbox with a test certificate. */
  tls?: { caPem?: string[] };
}

/**
 * A professional as a CPTS onboards them: who they are, what profession they
 * practise (TRE_G15 codes, several for the rare holder of two) and every
 * MSSanté mailbox the directory lists for them.
 */
export interface DirectoryProfessional extends DirectoryPractitioner {
  professionCodes: string[];
}

/**
 * A search for a médecin: by `rpps` (11 digits, or idNat_PS "8" + RPPS), or by
 * `name` (the family name or its beginning, at least 2 letters, at most 100
 * characters; case and accents do not matter), which `town` narrows down (the
 * beginning of the city of one of the places they practise). A town alone is
 * no search: the Annuaire Santé cannot search practitioners by town. With an
 * RPPS, name and town are not used. Blank values count as absent.
 */
export interface PhysicianSearch {
  name?: string;
  town?: string;
  rpps?: string;
}

/** TRE_G15 code of the médecin. */
const MEDECIN_PROFESSION_CODE = '10';
/** A search by name lists this many physicians at most: one page, enough to choose from. */
export const MAX_PHYSICIAN_RESULTS = 20;
const MAX_SEARCH_TEXT_LENGTH = 100;
/** Names and towns: letters (any accent), spaces, hyphens, apostrophes, dots. */
const SEARCH_TEXT = /^[\p{L}\p{M} '’.-]+$/u;

export const ANNUAIRE_SANTE_BASE_URL = 'https://gateway.api.esante.gouv.fr/fhir/v2';
export const DEFAULT_DIRECTORY_TIMEOUT_MS = 30_000;
/** One practitioner and their roles fit in one page of 50; a few more pages are a generous bound. */
const MAX_PAGES = 5;
const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface HttpAnswer {
  status: number;
  body: string;
  location?: string;
}

type HttpGet = (
  url: URL,
  headers: Record<string, string>,
  timeoutMs: number,
) => Promise<HttpAnswer>;

export class AnnuaireSanteClient {
  private readonly base: URL;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  private readonly get: HttpGet;

  constructor(options: AnnuaireSanteClientOptions) {
    let base: URL;
    try {
      base = new URL(options.baseUrl.replace(/\/+$/, ''));
    } catch {
      throw new TypeError(`Annuaire Santé base URL "${options.baseUrl}" is not a URL`);
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') {
      throw new TypeError(`Annuaire Santé base URL "${options.baseUrl}" is not http(s)`);
    }
    if (!options.apiKey || options.apiKey.trim() === '') {
      throw new TypeError('Annuaire Santé API key is empty');
    }
    this.base = base;
    this.apiKey = options.apiKey;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_DIRECTORY_TIMEOUT_MS;
    const caPem = options.tls?.caPem ?? [];
    if (options.fetch) this.get = fetchGet(options.fetch);
    else if (caPem.length > 0 && base.protocol === 'https:') this.get = httpsGet(caPem);
    else this.get = fetchGet(globalThis.fetch);
  }

  /**
   * The practitioner with this RPPS (11 digits, or idNat_PS "8" + RPPS) and all
   * their MSSanté mailboxes, or undefined when the directory does not know it.
   */
  async findPractitioner(rpps: string): Promise<DirectoryPractitioner | undefined> {
    return (await this.lookup(rpps, { organizationNames: true }))?.practitioner;
  }

  /**
   * The practitioner with this RPPS with their professions (from the same
   * search: the Practitioner's qualifications and its roles' codes), or
   * undefined when the directory does not know it. Errors as findPractitioner.
   */
  async findProfessional(rpps: string): Promise<DirectoryProfessional | undefined> {
    const found = await this.lookup(rpps, { organizationNames: true });
    if (!found) return undefined;
    return {
      ...found.practitioner,
      professionCodes: professionCodesOf(found.resources, found.practitioner.id),
    };
  }

  /**
   * The MSSanté address to write to this médecin traitant (see chooseMailbox:
   * PER, then CAB, then ORG). Throws DIRECTORY_NOT_FOUND when the RPPS is
   * malformed or unknown, the practitioner no longer practises, or they have no
   * MSSanté mailbox; DIRECTORY_UNAVAILABLE when the directory cannot answer.
   */
  async mssAddressOf(rpps: string): Promise<string> {
    const practitioner = (await this.lookup(rpps, { organizationNames: false }))?.practitioner;
    const label = `RPPS ${rppsOf(rpps) ?? ''}`;
    if (!practitioner) {
      throw new MssError('DIRECTORY_NOT_FOUND', `${label} is not in the Annuaire Santé`);
    }
    if (!practitioner.active) {
      throw new MssError(
        'DIRECTORY_NOT_FOUND',
        `${label}: the Annuaire Santé lists this practitioner's exercise as closed (inactive)`,
      );
    }
    const mailbox = chooseMailbox(practitioner.mailboxes);
    if (!mailbox) {
      throw new MssError(
        'DIRECTORY_NOT_FOUND',
        `${label}: the Annuaire Santé lists no MSSanté mailbox for this practitioner`,
      );
    }
    return mailbox.address;
  }

  /**
   * Médecins (TRE_G15 profession 10) matching the search, each with the
   * MSSanté address chooseMailbox picks (null when none, or when the exercise
   * is closed) and the structures they practise at. By name:
   * `Practitioner?family=…&qualification-code=10&active=true&_revinclude=PractitionerRole:practitioner&_count=20`,
   * one page (at most 20), then one `Organization?_id=…` for the structures
   * the answer does not hold (their names and addresses); `town` keeps those
   * who practise in a city starting so. By RPPS: the RPPS lookup, and that
   * physician whatever their town, active or not (an empty list when unknown
   * or not a médecin).
   *
   * Throws a TypeError, before any request, for a search that is not one
   * (nothing to search by, a town alone, a name of fewer than 2 letters or
   * over 100 characters, a malformed RPPS); the values are not echoed.
   * DIRECTORY_UNAVAILABLE (retryable) when the directory cannot answer.
   */
  async searchPhysicians(search: PhysicianSearch): Promise<DirectoryPhysician[]> {
    const query = physicianQueryOf(search);
    const resources =
      'rpps' in query
        ? await this.search('Practitioner', {
            identifier: query.rpps,
            _revinclude: 'PractitionerRole:practitioner',
          })
        : await this.searchPage('Practitioner', {
            family: query.name,
            'qualification-code': MEDECIN_PROFESSION_CODE,
            active: 'true',
            _revinclude: 'PractitionerRole:practitioner',
            _count: String(MAX_PHYSICIAN_RESULTS),
          });

    const rppsList =
      'rpps' in query
        ? [query.rpps]
        : [
            ...new Set(
              resources
                .filter((r): r is Practitioner => r.resourceType === 'Practitioner')
                .filter((p) => p.active !== false)
                .map(rppsOfPractitioner)
                .filter((rpps): rpps is string => rpps !== undefined),
            ),
          ];
    const practitioners = rppsList
      .map((rpps) => practitionerFromResources(resources, rpps))
      .filter((p): p is DirectoryPractitioner => p !== undefined)
      .filter((p) => {
        // The directory was asked for médecins; a profession it states otherwise is not one.
        const codes = professionCodesOf(resources, p.id);
        return codes.length === 0 || codes.includes(MEDECIN_PROFESSION_CODE);
      })
      .slice(0, MAX_PHYSICIAN_RESULTS);

    const missing = missingOrganizationIds(
      resources,
      practitioners.map((p) => p.id),
    );
    const all =
      missing.length > 0
        ? [...resources, ...(await this.search('Organization', { _id: missing.join(',') }))]
        : resources;

    const physicians = practitioners.map((p): DirectoryPhysician => ({
      rpps: p.rpps,
      displayName: p.displayName,
      active: p.active,
      mssAddress: p.active ? (chooseMailbox(p.mailboxes)?.address ?? null) : null,
      places: placesOf(all, p.id),
    }));
    if ('rpps' in query || query.town === undefined) return physicians;
    const town = comparable(query.town);
    return physicians.filter((p) =>
      p.places.some((place) => place.city !== null && comparable(place.city).startsWith(town)),
    );
  }

  private async lookup(
    input: string,
    options: { organizationNames: boolean },
  ): Promise<{ practitioner: DirectoryPractitioner; resources: FhirResource[] } | undefined> {
    const rpps = rppsOf(typeof input === 'string' ? input : '');
    if (!rpps) {
      // The value is not echoed: a caller's mistake could put a patient's identifier here.
      throw new MssError(
        'DIRECTORY_NOT_FOUND',
        'not an RPPS: expected 11 digits (or an idNat_PS, "8" followed by the 11-digit RPPS)',
      );
    }
    const resources = await this.search('Practitioner', {
      identifier: rpps,
      _revinclude: 'PractitionerRole:practitioner',
    });
    const practitioner = practitionerFromResources(resources, rpps);
    if (!practitioner) return undefined;
    if (options.organizationNames) {
      const ids = unnamedOrganizationIds(resources, practitioner.id);
      if (ids.length > 0) {
        const organizations = await this.search('Organization', { _id: ids.join(',') }).catch(
          // Names are a courtesy for people reading the list: the mailboxes stand without them.
          () => [] as FhirResource[],
        );
        const named = [...resources, ...organizations];
        const withNames = practitionerFromResources(named, rpps);
        if (withNames) return { practitioner: withNames, resources: named };
      }
    }
    return { practitioner, resources };
  }

  /** All resources of a search, following `next` links within the API's origin. */
  private async search(type: string, params: Record<string, string>): Promise<FhirResource[]> {
    let url: URL | undefined = this.searchUrl(type, params);
    const pages: Bundle[] = [];
    while (url && pages.length < MAX_PAGES) {
      const bundle = await this.getBundle(url);
      pages.push(bundle);
      url = this.nextPage(bundle);
    }
    return resourcesOf(pages);
  }

  /** The resources of the first page of a search only. */
  private async searchPage(type: string, params: Record<string, string>): Promise<FhirResource[]> {
    return resourcesOf([await this.getBundle(this.searchUrl(type, params))]);
  }

  private searchUrl(type: string, params: Record<string, string>): URL {
    const url = new URL(`${this.base.href.replace(/\/+$/, '')}/${type}`);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return url;
  }

  private nextPage(bundle: Bundle): URL | undefined {
    const next = (Array.isArray(bundle.link) ? bundle.link : []).find(
      (l) => isRecord(l) && l.relation === 'next' && typeof l.url === 'string',
    );
    if (!next) return undefined;
    let url: URL;
    try {
      url = new URL(next.url, this.base);
    } catch {
      throw unavailable('the Annuaire Santé sent an unreadable next-page link');
    }
    // The API key goes only where the base URL points.
    if (url.origin !== this.base.origin) {
      throw unavailable(
        `the Annuaire Santé's next-page link leaves ${this.base.origin}; not followed`,
      );
    }
    return url;
  }

  private async getBundle(url: URL): Promise<Bundle> {
    let answer: HttpAnswer;
    try {
      answer = await this.get(
        url,
        { 'ESANTE-API-KEY': this.apiKey, Accept: `${FHIR_JSON}, application/json;q=0.9` },
        this.timeoutMs,
      );
    } catch (error) {
      if (isTimeout(error)) {
        throw unavailable(
          `the Annuaire Santé did not answer within ${this.timeoutMs} ms`,
          undefined,
          error,
        );
      }
      throw unavailable(
        `the Annuaire Santé at ${this.base.origin} cannot be reached: ${describe(error)}`,
        undefined,
        error,
      );
    }
    const { status } = answer;
    const response = `HTTP ${status}${diagnosticsOf(answer.body)}`;
    if (status === 401 || status === 403) {
      throw unavailable(`the Annuaire Santé refused the API key (HTTP ${status})`, response);
    }
    if (status === 429) {
      throw unavailable('the Annuaire Santé asks to slow down (HTTP 429)', response);
    }
    if (status >= 500) {
      throw unavailable(`the Annuaire Santé failed (HTTP ${status})`, response);
    }
    if (status >= 300 && status < 400) {
      throw unavailable(
        `the Annuaire Santé redirected the search (HTTP ${status}${answer.location ? ` to ${answer.location}` : ''}); not followed`,
        response,
      );
    }
    if (status !== 200) {
      throw unavailable(`the Annuaire Santé refused the search (HTTP ${status})`, response);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      throw unavailable('the Annuaire Santé answered something that is not JSON', response);
    }
    if (!isRecord(parsed) || parsed.resourceType !== 'Bundle') {
      const kind =
        isRecord(parsed) && typeof parsed.resourceType === 'string'
          ? parsed.resourceType
          : 'not FHIR';
      throw unavailable(`the Annuaire Santé answered a ${kind}, not a search Bundle`, response);
    }
    return parsed as unknown as Bundle;
  }
}

/** The search to make, or a TypeError saying what is wrong with it (without repeating it). */
function physicianQueryOf(
  search: PhysicianSearch,
): { rpps: string } | { name: string; town?: string } {
  if (!isRecord(search)) throw new TypeError('searchPhysicians takes { name?, town?, rpps? }');
  const rpps = searchValue(search.rpps, 'rpps');
  const name = searchValue(search.name, 'name');
  const town = searchValue(search.town, 'town');
  if (rpps !== undefined) {
    const valid = rppsOf(rpps);
    if (!valid) {
      throw new TypeError(
        'rpps must be an RPPS: 11 digits (or an idNat_PS, "8" followed by the 11-digit RPPS)',
      );
    }
    return { rpps: valid };
  }
  if (name === undefined) {
    throw new TypeError(
      town === undefined
        ? 'a search for a physician needs a name or an RPPS'
        : 'a town alone is not a search: the Annuaire Santé cannot search practitioners by town; give a name (or an RPPS)',
    );
  }
  checkSearchText(name, 'name', 2);
  if (town !== undefined) checkSearchText(town, 'town', 1);
  return { name, ...(town !== undefined ? { town } : {}) };
}

/** A string, trimmed with its spaces collapsed; undefined when absent or blank. */
function searchValue(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new TypeError(`${field} must be a string`);
  const text = value.trim().replace(/\s+/g, ' ');
  return text === '' ? undefined : text;
}

function checkSearchText(text: string, field: 'name' | 'town', minLetters: number): void {
  if (text.length > MAX_SEARCH_TEXT_LENGTH) {
    throw new TypeError(`${field} must be at most ${MAX_SEARCH_TEXT_LENGTH} characters`);
  }
  if (!SEARCH_TEXT.test(text)) {
    throw new TypeError(`${field} must be letters, spaces, hyphens or apostrophes`);
  }
  if ((text.match(/\p{L}/gu) ?? []).length < minLetters) {
    throw new TypeError(
      `${field} must have at least ${minLetters} letter${minLetters > 1 ? 's' : ''}`,
    );
  }
}

/** Text as a person compares it: without case, accents, or the difference between "-", "'" and " ". */
function comparable(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[\s'’.-]+/g, ' ')
    .trim();
}

function unavailable(message: string, response?: string, cause?: unknown): MssError {
  return new MssError(
    'DIRECTORY_UNAVAILABLE',
    message,
    response,
    cause === undefined ? undefined : { cause },
  );
}

/** ": <diagnostics>" of an OperationOutcome body, short; empty otherwise. */
function diagnosticsOf(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (
      !isRecord(parsed) ||
      parsed.resourceType !== 'OperationOutcome' ||
      !Array.isArray(parsed.issue)
    ) {
      return '';
    }
    const texts = (parsed.issue as unknown[])
      .map((issue) =>
        isRecord(issue) && typeof issue.diagnostics === 'string' ? issue.diagnostics : '',
      )
      .filter((text) => text !== '');
    return texts.length > 0 ? `: ${texts.join('; ').slice(0, 300)}` : '';
  } catch {
    return '';
  }
}

/** AbortSignal.timeout rejects with a DOMException, not always an `instanceof Error` (realms). */
function isTimeout(error: unknown): boolean {
  const name =
    isRecord(error) || error instanceof Error ? (error as { name?: unknown }).name : undefined;
  return name === 'TimeoutError' || name === 'AbortError';
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: NodeJS.ErrnoException | undefined =
    error.cause instanceof Error ? error.cause : undefined;
  const own: NodeJS.ErrnoException = error;
  const code = cause?.code ?? own.code;
  const text = cause ? cause.message : error.message;
  return code && !text.includes(code) ? `${code} ${text}` : text;
}

function fetchGet(fetchImpl: typeof fetch): HttpGet {
  return async (url, headers, timeoutMs) => {
    const response = await fetchImpl(url, {
      method: 'GET',
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await response.text();
    const location = response.headers.get('location');
    return { status: response.status, body, ...(location ? { location } : {}) };
  };
}

/** GET over node:https with our own CAs (global fetch cannot be given any). */
function httpsGet(caPem: readonly string[]): HttpGet {
  return (url, headers, timeoutMs) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const request = httpsRequest(url, { method: 'GET', headers, ca: [...caPem] }, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            request.destroy(new Error(`answer larger than ${MAX_BODY_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => {
          clearTimeout(timer);
          const location = response.headers.location;
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ...(location ? { location } : {}),
          });
        });
        response.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
      const timer = setTimeout(() => {
        const error = new Error(`no answer within ${timeoutMs} ms`);
        error.name = 'TimeoutError';
        request.destroy(error);
      }, timeoutMs);
      request.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      request.end();
    });
}
