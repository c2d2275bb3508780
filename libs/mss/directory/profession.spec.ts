import { AnnuaireSanteClient } from './annuaire-client';
import type { FhirResource } from './fhir-types';
import { professionCodesOf } from './profession';
import { AnnuaireSandbox } from './sandbox/annuaire-sandbox';
import { DEFAULT_SANDBOX_PRACTITIONERS } from './sandbox/practitioners';

const G15 = 'https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante';

describe('professionCodesOf', () => {
  it("reads the Practitioner's qualification, then its roles' codes, once each", () => {
    const resources: FhirResource[] = [
      {
        resourceType: 'Practitioner',
        id: 'p1',
        qualification: [
          { code: { coding: [{ system: G15, code: '91' }] } },
          // A diploma, not a profession.
          {
            code: { coding: [{ system: 'https://mos.esante.gouv.fr/NOS/TRE_R48', code: 'DE91' }] },
          },
        ],
      },
      {
        resourceType: 'PractitionerRole',
        practitioner: { reference: 'Practitioner/p1' },
        code: [
          { coding: [{ system: 'urn:oid:1.2.250.1.71.1.2.7', code: '91' }] },
          { coding: [{ system: 'TRE_G15-ProfessionSante', code: '60' }] },
        ],
      },
      {
        resourceType: 'PractitionerRole',
        practitioner: { reference: 'Practitioner/someone-else' },
        code: [{ coding: [{ system: G15, code: '10' }] }],
      },
    ];
    expect(professionCodesOf(resources, 'p1')).toEqual(['91', '60']);
    expect(professionCodesOf(resources, 'nobody')).toEqual([]);
  });
});

describe('AnnuaireSanteClient.findProfessional against the sandbox', () => {
  let sandbox: AnnuaireSandbox;
  let client: AnnuaireSanteClient;

  beforeAll(async () => {
    sandbox = await AnnuaireSandbox.start({
      practitioners: DEFAULT_SANDBOX_PRACTITIONERS,
      apiKey: 'unit-test-key',
    });
    client = new AnnuaireSanteClient({ baseUrl: sandbox.baseUrl, apiKey: 'unit-test-key' });
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it('gives an orthophoniste their profession and every mailbox, the MSP one named', async () => {
    const julien = await client.findProfessional('99700000112');
    expect(julien).toMatchObject({
      rpps: '99700000112',
      familyName: 'FAURE',
      givenNames: ['Julien'],
      active: true,
      professionCodes: ['91'],
    });
    expect(julien?.mailboxes.map((m) => [m.address, m.type, m.organizationName])).toEqual([
      ['julien.faure@ortho.sandbox.mssante.fr', 'PER', undefined],
      ['orthophonie@msp-coteaux.sandbox.mssante.fr', 'ORG', 'MSP DES COTEAUX'],
    ]);
  });

  it('says a physician is one, a closed exercise is closed, and an unknown RPPS is nobody', async () => {
    expect((await client.findProfessional('99700000011'))?.professionCodes).toEqual(['10']);
    expect(await client.findProfessional('99700000189')).toMatchObject({
      active: false,
      professionCodes: ['91'],
    });
    await expect(client.findProfessional('99799999999')).resolves.toBeUndefined();
  });

  it("knows the demo's orthophonistes by the demo's RPPS and addresses", async () => {
    const camille = await client.findProfessional('10000000101');
    expect(camille).toMatchObject({ displayName: 'Camille LEROY', professionCodes: ['91'] });
    expect(camille?.mailboxes.map((m) => m.address)).toEqual([
      'camille.leroy@ortho-demo.mssante.fr',
    ]);
  });
});
