import { DmpError, type PostSoapRequest, type SoapHttpResponse } from '@app/dmp';
import { generateTestPki, issueTestCredential, type TestPki } from '@app/pki';
import { TEST_PEOPLE } from '@app/readers';
import { InsiClient, insiCertificateProblem, type InsiClientOptions } from './insi-client';
import { InsiError } from './insi-errors';
import { INSI_ENDPOINTS } from './insi-protocol';
import { parseInsiRequest, type ParsedInsiRequest } from './insi-request';
import { buildResultEnvelope, type InsiSearchResult } from './insi-response';

/**
 * The client's own logic, with the HTTP call replaced: what it posts, how it
 * escalates a 02, how it verifies, how transport failures are typed. The
 * real exchange over mutual TLS is in sandbox/insi-sandbox.spec.ts.
 */

const DOMINIQUE = TEST_PEOPLE.dominique;
const FOUND: InsiSearchResult = {
  code: '00',
  label: 'OK',
  ins: { ...DOMINIQUE.ins },
  traits: { ...DOMINIQUE.traits },
  history: [],
};
const NONE: InsiSearchResult = { code: '01', label: 'Aucune identite trouvee' };
const SEVERAL: InsiSearchResult = { code: '02', label: 'Plusieurs identites trouvees' };

let pki: TestPki;
let options: InsiClientOptions;

beforeAll(() => {
  pki = generateTestPki({ password: 'unused' });
  const now = Date.now();
  const insi = issueTestCredential(pki, {
    profile: 'ORG_AUTH_CLI',
    commonName: 'INSI-AUTO',
    notBefore: new Date(now - 3_600_000),
    notAfter: new Date(now + 86_400_000),
  });
  options = {
    endpoint: INSI_ENDPOINTS.test,
    tls: {
      privateKeyPem: insi.privateKeyPem,
      certificatePem: insi.certificatePem,
      caPem: pki.caPem,
    },
    software: {
      idam: 'TESTIDAM0001',
      name: 'acces-direct',
      version: '0.1.0',
      instanceId: '6c1b0a4e-0d1f-4a53-9a0b-5b8f3f0c2d11',
    },
  };
});

/** A poster answering each call with the next result, and keeping what it was sent. */
function answering(...results: InsiSearchResult[]) {
  const sent: { http: PostSoapRequest; request: ParsedInsiRequest }[] = [];
  const post = async (http: PostSoapRequest): Promise<SoapHttpResponse> => {
    const xml = Buffer.concat(http.body.chunks).toString('utf8');
    sent.push({ http, request: parseInsiRequest(xml) });
    const result = results[Math.min(sent.length, results.length) - 1];
    return {
      status: 200,
      contentType: 'application/soap+xml; charset=UTF-8',
      body: Buffer.from(buildResultEnvelope(result)),
    };
  };
  return { post, sent };
}

const dominiqueTraits = {
  birthFamilyName: 'Pat-Trois',
  firstNames: ['Dominique', 'Marie-Louise'],
  sex: 'F',
  birthDate: '19790328',
  birthPlaceCode: '51215',
};

async function rejection(promise: Promise<unknown>): Promise<InsiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InsiError) return error;
    throw error;
  }
  throw new Error('expected an InsiError');
}

