import { parisDay } from '@app/domain';
import {
  type DmpAuthor,
  type DmpClient,
  type DmpPatient,
  NORMAL_VISIBILITY,
  OTHER_AUTHORS,
  getFromSandbox,
  seedOtherAuthorsDocuments,
} from '@app/dmp';
import {
  type SandboxUnderTest,
  aBilan,
  clientFor,
  startTestSandbox,
  testIns,
  tlsOf,
} from './support/dmp-fixtures';

/**
 * What professionals read of a DMP holding other professionals' documents:
 * a document masked from professionals (MASQUE_PS) is absent for everyone
 * but its author and the médecin traitant DMP; one invisible to the patient
 * is read by every professional. Over mutual TLS, with the adapter.
 */
describe('DMP sandbox: other authors, visibility at read time, médecin traitant', () => {
  let under: SandboxUnderTest;
  let client: DmpClient;
  let structureId: string;
  const today = parisDay(new Date());
  const kine: DmpAuthor = OTHER_AUTHORS.kinesitherapeute;
  const generaliste: DmpAuthor = OTHER_AUTHORS.medecinGeneraliste;

  beforeAll(async () => {
    under = await startTestSandbox();
    structureId = under.pki.structureAuth.idNatStruct ?? '';
    // The other authors call through the test PKI's structure, as the engine's users do.
    client = clientFor(under, { structureIdNat: structureId });
  });

  afterAll(async () => {
    await under?.stop();
  });

  /** A patient with a DMP, the orthophoniste and both other authors authorised today. */
  async function patientWithDmp(order: number) {
    const ins = testIns(order);
    const bilan = aBilan({ ins, structureId });
    await under.sandbox.registerPatient(ins);
    for (const author of [bilan.author, kine, generaliste]) {
      await under.sandbox.setAuthorization(ins, author.rpps, today);
    }
    return { ins, bilan, patient: bilan.patient, ortho: bilan.author };
  }

  it('files documents by other authors that ITI-18 lists and ITI-43 returns as stored', async () => {
    const { patient, ortho } = await patientWithDmp(721);

    const added = await seedOtherAuthorsDocuments(under.sandbox, [patient]);
    expect(added).toHaveLength(3);
    expect(await seedOtherAuthorsDocuments(under.sandbox, [patient])).toEqual([]);

    const found = await client.findDocuments(ortho, patient);
    // The kiné bilan is masked from professionals: absent for the orthophoniste.
    expect(found.map((d) => d.title)).toEqual([
      'Compte rendu de consultation',
      'Courrier de consultation — résultats à annoncer',
    ]);
    expect(found[0]).toMatchObject({
      uniqueId: added[0].uniqueId,
      entryUUID: added[0].entryUUID,
      status: 'Approved',
      typeCode: expect.objectContaining({ code: '11488-4' }),
      author: {
        name: 'Julien FOURNIER-TEST',
        rpps: generaliste.rpps,
        specialty: 'Médecin - Médecine Générale (SM)',
        institution: 'Cabinet médical Démo du Parc',
      },
      mediaType: 'text/xml',
      formatCode: expect.objectContaining({ code: 'urn:ihe:iti:xds-sd:text:2008' }),
      serviceStartTime: expect.stringMatching(/^\d{14}$/),
    });
    // INVISIBLE_PATIENT concerns the patient only: professionals read it.
    expect(found[1].confidentialityCodes.map((c) => c.code)).toEqual(['N', 'INVISIBLE_PATIENT']);
    expect(found[1].comments).toBe('Non visible par le patient avant la consultation d’annonce.');

    const stored = await under.sandbox.submission(added[0].uniqueId);
    const retrieved = await client.retrieve(ortho, patient, found[0]);
    expect(retrieved.equals(stored?.cda ?? Buffer.alloc(0))).toBe(true);
    expect(retrieved.toString('utf8')).toContain('mediaType="text/plain"');
    expect(stored?.contentType).toMatch(/^multipart\/related;/);
    expect(stored?.body.includes(retrieved)).toBe(true);
    expect((await under.sandbox.documents(testIns(721))).map((d) => d.filedBy)).toEqual([
      `8${generaliste.rpps}`,
      `8${kine.rpps}`,
      `8${generaliste.rpps}`,
    ]);
  });

  it('gives a masked document to its author and the médecin traitant DMP only', async () => {
    const { ins, patient, ortho } = await patientWithDmp(722);
    const [, masked] = await seedOtherAuthorsDocuments(under.sandbox, [patient]);

    // Anyone else: not found by uniqueId, not retrievable, like an unknown document.
    expect(await client.getDocument(ortho, patient, masked.uniqueId)).toBeUndefined();
    const [visible] = await client.findDocuments(ortho, patient);
    await expect(
      client.retrieve(ortho, patient, { ...visible, uniqueId: masked.uniqueId }),
    ).rejects.toMatchObject({
      code: 'DOCUMENT_REJECTED',
      reason: expect.stringContaining('XDSDocumentUniqueIdError'),
    });
    // The médecin généraliste is not the médecin traitant yet.
    expect(await client.getDocument(generaliste, patient, masked.uniqueId)).toBeUndefined();

    // Its author reads it.
    expect(await client.findDocuments(kine, patient)).toHaveLength(3);
    const own = await client.getDocument(kine, patient, masked.uniqueId);
    expect(own?.confidentialityCodes.map((c) => c.code)).toEqual(['N', 'MASQUE_PS']);
    const bytes = await client.retrieve(kine, patient, own!);
    expect(bytes.equals((await under.sandbox.submission(masked.uniqueId))!.cda)).toBe(true);

    // So does the médecin traitant DMP, once set, and TD0.2 says so to them alone.
    await under.sandbox.setTreatingPhysician(ins, `8${generaliste.rpps}`);
    expect(await client.getDocument(generaliste, patient, masked.uniqueId)).toBeDefined();
    expect(await client.checkAccess(generaliste, patient)).toMatchObject({
      treatingPhysician: true,
      status: 'VALIDE',
    });
    expect((await client.checkAccess(ortho, patient)).treatingPhysician).toBe(false);
    expect(await client.getDocument(ortho, patient, masked.uniqueId)).toBeUndefined();

    await under.sandbox.setTreatingPhysician(ins, undefined);
    expect((await client.checkAccess(generaliste, patient)).treatingPhysician).toBe(false);
    expect(await client.getDocument(generaliste, patient, masked.uniqueId)).toBeUndefined();
  });

  it("keeps the engine's own masked filing visible to its author, so a retry finds it", async () => {
    const { bilan, patient } = await patientWithDmp(723);
    const masked = {
      ...bilan,
      visibility: { ...NORMAL_VISIBILITY, hiddenFromProfessionals: true },
    };

    const first = await client.file(masked);
    const retried = await client.file(masked);

    expect(retried).toEqual({ ...first, alreadyFiled: true });
    expect(await client.getDocument(kine, patient, bilan.uniqueId)).toBeUndefined();
  });

  it('leaves a masked document out of the TD0.9 portal page of another professional', async () => {
    const { patient, ortho } = await patientWithDmp(724);
    await seedOtherAuthorsDocuments(under.sandbox, [patient]);

    const page = async (author: DmpAuthor) =>
      (await getFromSandbox(client.webAccessUrl(author, patient), tlsOf(under.pki))).body.toString(
        'utf8',
      );
    expect(await page(ortho)).not.toContain('Bilan masso-kinésithérapique initial');
    expect(await page(ortho)).toContain('Compte rendu de consultation');
    expect(await page(kine)).toContain('Bilan masso-kinésithérapique initial');
  });

  it('refuses addDocument and setTreatingPhysician without a DMP or a known patient', async () => {
    const unknown: DmpPatient = { ...aBilan({ structureId }).patient, ins: testIns(725) };
    const input = {
      patient: unknown,
      author: generaliste,
      typeCode: '11488-4',
      title: 'Compte rendu',
      text: 'Texte fictif.',
    };
    await expect(under.sandbox.addDocument(input)).rejects.toThrow('registerPatient first');
    await expect(
      under.sandbox.setTreatingPhysician(unknown.ins, `8${generaliste.rpps}`),
    ).rejects.toThrow('register the patient');

    await under.sandbox.registerPatient(unknown.ins, { hasDmp: false });
    await expect(under.sandbox.addDocument(input)).rejects.toThrow('this patient has no DMP');
    await expect(under.sandbox.setTreatingPhysician(unknown.ins, '123')).rejects.toThrow(
      'neither an RPPS',
    );
    expect(await under.sandbox.documents(unknown.ins)).toEqual([]);
  });
});
