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

  describe('searchPhysicians', () => {
    const PER = (address: string) => ({
      system: 'email' as const,
      value: address,
      extension: MSS_EXTENSIONS('PER'),
    });
    const physician = (
      id: string,
      rpps: string,
      given: string,
      options: { active?: boolean; profession?: string; mailbox?: string } = {},
    ) => ({
      resource: {
        resourceType: 'Practitioner' as const,
        id,
        identifier: [
          { system: 'urn:oid:1.2.250.1.71.4.2.1', value: `8${rpps}` },
          { system: 'https://rpps.esante.gouv.fr', value: rpps },
        ],
        active: options.active ?? true,
        name: [{ family: 'MARTIN', given: [given], suffix: ['DR'] }],
        telecom: options.mailbox ? [PER(options.mailbox)] : [],
        qualification: [
          {
            code: {
              coding: [
                {
                  system:
                    'https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante',
                  code: options.profession ?? '10',
                },
              ],
            },
          },
        ],
      },
      search: { mode: 'match' as const },
    });
    const role = (id: string, practitionerId: string, organization: string, active = true) => ({
      resource: {
        resourceType: 'PractitionerRole' as const,
        id,
        active,
        practitioner: { reference: `Practitioner/${practitionerId}` },
        organization: { reference: `Organization/${organization}` },
      },
      search: { mode: 'include' as const },
    });
    const organization = (id: string, name: string, city?: string, postalCode?: string) => ({
      resource: {
        resourceType: 'Organization' as const,
        id,
        name,
        ...(city
          ? { address: [{ use: 'work', city, ...(postalCode ? { postalCode } : {}) }] }
          : {}),
      },
    });
    const searchset = (...entry: Bundle['entry'] & unknown[]): Bundle => ({
      resourceType: 'Bundle',
      type: 'searchset',
      entry,
    });
    const MARTINS = searchset(
      physician('003-a', '99700000011', 'Claire', { mailbox: 'claire@medecin.mssante.fr' }),
      role('005-a1', '003-a', '001-bdx'),
      physician('003-b', '99700000066', 'Julien', { mailbox: 'julien@medecin.mssante.fr' }),
      role('005-b1', '003-b', '001-lib'),
      // A closed situation: not a place where he practises.
      role('005-b2', '003-b', '001-old', false),
    );
    const STRUCTURES = searchset(
      organization('001-bdx', 'CABINET MEDICAL MARTIN', 'BORDEAUX', '33000'),
      organization('001-lib', 'MAISON DE SANTE DU LIBOURNAIS', 'Libourne', '33500'),
    );

    it('searches médecins by family name, one page of 20 with their roles, then their structures in one search', async () => {
      const { fetch, calls } = fakeFetch(json(MARTINS), json(STRUCTURES));
      const found = await clientWith(fetch).searchPhysicians({ name: '  Martin ' });

      expect(`${calls[0].url.origin}${calls[0].url.pathname}`).toBe(`${BASE}/Practitioner`);
      expect(Object.fromEntries(calls[0].url.searchParams)).toEqual({
        family: 'Martin',
        'qualification-code': '10',
        active: 'true',
        _revinclude: 'PractitionerRole:practitioner',
        _count: '20',
      });
      expect(calls[0].headers.get('ESANTE-API-KEY')).toBe('key-123');
      expect(calls[1].url.pathname).toBe('/fhir/v2/Organization');
      expect(Object.fromEntries(calls[1].url.searchParams)).toEqual({ _id: '001-bdx,001-lib' });
      expect(calls).toHaveLength(2);
      expect(found).toEqual([
        {
          rpps: '99700000011',
          displayName: 'Dr Claire MARTIN',
          active: true,
          mssAddress: 'claire@medecin.mssante.fr',
          places: [{ name: 'CABINET MEDICAL MARTIN', city: 'BORDEAUX', postalCode: '33000' }],
        },
        {
          rpps: '99700000066',
          displayName: 'Dr Julien MARTIN',
          active: true,
          mssAddress: 'julien@medecin.mssante.fr',
          places: [
            { name: 'MAISON DE SANTE DU LIBOURNAIS', city: 'Libourne', postalCode: '33500' },
          ],
        },
      ]);
    });

    it('narrows down by town, without case, accents or hyphens, from the start of the city', async () => {
      const structures = searchset(
        organization('001-bdx', 'CABINET MEDICAL MARTIN', 'SAINT-MÉDARD-EN-JALLES', '33160'),
        organization('001-lib', 'MAISON DE SANTE DU LIBOURNAIS', 'Libourne', '33500'),
      );
      for (const [town, expected] of [
        ['libourne', ['99700000066']],
        ['LIB', ['99700000066']],
        ['saint medard', ['99700000011']],
        ['Saint-Médard-en-Jalles', ['99700000011']],
        ['Bordeaux', []],
        ['bourne', []],
      ] as const) {
        const { fetch } = fakeFetch(json(MARTINS), json(structures));
        const found = await clientWith(fetch).searchPhysicians({ name: 'MARTIN', town });
        expect([town, found.map((p) => p.rpps)]).toEqual([town, expected]);
      }
    });

    it('reads only the first page, and asks for no structure the answer holds or names', async () => {
      const bundle = searchset(
        ...MARTINS.entry!,
        organization('001-bdx', 'CABINET MEDICAL MARTIN', 'Bordeaux', '33000'),
        organization('001-lib', 'MAISON DE SANTE DU LIBOURNAIS', 'Libourne', '33500'),
      );
      bundle.link = [{ relation: 'next', url: `${BASE}?_getpages=abc&_getpagesoffset=20` }];
      const { fetch, calls } = fakeFetch(json(bundle));
      const found = await clientWith(fetch).searchPhysicians({ name: 'MARTIN', town: 'Bordeaux' });
      expect(calls).toHaveLength(1);
      expect(found.map((p) => [p.displayName, p.places[0].city])).toEqual([
        ['Dr Claire MARTIN', 'Bordeaux'],
      ]);
    });

    it('lists at most 20, leaves out other professions and closed exercises, and says when there is no mailbox', async () => {
      const many = Array.from({ length: 25 }, (_, i) =>
        physician(`003-${i}`, String(99700001000 + i), `Prénom${i}`),
      );
      const bundle = searchset(
        physician('003-o', '99700000190', 'Nina', { profession: '91' }),
        physician('003-c', '99700000044', 'Jean', { active: false }),
        ...many,
      );
      const { fetch, calls } = fakeFetch(json(bundle));
      const found = await clientWith(fetch).searchPhysicians({ name: 'MARTIN' });
      expect(calls).toHaveLength(1);
      expect(found).toHaveLength(20);
      expect(found[0]).toEqual({
        rpps: '99700001000',
        displayName: 'Dr Prénom0 MARTIN',
        active: true,
        mssAddress: null,
        places: [],
      });
    });

    it('by RPPS: the lookup, whatever the town, and an empty list when the directory does not know it', async () => {
      const { fetch, calls } = fakeFetch(
        json(practitionerBundle({ roleType: 'CAB' })),
        json(EMPTY),
      );
      const found = await clientWith(fetch).searchPhysicians({
        rpps: RPPS,
        name: 'DURAND',
        town: 'Lyon',
      });
      expect(Object.fromEntries(calls[0].url.searchParams)).toEqual({
        identifier: RPPS,
        _revinclude: 'PractitionerRole:practitioner',
      });
      expect(calls[1].url.searchParams.get('_id')).toBe('001-9');
      expect(found).toEqual([
        {
          rpps: RPPS,
          displayName: 'Dr Claire MARTIN',
          active: true,
          mssAddress: 'claire@medecin.mssante.fr',
          // The structure is not in the directory's answer: no place to name.
          places: [],
        },
      ]);

      const unknown = fakeFetch(json(EMPTY));
      await expect(clientWith(unknown.fetch).searchPhysicians({ rpps: RPPS })).resolves.toEqual([]);
    });

    it('by RPPS: a closed exercise is listed as such, with no address to write to', async () => {
      const { fetch } = fakeFetch(json(practitionerBundle({ active: false })), json(EMPTY));
      const [found] = await clientWith(fetch).searchPhysicians({ rpps: `8${RPPS}` });
      expect(found).toMatchObject({ rpps: RPPS, active: false, mssAddress: null });
    });

    it('refuses what is not a search with a TypeError, without calling and without echoing it', async () => {
      const { fetch, calls } = fakeFetch();
      const client = clientWith(fetch);
      const cases: Array<[Parameters<AnnuaireSanteClient['searchPhysicians']>[0], RegExp]> = [
        [{}, /needs a name or an RPPS/],
        [{ name: '   ', rpps: '' }, /needs a name or an RPPS/],
        [{ town: 'Bordeaux' }, /town alone is not a search/],
        [{ name: 'M' }, /at least 2 letters/],
        [{ name: "D'" }, /at least 2 letters/],
        [{ name: 'X'.repeat(101) }, /at most 100 characters/],
        [{ name: 'MARTIN,DURAND' }, /letters, spaces, hyphens or apostrophes/],
        [{ name: 'MARTIN', town: '33000' }, /town must be letters/],
        [{ rpps: '1234' }, /rpps must be an RPPS/],
        [{ rpps: '279035121518989' }, /rpps must be an RPPS/],
      ];
      for (const [search, message] of cases) {
        const error = await client.searchPhysicians(search).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(TypeError);
        expect((error as Error).message).toMatch(message);
        for (const value of Object.values(search)) {
          if (typeof value === 'string' && value.trim().length > 3) {
            expect((error as Error).message).not.toContain(value.trim());
          }
        }
      }
      await expect(client.searchPhysicians({ name: 42 as unknown as string })).rejects.toThrow(
        TypeError,
      );
      expect(calls).toHaveLength(0);
    });

    it('is DIRECTORY_UNAVAILABLE, retryable, when the directory cannot answer the search or the structures', async () => {
      const down = fakeFetch(new Response('busy', { status: 503 }));
      const error = await failure(clientWith(down.fetch).searchPhysicians({ name: 'MARTIN' }));
      expect(error.code).toBe('DIRECTORY_UNAVAILABLE');
      expect(error.retryable).toBe(true);

      const half = fakeFetch(json(MARTINS), new Response('busy', { status: 502 }));
      const second = await failure(
        clientWith(half.fetch).searchPhysicians({ name: 'MARTIN', town: 'Libourne' }),
      );
      expect(second.code).toBe('DIRECTORY_UNAVAILABLE');
    });
  });

  it('refuses a configuration without URL or key', () => {
    expect(() => new AnnuaireSanteClient({ baseUrl: 'not a url', apiKey: 'k' })).toThrow(TypeError);
    expect(() => new AnnuaireSanteClient({ baseUrl: BASE, apiKey: ' ' })).toThrow(TypeError);
  });
});
