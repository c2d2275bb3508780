import {
  type DirectoryMailbox,
  chooseMailbox,
  missingOrganizationIds,
  mssMailboxesOf,
  placesOf,
  practitionerFromResources,
  resourcesOf,
  rppsOf,
  rppsOfPractitioner,
  unnamedOrganizationIds,
} from './directory-model';
import type { Bundle, Extension, FhirResource, Practitioner } from './fhir-types';

/**
 * Bundles shaped as the Annuaire Santé documentation and the IG fhir-annuaire
 * examples show them (as-practitioner-bal-per-*, PP16DP, uc-bal-mss).
 */
const MSS_TYPE = {
  url: 'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type',
  valueCoding: {
    system: 'https://mos.esante.gouv.fr/NOS/TRE_R256-TypeMessagerie/FHIR/TRE-R256-TypeMessagerie',
    code: 'MSSANTE',
  },
};

function metadata(type: string, extra: Extension[] = []): Extension {
  return {
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
      ...extra,
    ],
  };
}

function searchBundle(): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: 1,
    link: [{ relation: 'self', url: 'https://gateway.api.esante.gouv.fr/fhir/v2/Practitioner' }],
    entry: [
      {
        fullUrl: 'https://gateway.api.esante.gouv.fr/fhir/v2/Practitioner/003-3014698-3057235',
        resource: {
          resourceType: 'Practitioner',
          id: '003-3014698-3057235',
          meta: {
            versionId: '1',
            lastUpdated: '2025-04-28T18:19:26.335+02:00',
            source: 'https://annuaire.sante.fr',
            profile: [
              'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-practitioner',
              'https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-dp-practitioner',
            ],
          },
          language: 'fr',
          identifier: [
            {
              use: 'official',
              type: {
                coding: [
                  {
                    system: 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203',
                    code: 'IDNPS',
                  },
                ],
              },
              system: 'urn:oid:1.2.250.1.71.4.2.1',
              value: '810003456789',
            },
            {
              use: 'official',
              type: {
                coding: [
                  {
                    system: 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203',
                    code: 'RPPS',
                  },
                ],
              },
              system: 'https://rpps.esante.gouv.fr',
              value: '10003456789',
            },
          ],
          active: true,
          name: [{ use: 'official', family: 'DUPONT', given: ['Jean-Marie'], suffix: ['DR'] }],
          telecom: [
            {
              system: 'email',
              value: 'jean-marie.dupont@medecin.mssante.fr',
              extension: [MSS_TYPE, metadata('PER', [{ url: 'listeRouge', valueBoolean: false }])],
            },
            { system: 'phone', value: '0612122216', rank: 1 },
            // A plain contact e-mail: not an MSSanté mailbox.
            { system: 'email', value: 'jm.dupont@orange.fr' },
          ],
        },
        search: { mode: 'match' },
      },
      {
        fullUrl: 'https://gateway.api.esante.gouv.fr/fhir/v2/PractitionerRole/005-5087586-6923328',
        resource: {
          resourceType: 'PractitionerRole',
          id: '005-5087586-6923328',
          identifier: [{ system: 'https://annuaire.sante.fr', value: '1010399870' }],
          active: true,
          practitioner: { reference: 'Practitioner/003-3014698-3057235' },
          organization: { reference: 'Organization/001-548812' },
          telecom: [
            {
              extension: [
                MSS_TYPE,
                metadata('CAB', [
                  { url: 'description', valueString: 'Cabinet DUPONT ' },
                  { url: 'digitization', valueBoolean: true },
                ]),
              ],
              system: 'email',
              value: 'cabinet.dupont@medecin.mssante.fr',
            },
          ],
        },
        search: { mode: 'include' },
      },
      {
        // Another practitioner's role, in the same page: not ours.
        resource: {
          resourceType: 'PractitionerRole',
          id: '005-1',
          practitioner: { reference: 'Practitioner/003-other' },
          telecom: [
            {
              system: 'email',
              value: 'other@medecin.mssante.fr',
              extension: [MSS_TYPE, metadata('PER')],
            },
          ],
        },
      },
    ],
  };
}

