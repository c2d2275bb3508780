import { DOMParser, type Element } from '@xmldom/xmldom';
import { TEST_VITALE_CARDS, vitaleCandidates } from '@app/readers';
import { INSI_NS, INSI_OPERATIONS, SOAP12_NS, WSA_NS } from './insi-protocol';
import {
  InsiRequestError,
  buildSearchByTraitsRequest,
  buildSearchByVitaleRequest,
  parseInsiRequest,
  toRecVitale,
  type InsiRequestContext,
} from './insi-request';
import { toRecSansVitale, type RecSansVitale } from './insi-traits';

const CONTEXT: InsiRequestContext = {
  emitter: '499700000001005',
  software: {
    idam: 'TESTIDAM0001',
    name: 'acces-direct',
    version: '0.1.0',
    instanceId: '6c1b0a4e-0d1f-4a53-9a0b-5b8f3f0c2d11',
  },
};

const FIXED = {
  messageId: 'uuid:1f7425e2-b913-415c-adaa-785ee1076a70',
  now: new Date('2025-03-01T10:00:00.000Z'),
  newId: () => '00000000-0000-4000-8000-000000000001',
};

function traits(input: Parameters<typeof toRecSansVitale>[0]): RecSansVitale {
  const result = toRecSansVitale(input);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.request;
}

const PAULE = traits({
  birthFamilyName: "D'ORSONI-TEST",
  firstNames: 'PAULE ANGELE',
  sex: 'F',
  birthDate: '19850517',
  birthPlaceCode: '2A004',
});

function parse(xml: string): Element {
  return new DOMParser().parseFromString(xml, 'text/xml').documentElement!;
}

function children(parent: Element): Element[] {
  return Array.from(parent.childNodes).filter((n): n is Element => n.nodeType === 1);
}

