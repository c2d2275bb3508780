import { request as httpsRequest } from 'node:https';
import { type PostSoapRequest, plainSoapBody, postSoap } from '@app/dmp';
import {
  type Credential,
  generateTestPki,
  issueCredentialFromUntrustedCa,
  issueTestCredential,
  type TestPki,
} from '@app/pki';
import {
  TEST_PEOPLE,
  TEST_VITALE_CARDS,
  applyInsiAnswer,
  provisionalIdentity,
  qualifiedIns,
  recordDocumentCheck,
  vitaleCandidates,
  type Identity,
} from '@app/readers';
import { InsiClient, type InsiClientOptions } from '../insi-client';
import { InsiError } from '../insi-errors';
import { HOMONYMS } from './identities';
import { InsiSandbox } from './insi-sandbox';

/**
 * The client against the sandbox, over real mutual TLS on loopback, with
 * certificates of the test PKI: the whole identity flow, from a typed-in
 * identity or a Vitale card to a qualified INS, and each way a call fails.
 */

const IDAM = 'TESTIDAM0001';
const SOFTWARE = {
  idam: IDAM,
  name: 'acces-direct',
  version: '0.1.0',
  instanceId: '6c1b0a4e-0d1f-4a53-9a0b-5b8f3f0c2d11',
};

let pki: TestPki;
let insiAuto: Credential;
let sandbox: InsiSandbox;
let client: InsiClient;

function optionsWith(
  credential: Pick<Credential, 'privateKeyPem' | 'certificatePem'>,
  caPem = pki.caPem,
): InsiClientOptions {
  return {
    endpoint: sandbox.url,
    tls: {
      privateKeyPem: credential.privateKeyPem,
      certificatePem: credential.certificatePem,
      caPem,
    },
    software: SOFTWARE,
    emitter: '499700000001005',
    timeoutMs: 5_000,
  };
}

function issue(commonName: string): Credential {
  const now = Date.now();
  return issueTestCredential(pki, {
    profile: 'ORG_AUTH_CLI',
    commonName,
    notBefore: new Date(now - 3_600_000),
    notAfter: new Date(now + 86_400_000),
  });
}

async function rejection(promise: Promise<unknown>): Promise<InsiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InsiError) return error;
    throw error;
  }
  throw new Error('expected an InsiError');
}

function provisional(input: Parameters<typeof provisionalIdentity>[0]): Identity {
  const result = provisionalIdentity(input, 'saisie');
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.identity;
}

beforeAll(async () => {
  pki = generateTestPki({ password: 'unused' });
  insiAuto = issue('INSI-AUTO');
  sandbox = await InsiSandbox.start({
    port: 0,
    serverTls: pki.server,
    trustedCaPem: pki.caPem,
    authorizedSoftware: [IDAM],
  });
  client = new InsiClient({
    endpoint: sandbox.url,
    tls: {
      privateKeyPem: insiAuto.privateKeyPem,
      certificatePem: insiAuto.certificatePem,
      caPem: pki.caPem,
    },
    software: SOFTWARE,
    timeoutMs: 5_000,
  });
});

afterAll(async () => {
  await sandbox?.stop();
});

