import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generateTestPki, type TestPki } from '@app/pki';
import type { DmpErrorCode } from '../errors';
import type { DmpAuthor } from '../model';
import {
  DMP_TD_ACTIONS,
  type TestAuthorizationResponse,
  addMonths,
  authorizationProblem,
  buildTestAuthorizationRequest,
  buildTestAuthorizationResponse,
  buildUpdateAuthorizationRequest,
  buildUpdateAuthorizationResponse,
  parseTestAuthorizationRequest,
  parseTestAuthorizationResponse,
  parseUpdateAuthorizationRequest,
  parseUpdateAuthorizationResponse,
  testAuthorization,
  updateAuthorization,
} from './dmp-transactions';
import { parseMtom } from './mtom';
import {
  buildSoapFaultEnvelope,
  buildSoapResponse,
  parseSoapEnvelope,
  securityAssertionXml,
  soapContentType,
  WSSE_NAMESPACE,
} from './soap';
import { createSignedVihf, verifyVihf } from './vihf';
import { MalformedXmlError, parseXml, rootElement, serializeXml } from './xml';

const INS = { matricule: '279035121518989', oid: '1.2.250.1.213.1.4.10' };
const element = (xml: string) => rootElement(parseXml(xml, 'test'));

describe('TD0.2 and TD0.3 messages', () => {
  it('round-trip both sides of TD0.2', () => {
    expect(
      parseTestAuthorizationRequest(element(buildTestAuthorizationRequest({ patientIns: INS }))),
    ).toEqual({
      patientIns: INS,
    });
    const responses: TestAuthorizationResponse[] = [
      {
        dmpExists: true,
        status: 'VALIDE',
        lastAuthorizationDate: '2025-10-01',
        treatingPhysician: true,
        patientWebAccessOpen: false,
      },
      { dmpExists: true, status: 'NON_EXISTE', treatingPhysician: false },
      { dmpExists: false, status: 'NON_EXISTE', treatingPhysician: false },
    ];
    for (const response of responses) {
      expect(
        parseTestAuthorizationResponse(element(buildTestAuthorizationResponse(response))),
      ).toEqual(response);
    }
  });

  it('round-trips both sides of TD0.3', () => {
    for (const action of ['ADD', 'REMOVE'] as const) {
      expect(
        parseUpdateAuthorizationRequest(
          element(buildUpdateAuthorizationRequest({ patientIns: INS, action })),
        ),
      ).toEqual({ patientIns: INS, action });
    }
    expect(
      parseUpdateAuthorizationResponse(element(buildUpdateAuthorizationResponse({ ok: true }))),
    ).toEqual({
      ok: true,
    });
  });

  it('refuses what the provisional schema does not allow', () => {
    const good = buildTestAuthorizationResponse({
      dmpExists: true,
      status: 'VALIDE',
      treatingPhysician: true,
    });
    const unknownStatus = good.replace('>VALIDE<', '>PEUT-ETRE<');
    expect(() => parseTestAuthorizationResponse(element(unknownStatus))).toThrow(/PEUT-ETRE/);
    const noExistence = good.replace('<td:DmpExists>true</td:DmpExists>', '');
    expect(() => parseTestAuthorizationResponse(element(noExistence))).toThrow(MalformedXmlError);
    expect(() =>
      parseUpdateAuthorizationRequest(
        element(
          buildUpdateAuthorizationRequest({ patientIns: INS, action: 'ADD' }).replace(
            'ADD',
            'MAYBE',
          ),
        ),
      ),
    ).toThrow(/ADD or REMOVE/);
    expect(() =>
      parseTestAuthorizationRequest(element(buildUpdateAuthorizationResponse({ ok: true }))),
    ).toThrow(MalformedXmlError);
  });
});

describe('what TD0.2 means for a filing', () => {
  const now = new Date('2026-03-15T10:00:00Z');
  const code = (response: TestAuthorizationResponse, maxAgeMonths = 6): DmpErrorCode | undefined =>
    authorizationProblem(response, { maxAgeMonths, now })?.code;

  it('maps each status to its DmpError', () => {
    const inDmp = { dmpExists: true, treatingPhysician: false };
    expect(code({ ...inDmp, dmpExists: false, status: 'NON_EXISTE' })).toBe('NO_DMP');
    expect(code({ ...inDmp, status: 'NON_EXISTE' })).toBe('AUTHORIZATION_MISSING');
    expect(code({ ...inDmp, status: 'EXPIRE' })).toBe('AUTHORIZATION_EXPIRED');
    expect(code({ ...inDmp, status: 'INTERDIT' })).toBe('AUTHORIZATION_FORBIDDEN');
    expect(code({ ...inDmp, status: 'VALIDE' })).toBeUndefined();
  });

  it('treats an authorisation older than the configured months as expired', () => {
    const valid = (lastAuthorizationDate: string) => ({
      dmpExists: true,
      status: 'VALIDE' as const,
      lastAuthorizationDate,
      treatingPhysician: false,
    });
    expect(code(valid('2025-09-15'))).toBeUndefined();
    expect(code(valid('2025-09-14'))).toBe('AUTHORIZATION_EXPIRED');
    expect(code(valid('2025-09-14'), 12)).toBeUndefined();
    expect(authorizationProblem(valid('2025-01-01'), { maxAgeMonths: 6, now })?.message).toBe(
      "the practitioner's last authorisation (2025-01-01) is older than 6 months",
    );
  });

  it('adds calendar months, clamped to the end of shorter months', () => {
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addMonths('2025-12-15', 6)).toBe('2026-06-15');
  });
});

