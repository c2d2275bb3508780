import { createHash } from 'node:crypto';
import { parisDay } from '@app/domain';
import {
  type DmpAuthor,
  type DocumentSubmission,
  DMP_TD_ACTIONS,
  type RegistryResponse,
  XDS_ACTIONS,
  buildCda,
  buildProvideAndRegisterRequest,
  buildTestAuthorizationRequest,
  callSoap,
  createSignedVihf,
  dmpErrorFor,
  getFromSandbox,
  newContentId,
  parseRegistryResponse,
  plainSoapBody,
  postSoap,
  updateAuthorization,
} from '@app/dmp';
import {
  type Credential,
  DEFAULT_TEST_STRUCTURE,
  issueCredentialFromUntrustedCa,
  issueExpiredCredential,
  issueTestCredential,
} from '@app/pki';
import { serializeXml } from '../../libs/dmp/transport/xml';
import {
  SOURCE_OID,
  type SandboxUnderTest,
  VIHF_OPTIONS,
  aBilan,
  clientFor,
  newOid,
  startTestSandbox,
  testIns,
  testValueSets,
  tlsOf,
} from './support/dmp-fixtures';

/**
 * Everything the sandbox refuses, as the real DMP would, and what the adapter
 * makes of each refusal. Nothing refused is ever stored.
 */
