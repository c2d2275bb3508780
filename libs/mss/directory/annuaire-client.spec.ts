import { MssError } from '../errors';
import { AnnuaireSanteClient } from './annuaire-client';
import type { Bundle } from './fhir-types';

const BASE = 'https://gateway.api.esante.gouv.fr/fhir/v2';
const RPPS = '99700000011';

const MSS_EXTENSIONS = (type: string) => [
  {
    url: 'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type',
    valueCoding: {
      system: 'https://mos.esante.gouv.fr/NOS/TRE_R256-TypeMessagerie/FHIR/TRE-R256-TypeMessagerie',
      code: 'MSSANTE',
    },
  },
  {
    url: 'https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata',
    extension: [
      {
        url: 'type',
        valueCodeableConcept: {
          coding: [
            {
              system: 'https://mos.esante.gouv.fr/NOS/TRE_R257-TypeBAL/FHIR/TRE-R257-TypeBAL',
              code: type,
            },
          ],
        },
      },
    ],
  },
];

function practitionerBundle(
  options: { active?: boolean; per?: boolean; roleType?: string } = {},
): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: 1,
    entry: [
      {
        resource: {
          resourceType: 'Practitioner',
          id: '003-1',
          identifier: [{ system: 'https://rpps.esante.gouv.fr', value: RPPS }],
          active: options.active ?? true,
          name: [{ family: 'MARTIN', given: ['Claire'], suffix: ['DR'] }],
          telecom: [
            ...(options.per === false
              ? []
              : [
                  {
                    system: 'email' as const,
                    value: 'claire@medecin.mssante.fr',
                    extension: MSS_EXTENSIONS('PER'),
                  },
                ]),
            { system: 'email' as const, value: 'claire@example.org' },
          ],
        },
        search: { mode: 'match' },
      },
      {
        resource: {
          resourceType: 'PractitionerRole',
          id: '005-1',
          active: true,
          practitioner: { reference: 'Practitioner/003-1' },
          organization: { reference: 'Organization/001-9' },
          telecom: [
            {
              system: 'email',
              value: 'secretariat@cds.mssante.fr',
              extension: MSS_EXTENSIONS(options.roleType ?? 'ORG'),
            },
          ],
        },
        search: { mode: 'include' },
      },
    ],
  };
}

const EMPTY: Bundle = { resourceType: 'Bundle', type: 'searchset', total: 0 };

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/fhir+json;charset=utf-8' },
  });
}

/** A fetch answering from a list, recording what it was asked. */
function fakeFetch(...answers: Array<Response | ((url: URL) => Response | Promise<Response>)>) {
  const calls: Array<{ url: URL; headers: Headers }> = [];
  const fn = jest.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    calls.push({ url, headers: new Headers(init?.headers) });
    const next = answers.shift();
    if (!next) throw new Error(`unexpected request ${url.href}`);
    return typeof next === 'function' ? next(url) : next;
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}

function clientWith(fetchImpl: typeof fetch, timeoutMs?: number) {
  return new AnnuaireSanteClient({
    baseUrl: `${BASE}/`,
    apiKey: 'key-123',
    fetch: fetchImpl,
    timeoutMs,
  });
}

async function failure(promise: Promise<unknown>): Promise<MssError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MssError) return error;
    throw error;
  }
  throw new Error('expected an MssError');
}