describe('Annuaire Santé answers', () => {
  it('reads the practitioner and the MSSanté mailboxes of the Practitioner and its roles', () => {
    const practitioner = practitionerFromResources(resourcesOf([searchBundle()]), '10003456789');

    expect(practitioner).toEqual({
      id: '003-3014698-3057235',
      rpps: '10003456789',
      idNatPs: '810003456789',
      active: true,
      familyName: 'DUPONT',
      givenNames: ['Jean-Marie'],
      title: 'DR',
      displayName: 'Dr Jean-Marie DUPONT',
      mailboxes: [
        {
          address: 'jean-marie.dupont@medecin.mssante.fr',
          type: 'PER',
          source: 'Practitioner',
          active: true,
        },
        {
          address: 'cabinet.dupont@medecin.mssante.fr',
          type: 'CAB',
          description: 'Cabinet DUPONT',
          source: 'PractitionerRole',
          active: true,
          digitization: true,
        },
      ],
    });
  });

  it('names the structure of a role from an Organization of the answer', () => {
    const bundle = searchBundle();
    bundle.entry!.push({
      resource: { resourceType: 'Organization', id: '001-548812', name: 'CABINET DUPONT' },
    });
    const practitioner = practitionerFromResources(resourcesOf([bundle]), '10003456789');

    expect(practitioner?.mailboxes[1].organizationName).toBe('CABINET DUPONT');
    expect(unnamedOrganizationIds(resourcesOf([searchBundle()]), '003-3014698-3057235')).toEqual([
      '001-548812',
    ]);
    expect(unnamedOrganizationIds(resourcesOf([bundle]), '003-3014698-3057235')).toEqual([]);
  });

  it('finds nothing in an empty searchset, or for another RPPS', () => {
    const empty: Bundle = { resourceType: 'Bundle', type: 'searchset', total: 0 };
    expect(practitionerFromResources(resourcesOf([empty]), '10003456789')).toBeUndefined();
    expect(practitionerFromResources(resourcesOf([searchBundle()]), '10000000000')).toBeUndefined();
  });

  it('matches on the idNat_PS alone when the RPPS identifier is missing', () => {
    const bundle = searchBundle();
    const resource = bundle.entry![0].resource as { identifier: unknown[] };
    resource.identifier = resource.identifier.slice(0, 1);
    expect(practitionerFromResources(resourcesOf([bundle]), '10003456789')?.id).toBe(
      '003-3014698-3057235',
    );
  });

  it('survives entries without resources and resources without fields', () => {
    const odd = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        null,
        {},
        { resource: 'x' },
        { resource: { resourceType: 'Practitioner', identifier: [{ value: '10003456789' }] } },
      ],
    } as unknown as Bundle;
    const practitioner = practitionerFromResources(resourcesOf([odd]), '10003456789');
    expect(practitioner).toMatchObject({
      rpps: '10003456789',
      active: true,
      givenNames: [],
      displayName: 'RPPS 10003456789',
      mailboxes: [],
    });
  });
});

