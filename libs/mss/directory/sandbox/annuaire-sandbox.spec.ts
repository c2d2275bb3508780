import { AnnuaireSanteClient } from '../annuaire-client';
import { AnnuaireSandbox } from './annuaire-sandbox';
import { DEFAULT_SANDBOX_PRACTITIONERS, sandboxMssMailboxes } from './practitioners';

const API_KEY = 'unit-test-key';

/** What these tests read of the sandbox's JSON answers. */
interface Answer {
  resourceType: string;
  type?: string;
  total?: number;
  entry: Array<{ fullUrl: string; search: { mode: string }; resource: Resource }>;
  link: Array<{ relation: string; url: string }>;
  issue: Array<{ diagnostics: string }>;
  rest: Array<{ resource: Array<{ searchRevInclude?: string[] }> }>;
}

interface Resource {
  resourceType: string;
  id: string;
  meta: { profile: string[] };
  identifier: unknown[];
  name: unknown;
  practitioner: unknown;
  telecom: Array<{ value: string }>;
}

describe('AnnuaireSandbox', () => {
  let sandbox: AnnuaireSandbox;

  beforeAll(async () => {
    sandbox = await AnnuaireSandbox.start({
      practitioners: DEFAULT_SANDBOX_PRACTITIONERS,
      apiKey: API_KEY,
    });
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  async function get(path: string, init: RequestInit = {}) {
    const response = await fetch(`${sandbox.baseUrl}${path}`, {
      ...init,
      headers: { 'ESANTE-API-KEY': API_KEY, ...(init.headers as Record<string, string>) },
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as Answer,
    };
  }

  it('listens on loopback under /fhir/v2', () => {
    expect(sandbox.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir\/v2$/);
  });

  it('answers a Practitioner search by RPPS with a searchset Bundle shaped like the API', async () => {
    const { status, type, body } = await get('/Practitioner?identifier=99700000011');
    expect(status).toBe(200);
    expect(type).toBe('application/fhir+json;charset=utf-8');
    expect(body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    const practitioner = body.entry[0].resource;
    expect(body.entry[0].search).toEqual({ mode: 'match' });
    expect(body.entry[0].fullUrl).toBe(`${sandbox.baseUrl}/Practitioner/${practitioner.id}`);
    expect(practitioner.meta.profile).toContain(
      'https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-dp-practitioner',
    );
    expect(practitioner.identifier).toEqual([
      {
        use: 'official',
        type: {
          coding: [
            { system: 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203', code: 'IDNPS' },
          ],
        },
        system: 'urn:oid:1.2.250.1.71.4.2.1',
        value: '899700000011',
      },
      {
        use: 'official',
        type: {
          coding: [
            { system: 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203', code: 'RPPS' },
          ],
        },
        system: 'https://rpps.esante.gouv.fr',
        value: '99700000011',
      },
    ]);
    expect(practitioner.name).toEqual([
      { use: 'usual', family: 'MARTIN', given: ['Claire'], suffix: ['DR'] },
    ]);
    expect(practitioner.telecom[0]).toEqual({
      extension: [
        {
          url: 'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type',
          valueCoding: {
            system:
              'https://mos.esante.gouv.fr/NOS/TRE_R256-TypeMessagerie/FHIR/TRE-R256-TypeMessagerie',
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
                    code: 'PER',
                  },
                ],
              },
            },
            {
              url: 'description',
              valueString: 'BAL personnelle du Dr Claire MARTIN, médecin généraliste',
            },
            { url: 'listeRouge', valueBoolean: false },
          ],
        },
      ],
      system: 'email',
      value: 'claire.martin@medecin.sandbox.mssante.fr',
    });
    expect(practitioner.telecom[1]).toEqual({
      system: 'email',
      value: 'claire.martin@example.org',
    });
  });

  it('finds by idNat_PS and by system|value, and nothing for an unknown RPPS', async () => {
    for (const query of [
      '899700000011',
      'https://rpps.esante.gouv.fr|99700000011',
      'urn:oid:1.2.250.1.71.4.2.1|899700000011',
    ]) {
      const { body } = await get(`/Practitioner?identifier=${encodeURIComponent(query)}`);
      expect(body.total).toBe(1);
    }
    const { status, body } = await get('/Practitioner?identifier=99799999999');
    expect(status).toBe(200);
    expect(body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 0, entry: [] });
  });

  it('includes the PractitionerRoles on _revinclude, and serves them by practitioner', async () => {
    const { body } = await get(
      '/Practitioner?identifier=99700000033&_revinclude=PractitionerRole%3Apractitioner',
    );
    expect(
      body.entry.map((e: { resource: { resourceType: string }; search: { mode: string } }) => [
        e.resource.resourceType,
        e.search.mode,
      ]),
    ).toEqual([
      ['Practitioner', 'match'],
      ['PractitionerRole', 'include'],
    ]);
    const practitionerId = body.entry[0].resource.id;
    const role = body.entry[1].resource;
    expect(role.practitioner).toEqual({ reference: `Practitioner/${practitionerId}` });
    expect(role.telecom.map((t: { value: string }) => t.value)).toEqual([
      'secretariat@cds-sandbox.sandbox.mssante.fr',
      'sophie.lefevre@cds-sandbox.sandbox.mssante.fr',
    ]);

    const roles = await get(
      `/PractitionerRole?practitioner=Practitioner/${practitionerId}&_include=PractitionerRole:organization`,
    );
    expect(
      roles.body.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType),
    ).toEqual(['PractitionerRole', 'Organization']);
    expect(roles.body.entry[1].resource.name).toBe('CENTRE DE SANTE SANDBOX');
  });

  it('pages with _count and next links', async () => {
    const first = await get(
      '/Practitioner?identifier=99700000011,99700000022,99700000033&_count=2',
    );
    expect(first.body.total).toBe(3);
    expect(first.body.entry).toHaveLength(2);
    const next = first.body.link.find((l) => l.relation === 'next')?.url ?? '';
    expect(next.startsWith(`${sandbox.baseUrl}?_getpages=`)).toBe(true);
    const second = await get(next.slice(sandbox.baseUrl.length));
    expect(second.body.entry).toHaveLength(1);
    expect(second.body.link.some((l: { relation: string }) => l.relation === 'next')).toBe(false);
  });

  it('answers the CapabilityStatement', async () => {
    const { status, body } = await get('/metadata');
    expect(status).toBe(200);
    expect(body.resourceType).toBe('CapabilityStatement');
    expect(body.rest[0].resource[0].searchRevInclude).toEqual(['PractitionerRole:practitioner']);
  });

  it('refuses a missing or wrong API key (401), other methods (405), unknown parameters (400)', async () => {
    const withoutKey: Record<string, string>[] = [{}, { 'ESANTE-API-KEY': 'wrong' }];
    for (const headers of withoutKey) {
      const response = await fetch(`${sandbox.baseUrl}/Practitioner?identifier=99700000011`, {
        headers,
      });
      expect(response.status).toBe(401);
      expect(((await response.json()) as Answer).resourceType).toBe('OperationOutcome');
    }
    const post = await get('/Practitioner', { method: 'POST', body: 'identifier=99700000011' });
    expect(post.status).toBe(405);
    const unknown = await get('/Practitioner?specialty=SM54');
    expect(unknown.status).toBe(400);
    expect(unknown.body.issue[0].diagnostics).toContain('specialty');
    const badInclude = await get(
      '/Practitioner?identifier=99700000011&_revinclude=Device:organization',
    );
    expect(badInclude.status).toBe(400);
    expect((await get('/Patient?identifier=1')).status).toBe(404);
  });

  it('searches practitioners by family name or any name, as FHIR string search, and by profession', async () => {
    const names = async (query: string) =>
      (await get(`/Practitioner?${query}`)).body.entry.map((e) => {
        const [name] = e.resource.name as Array<{ given: string[]; family: string }>;
        return `${name.given[0]} ${name.family}`;
      });
    expect(await names('family=MARTIN')).toEqual(['Claire MARTIN', 'Julien MARTIN']);
    expect(await names('family=mart&qualification-code=10')).toEqual([
      'Claire MARTIN',
      'Julien MARTIN',
    ]);
    // Théo MARCHAND is an orthophoniste (TRE_G15 91).
    expect(await names('family=MAR')).toEqual(['Claire MARTIN', 'Julien MARTIN', 'Théo MARCHAND']);
    expect(
      await names(
        `family=mar&qualification-code=${encodeURIComponent('https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante|91')}`,
      ),
    ).toEqual(['Théo MARCHAND']);
    // Without case or accents, from the start only.
    expect(await names(`family=${encodeURIComponent('lefèvre')}`)).toEqual(['Sophie LEFEVRE']);
    expect(await names('family=ARTIN')).toEqual([]);
    expect(await names('family=Claire')).toEqual([]);
    expect(await names('name=claire')).toEqual(['Claire MARTIN']);
    expect(await names(`name=${encodeURIComponent('théo')}`)).toEqual(['Théo MARCHAND']);
    expect(await names('family=MARTIN,DURAND')).toEqual([
      'Claire MARTIN',
      'Paul DURAND',
      'Julien MARTIN',
    ]);
    expect(await names('family=PETIT&active=true')).toEqual([]);
  });

  it('lists where physicians practise: a role without telecom, and the structures with their address', async () => {
    const { body } = await get(
      '/Practitioner?identifier=99700000011&_revinclude=PractitionerRole:practitioner',
    );
    expect(body.entry.map((e) => e.resource.resourceType)).toEqual([
      'Practitioner',
      'PractitionerRole',
    ]);
    const role = body.entry[1].resource as unknown as {
      telecom?: unknown;
      organization: { reference: string };
    };
    expect(role.telecom).toBeUndefined();
    const organizationId = role.organization.reference.split('/')[1];
    const structures = await get(`/Organization?_id=${organizationId}`);
    expect(structures.body.entry[0].resource).toMatchObject({
      name: 'CABINET MEDICAL MARTIN',
      address: [{ use: 'work', city: 'Bordeaux', postalCode: '33000' }],
    });

    const client = new AnnuaireSanteClient({ baseUrl: sandbox.baseUrl, apiKey: API_KEY });
    // The mailbox-less role changes nothing to the address the engine writes to.
    await expect(client.mssAddressOf('99700000011')).resolves.toBe(
      'claire.martin@medecin.sandbox.mssante.fr',
    );
    expect((await client.findPractitioner('99700000011'))?.mailboxes).toHaveLength(1);
    const places = async (rpps: string) => (await client.searchPhysicians({ rpps }))[0]?.places;
    expect(await places('99700000022')).toEqual([
      { name: 'CABINET MEDICAL DURAND', city: 'Mérignac', postalCode: '33700' },
    ]);
    expect(await places('99700000033')).toEqual([
      { name: 'CENTRE DE SANTE SANDBOX', city: 'Bordeaux', postalCode: '33800' },
    ]);
  });

  it('finds two Dr MARTIN by name for the client, and the town tells them apart', async () => {
    const client = new AnnuaireSanteClient({ baseUrl: sandbox.baseUrl, apiKey: API_KEY });
    const martins = await client.searchPhysicians({ name: 'martin' });
    expect(martins).toEqual([
      {
        rpps: '99700000011',
        displayName: 'Dr Claire MARTIN',
        active: true,
        mssAddress: 'claire.martin@medecin.sandbox.mssante.fr',
        places: [{ name: 'CABINET MEDICAL MARTIN', city: 'Bordeaux', postalCode: '33000' }],
      },
      {
        rpps: '99700000066',
        displayName: 'Dr Julien MARTIN',
        active: true,
        mssAddress: 'julien.martin@medecin.sandbox.mssante.fr',
        places: [{ name: 'MAISON DE SANTE DU LIBOURNAIS', city: 'Libourne', postalCode: '33500' }],
      },
    ]);
    const inLibourne = await client.searchPhysicians({ name: 'MARTIN', town: 'libourne' });
    expect(inLibourne.map((p) => p.displayName)).toEqual(['Dr Julien MARTIN']);
    const inBordeaux = await client.searchPhysicians({ name: 'Mar', town: 'BORDEAUX' });
    expect(inBordeaux.map((p) => p.displayName)).toEqual(['Dr Claire MARTIN']);
    // An orthophoniste is no médecin; a closed exercise is not found by name.
    expect(await client.searchPhysicians({ name: 'MARCHAND' })).toEqual([]);
    expect(await client.searchPhysicians({ name: 'PETIT' })).toEqual([]);
    expect(await client.searchPhysicians({ name: 'MOREAU' })).toMatchObject([
      { displayName: 'Dr Luc MOREAU', mssAddress: null, places: [] },
    ]);
  });

  it('adds practitioners while running', async () => {
    sandbox.add({
      rpps: '99700000077',
      familyName: 'NOUVEAU',
      givenName: 'Anne',
      mailboxes: [{ address: 'anne.nouveau@medecin.sandbox.mssante.fr', type: 'PER' }],
    });
    const client = new AnnuaireSanteClient({ baseUrl: sandbox.baseUrl, apiKey: API_KEY });
    await expect(client.mssAddressOf('99700000077')).resolves.toBe(
      'anne.nouveau@medecin.sandbox.mssante.fr',
    );
    expect(() =>
      sandbox.add({ rpps: '123', familyName: 'X', givenName: 'Y', mailboxes: [] }),
    ).toThrow('11 digits');
  });

  it('lists the mailboxes the operator sandbox creates', () => {
    expect(sandboxMssMailboxes().map((m) => [m.rpps, m.address, m.type])).toEqual([
      ['99700000011', 'claire.martin@medecin.sandbox.mssante.fr', 'PER'],
      ['99700000022', 'cabinet.durand@medecin.sandbox.mssante.fr', 'CAB'],
      ['99700000033', 'secretariat@cds-sandbox.sandbox.mssante.fr', 'ORG'],
      ['99700000033', 'sophie.lefevre@cds-sandbox.sandbox.mssante.fr', 'PER'],
      ['99700000066', 'julien.martin@medecin.sandbox.mssante.fr', 'PER'],
    ]);
  });
});
