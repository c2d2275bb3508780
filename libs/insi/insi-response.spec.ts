import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyInsiAnswer, provisionalIdentity, type Identity } from '@app/readers';
import { InsiError } from './insi-errors';
import { INSI_FAULTS } from './insi-protocol';
import {
  buildFaultEnvelope,
  buildResultEnvelope,
  faultToInsiError,
  readSearchAnswer,
  type InsiSearchResult,
} from './insi-response';

const fixture = (name: string): Buffer => readFileSync(join(__dirname, 'fixtures', name));

function failure(run: () => unknown): InsiError {
  try {
    run();
  } catch (error) {
    if (error instanceof InsiError) return error;
    throw error;
  }
  throw new Error('expected an InsiError');
}

function provisional(): Identity {
  const result = provisionalIdentity(
    { birthFamilyName: 'Pat-Trois', firstNames: 'Dominique', birthDate: '19790328' },
    'saisie',
  );
  if (!result.ok) throw new Error('test identity');
  return result.identity;
}

describe('reading RESULTAT', () => {
  it('reads a recorded-shape 00 answer: active INS, history, INS traits', () => {
    const result = readSearchAnswer(
      { status: 200, body: fixture('resultat-00-dominique.xml') },
      'rechercherInsAvecTraitsIdentite',
    );
    expect(result).toEqual({
      code: '00',
      label: 'OK',
      ins: { matricule: '279035121518989', oid: '1.2.250.1.213.1.4.10' },
      traits: {
        birthFamilyName: 'PAT-TROIS',
        firstNames: 'DOMINIQUE MARIE-LOUISE',
        birthDate: '19790328',
        sex: 'F',
        birthPlaceCode: '51215',
      },
      firstName: 'DOMINIQUE',
      history: [
        {
          matricule: '279035121518890',
          oid: '1.2.250.1.213.1.4.10',
          from: '2001-03-01',
          to: '2002-02-28',
        },
      ],
    });
  });

  it('gives applyInsiAnswer what it needs: a provisional identity becomes RECUP', () => {
    const result = readSearchAnswer(
      { status: 200, body: fixture('resultat-00-dominique.xml') },
      'rechercherInsAvecTraitsIdentite',
    );
    const transition = applyInsiAnswer(provisional(), result);
    expect(transition.ok).toBe(true);
    expect(transition.identity.status).toBe('RECUP');
    expect(transition.identity.ins).toMatchObject({ matricule: '279035121518989', kind: 'NIR' });
    expect(transition.identity.traits.firstNames).toEqual(['DOMINIQUE', 'MARIE-LOUISE']);
  });

  it('reads 01 and 02, which are answers, not errors', () => {
    for (const code of ['01', '02'] as const) {
      const built = buildResultEnvelope({
        code,
        label: code === '01' ? 'Aucune identite trouvee' : 'Plusieurs identites trouvees',
      });
      const result = readSearchAnswer({ status: 200, body: Buffer.from(built) }, 'op');
      expect(result.code).toBe(code);
      expect(applyInsiAnswer(provisional(), result).ok).toBe(false);
    }
  });

  it('reads back what the sandbox writes', () => {
    const written: InsiSearchResult = {
      code: '00',
      label: 'OK',
      ins: { matricule: '142509935001257', oid: '1.2.250.1.213.1.4.10' },
      traits: {
        birthFamilyName: 'EL AMRANI-TEST',
        firstNames: 'YOUSSEF',
        birthDate: '19420000',
        sex: 'M',
        birthPlaceCode: '99350',
      },
      history: [],
    };
    const xml = buildResultEnvelope(written);
    expect(xml).toContain('<DateNaissance>1942-00-00</DateNaissance>');
    expect(readSearchAnswer({ status: 200, body: Buffer.from(xml) }, 'op')).toEqual({
      ...written,
      firstName: 'YOUSSEF',
    });
  });

  it('refuses an answer it cannot trust: INVALID_RESPONSE', () => {
    const good = fixture('resultat-00-dominique.xml').toString('utf8');
    const cases = [
      good.replace('<Cle>89</Cle>', '<Cle>88</Cle>'),
      good.replace('1.2.250.1.213.1.4.10</OID></INSACTIF>', '1.2.3</OID></INSACTIF>'),
      good.replace('<CodeCR>00</CodeCR>', '<CodeCR>03</CodeCR>'),
      good.replace(/<TIQ>.*<\/TIQ>/, '<TIQ><NomNaissance>PAT-TROIS</NomNaissance></TIQ>'),
      good.replace(/<INDIVIDU>.*<\/INDIVIDU>/, ''),
      good.replace('<CodeCR>00</CodeCR>', '<CodeCR>02</CodeCR>'),
      good.replace(/RESULTAT/g, 'RESULT'),
    ];
    for (const xml of cases) {
      const error = failure(() => readSearchAnswer({ status: 200, body: Buffer.from(xml) }, 'op'));
      expect(error.code).toBe('INVALID_RESPONSE');
      expect(error.retryable).toBe(false);
    }
  });

  it('treats what is not SOAP at all as a service in trouble: UNAVAILABLE', () => {
    const error = failure(() =>
      readSearchAnswer({ status: 200, body: Buffer.from('<html>maintenance') }, 'op'),
    );
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.retryable).toBe(true);
  });
});