describe('mssMailboxesOf', () => {
  const context = { source: 'Practitioner' as const, active: true };

  it('keeps e-mails marked MSSANTE and drops those of another messaging type', () => {
    const mailboxes = mssMailboxesOf(
      [
        { system: 'email', value: 'a@x.mssante.fr', extension: [MSS_TYPE] },
        {
          system: 'email',
          value: 'b@x.mssante.fr',
          extension: [{ ...MSS_TYPE, valueCoding: { ...MSS_TYPE.valueCoding, code: 'AUTRE' } }],
        },
        { system: 'phone', value: '0102030405' },
      ],
      context,
    );
    expect(mailboxes.map((m) => [m.address, m.type])).toEqual([['a@x.mssante.fr', 'UNKNOWN']]);
  });

  it('without extensions, keeps only addresses on an .mssante.fr domain (IG example PP16DP)', () => {
    const mailboxes = mssMailboxesOf(
      [
        { system: 'email', value: 'davidchatelier@xxx.mssante.fr', rank: 1 },
        { system: 'email', value: 'davidchatelier@orange.fr' },
      ],
      context,
    );
    expect(mailboxes).toEqual([
      {
        address: 'davidchatelier@xxx.mssante.fr',
        type: 'UNKNOWN',
        source: 'Practitioner',
        active: true,
        rank: 1,
      },
    ]);
  });

  it('reads the BAL type from the metadata extension, whatever else is there', () => {
    const types = ['PER', 'CAB', 'ORG', 'APP', 'XYZ'].map(
      (code) =>
        mssMailboxesOf(
          [{ system: 'email', value: 'x@y.mssante.fr', extension: [MSS_TYPE, metadata(code)] }],
          context,
        )[0].type,
    );
    expect(types).toEqual(['PER', 'CAB', 'ORG', 'APP', 'UNKNOWN']);
  });
});

describe('chooseMailbox', () => {
  const box = (
    address: string,
    type: DirectoryMailbox['type'],
    more: Partial<DirectoryMailbox> = {},
  ): DirectoryMailbox => ({ address, type, source: 'PractitionerRole', active: true, ...more });

  it('prefers PER, then CAB, then ORG', () => {
    expect(
      chooseMailbox([
        box('o@a.mssante.fr', 'ORG'),
        box('c@a.mssante.fr', 'CAB'),
        box('p@a.mssante.fr', 'PER'),
      ])?.address,
    ).toBe('p@a.mssante.fr');
    expect(
      chooseMailbox([box('o@a.mssante.fr', 'ORG'), box('c@a.mssante.fr', 'CAB')])?.address,
    ).toBe('c@a.mssante.fr');
    expect(
      chooseMailbox([box('x@a.mssante.fr', 'APP'), box('o@a.mssante.fr', 'ORG')])?.address,
    ).toBe('o@a.mssante.fr');
  });

  it("prefers the Practitioner's own mailbox, then the telecom rank", () => {
    expect(
      chooseMailbox([
        box('role@a.mssante.fr', 'PER'),
        box('own@a.mssante.fr', 'PER', { source: 'Practitioner' }),
      ])?.address,
    ).toBe('own@a.mssante.fr');
    expect(
      chooseMailbox([
        box('two@a.mssante.fr', 'PER', { rank: 2 }),
        box('one@a.mssante.fr', 'PER', { rank: 1 }),
      ])?.address,
    ).toBe('one@a.mssante.fr');
  });

  it('ignores mailboxes of closed situations d’exercice, and may find none', () => {
    expect(
      chooseMailbox([
        box('closed@a.mssante.fr', 'PER', { active: false }),
        box('o@a.mssante.fr', 'ORG'),
      ])?.address,
    ).toBe('o@a.mssante.fr');
    expect(chooseMailbox([box('closed@a.mssante.fr', 'PER', { active: false })])).toBeUndefined();
    expect(chooseMailbox([])).toBeUndefined();
  });
});

describe('rppsOf', () => {
  it('accepts an RPPS or an idNat_PS and nothing else', () => {
    expect(rppsOf('10003456789')).toBe('10003456789');
    expect(rppsOf(' 810003456789 ')).toBe('10003456789');
    expect(rppsOf('010003456789')).toBeUndefined();
    expect(rppsOf('1000345678')).toBeUndefined();
    expect(rppsOf('1000345678a')).toBeUndefined();
    expect(rppsOf('')).toBeUndefined();
  });
});