describe('searching by traits', () => {
  it('00: returns the INS, which makes a typed-in identity RECUP, then QUAL after a document check', async () => {
    const dominique = TEST_PEOPLE.dominique;
    const result = await client.searchByTraits({
      birthFamilyName: 'Pat-Trois',
      firstNames: 'Dominique',
      sex: 'F',
      birthDate: '1979-03-28',
    });
    expect(result).toMatchObject({
      code: '00',
      ins: dominique.ins,
      traits: { firstNames: 'DOMINIQUE MARIE-LOUISE', birthPlaceCode: '51215', sex: 'F' },
    });

    const typed = provisional({
      birthFamilyName: 'Pat-Trois',
      firstNames: 'Dominique',
      birthDate: '19790328',
      sex: 'F',
    });
    const retrieved = applyInsiAnswer(typed, result);
    expect(retrieved.ok).toBe(true);
    expect(retrieved.identity.status).toBe('RECUP');
    // Retrieved is not enough to write the INS anywhere: only a qualified identity yields it.
    expect(qualifiedIns(retrieved.identity)).toBeUndefined();
    const qualified = recordDocumentCheck(retrieved.identity, {
      document: 'carte-nationale-identite',
      checkedOn: '2025-03-01',
    });
    expect(qualified.identity.status).toBe('QUAL');
    expect(qualifiedIns(qualified.identity)).toEqual(dominique.ins);
  });

  it('sends the Emetteur read from the certificate, and the sandbox logs the exchange', async () => {
    const result = await client.searchByTraits({
      birthFamilyName: "D'Angelo-Test",
      firstNames: 'Ange',
      sex: 'M',
      birthDate: '19920211',
      birthPlaceCode: '2B033',
    });
    expect(result.code).toBe('00');
    expect(sandbox.exchanges.at(-1)).toEqual({
      operation: 'searchByTraits',
      messageId: result.messageId,
      idam: IDAM,
      emitter: '499700000001005',
      answer: '00',
    });
  });

  it('01: nobody matches', async () => {
    const result = await client.searchByTraits({
      birthFamilyName: 'INCONNU-TEST',
      firstNames: 'PERSONNE',
      sex: 'M',
      birthDate: '20000101',
    });
    expect(result).toMatchObject({ code: '01', label: 'Aucune identite trouvee' });
  });

  it('02: homonyms; the retrieval adds the other first names and finds one', async () => {
    const louis = { birthFamilyName: 'MARTIN-TEST', sex: 'M', birthDate: '19900101' };
    expect((await client.searchByTraits({ ...louis, firstNames: 'LOUIS' })).code).toBe('02');

    const retrieval = await client.retrieveIns({ ...louis, firstNames: 'LOUIS PAUL' });
    expect(retrieval.attempts.map((a) => [a.sent.Prenom, a.result.code])).toEqual([
      ['LOUIS', '02'],
      ['LOUIS PAUL', '00'],
    ]);
    expect(retrieval.result).toMatchObject({ code: '00', ins: HOMONYMS[0].ins });

    const byPlace = await client.searchByTraits({
      ...louis,
      firstNames: 'LOUIS',
      birthPlaceCode: '69123',
    });
    expect(byPlace).toMatchObject({ code: '00', ins: HOMONYMS[1].ins });
  });

  it('verifies a held INS against INSi', async () => {
    const paule = TEST_PEOPLE.paule;
    const verification = await client.verify(paule.ins, paule.traits);
    expect(verification.status).toBe('CONFIRMED');
    const wrong = await client.verify(TEST_PEOPLE.ange.ins, paule.traits);
    expect(wrong).toMatchObject({ status: 'INS_DIFFERS', replaced: false, activeIns: paule.ins });
  });
});

describe('searching with the Vitale card', () => {
  it("finds the dependant child's own INS from his mother's card", async () => {
    const maxime = vitaleCandidates(TEST_VITALE_CARDS.famillePatTrois).candidates[1];
    const result = await client.searchByVitale({
      ...maxime.insiKey,
      birthFamilyName: maxime.identity.traits.birthFamilyName,
    });
    expect(result).toMatchObject({ code: '00', ins: TEST_PEOPLE.maxime.ins });
    // Not the card's NIR, which is his mother's.
    expect(result.code === '00' && result.ins.matricule).not.toBe(maxime.billingNir);
    const transition = applyInsiAnswer(maxime.identity, result);
    expect(transition.ok).toBe(true);
    expect(transition.identity).toMatchObject({
      status: 'RECUP',
      traits: { sex: 'M', birthPlaceCode: '51454' },
    });
  });

  it('01 when the twin rank selects nobody', async () => {
    const dominique = vitaleCandidates(TEST_VITALE_CARDS.famillePatTrois).candidates[0];
    const result = await client.searchByVitale({ ...dominique.insiKey, twinRank: '2' });
    expect(result.code).toBe('01');
  });
});