describe('reading faults', () => {
  it('siram_40 (recorded as a Receiver fault) is UNAVAILABLE, retryable', () => {
    const error = failure(() =>
      readSearchAnswer({ status: 500, body: fixture('fault-siram40-receiver.xml') }, 'op'),
    );
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    expect(error.fault).toEqual({
      soapCode: 'Receiver',
      subcodes: ['siram_40'],
      errorCode: 'insi_102',
      severity: 'fatal',
      reason: expect.stringContaining('temporairement inaccessible'),
      detail: expect.stringContaining('erreur technique'),
    });
  });

  it('siram_40 stays UNAVAILABLE when INSi sends it as a Sender fault', () => {
    const error = faultToInsiError(
      {
        soapCode: 'Sender',
        subcodes: ['siram_40'],
        errorCode: 'desir_1020',
        reason: 'indisponible',
      },
      'op',
    );
    expect(error.code).toBe('UNAVAILABLE');
  });

  it('an unknown software authorisation number (siram_100 / desir_550) is REFUSED', () => {
    const error = failure(() =>
      readSearchAnswer({ status: 500, body: fixture('fault-siram100-desir550.xml') }, 'op'),
    );
    expect(error).toMatchObject({ code: 'REFUSED', retryable: false });
    expect(error.reason).toContain("Numéro d'autorisation du logiciel inconnu.");
  });

  it('a certificate not named INSI-AUTO / INSI-MANU (DESIR_560) is REFUSED', () => {
    const xml = buildFaultEnvelope({ ...INSI_FAULTS.certificateName, messageId: 'uuid:x' });
    const error = failure(() => readSearchAnswer({ status: 500, body: Buffer.from(xml) }, 'op'));
    expect(error.code).toBe('REFUSED');
    expect(error.fault?.errorCode).toBe('DESIR_560');
  });

  it('any other Sender fault is INVALID_REQUEST, any other Receiver fault UNAVAILABLE', () => {
    const invalid = buildFaultEnvelope({ ...INSI_FAULTS.invalidRequest, detail: 'Sexe' });
    expect(
      failure(() => readSearchAnswer({ status: 500, body: Buffer.from(invalid) }, 'op')).code,
    ).toBe('INVALID_REQUEST');
    expect(faultToInsiError({ soapCode: 'Receiver', subcodes: [], reason: '' }, 'op').code).toBe(
      'UNAVAILABLE',
    );
  });

  it('a 500 that is a SOAP answer without a fault is UNAVAILABLE', () => {
    const xml = buildResultEnvelope({ code: '01', label: 'Aucune identite trouvee' });
    const error = failure(() => readSearchAnswer({ status: 503, body: Buffer.from(xml) }, 'op'));
    expect(error.code).toBe('UNAVAILABLE');
  });
});
