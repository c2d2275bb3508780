import { DOMParser } from '@xmldom/xmldom';
import { parisDay } from '@app/domain';
import {
  DmpClient,
  type SentFiling,
  XDS_ACTIONS,
  buildFindDocumentsRequest,
  callSoap,
  createSignedVihf,
  getFromSandbox,
  parseMtom,
  parseRegistryResponse,
  parseSoapEnvelope,
  postSoap,
  webAccessUrl,
} from '@app/dmp';
import { serializeXml } from '../../libs/dmp/transport/xml';
import {
  type SandboxUnderTest,
  TEST_INS,
  VIHF_OPTIONS,
  aBilan,
  aCorrectionOf,
  clientFor,
  startTestSandbox,
  testIns,
  testValueSets,
  tlsOf,
} from './support/dmp-fixtures';

/**
 * The adapter against the sandbox over mutual TLS, the way the engine uses
 * them: file a bilan, find it, retrieve it, correct it, open it in the portal.
 */
describe('DMP sandbox: filing, finding, retrieving, replacing', () => {
  let under: SandboxUnderTest;
  let client: DmpClient;
  let structureId: string;
  const filings: SentFiling[] = [];
  const today = parisDay(new Date());

  beforeAll(async () => {
    under = await startTestSandbox();
    structureId = under.pki.structureAuth.idNatStruct ?? '';
    client = clientFor(under, { filings });
  });

  afterAll(async () => {
    await under?.stop();
  });

  /** A patient of their own for each test, with a DMP and this practitioner authorised today. */
  async function patientWithDmp(order: number) {
    const ins = testIns(order);
    await under.sandbox.registerPatient(ins);
    const bilan = aBilan({ ins, structureId });
    await under.sandbox.setAuthorization(ins, bilan.author.rpps, today);
    return { ins, bilan };
  }

  it('files a PDF bilan, finds it, and retrieves the very bytes that were sent', async () => {
    const { ins, bilan } = await patientWithDmp(1);

    const filed = await client.file(bilan);
    expect(filed).toMatchObject({ uniqueId: bilan.uniqueId, alreadyFiled: false });

    const found = await client.findDocuments(bilan.author, bilan.patient);
    expect(found).toEqual([
      expect.objectContaining({
        uniqueId: bilan.uniqueId,
        entryUUID: filed.entryUUID,
        status: 'Approved',
        title: bilan.title,
        typeCode: expect.objectContaining({ code: '47420-5' }),
      }),
    ]);

    const sent = filings.find((f) => f.uniqueId === bilan.uniqueId);
    const sentCda = Buffer.concat(sent?.cda.chunks ?? []);
    const retrieved = await client.retrieve(bilan.author, bilan.patient, found[0]);
    expect(retrieved.equals(sentCda)).toBe(true);
    expect(pdfInside(retrieved).equals(bilan.content.bytes)).toBe(true);

    const [stored] = await under.sandbox.documents(ins);
    expect(stored).toMatchObject({
      uniqueId: bilan.uniqueId,
      entryUUID: filed.entryUUID,
      status: 'Approved',
      patientIns: ins,
      title: bilan.title,
      typeCode: '47420-5',
      size: sentCda.length,
      filedBy: `8${bilan.author.rpps}`,
    });
    expect(stored.receivedAt).toBeInstanceOf(Date);
  });

  it('keeps the ITI-41 request exactly as the client sent it', async () => {
    const { bilan } = await patientWithDmp(2);
    await client.file(bilan);

    const sent = filings.find((f) => f.uniqueId === bilan.uniqueId);
    const submission = await under.sandbox.submission(bilan.uniqueId);
    expect(submission?.contentType).toBe(sent?.request.contentType);
    expect(submission?.body.equals(Buffer.concat(sent?.request.chunks ?? []))).toBe(true);
    expect(submission?.cda.equals(Buffer.concat(sent?.cda.chunks ?? []))).toBe(true);
    expect(await under.sandbox.submission('2.25.1')).toBeUndefined();
  });

  it('replaces a document with a corrected version, the old one deprecated', async () => {
    const { ins, bilan } = await patientWithDmp(3);
    await client.file(bilan);
    const correction = aCorrectionOf(bilan, 'Bilan orthophonique initial (corrigé)');

    const filed = await client.file(correction);

    expect(filed.alreadyFiled).toBe(false);
    const found = await client.findDocuments(bilan.author, bilan.patient);
    expect(found.map((d) => [d.uniqueId, d.status, d.title])).toEqual([
      [correction.uniqueId, 'Approved', correction.title],
    ]);
    const everything = await client.findDocuments(bilan.author, bilan.patient, {
      statuses: ['Approved', 'Deprecated'],
    });
    expect(everything.map((d) => [d.uniqueId, d.status])).toEqual([
      [bilan.uniqueId, 'Deprecated'],
      [correction.uniqueId, 'Approved'],
    ]);
    expect(
      (await under.sandbox.documents(ins)).map((d) => [d.uniqueId, d.status, d.replacesUniqueId]),
    ).toEqual([
      [bilan.uniqueId, 'Deprecated', undefined],
      [correction.uniqueId, 'Approved', bilan.uniqueId],
    ]);

    // The replaced version is gone from the current view: replacing it again is refused.
    const second = aCorrectionOf(bilan, 'Autre correction');
    await expect(client.file(second)).rejects.toMatchObject({
      code: 'DOCUMENT_REJECTED',
      reason: expect.stringContaining('XDSRegistryDeprecatedDocumentError'),
    });
  });

  it('files a retried submission once, and says it was already filed', async () => {
    const { ins, bilan } = await patientWithDmp(4);

    const first = await client.file(bilan);
    const retried = await client.file(bilan);

    expect(retried).toEqual({ ...first, alreadyFiled: true });
    expect(await under.sandbox.documents(ins)).toHaveLength(1);
  });

  it('stores two racing filings of one document once', async () => {
    const { ins, bilan } = await patientWithDmp(5);

    const results = await Promise.all([client.file(bilan), client.file(bilan)]);

    expect(results.filter((r) => !r.alreadyFiled)).toHaveLength(1);
    expect(new Set(results.map((r) => r.entryUUID)).size).toBe(1);
    expect(await under.sandbox.documents(ins)).toHaveLength(1);
  });

  it('refuses the same ITI-41 request sent again, as a duplicate uniqueId', async () => {
    const { ins, bilan } = await patientWithDmp(6);
    await client.file(bilan);
    const sent = filings.find((f) => f.uniqueId === bilan.uniqueId);
    if (!sent) throw new Error('the filing was not seen');

    const answer = await postSoap({
      url: under.sandbox.endpoints.repositoryUrl,
      action: XDS_ACTIONS.provideAndRegister,
      body: sent.request,
      tls: tlsOf(under.pki),
      timeoutMs: 20_000,
    });

    const response = parseRegistryResponse(registryResponseXml(answer.body, answer.contentType));
    expect(response.status).toBe('Failure');
    expect(response.errors.map((e) => e.errorCode)).toEqual(['XDSDuplicateUniqueIdInRegistry']);
    expect(await under.sandbox.documents(ins)).toHaveLength(1);
  });

  it("finds nothing of another patient's, even by uniqueId", async () => {
    const { bilan } = await patientWithDmp(7);
    await client.file(bilan);
    const other = await patientWithDmp(8);

    expect(await client.getDocument(other.bilan.author, other.bilan.patient, bilan.uniqueId)).toBe(
      undefined,
    );
    await expect(
      client.retrieve(other.bilan.author, other.bilan.patient, {
        repositoryUniqueId: (await client.findDocuments(bilan.author, bilan.patient))[0]
          .repositoryUniqueId,
        uniqueId: bilan.uniqueId,
      }),
    ).rejects.toMatchObject({
      code: 'DOCUMENT_REJECTED',
      reason: expect.stringContaining('XDSDocumentUniqueIdError'),
    });
  });

  it('opens the TD0.9 link on the sandbox portal, over TLS with the client certificate', async () => {
    const { bilan } = await patientWithDmp(9);
    await client.file(bilan);
    const correction = aCorrectionOf(bilan, 'Bilan corrigé <version 2>');
    await client.file(correction);

    const url = client.webAccessUrl(bilan.author, bilan.patient);
    expect(url.startsWith(`${under.sandbox.endpoints.webPortalUrl}?token=`)).toBe(true);
    const page = await getFromSandbox(url, tlsOf(under.pki));

    expect(page.status).toBe(200);
    expect(page.contentType).toMatch(/^text\/html/);
    const html = page.body.toString('utf8');
    expect(html).toContain('Bilan corrigé &lt;version 2&gt;');
    expect(html).not.toContain(`>${bilan.title}<`);
    expect(html).toContain(`8${bilan.author.rpps}`);
    expect(html).toContain('Camille LEROY');

    const tampered = new URL(url);
    const [header, claims, signature] = (tampered.searchParams.get('token') ?? '').split('.');
    const otherPatient = Buffer.from(claims, 'base64url')
      .toString('utf8')
      .replace(bilan.patient.ins.matricule, TEST_INS.matricule);
    tampered.searchParams.set(
      'token',
      `${header}.${Buffer.from(otherPatient).toString('base64url')}.${signature}`,
    );
    const forged = await getFromSandbox(tampered.toString(), tlsOf(under.pki));
    expect(forged.status).toBe(401);
    expect(forged.body.toString('utf8')).toContain('bad token signature');

    const stale = webAccessUrl({
      portalBaseUrl: under.sandbox.endpoints.webPortalUrl,
      author: bilan.author,
      patient: bilan.patient,
      signer: under.pki.structureSign,
      now: new Date(Date.now() - 10 * 60_000),
    });
    const expired = await getFromSandbox(stale, tlsOf(under.pki));
    expect(expired.status).toBe(401);
    expect(expired.body.toString('utf8')).toContain('token expired');
  });

  it('refuses the portal to a practitioner without authorisation', async () => {
    const ins = testIns(10);
    await under.sandbox.registerPatient(ins);
    const bilan = aBilan({ ins, structureId });

    const page = await getFromSandbox(
      client.webAccessUrl(bilan.author, bilan.patient),
      tlsOf(under.pki),
    );

    expect(page.status).toBe(403);
    expect(page.body.toString('utf8')).toContain('has no authorisation');
  });

  it('shows the demo what it received', async () => {
    const { bilan } = await patientWithDmp(11);
    await client.file(bilan);
    const sent = filings.find((f) => f.uniqueId === bilan.uniqueId);
    const base = `${under.sandbox.baseUrl}/sandbox/submissions`;

    const list = await getFromSandbox(base, tlsOf(under.pki));
    expect(list.status).toBe(200);
    expect(JSON.parse(list.body.toString('utf8'))).toContainEqual(
      expect.objectContaining({ uniqueId: bilan.uniqueId, status: 'Approved' }),
    );
    const raw = await getFromSandbox(`${base}/${bilan.uniqueId}/request`, tlsOf(under.pki));
    expect(raw.contentType).toBe(sent?.request.contentType);
    expect(raw.body.equals(Buffer.concat(sent?.request.chunks ?? []))).toBe(true);
    const cda = await getFromSandbox(`${base}/${bilan.uniqueId}/cda`, tlsOf(under.pki));
    expect(cda.contentType).toMatch(/^text\/xml/);
    expect(cda.body.equals(Buffer.concat(sent?.cda.chunks ?? []))).toBe(true);
    expect((await getFromSandbox(`${base}/2.25.1/cda`, tlsOf(under.pki))).status).toBe(404);
  });

  it('answers TD0.2 with the date of the authorisation', async () => {
    const { bilan } = await patientWithDmp(12);
    expect(await client.checkAccess(bilan.author, bilan.patient)).toEqual({
      dmpExists: true,
      status: 'VALIDE',
      lastAuthorizationDate: today,
      treatingPhysician: false,
    });
  });

  it('answers with the VIHF patient only, whatever the call', async () => {
    // A VIHF naming TEST_INS and a request for another patient's documents.
    const other = await patientWithDmp(13);
    await under.sandbox.registerPatient(TEST_INS);
    const answer = await callSoap({
      url: under.sandbox.endpoints.registryUrl,
      action: XDS_ACTIONS.registryStoredQuery,
      bodyXml: findDocumentsXml(other.ins),
      vihf: createSignedVihf(
        { author: other.bilan.author, patient: { ins: TEST_INS }, authnInstant: new Date() },
        VIHF_OPTIONS,
        under.pki.structureSign,
      ),
      tls: tlsOf(under.pki),
      timeoutMs: 20_000,
    });
    const text = answer.envelope.payload ? serializeXml(answer.envelope.payload) : '';
    expect(text).toContain('XDSPatientIdDoesNotMatch');
  });
});

/** The base64 PDF of a level-1 CDA's nonXMLBody, decoded. */
function pdfInside(cda: Buffer): Buffer {
  const document = new DOMParser().parseFromString(cda.toString('utf8'), 'text/xml');
  const text = document
    .getElementsByTagNameNS('urn:hl7-org:v3', 'nonXMLBody')[0]
    ?.getElementsByTagNameNS('urn:hl7-org:v3', 'text')[0];
  return Buffer.from((text?.textContent ?? '').replace(/\s+/g, ''), 'base64');
}

/** The rs:RegistryResponse of an ITI-41 answer (MTOM or plain). */
function registryResponseXml(body: Buffer, contentType: string): string {
  const envelope = parseSoapEnvelope(parseMtom(body, contentType).rootXml);
  return envelope.payload ? serializeXml(envelope.payload) : '';
}

function findDocumentsXml(ins: { matricule: string; oid: string }): string {
  return buildFindDocumentsRequest({ patient: ins, valueSets: testValueSets() });
}