describe('TD0.2 / TD0.3 calls against a sandbox over mutual TLS', () => {
  let pki: TestPki;
  let server: Server;
  let url: string;
  let author: DmpAuthor;
  let nextAnswer: (payload: string, relatesTo: string) => { status: number; xml: string };

  beforeAll(async () => {
    pki = generateTestPki({ password: 'unused' });
    author = {
      rpps: '10000000101',
      familyName: 'Martin',
      givenNames: 'Claire',
      specialtyCode: 'G15_91',
      professionCode: '91',
      structure: {
        idNatStruct: pki.structureSign.idNatStruct ?? '',
        name: 'Cabinet',
        facilityTypeCode: 'SA07',
        practiceSettingCode: 'AMBULATOIRE',
      },
    };
    server = createServer(
      {
        key: pki.server.privateKeyPem,
        cert: [pki.server.certificatePem, ...pki.server.chainPem].join(''),
        ca: pki.caPem,
        requestCert: true,
        rejectUnauthorized: true,
      },
      (request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          // What a sandbox does: read the envelope, check the VIHF, answer the transaction.
          try {
            const received = parseMtom(Buffer.concat(chunks), request.headers['content-type']);
            const envelope = parseSoapEnvelope(received.rootXml);
            const claims = verifyVihf(securityAssertionXml(envelope) ?? '', pki.caPem);
            expect(claims.patientIns).toEqual(INS);
            const payload = envelope.payload ? serializeXml(envelope.payload) : '';
            const answer = nextAnswer(payload, envelope.addressing.messageId ?? '');
            response.writeHead(answer.status, { 'Content-Type': soapContentType() });
            response.end(answer.xml);
          } catch (error) {
            response.writeHead(500, { 'Content-Type': 'text/plain' });
            response.end(String(error));
          }
        });
      },
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `https://localhost:${(server.address() as AddressInfo).port}/dmp/td`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  const context = () => ({
    url,
    vihf: createSignedVihf(
      { author, patient: { ins: INS }, authnInstant: new Date() },
      {
        version: '4.0',
        lps: { name: 'ACCES-DIRECT', version: '0.1.0', homologationNumber: 'TEST' },
      },
      pki.structureSign,
    ),
    tls: { ...pki.structureAuth, caPem: pki.caPem },
    timeoutMs: 5_000,
  });

  it('tests the authorisation (TD0.2)', async () => {
    nextAnswer = (payload, relatesTo) => {
      expect(parseTestAuthorizationRequest(element(payload))).toEqual({ patientIns: INS });
      return {
        status: 200,
        xml: buildSoapResponse({
          action: `${DMP_TD_ACTIONS.testAuthorization}:response`,
          relatesTo,
          bodyXml: buildTestAuthorizationResponse({
            dmpExists: true,
            status: 'VALIDE',
            lastAuthorizationDate: '2026-01-02',
            treatingPhysician: false,
          }),
        }).xml,
      };
    };
    expect(await testAuthorization(context(), { patientIns: INS })).toEqual({
      dmpExists: true,
      status: 'VALIDE',
      lastAuthorizationDate: '2026-01-02',
      treatingPhysician: false,
    });
  });

  it('adds the authorisation (TD0.3), and reports a refusal as a typed error', async () => {
    nextAnswer = (payload, relatesTo) => {
      expect(parseUpdateAuthorizationRequest(element(payload)).action).toBe('ADD');
      return {
        status: 200,
        xml: buildSoapResponse({
          action: `${DMP_TD_ACTIONS.updateAuthorization}:response`,
          relatesTo,
          bodyXml: buildUpdateAuthorizationResponse({ ok: true }),
        }).xml,
      };
    };
    expect(await updateAuthorization(context(), { patientIns: INS, action: 'ADD' })).toEqual({
      ok: true,
    });

    nextAnswer = (_payload, relatesTo) => ({
      status: 400,
      xml: buildSoapFaultEnvelope(
        {
          code: 'Sender',
          subcodes: [{ namespace: WSSE_NAMESPACE, localName: 'FailedAuthentication' }],
          reason: 'non',
        },
        relatesTo,
      ),
    });
    await expect(
      updateAuthorization(context(), { patientIns: INS, action: 'ADD' }),
    ).rejects.toMatchObject({
      code: 'AUTHENTICATION_FAILED',
    });
  });
});