describe('InsiClient', () => {
  it('posts one SOAP 1.2 request with the action, over the structure certificate', async () => {
    const { post, sent } = answering(FOUND);
    const result = await new InsiClient(options, post).searchByTraits(dominiqueTraits);
    expect(result).toMatchObject({ code: '00', ins: DOMINIQUE.ins });
    expect(result.messageId).toBe(sent[0].request.messageId);
    const { http, request } = sent[0];
    expect(http.url).toBe('https://qualiflps-services-ps-tlsm.ameli.fr:443/lps');
    expect(http.action).toBe('urn:ServiceIdentiteCertifiee:1.0.0:rechercherInsAvecTraitsIdentite');
    expect(http.body.contentType).toBe(
      'application/soap+xml; charset=UTF-8; action="urn:ServiceIdentiteCertifiee:1.0.0:rechercherInsAvecTraitsIdentite"',
    );
    expect(http.tls).toBe(options.tls);
    expect(http.timeoutMs).toBe(15_000);
    // The Emetteur is the certificate's OU, the structure's idNat_Struct.
    expect(request.emitter).toBe('499700000001005');
    expect(request.body).toEqual({
      kind: 'traits',
      traits: {
        NomNaissance: 'PAT-TROIS',
        Prenom: 'DOMINIQUE MARIE-LOUISE',
        Sexe: 'F',
        DateNaissance: '1979-03-28',
        LieuNaissance: '51215',
      },
    });
  });

  it('refuses traits INSi would refuse, before any call', async () => {
    const { post, sent } = answering(FOUND);
    const error = await rejection(
      new InsiClient(options, post).searchByTraits({ ...dominiqueTraits, sex: '' }),
    );
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toContain('sex');
    expect(sent).toHaveLength(0);
  });

  describe('retrieving an INS, on 02 as the identitovigilance guidance says', () => {
    it('starts with the first first name, then adds the others, then the birth place', async () => {
      const { post, sent } = answering(SEVERAL, SEVERAL, FOUND);
      const retrieval = await new InsiClient(options, post).retrieveIns(dominiqueTraits);
      expect(retrieval.result.code).toBe('00');
      expect(
        sent.map(({ request }) => request.body.kind === 'traits' && request.body.traits),
      ).toEqual([
        { NomNaissance: 'PAT-TROIS', Prenom: 'DOMINIQUE', Sexe: 'F', DateNaissance: '1979-03-28' },
        {
          NomNaissance: 'PAT-TROIS',
          Prenom: 'DOMINIQUE MARIE-LOUISE',
          Sexe: 'F',
          DateNaissance: '1979-03-28',
        },
        {
          NomNaissance: 'PAT-TROIS',
          Prenom: 'DOMINIQUE MARIE-LOUISE',
          Sexe: 'F',
          DateNaissance: '1979-03-28',
          LieuNaissance: '51215',
        },
      ]);
      expect(retrieval.attempts.map((a) => a.result.code)).toEqual(['02', '02', '00']);
    });

    it('stops at the first 00 or 01', async () => {
      const { post, sent } = answering(NONE);
      const retrieval = await new InsiClient(options, post).retrieveIns(dominiqueTraits);
      expect(retrieval.result.code).toBe('01');
      expect(sent).toHaveLength(1);
    });
  });

  describe('verifying a held INS', () => {
    const held = { ...DOMINIQUE.ins };

    it('confirms when INSi gives the same INS and the same five traits', async () => {
      const { post } = answering(FOUND);
      const verification = await new InsiClient(options, post).verify(held, dominiqueTraits);
      expect(verification.status).toBe('CONFIRMED');
    });

    it('says when the INS was replaced (the held one is in INSi history)', async () => {
      const replaced: InsiSearchResult = {
        ...FOUND,
        ins: { matricule: '279035121518890', oid: DOMINIQUE.ins.oid },
        history: [{ ...DOMINIQUE.ins }],
      };
      const { post } = answering(replaced);
      const verification = await new InsiClient(options, post).verify(held, dominiqueTraits);
      expect(verification).toMatchObject({
        status: 'INS_DIFFERS',
        replaced: true,
        activeIns: { matricule: '279035121518890' },
      });
    });

    it('names the traits that differ, the whole first-name list included', async () => {
      const { post } = answering(FOUND);
      const verification = await new InsiClient(options, post).verify(held, {
        ...dominiqueTraits,
        firstNames: 'DOMINIQUE',
      });
      expect(verification.status).toBe('TRAITS_DIFFER');
      if (verification.status === 'TRAITS_DIFFER') {
        expect(verification.mismatches.map((m) => m.field)).toEqual(['firstNames']);
      }
    });

    it('reports 01 and 02 as not found and ambiguous', async () => {
      expect(
        (await new InsiClient(options, answering(NONE).post).verify(held, dominiqueTraits)).status,
      ).toBe('NOT_FOUND');
      expect(
        (await new InsiClient(options, answering(SEVERAL).post).verify(held, dominiqueTraits))
          .status,
      ).toBe('AMBIGUOUS');
    });
  });

  describe('transport failures', () => {
    const failing = (error: Error) => async (): Promise<SoapHttpResponse> => Promise.reject(error);

    it('a refused or failed TLS handshake is TLS_FAILED, not retryable', async () => {
      const client = new InsiClient(
        options,
        failing(new DmpError('AUTHENTICATION_FAILED', 'TLS with https://x failed (CERT_REVOKED)')),
      );
      const error = await rejection(client.searchByTraits(dominiqueTraits));
      expect(error).toMatchObject({ code: 'TLS_FAILED', retryable: false });
    });

    it('a network failure or timeout is UNAVAILABLE, retryable', async () => {
      const client = new InsiClient(
        options,
        failing(new DmpError('UNAVAILABLE', 'no answer within 15000 ms')),
      );
      const error = await rejection(client.searchByTraits(dominiqueTraits));
      expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    });

    it('no client certificate is TLS_FAILED before any call', async () => {
      const { post, sent } = answering(FOUND);
      const client = new InsiClient(
        { ...options, emitter: '499700000001005', tls: { ...options.tls, certificatePem: '' } },
        post,
      );
      expect((await rejection(client.searchByTraits(dominiqueTraits))).code).toBe('TLS_FAILED');
      expect(sent).toHaveLength(0);
    });
  });

  it('takes only an https endpoint', () => {
    expect(() => new InsiClient({ ...options, endpoint: 'http://localhost/lps' })).toThrow(/https/);
  });
});

describe('insiCertificateProblem', () => {
  it('accepts INSI-AUTO and names any other CN (INSi answers DESIR_560)', () => {
    expect(insiCertificateProblem(options.tls.certificatePem)).toBeUndefined();
    expect(insiCertificateProblem(pki.structureAuth.certificatePem)).toMatch(
      /CN is "DMP AUTH_CLI".*INSI-AUTO or INSI-MANU/,
    );
    expect(insiCertificateProblem('junk')).toBe('not a PEM certificate');
  });
});