function only(parent: Element, ns: string, name: string): Element {
  const found = children(parent).filter((c) => c.namespaceURI === ns && c.localName === name);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('the search by traits request', () => {
  const request = buildSearchByTraitsRequest(PAULE, CONTEXT, FIXED);
  const envelope = parse(request.xml);
  const header = only(envelope, SOAP12_NS, 'Header');
  const body = only(envelope, SOAP12_NS, 'Body');

  it('is a SOAP 1.2 envelope for rechercherInsAvecTraitsIdentite', () => {
    expect(envelope.namespaceURI).toBe(SOAP12_NS);
    expect(envelope.localName).toBe('Envelope');
    expect(request.operation).toBe(INSI_OPERATIONS.searchByTraits);
    expect(only(header, WSA_NS, 'Action').textContent).toBe(
      'urn:ServiceIdentiteCertifiee:1.0.0:rechercherInsAvecTraitsIdentite',
    );
    expect(only(header, WSA_NS, 'MessageID').textContent).toBe(FIXED.messageId);
    expect(request.messageId).toBe(FIXED.messageId);
  });

  it('carries ContexteBAM 01_02 with an empty COUVERTURE and ContexteLPS 01_00 with the IDAM', () => {
    const bam = only(header, INSI_NS.ctxbam, 'ContexteBAM');
    expect(bam.getAttribute('Version')).toBe('01_02');
    expect(children(bam).map((c) => c.localName)).toEqual([
      'Id',
      'Temps',
      'Emetteur',
      'COUVERTURE',
    ]);
    expect(only(bam, INSI_NS.ctxbam, 'Temps').textContent).toBe('2025-03-01T10:00:00.000Z');
    expect(only(bam, INSI_NS.ctxbam, 'Emetteur').textContent).toBe('499700000001005');
    expect(children(only(bam, INSI_NS.ctxbam, 'COUVERTURE'))).toHaveLength(0);

    const lps = only(header, INSI_NS.ctxlps, 'ContexteLPS');
    expect(lps.getAttribute('Version')).toBe('01_00');
    expect(lps.getAttribute('Nature')).toBe('CTXLPS');
    expect(children(lps).map((c) => c.localName)).toEqual(['Id', 'Temps', 'Emetteur', 'LPS']);
    const logiciel = only(lps, INSI_NS.ctxlps, 'LPS');
    expect(children(logiciel).map((c) => [c.localName, c.textContent])).toEqual([
      ['IDAM', 'TESTIDAM0001'],
      ['Version', '0.1.0'],
      ['Instance', '6c1b0a4e-0d1f-4a53-9a0b-5b8f3f0c2d11'],
      ['Nom', 'urn:lps:acces-direct:0.1.0'],
    ]);
    expect(only(logiciel, INSI_NS.ctxlps, 'IDAM').getAttribute('R')).toBe('4');
  });

  it('sends no wsse:Security: the structure is authenticated by its TLS certificate', () => {
    expect(children(header).map((c) => c.localName)).toEqual([
      'ContexteBAM',
      'ContexteLPS',
      'Action',
      'MessageID',
    ]);
  });

  it('holds RECSANSVITALE with the traits in schema order, escaped', () => {
    const rec = only(body, INSI_NS.recSans, 'RECSANSVITALE');
    expect(children(rec).map((c) => [c.namespaceURI, c.localName, c.textContent])).toEqual([
      [INSI_NS.recSans, 'NomNaissance', "D'ORSONI-TEST"],
      [INSI_NS.recSans, 'Prenom', 'PAULE ANGELE'],
      [INSI_NS.recSans, 'Sexe', 'F'],
      [INSI_NS.recSans, 'DateNaissance', '1985-05-17'],
      [INSI_NS.recSans, 'LieuNaissance', '2A004'],
    ]);
    expect(request.xml).toContain('D&apos;ORSONI-TEST');
  });

  it('reads back to what was sent', () => {
    expect(parseInsiRequest(request.xml)).toEqual({
      operation: 'searchByTraits',
      messageId: FIXED.messageId,
      emitter: '499700000001005',
      software: {
        idam: 'TESTIDAM0001',
        name: 'urn:lps:acces-direct:0.1.0',
        version: '0.1.0',
        instance: '6c1b0a4e-0d1f-4a53-9a0b-5b8f3f0c2d11',
      },
      body: { kind: 'traits', traits: PAULE },
    });
  });

  it('gets a new uuid: message id for every request', () => {
    const a = buildSearchByTraitsRequest(PAULE, CONTEXT).messageId;
    const b = buildSearchByTraitsRequest(PAULE, CONTEXT).messageId;
    expect(a).toMatch(/^uuid:[0-9a-f-]{36}$/);
    expect(a).not.toBe(b);
  });
});

describe('the search with the Vitale card request', () => {
  it('selects the beneficiary by the card NIR, birth date and twin rank', () => {
    const maxime = vitaleCandidates(TEST_VITALE_CARDS.famillePatTrois).candidates[1];
    const body = toRecVitale({ ...maxime.insiKey, birthFamilyName: 'Pat-Trois' });
    expect(body).toEqual({
      ok: true,
      request: {
        MatriculeOD: { NumIdentifiant: '2790351215189', Cle: '89' },
        NomNaissance: 'PAT-TROIS',
        DateNaissance: '2016-09-14',
        RangNaissance: '1',
      },
    });
    if (!body.ok) return;
    const request = buildSearchByVitaleRequest(body.request, CONTEXT, FIXED);
    const rec = only(only(parse(request.xml), SOAP12_NS, 'Body'), INSI_NS.recVit, 'RECVITALE');
    expect(children(rec).map((c) => c.localName)).toEqual([
      'MatriculeOD',
      'NomNaissance',
      'DateNaissance',
      'RangNaissance',
    ]);
    expect(parseInsiRequest(request.xml)).toMatchObject({
      operation: 'searchByVitale',
      body: { kind: 'vitale', card: body.request },
    });
  });

  it('refuses a card NIR with a wrong key', () => {
    const result = toRecVitale({ nir: '279035121518988', birthDate: '19790328', twinRank: '1' });
    expect(result.ok).toBe(false);
  });
});

describe('checking a received request (the sandbox side)', () => {
  const good = buildSearchByTraitsRequest(PAULE, CONTEXT, FIXED).xml;

  const problemsOf = (xml: string): string[] => {
    try {
      parseInsiRequest(xml);
    } catch (error) {
      if (error instanceof InsiRequestError) return error.problems;
      throw error;
    }
    return [];
  };

  it('refuses names and dates not in INSi form', () => {
    expect(problemsOf(good.replace('D&apos;ORSONI-TEST', 'Orsoni'))).toEqual([
      'NomNaissance "Orsoni" is not in INSi\'s form (expected "ORSONI")',
    ]);
    expect(problemsOf(good.replace('1985-05-17', '17/05/1985')).join()).toMatch(/birthDate/);
    expect(problemsOf(good.replace('>F<', '>X<')).join()).toMatch(/sex/);
  });

  it('refuses missing required elements and a wrong order', () => {
    expect(
      problemsOf(good.replace(/<insi_recsans_ins:Sexe>F<\/insi_recsans_ins:Sexe>/, '')),
    ).toContain('RECSANSVITALE/Sexe is required');
    const swapped = good.replace(
      /(<insi_recsans_ins:NomNaissance>.*?<\/insi_recsans_ins:NomNaissance>)(<insi_recsans_ins:Prenom>.*?<\/insi_recsans_ins:Prenom>)/,
      '$2$1',
    );
    expect(problemsOf(swapped).join()).toMatch(/out of the schema's order/);
  });

  it('refuses a request without the software authorisation number', () => {
    expect(problemsOf(good.replace(/<ctxlps:IDAM R="4">TESTIDAM0001<\/ctxlps:IDAM>/, ''))).toEqual([
      'ContexteLPS/LPS/IDAM is missing: INSi authorises the software by it',
    ]);
  });

  it("refuses an unknown action, and a body that is not the action's", () => {
    expect(problemsOf(good.replace('rechercherInsAvecTraitsIdentite<', 'verifierIns<'))).toEqual([
      'wsa:Action "urn:ServiceIdentiteCertifiee:1.0.0:verifierIns" is not an operation of ICIRService',
    ]);
    const vitaleAction = good.replace(
      INSI_OPERATIONS.searchByTraits.action,
      INSI_OPERATIONS.searchByVitale.action,
    );
    expect(problemsOf(vitaleAction).join()).toMatch(/rechercherInsAvecCarteVitale takes/);
  });

  it('refuses SOAP 1.1 and what is not XML', () => {
    const soap11 = good.replace(SOAP12_NS, 'http://schemas.xmlsoap.org/soap/envelope/');
    expect(problemsOf(soap11).join()).toMatch(/SOAP 1\.1/);
    expect(problemsOf('<soap:Envelope').join()).toMatch(/not well-formed/);
  });

  it('refuses a context without Temps as xsd:dateTime', () => {
    expect(
      problemsOf(good.replace('<ctxbam:Temps>2025-03-01T10:00:00.000Z<', '<ctxbam:Temps>hier<')),
    ).toEqual(['ContexteBAM/Temps "hier" is not an xsd:dateTime']);
  });
});