describe('rppsOfPractitioner', () => {
  const practitioner = (identifier: Practitioner['identifier']): Practitioner => ({
    resourceType: 'Practitioner',
    identifier,
  });

  it('reads the RPPS identifier, else the idNat_PS, else an 11-digit identifier', () => {
    expect(
      rppsOfPractitioner(
        practitioner([
          { system: 'urn:oid:1.2.250.1.71.4.2.1', value: '810003014698' },
          { system: 'https://rpps.esante.gouv.fr', value: '10003014698' },
        ]),
      ),
    ).toBe('10003014698');
    expect(
      rppsOfPractitioner(
        practitioner([{ system: 'urn:oid:1.2.250.1.71.4.2.1', value: '810003014698' }]),
      ),
    ).toBe('10003014698');
    expect(rppsOfPractitioner(practitioner([{ value: ' 10003014698 ' }]))).toBe('10003014698');
    expect(
      rppsOfPractitioner(
        practitioner([{ system: 'urn:oid:1.2.250.1.71.4.2.1', value: '10003014698' }]),
      ),
    ).toBeUndefined();
    expect(rppsOfPractitioner(practitioner([{ value: '0012345678' }]))).toBeUndefined();
    expect(rppsOfPractitioner(practitioner(undefined))).toBeUndefined();
  });
});

describe('placesOf', () => {
  const role = (
    id: string,
    organization: { reference?: string; display?: string },
    extra: Record<string, unknown> = {},
  ): FhirResource => ({
    resourceType: 'PractitionerRole',
    id,
    active: true,
    practitioner: { reference: 'Practitioner/003-1' },
    organization,
    ...extra,
  });
  const resources: FhirResource[] = [
    role('005-1', { reference: 'Organization/001-a' }),
    // Named by the reference, its address from the Organization.
    role('005-2', { reference: 'Organization/001-b', display: 'CDS DU CENTRE' }),
    role(
      '005-3',
      { reference: '#org' },
      {
        contained: [
          {
            resourceType: 'Organization',
            id: 'org',
            name: 'CABINET CONTENU',
            address: [
              { use: 'home', city: 'Pau' },
              { use: 'work', city: 'Lescar', postalCode: '64230' },
            ],
          },
        ],
      },
    ),
    // Closed, unnamed, someone else's, or the same structure again: left out.
    role('005-4', { reference: 'Organization/001-c' }, { active: false }),
    role('005-5', { reference: 'Organization/001-missing' }),
    role(
      '005-6',
      { reference: 'Organization/001-a' },
      { practitioner: { reference: 'Practitioner/003-2' } },
    ),
    role('005-7', { reference: 'Organization/001-a' }),
    { resourceType: 'Organization', id: 'https://x/001', name: 'NOT A ROLE' },
    {
      resourceType: 'Organization',
      id: '001-a',
      name: 'CABINET MEDICAL',
      address: [{ line: ['1 rue Sainte-Catherine'], city: 'Bordeaux', postalCode: '33000' }],
    },
    {
      resourceType: 'Organization',
      id: '001-b',
      name: 'CENTRE DE SANTE',
      address: [{ city: ' ' }],
    },
    { resourceType: 'Organization', id: '001-c', name: 'FERME' },
  ];

  it("lists the structures of the practitioner's open roles with their city and postal code", () => {
    expect(placesOf(resources, '003-1')).toEqual([
      { name: 'CABINET MEDICAL', city: 'Bordeaux', postalCode: '33000' },
      { name: 'CDS DU CENTRE', city: null, postalCode: null },
      { name: 'CABINET CONTENU', city: 'Lescar', postalCode: '64230' },
    ]);
    expect(placesOf(resources, '003-9')).toEqual([]);
  });

  it('names the Organizations of open roles missing from the resources, even when the reference names them', () => {
    const withoutB = resources.filter((r) => r.id !== '001-b');
    expect(missingOrganizationIds(withoutB, ['003-1', '003-2'])).toEqual(['001-b', '001-missing']);
    expect(missingOrganizationIds(resources, ['003-1'])).toEqual(['001-missing']);
  });
});