describe('AnnuaireSanteClient', () => {
  it('searches the Practitioner by RPPS with its roles, sending the API key', async () => {
    const { fetch, calls } = fakeFetch(json(practitionerBundle()), json(EMPTY));
    const practitioner = await clientWith(fetch).findPractitioner(RPPS);

    const [search] = calls;
    expect(`${search.url.origin}${search.url.pathname}`).toBe(`${BASE}/Practitioner`);
    expect(Object.fromEntries(search.url.searchParams)).toEqual({
      identifier: RPPS,
      _revinclude: 'PractitionerRole:practitioner',
    });
    expect(search.headers.get('ESANTE-API-KEY')).toBe('key-123');
    expect(search.headers.get('Accept')).toContain('application/fhir+json');

    expect(practitioner?.displayName).toBe('Dr Claire MARTIN');
    expect(practitioner?.mailboxes.map((m) => [m.address, m.type, m.source])).toEqual([
      ['claire@medecin.mssante.fr', 'PER', 'Practitioner'],
      ['secretariat@cds.mssante.fr', 'ORG', 'PractitionerRole'],
    ]);
  });

  it("asks for the roles' structures by id when the answer does not name them", async () => {
    const { fetch, calls } = fakeFetch(
      json(practitionerBundle()),
      json({
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          { resource: { resourceType: 'Organization', id: '001-9', name: 'CENTRE DE SANTE' } },
        ],
      }),
    );
    const practitioner = await clientWith(fetch).findPractitioner(RPPS);

    expect(calls[1].url.pathname).toBe('/fhir/v2/Organization');
    expect(calls[1].url.searchParams.get('_id')).toBe('001-9');
    expect(practitioner?.mailboxes[1].organizationName).toBe('CENTRE DE SANTE');
  });

  it('keeps the mailboxes when the structures cannot be named', async () => {
    const { fetch } = fakeFetch(json(practitionerBundle()), json({}, 500));
    const practitioner = await clientWith(fetch).findPractitioner(RPPS);
    expect(practitioner?.mailboxes).toHaveLength(2);
    expect(practitioner?.mailboxes[1].organizationName).toBeUndefined();
  });

  it('accepts an idNat_PS and searches by the RPPS it holds', async () => {
    const { fetch, calls } = fakeFetch(json(practitionerBundle()));
    await expect(clientWith(fetch).mssAddressOf(`8${RPPS}`)).resolves.toBe(
      'claire@medecin.mssante.fr',
    );
    expect(calls[0].url.searchParams.get('identifier')).toBe(RPPS);
  });

  describe('mssAddressOf', () => {
    it('picks the personal mailbox over an organisational one', async () => {
      const { fetch, calls } = fakeFetch(json(practitionerBundle()));
      await expect(clientWith(fetch).mssAddressOf(RPPS)).resolves.toBe('claire@medecin.mssante.fr');
      expect(calls).toHaveLength(1);
    });

    it('falls back on a cabinet, then an organisational mailbox', async () => {
      const cab = fakeFetch(json(practitionerBundle({ per: false, roleType: 'CAB' })));
      await expect(clientWith(cab.fetch).mssAddressOf(RPPS)).resolves.toBe(
        'secretariat@cds.mssante.fr',
      );
      const org = fakeFetch(json(practitionerBundle({ per: false })));
      await expect(clientWith(org.fetch).mssAddressOf(RPPS)).resolves.toBe(
        'secretariat@cds.mssante.fr',
      );
    });

    it('is DIRECTORY_NOT_FOUND for an empty searchset', async () => {
      const { fetch } = fakeFetch(json(EMPTY));
      const error = await failure(clientWith(fetch).mssAddressOf(RPPS));
      expect(error.code).toBe('DIRECTORY_NOT_FOUND');
      expect(error.retryable).toBe(false);
      expect(error.message).toContain(RPPS);
    });

    it('is DIRECTORY_NOT_FOUND for an inactive practitioner', async () => {
      const { fetch } = fakeFetch(json(practitionerBundle({ active: false })));
      const error = await failure(clientWith(fetch).mssAddressOf(RPPS));
      expect(error.code).toBe('DIRECTORY_NOT_FOUND');
      expect(error.message).toContain('inactive');
    });

    it('is DIRECTORY_NOT_FOUND when there is no MSSanté mailbox at all', async () => {
      const bundle = practitionerBundle({ per: false });
      bundle.entry = bundle.entry!.slice(0, 1);
      const { fetch } = fakeFetch(json(bundle));
      const error = await failure(clientWith(fetch).mssAddressOf(RPPS));
      expect(error.code).toBe('DIRECTORY_NOT_FOUND');
      expect(error.message).toContain('no MSSanté mailbox');
    });

    it('refuses what is not an RPPS without calling, and without echoing it', async () => {
      const { fetch, calls } = fakeFetch();
      for (const input of ['1234', '279035121518989', 'abcdefghijk']) {
        const error = await failure(clientWith(fetch).mssAddressOf(input));
        expect(error.code).toBe('DIRECTORY_NOT_FOUND');
        expect(error.message).not.toContain(input);
      }
      expect(calls).toHaveLength(0);
    });
  });

  describe('failures', () => {
    it.each([401, 403])(
      'HTTP %i: the API key is refused (DIRECTORY_UNAVAILABLE)',
      async (status) => {
        const { fetch } = fakeFetch(
          json(
            {
              resourceType: 'OperationOutcome',
              issue: [{ severity: 'error', code: 'login', diagnostics: 'bad key' }],
            },
            status,
          ),
        );
        const error = await failure(clientWith(fetch).mssAddressOf(RPPS));
        expect(error.code).toBe('DIRECTORY_UNAVAILABLE');
        expect(error.message).toContain('refused the API key');
        expect(error.response).toBe(`HTTP ${status}: bad key`);
        expect(error.message).not.toContain('key-123');
      },
    );

    it.each([429, 500, 502, 503])('HTTP %i is DIRECTORY_UNAVAILABLE, retryable', async (status) => {
      const { fetch } = fakeFetch(new Response('busy', { status }));
      const error = await failure(clientWith(fetch).findPractitioner(RPPS));
      expect(error.code).toBe('DIRECTORY_UNAVAILABLE');
      expect(error.retryable).toBe(true);
      expect(error.response).toBe(`HTTP ${status}`);
    });

    it('a network failure is DIRECTORY_UNAVAILABLE', async () => {
      const { fetch } = fakeFetch(() => {
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
        });
      });
      const error = await failure(clientWith(fetch).findPractitioner(RPPS));
      expect(error.code).toBe('DIRECTORY_UNAVAILABLE');
      expect(error.message).toContain('ECONNREFUSED');
    });

    it('a timeout is DIRECTORY_UNAVAILABLE', async () => {
      const hanging: typeof fetch = (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error));
        });
      const error = await failure(clientWith(hanging, 50).findPractitioner(RPPS));
      expect(error.code).toBe('DIRECTORY_UNAVAILABLE');
      expect(error.message).toContain('did not answer within 50 ms');
    });

    it('an answer that is not a Bundle is DIRECTORY_UNAVAILABLE', async () => {
      for (const answer of [new Response('<html/>'), json({ resourceType: 'Practitioner' })]) {
        const { fetch } = fakeFetch(answer);
        const error = await failure(clientWith(fetch).findPractitioner(RPPS));
        expect(error.code).toBe('DIRECTORY_UNAVAILABLE');
      }
    });

    it('a redirect is not followed', async () => {
      const { fetch } = fakeFetch(
        new Response(null, { status: 302, headers: { Location: 'https://elsewhere.example/' } }),
      );
      const error = await failure(clientWith(fetch).findPractitioner(RPPS));
      expect(error.code).toBe('DIRECTORY_UNAVAILABLE');
      expect(error.message).toContain('elsewhere.example');
    });
  });

  describe('pages', () => {
    it('follows next links', async () => {
      const [practitioner, role] = practitionerBundle({ per: false }).entry!;
      const next = `${BASE}?_getpages=abc&_getpagesoffset=1&_count=1&_bundletype=searchset`;
      const { fetch, calls } = fakeFetch(
        json({
          resourceType: 'Bundle',
          type: 'searchset',
          link: [{ relation: 'next', url: next }],
          entry: [practitioner],
        }),
        json({ resourceType: 'Bundle', type: 'searchset', entry: [role] }),
      );
      await expect(clientWith(fetch).mssAddressOf(RPPS)).resolves.toBe(
        'secretariat@cds.mssante.fr',
      );
      expect(calls[1].url.href).toBe(next);
      expect(calls[1].headers.get('ESANTE-API-KEY')).toBe('key-123');
    });

    it('stops after a few pages', async () => {
      const looping = () =>
        json({
          resourceType: 'Bundle',
          type: 'searchset',
          link: [{ relation: 'next', url: `${BASE}?_getpages=loop` }],
          entry: practitionerBundle().entry,
        });
      const { fetch, calls } = fakeFetch(...Array.from({ length: 10 }, () => looping));
      await expect(clientWith(fetch).mssAddressOf(RPPS)).resolves.toBe('claire@medecin.mssante.fr');
      expect(calls).toHaveLength(5);
    });

    it('does not send the API key to another origin', async () => {
      const { fetch, calls } = fakeFetch(
        json({
          resourceType: 'Bundle',
          type: 'searchset',
          link: [{ relation: 'next', url: 'https://attacker.example/fhir/v2?_getpages=1' }],
          entry: [],
        }),
      );
      const error = await failure(clientWith(fetch).findPractitioner(RPPS));
      expect(error.code).toBe('DIRECTORY_UNAVAILABLE');
      expect(calls).toHaveLength(1);
    });
  });

  it('refuses a configuration without URL or key', () => {
    expect(() => new AnnuaireSanteClient({ baseUrl: 'not a url', apiKey: 'k' })).toThrow(TypeError);
    expect(() => new AnnuaireSanteClient({ baseUrl: BASE, apiKey: ' ' })).toThrow(TypeError);
  });
});