describe('failures', () => {
  it('no client certificate: the sandbox refuses the TLS handshake', async () => {
    const url = new URL(sandbox.url);
    const outcome = await new Promise<string>((resolve) => {
      const req = httpsRequest(
        {
          hostname: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          ca: pki.caPem,
          agent: false,
          headers: { 'Content-Type': 'application/soap+xml; charset=UTF-8' },
        },
        (response) => resolve(`HTTP ${response.statusCode}`),
      );
      req.on('error', (error: NodeJS.ErrnoException) =>
        resolve(`refused ${error.code ?? error.message}`),
      );
      req.end('<x/>');
    });
    expect(outcome).toMatch(/^refused /);
  });

  it('no client certificate configured: TLS_FAILED, nothing sent', async () => {
    const before = sandbox.exchanges.length;
    const bare = new InsiClient(optionsWith({ privateKeyPem: '', certificatePem: '' }));
    const error = await rejection(bare.searchByTraits(TEST_PEOPLE.paule.traits));
    expect(error).toMatchObject({ code: 'TLS_FAILED', retryable: false });
    expect(sandbox.exchanges.length).toBe(before);
  });

  it('a certificate from another CA: TLS_FAILED', async () => {
    const foreign = issueCredentialFromUntrustedCa('ORG_AUTH_CLI');
    const stranger = new InsiClient(optionsWith(foreign.credential));
    const error = await rejection(stranger.searchByTraits(TEST_PEOPLE.paule.traits));
    expect(error.code).toBe('TLS_FAILED');
  });

  it('a server this client does not trust: TLS_FAILED', async () => {
    const other = issueCredentialFromUntrustedCa('ORG_AUTH_CLI');
    const wary = new InsiClient(optionsWith(insiAuto, other.caPem));
    expect((await rejection(wary.searchByTraits(TEST_PEOPLE.paule.traits))).code).toBe(
      'TLS_FAILED',
    );
  });

  it('a certificate not named INSI-AUTO / INSI-MANU: REFUSED (DESIR_560)', async () => {
    const dmpCertificate = new InsiClient(optionsWith(pki.structureAuth));
    const error = await rejection(dmpCertificate.searchByTraits(TEST_PEOPLE.paule.traits));
    expect(error).toMatchObject({
      code: 'REFUSED',
      fault: { errorCode: 'DESIR_560', subcodes: ['siram_100'] },
    });
  });

  it('an unknown software authorisation number: REFUSED (siram_100 / desir_550)', async () => {
    const unknown = new InsiClient({
      ...optionsWith(issue('INSI-MANU')),
      software: { ...SOFTWARE, idam: 'INCONNU' },
    });
    const error = await rejection(unknown.searchByTraits(TEST_PEOPLE.paule.traits));
    expect(error).toMatchObject({ code: 'REFUSED', fault: { errorCode: 'desir_550' } });
  });

  it('a malformed request: a SOAP fault, INVALID_REQUEST', async () => {
    // A client that breaks what it sends (lower-case name, no Sexe) after building it.
    const breaking = async (request: PostSoapRequest) => {
      const xml = Buffer.concat(request.body.chunks)
        .toString('utf8')
        .replace('>PAULE ANGELE<', '>Paule Angèle<')
        .replace(/<insi_recsans_ins:Sexe>F<\/insi_recsans_ins:Sexe>/, '');
      return postSoap({ ...request, body: plainSoapBody(xml, request.action) });
    };
    const broken = new InsiClient(optionsWith(insiAuto), breaking);
    const error = await rejection(broken.searchByTraits(TEST_PEOPLE.paule.traits));
    expect(error).toMatchObject({
      code: 'INVALID_REQUEST',
      retryable: false,
      fault: { soapCode: 'Sender', errorCode: 'sandbox_requete_invalide' },
    });
    expect(error.fault?.detail).toContain('RECSANSVITALE/Sexe is required');
    expect(sandbox.exchanges.at(-1)?.answer).toBe('sandbox_requete_invalide');
  });

  it('INSi temporarily unavailable (siram_40): UNAVAILABLE, retryable', async () => {
    sandbox.setUnavailable(true);
    try {
      const error = await rejection(client.searchByTraits(TEST_PEOPLE.paule.traits));
      expect(error).toMatchObject({
        code: 'UNAVAILABLE',
        retryable: true,
        fault: { subcodes: ['siram_40'] },
      });
    } finally {
      sandbox.setUnavailable(false);
    }
    expect((await client.searchByTraits(TEST_PEOPLE.paule.traits)).code).toBe('00');
  });

  it('the sandbox down: UNAVAILABLE, retryable', async () => {
    const gone = await InsiSandbox.start({
      port: 0,
      serverTls: pki.server,
      trustedCaPem: pki.caPem,
    });
    const url = gone.url;
    await gone.stop();
    const late = new InsiClient({ ...optionsWith(insiAuto), endpoint: url });
    const error = await rejection(late.searchByTraits(TEST_PEOPLE.paule.traits));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
  });
});