describe('DMP sandbox: refusals', () => {
  let under: SandboxUnderTest;
  let structureId: string;
  const today = parisDay(new Date());

  beforeAll(async () => {
    under = await startTestSandbox();
    structureId = under.pki.structureAuth.idNatStruct ?? '';
  });

  afterAll(async () => {
    await under?.stop();
  });

  async function authorizedPatient(order: number, authorizedOn: string | null = today) {
    const ins = testIns(order);
    await under.sandbox.registerPatient(ins);
    const bilan = aBilan({ ins, structureId });
    await under.sandbox.setAuthorization(ins, bilan.author.rpps, authorizedOn);
    return { ins, bilan };
  }

  function vihfFor(submission: DocumentSubmission, signer: Credential = under.pki.structureSign) {
    return createSignedVihf(
      { author: submission.author, patient: submission.patient, authnInstant: new Date() },
      VIHF_OPTIONS,
      signer,
    );
  }

  /** An ITI-41 made by hand, through callSoap, so that its CDA or metadata can be wrong. */
  async function sendProvideAndRegister(
    submission: DocumentSubmission,
    options: { cda?: Buffer; sha1?: string; partContentId?: string } = {},
  ): Promise<RegistryResponse> {
    const cda = options.cda ?? Buffer.concat(buildCda(submission, testValueSets()).chunks);
    const contentId = newContentId();
    const answer = await callSoap({
      url: under.sandbox.endpoints.repositoryUrl,
      action: XDS_ACTIONS.provideAndRegister,
      bodyXml: buildProvideAndRegisterRequest({
        submission,
        cda: {
          byteLength: cda.length,
          sha1: options.sha1 ?? createHash('sha1').update(cda).digest('hex'),
        },
        valueSets: testValueSets(),
        sourceId: SOURCE_OID,
        submissionSetUniqueId: newOid(),
        documentContentId: contentId,
        submissionTime: new Date(),
      }),
      vihf: vihfFor(submission),
      attachments: [
        { contentId: options.partContentId ?? contentId, mediaType: 'text/xml', chunks: [cda] },
      ],
      tls: tlsOf(under.pki),
      timeoutMs: 20_000,
    });
    if (!answer.envelope.payload) throw new Error('empty answer');
    return parseRegistryResponse(serializeXml(answer.envelope.payload));
  }

  describe('authentication', () => {
    it('refuses a client without certificate at the TLS handshake', async () => {
      await expect(
        getFromSandbox(`${under.sandbox.baseUrl}/sandbox/submissions`, { caPem: under.pki.caPem }),
      ).rejects.toThrow();
      expect(under.log).toContain(
        'TLS handshake refused: ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE',
      );
    });

    it('refuses a certificate from another CA: AUTHENTICATION_FAILED', async () => {
      const { bilan } = await authorizedPatient(101);
      const foreign = issueCredentialFromUntrustedCa('ORG_AUTH_CLI').credential;
      const client = clientFor(under, { tls: tlsOf(under.pki, foreign) });

      await expect(client.checkAccess(bilan.author, bilan.patient)).rejects.toMatchObject({
        code: 'AUTHENTICATION_FAILED',
      });
      await expect(client.file(bilan)).rejects.toMatchObject({ code: 'AUTHENTICATION_FAILED' });
      expect(await under.sandbox.documents(bilan.patient.ins)).toEqual([]);
      // Refused by the sandbox's handshake, not merely by the client.
      expect(under.log.some((line) => /^TLS handshake refused: \w*CERT/.test(line))).toBe(true);
    });

    it('refuses an expired client certificate', async () => {
      const { bilan } = await authorizedPatient(102);
      const expired = issueExpiredCredential(under.pki, 'ORG_AUTH_CLI');
      const client = clientFor(under, { tls: tlsOf(under.pki, expired) });
      await expect(client.checkAccess(bilan.author, bilan.patient)).rejects.toMatchObject({
        code: 'AUTHENTICATION_FAILED',
      });

      // The adapter does not even try; a client that does is stopped at the handshake.
      await expect(
        getFromSandbox(`${under.sandbox.baseUrl}/sandbox/submissions`, tlsOf(under.pki, expired)),
      ).rejects.toThrow();
      expect(under.log).toContain('TLS handshake refused: CERT_HAS_EXPIRED');
    });

    it('refuses a VIHF signed with an expired certificate', async () => {
      const { bilan } = await authorizedPatient(103);
      const client = clientFor(under, {
        signer: issueExpiredCredential(under.pki, 'ORG_SIGN'),
      });
      await expect(client.checkAccess(bilan.author, bilan.patient)).rejects.toMatchObject({
        code: 'AUTHENTICATION_FAILED',
        reason: expect.stringContaining('expired'),
      });
    });

    it('refuses a VIHF made for another structure than the TLS certificate', async () => {
      const { ins, bilan } = await authorizedPatient(104);
      const otherStructure = { ...DEFAULT_TEST_STRUCTURE, idNatStruct: '499700000002003' };
      const now = Date.now();
      const otherSigner = issueTestCredential(under.pki, {
        profile: 'ORG_SIGN',
        structure: otherStructure,
        notBefore: new Date(now - 3_600_000),
        notAfter: new Date(now + 86_400_000),
      });
      const author: DmpAuthor = {
        ...bilan.author,
        structure: { ...bilan.author.structure, idNatStruct: otherStructure.idNatStruct },
      };
      // A VIHF that is valid in itself (its signer's structure), sent with our TLS certificate.
      const client = clientFor(under, { signer: otherSigner });

      await expect(client.file({ ...bilan, author })).rejects.toMatchObject({
        code: 'AUTHENTICATION_FAILED',
        reason: expect.stringContaining('is not the structure of the TLS client certificate'),
      });
      expect(await under.sandbox.documents(ins)).toEqual([]);
    });

    it('refuses a VIHF changed after it was signed', async () => {
      const { bilan } = await authorizedPatient(105);
      const other = testIns(106);
      const tampered = vihfFor(bilan).replace(bilan.patient.ins.matricule, other.matricule);

      await expect(
        callSoap({
          url: under.sandbox.endpoints.transactionsUrl,
          action: DMP_TD_ACTIONS.testAuthorization,
          bodyXml: buildTestAuthorizationRequest({ patientIns: other }),
          vihf: tampered,
          tls: tlsOf(under.pki),
          timeoutMs: 20_000,
        }),
      ).rejects.toMatchObject({
        code: 'AUTHENTICATION_FAILED',
        message: expect.stringContaining('FailedCheck'),
      });
    });

    it('refuses a request without VIHF', async () => {
      const { bilan } = await authorizedPatient(107);
      await expect(
        callSoap({
          url: under.sandbox.endpoints.registryUrl,
          action: XDS_ACTIONS.registryStoredQuery,
          bodyXml: '<x/>',
          vihf: '',
          tls: tlsOf(under.pki),
          timeoutMs: 20_000,
        }),
      ).rejects.toMatchObject({ code: 'AUTHENTICATION_FAILED' });
      expect(await under.sandbox.documents(bilan.patient.ins)).toEqual([]);
    });
  });

  describe('access to the DMP', () => {
    it('refuses an authorisation older than 6 months until the practitioner is authorised again', async () => {
      const { ins, bilan } = await authorizedPatient(201, '2024-01-01');
      const client = clientFor(under);

      await expect(client.checkAccess(bilan.author, bilan.patient)).rejects.toMatchObject({
        code: 'AUTHORIZATION_EXPIRED',
      });
      await expect(client.file(bilan)).rejects.toMatchObject({ code: 'AUTHORIZATION_EXPIRED' });
      // Straight to ITI-41, past the adapter's own check: the sandbox refuses too.
      expect(dmpErrorFor(await sendProvideAndRegister(bilan))).toMatchObject({
        code: 'DOCUMENT_REJECTED',
        reason: expect.stringMatching(/^DMPAccessDenied: .*2024-01-01, more than 6 months ago/),
      });
      expect(await under.sandbox.documents(ins)).toEqual([]);

      await client.authorize(bilan.author, bilan.patient);

      expect(await client.checkAccess(bilan.author, bilan.patient)).toMatchObject({
        status: 'VALIDE',
        lastAuthorizationDate: today,
      });
      expect(await client.file(bilan)).toMatchObject({ alreadyFiled: false });
      expect(await under.sandbox.documents(ins)).toHaveLength(1);
    });

    it('answers NO_DMP for a patient without DMP, and refuses to authorise on it', async () => {
      const ins = testIns(202);
      await under.sandbox.registerPatient(ins, { hasDmp: false });
      const bilan = aBilan({ ins, structureId });
      const client = clientFor(under);

      await expect(client.checkAccess(bilan.author, bilan.patient)).rejects.toMatchObject({
        code: 'NO_DMP',
      });
      await expect(client.file(bilan)).rejects.toMatchObject({ code: 'NO_DMP' });
      expect(dmpErrorFor(await sendProvideAndRegister(bilan))).toMatchObject({ code: 'NO_DMP' });
      await expect(client.authorize(bilan.author, bilan.patient)).rejects.toMatchObject({
        code: 'INVALID_SUBMISSION',
        reason: 'the patient has no DMP',
      });
      expect(await under.sandbox.documents(ins)).toEqual([]);

      const unknown = aBilan({ ins: testIns(203), structureId });
      await expect(client.checkAccess(unknown.author, unknown.patient)).rejects.toMatchObject({
        code: 'NO_DMP',
      });
    });

    it('answers AUTHORIZATION_MISSING without authorisation, and files after authorising first', async () => {
      const { ins, bilan } = await authorizedPatient(204, null);
      const client = clientFor(under);

      await expect(client.file(bilan)).rejects.toMatchObject({ code: 'AUTHORIZATION_MISSING' });
      expect(await client.file(bilan, { authorizeFirst: true })).toMatchObject({
        alreadyFiled: false,
      });
      expect(await under.sandbox.documents(ins)).toHaveLength(1);
    });

    it('keeps a practitioner the patient has forbidden out, even after TD0.3', async () => {
      const ins = testIns(205);
      await under.sandbox.registerPatient(ins);
      const bilan = aBilan({ ins, structureId });
      await under.sandbox.setAuthorization(ins, bilan.author.rpps, null, 'INTERDIT');
      const client = clientFor(under);

      await expect(client.file(bilan)).rejects.toMatchObject({ code: 'AUTHORIZATION_FORBIDDEN' });
      await expect(client.authorize(bilan.author, bilan.patient)).rejects.toMatchObject({
        code: 'INVALID_SUBMISSION',
        reason: expect.stringContaining('forbidden'),
      });
      expect(dmpErrorFor(await sendProvideAndRegister(bilan))?.reason).toMatch(
        /^DMPAccessDenied: the patient has forbidden practitioner/,
      );
    });

    it('forgets an authorisation removed with TD0.3', async () => {
      const { bilan } = await authorizedPatient(206);
      const client = clientFor(under);
      await expect(client.checkAccess(bilan.author, bilan.patient)).resolves.toMatchObject({
        status: 'VALIDE',
      });
      // DmpClient has no "remove": the transaction is sent through the transport.
      await updateAuthorization(
        {
          url: under.sandbox.endpoints.transactionsUrl,
          vihf: vihfFor(bilan),
          tls: tlsOf(under.pki),
          timeoutMs: 20_000,
        },
        { patientIns: bilan.patient.ins, action: 'REMOVE' },
      );
      await expect(client.checkAccess(bilan.author, bilan.patient)).rejects.toMatchObject({
        code: 'AUTHORIZATION_MISSING',
      });
    });
  });

  describe('documents', () => {
    it('refuses a CDA without languageCode, naming the problem, and stores nothing', async () => {
      const { ins, bilan } = await authorizedPatient(301);
      const cda = Buffer.from(
        Buffer.concat(buildCda(bilan, testValueSets()).chunks)
          .toString('utf8')
          .replace('<languageCode code="fr-FR"/>', ''),
        'utf8',
      );

      const error = dmpErrorFor(await sendProvideAndRegister(bilan, { cda }));

      expect(error).toMatchObject({ code: 'DOCUMENT_REJECTED' });
      expect(error?.reason).toMatch(
        /^InvalidDocumentContent: CDA of DocumentEntry .*languageCode: missing/,
      );
      expect(await under.sandbox.documents(ins)).toEqual([]);
    });

    it('refuses a document whose hash is not the one announced', async () => {
      const { ins, bilan } = await authorizedPatient(302);
      const error = dmpErrorFor(await sendProvideAndRegister(bilan, { sha1: '0'.repeat(40) }));
      expect(error?.reason).toMatch(/^XDSNonIdenticalHash: /);
      expect(await under.sandbox.documents(ins)).toEqual([]);
    });

    it('refuses a CDA that is not the document its metadata describes', async () => {
      const { ins, bilan } = await authorizedPatient(303);
      const otherCda = Buffer.concat(
        buildCda({ ...bilan, uniqueId: newOid() }, testValueSets()).chunks,
      );
      const error = dmpErrorFor(await sendProvideAndRegister(bilan, { cda: otherCda }));
      expect(error?.reason).toMatch(/^InvalidDocumentContent: .*is not the entry's uniqueId/);
      expect(await under.sandbox.documents(ins)).toEqual([]);
    });

    it('refuses a submission whose document is not among the MTOM parts', async () => {
      const { ins, bilan } = await authorizedPatient(304);
      const error = dmpErrorFor(
        await sendProvideAndRegister(bilan, { partContentId: newContentId() }),
      );
      expect(error?.reason).toMatch(/^XDSMissingDocument: DocumentEntry .*: no MTOM part/);
      expect(await under.sandbox.documents(ins)).toEqual([]);
    });

    it('refuses a corrected version that does not keep the setId, and keeps the filed one', async () => {
      const { ins, bilan } = await authorizedPatient(305);
      const client = clientFor(under);
      await client.file(bilan);

      await expect(
        client.file({
          ...bilan,
          uniqueId: newOid(),
          setId: newOid(),
          versionNumber: 2,
          replaces: { uniqueId: bilan.uniqueId },
        }),
      ).rejects.toMatchObject({
        code: 'DOCUMENT_REJECTED',
        reason: expect.stringMatching(/^InvalidDocumentContent: .*setId .* is not the replaced/),
      });
      expect((await under.sandbox.documents(ins)).map((d) => [d.uniqueId, d.status])).toEqual([
        [bilan.uniqueId, 'Approved'],
      ]);
    });
  });

  describe('SOAP', () => {
    it('answers an unknown action with a Sender fault', async () => {
      const { bilan } = await authorizedPatient(401);
      await expect(
        callSoap({
          url: under.sandbox.endpoints.registryUrl,
          action: XDS_ACTIONS.provideAndRegister,
          bodyXml: '<x/>',
          vihf: vihfFor(bilan),
          tls: tlsOf(under.pki),
          timeoutMs: 20_000,
        }),
      ).rejects.toMatchObject({
        code: 'INVALID_SUBMISSION',
        message: expect.stringContaining('ActionNotSupported'),
      });
    });

    it('answers malformed XML with a Sender fault, HTTP 400 as the SOAP 1.2 binding says', async () => {
      const answer = await postSoap({
        url: under.sandbox.endpoints.repositoryUrl,
        action: XDS_ACTIONS.provideAndRegister,
        body: plainSoapBody('<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope">'),
        tls: tlsOf(under.pki),
        timeoutMs: 20_000,
      });
      expect(answer.status).toBe(400);
      expect(answer.body.toString('utf8')).toContain('soap:Sender');
    });
  });
});
