import {
  type Credential,
  generateTestPki,
  issueCredentialFromUntrustedCa,
  issueExpiredCredential,
  type TestPki,
} from '@app/pki';
import type { DmpAuthor, DmpPatient } from '../model';
import { buildSoapRequest, parseSoapEnvelope, securityAssertionXml } from './soap';
import {
  NOS_TRE_R248_OID,
  VIHF_ACCESS_MODE_OID,
  type VihfErrorCode,
  type VihfOptions,
  VihfError,
  buildVihfAssertion,
  createSignedVihf,
  signVihfAssertion,
  verifyVihf,
} from './vihf';

const OPTIONS: VihfOptions = {
  version: '4.0',
  lps: { name: 'ACCES-DIRECT', version: '0.1.0', homologationNumber: 'TEST-HOMOLOGATION' },
};
const PATIENT: Pick<DmpPatient, 'ins'> = {
  ins: { matricule: '279035121518989', oid: '1.2.250.1.213.1.4.10' },
};
const LOGIN = new Date('2025-11-26T08:00:00.000Z');

function authorOf(idNatStruct: string): DmpAuthor {
  return {
    rpps: '10000000101',
    familyName: 'Martin',
    givenNames: 'Claire',
    specialtyCode: 'G15_91',
    professionCode: '91',
    structure: {
      idNatStruct,
      name: 'CABINET ORTHOPHONIE TEST LOCAL',
      facilityTypeCode: 'SA07',
      practiceSettingCode: 'AMBULATOIRE',
    },
  };
}

function refusal(run: () => unknown): VihfErrorCode | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof VihfError) return error.code;
    throw error;
  }
  return undefined;
}

describe('VIHF', () => {
  let pki: TestPki;
  let author: DmpAuthor;
  let expired: Credential;
  let foreign: Credential;

  beforeAll(() => {
    pki = generateTestPki({ password: 'unused' });
    author = authorOf(pki.structureSign.idNatStruct ?? '');
    expired = issueExpiredCredential(pki);
    foreign = issueCredentialFromUntrustedCa().credential;
  });

  const sign = (signer: Credential = pki.structureSign, options: VihfOptions = OPTIONS) =>
    createSignedVihf({ author, patient: PATIENT, authnInstant: LOGIN }, options, signer);

  it('signs an assertion the verifier accepts, and returns its claims', () => {
    const claims = verifyVihf(sign(), pki.caPem);
    expect(claims).toMatchObject({
      issuer: pki.structureSign.subject,
      vihfVersion: '4.0',
      authenticationMode: 'INDIRECTE',
      practitionerId: '810000000101',
      subjectName: 'MARTIN, Claire',
      structureId: pki.structureSign.idNatStruct,
      secteurActivite: { code: 'SA07', codeSystem: '1.2.250.1.71.4.2.4' },
      role: { code: '91', codeSystem: '1.2.250.1.71.1.2.7', displayName: 'Orthophoniste' },
      patientIns: PATIENT.ins,
      purposeOfUse: { code: 'normal', codeSystem: VIHF_ACCESS_MODE_OID },
      lps: { name: 'ACCES-DIRECT', version: '0.1.0', homologationNumber: 'TEST-HOMOLOGATION' },
      authnInstant: LOGIN,
      authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified',
    });
  });

  it('follows the ANS layout: signature after Issuer, no AudienceRestriction, X509SubjectName', () => {
    const xml = sign();
    expect(xml).toMatch(
      /^<Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion"[^>]*><Issuer Format="urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName">C=FR, ST=Paris \(75\), O=[^<]*<\/Issuer><Signature xmlns="http:\/\/www.w3.org\/2000\/09\/xmldsig#">/,
    );
    expect(xml).toContain(
      '<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>',
    );
    expect(xml).toContain('<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>');
    expect(xml).toContain('<X509Certificate>');
    expect(xml).not.toContain('AudienceRestriction');
    expect(xml).toContain(
      '<Role xmlns="urn:hl7-org:v3" code="91" codeSystem="1.2.250.1.71.1.2.7" displayName="Orthophoniste" xsi:type="CE"/>',
    );
    expect(xml).toContain('279035121518989^^^&amp;1.2.250.1.213.1.4.10&amp;ISO^NH');
  });

  it('makes the access-mode code system configurable', () => {
    const xml = sign(pki.structureSign, {
      ...OPTIONS,
      purposeOfUse: { codeSystem: NOS_TRE_R248_OID },
    });
    expect(verifyVihf(xml, pki.caPem).purposeOfUse.codeSystem).toBe(NOS_TRE_R248_OID);
  });

  it('survives the trip inside a SOAP envelope', () => {
    const envelope = buildSoapRequest({
      action: 'urn:test',
      to: 'https://localhost/dmp',
      securityAssertionXml: sign(),
      bodyXml: '<x:Ping xmlns:x="urn:test"/>',
    });
    const assertion = securityAssertionXml(parseSoapEnvelope(envelope.xml));
    expect(assertion).toBeDefined();
    expect(verifyVihf(assertion ?? '', pki.caPem).patientIns).toEqual(PATIENT.ins);
  });

  it('refuses a tampered attribute', () => {
    const tampered = sign().replace('279035121518989', '179035121518901');
    expect(refusal(() => verifyVihf(tampered, pki.caPem))).toBe('INVALID_SIGNATURE');
  });

  it('refuses an assertion whose signature was removed', () => {
    const unsigned = sign().replace(/<Signature[\s\S]*<\/Signature>/, '');
    expect(refusal(() => verifyVihf(unsigned, pki.caPem))).toBe('UNSIGNED');
  });

  it('refuses a certificate from another CA', () => {
    expect(refusal(() => verifyVihf(sign(foreign), pki.caPem))).toBe('UNTRUSTED_CERTIFICATE');
  });

  it('refuses an expired certificate', () => {
    expect(refusal(() => verifyVihf(sign(expired), pki.caPem))).toBe('CERTIFICATE_EXPIRED');
  });

  it('refuses a validly signed assertion that lacks a required attribute', () => {
    const unsigned = buildVihfAssertion(
      { author, patient: PATIENT, authnInstant: LOGIN },
      OPTIONS,
      pki.structureSign.certificatePem,
    ).replace(/<Attribute Name="Secteur_Activite">.*?<\/Attribute>/, '');
    const error = (() => {
      try {
        verifyVihf(signVihfAssertion(unsigned, pki.structureSign), pki.caPem);
      } catch (e) {
        return e as VihfError;
      }
      return undefined;
    })();
    expect(error?.code).toBe('MISSING_ATTRIBUTE');
    expect(error?.message).toContain('Secteur_Activite');
  });

  it("refuses a structure id that is not the signing certificate's", () => {
    const other = createSignedVihf(
      { author: authorOf('10B0156832'), patient: PATIENT, authnInstant: LOGIN },
      OPTIONS,
      pki.structureSign,
    );
    expect(refusal(() => verifyVihf(other, pki.caPem))).toBe('STRUCTURE_MISMATCH');
    expect(verifyVihf(other, pki.caPem, { requireStructureMatch: false }).structureId).toBe(
      '10B0156832',
    );
  });

  it('refuses an assertion past its NotAfter', () => {
    const xml = createSignedVihf(
      { author, patient: PATIENT, authnInstant: LOGIN },
      { ...OPTIONS, lifetimeSeconds: 60 },
      pki.structureSign,
      new Date(Date.now() - 3_600_000),
    );
    expect(refusal(() => verifyVihf(xml, pki.caPem))).toBe('NOT_CURRENT');
  });
});
