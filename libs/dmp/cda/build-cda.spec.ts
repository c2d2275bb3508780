import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { DmpError, type DmpErrorCode } from '../errors';
import type { DocumentSubmission } from '../model';
import { CONFORMANCE_DIR, VALUE_SETS, ValueSets } from '../value-sets';
import { BASE64_SLICE_BYTES } from './base64-chunks';
import { buildCda, type CdaDocument } from './build-cda';
import { attr, children, path } from './cda-dom';
import { sampleSubmission } from './sample-submission';
import { validateCda } from './validate-cda';

const valueSets = ValueSets.load();

function xmlOf(cda: CdaDocument): string {
  return Buffer.concat(cda.chunks).toString('utf8');
}

function rootOf(xml: string | Buffer): Element {
  const root = new DOMParser().parseFromString(xml.toString(), 'text/xml').documentElement;
  if (!root) throw new Error('no root element');
  return root;
}

function first(root: Element, ...names: string[]): Element {
  const [found] = path(root, ...names);
  if (!found) throw new Error(`${names.join('/')} missing`);
  return found;
}

function refusal(submission: DocumentSubmission): DmpError {
  try {
    buildCda(submission, valueSets);
  } catch (error) {
    if (error instanceof DmpError) return error;
    throw error;
  }
  throw new Error('the submission was not refused');
}

function expectRefused(submission: DocumentSubmission, code: DmpErrorCode, message: RegExp): void {
  const error = refusal(submission);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
}

/** Names of ClinicalDocument's children before the body, each once, in order. */
function headerElementNames(root: Element): string[] {
  const names = children(root)
    .map((el) => el.localName ?? '')
    .filter((name) => name !== 'component');
  return names.filter((name, i) => names.indexOf(name) === i);
}

describe('buildCda', () => {
  describe('writes documents the CDA schema and the header rules accept', () => {
    const cases: Array<[string, DocumentSubmission]> = [
      ['a PDF body', sampleSubmission()],
      [
        'a text/plain body',
        sampleSubmission({
          mediaType: 'text/plain',
          bytes: Buffer.from('Bilan : articulation à surveiller.\r\n', 'utf8'),
        }),
      ],
      [
        'a replacement (RPLC)',
        {
          ...sampleSubmission(),
          uniqueId: '1.2.250.1.999.1.1.20250314.2',
          versionNumber: 2,
          replaces: { uniqueId: '1.2.250.1.999.1.1.20250314.1' },
          serviceStopTime: new Date('2025-03-10T17:00:00Z'),
        },
      ],
      [
        'a patient with a used name and a Corsican NIR',
        {
          ...sampleSubmission(),
          patient: {
            ins: { matricule: '185052A00412356', oid: '1.2.250.1.213.1.4.10' },
            birthFamilyName: 'SANTONI',
            firstNames: ['JEAN'],
            usedFamilyName: 'CASANOVA',
            birthDate: '19850512',
            sex: 'M',
            birthPlaceCode: '2A004',
          },
        },
      ],
      [
        'a lunar birth date, an unknown sex and birth place, a 2B NIR',
        {
          ...sampleSubmission(),
          patient: {
            ins: { matricule: '292022B00501709', oid: '1.2.250.1.213.1.4.10' },
            birthFamilyName: 'ORSINI',
            firstNames: ['MARIA', 'LUISA'],
            birthDate: '19421901',
            sex: 'U',
          },
        },
      ],
    ];

    it.each(cases)('%s', async (_label, submission) => {
      const cda = buildCda(submission, valueSets);
      const result = await validateCda(cda.chunks, valueSets);
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
    });
  });

  it('writes the same header elements and templates as the official ANS example', () => {
    const official = rootOf(readFileSync(join(CONFORMANCE_DIR, 'DOC_NON_STRUCTURE_CDA-R2-N1.xml')));
    const ours = rootOf(xmlOf(buildCda(sampleSubmission(), valueSets)));
    // The example's participants are a biology sampler and a prescriber: none in a bilan.
    expect(headerElementNames(ours)).toEqual(
      headerElementNames(official).filter((name) => name !== 'participant'),
    );
    const templates = (root: Element) => children(root, 'templateId').map((t) => attr(t, 'root'));
    expect(templates(ours)).toEqual(templates(official));
  });

  it('takes every coded value from its value set', () => {
    const root = rootOf(xmlOf(buildCda(sampleSubmission(), valueSets)));
    const inSet = (el: Element, set: string) =>
      valueSets.has(set, attr(el, 'code') ?? '', attr(el, 'codeSystem') ?? '');
    expect(inSet(first(root, 'code'), VALUE_SETS.typeCode)).toBe(true);
    expect(inSet(first(root, 'confidentialityCode'), VALUE_SETS.confidentiality)).toBe(true);
    expect(inSet(first(root, 'author', 'assignedAuthor', 'code'), VALUE_SETS.authorSpecialty)).toBe(
      true,
    );
    const organization = first(
      root,
      'documentationOf',
      'serviceEvent',
      'performer',
      'assignedEntity',
      'representedOrganization',
    );
    expect(
      inSet(first(organization, 'standardIndustryClassCode'), VALUE_SETS.practiceSetting),
    ).toBe(true);
    const facility = first(root, 'componentOf', 'encompassingEncounter', 'location');
    expect(
      inSet(first(facility, 'healthCareFacility', 'code'), VALUE_SETS.healthcareFacilityType),
    ).toBe(true);
    expect(attr(first(root, 'code'), 'codeSystemName')).toBe('LOINC');
  });

  it('writes the patient as a qualified INS with its traits', () => {
    const root = rootOf(
      xmlOf(
        buildCda(
          {
            ...sampleSubmission(),
            patient: {
              ...sampleSubmission().patient,
              usedFamilyName: 'MARTIN',
            },
          },
          valueSets,
        ),
      ),
    );
    const role = first(root, 'recordTarget', 'patientRole');
    expect([attr(first(role, 'id'), 'root'), attr(first(role, 'id'), 'extension')]).toEqual([
      '1.2.250.1.213.1.4.10',
      '279035121518989',
    ]);
    const name = first(role, 'patient', 'name');
    expect(
      children(name).map((part) => [part.localName, attr(part, 'qualifier'), part.textContent]),
    ).toEqual([
      ['family', 'BR', 'PAT-TROIS'],
      ['given', undefined, 'DOMINIQUE MARIE-LOUISE'],
      ['given', 'BR', 'DOMINIQUE'],
      ['family', 'CL', 'MARTIN'],
    ]);
    expect(attr(first(role, 'patient', 'birthTime'), 'value')).toBe('19790328');
    expect(first(role, 'patient', 'birthplace', 'place', 'addr', 'county').textContent).toBe(
      '51215',
    );
  });

  it('writes an unknown birth place as such and a lunar birth date at the precision known', () => {
    const { patient } = sampleSubmission();
    const root = rootOf(
      xmlOf(
        buildCda(
          {
            ...sampleSubmission(),
            patient: { ...patient, birthPlaceCode: undefined, birthDate: '19420300', sex: 'U' },
          },
          valueSets,
        ),
      ),
    );
    const person = first(root, 'recordTarget', 'patientRole', 'patient');
    expect(attr(first(person, 'birthplace', 'place', 'addr', 'county'), 'nullFlavor')).toBe('UNK');
    expect(attr(first(person, 'birthTime'), 'value')).toBe('194203');
    expect(attr(first(person, 'administrativeGenderCode'), 'code')).toBe('UN');
  });

  it('names the professional and the structure by their national ids', () => {
    const root = rootOf(xmlOf(buildCda(sampleSubmission(), valueSets)));
    for (const entity of [
      first(root, 'author', 'assignedAuthor'),
      first(root, 'legalAuthenticator', 'assignedEntity'),
      first(root, 'documentationOf', 'serviceEvent', 'performer', 'assignedEntity'),
    ]) {
      expect([attr(first(entity, 'id'), 'root'), attr(first(entity, 'id'), 'extension')]).toEqual([
        '1.2.250.1.71.4.2.1',
        '810000000101',
      ]);
      expect(attr(first(entity, 'representedOrganization', 'id'), 'extension')).toBe('1750512345');
    }
    const custodian = first(
      root,
      'custodian',
      'assignedCustodian',
      'representedCustodianOrganization',
    );
    expect(attr(first(custodian, 'id'), 'root')).toBe('1.2.250.1.71.4.2.2');
    expect(attr(first(root, 'legalAuthenticator', 'signatureCode'), 'code')).toBe('S');
  });

  it('refers to the replaced document and dates the care', () => {
    const root = rootOf(
      xmlOf(
        buildCda(
          {
            ...sampleSubmission(),
            uniqueId: '1.2.250.1.999.1.1.20250314.2',
            versionNumber: 2,
            replaces: { uniqueId: '1.2.250.1.999.1.1.20250314.1' },
            serviceStopTime: new Date('2025-07-10T15:00:00Z'),
          },
          valueSets,
        ),
      ),
    );
    const related = first(root, 'relatedDocument');
    expect(attr(related, 'typeCode')).toBe('RPLC');
    expect(attr(first(related, 'parentDocument', 'id'), 'root')).toBe(
      '1.2.250.1.999.1.1.20250314.1',
    );
    expect(attr(first(root, 'versionNumber'), 'value')).toBe('2');
    expect(attr(first(root, 'setId'), 'root')).toBe('1.2.250.1.999.1.1.20250314');
    const time = first(root, 'documentationOf', 'serviceEvent', 'effectiveTime');
    expect([attr(first(time, 'low'), 'value'), attr(first(time, 'high'), 'value')]).toEqual([
      '20250303090000+0100',
      '20250710170000+0200',
    ]);
    expect(attr(first(root, 'effectiveTime'), 'value')).toBe('20250314103015+0100');
  });

  it('leaves out serviceEvent high when care ends the second it starts', () => {
    const start = new Date('2025-03-03T08:00:00Z');
    const root = rootOf(
      xmlOf(
        buildCda(
          { ...sampleSubmission(), serviceStartTime: start, serviceStopTime: start },
          valueSets,
        ),
      ),
    );
    expect(path(root, 'documentationOf', 'serviceEvent', 'effectiveTime', 'high')).toEqual([]);
  });

  it('names the body by its bare media type', () => {
    const cda = buildCda(
      sampleSubmission({ mediaType: 'Text/Plain; charset=utf-8', bytes: Buffer.from('ok') }),
      valueSets,
    );
    const text = first(rootOf(xmlOf(cda)), 'component', 'nonXMLBody', 'text');
    expect(attr(text, 'mediaType')).toBe('text/plain');
  });

  it('keeps the DMP masking choices out of the CDA', () => {
    const xml = xmlOf(
      buildCda(
        {
          ...sampleSubmission(),
          visibility: {
            hiddenFromPatient: true,
            hiddenFromProfessionals: true,
            hiddenFromLegalRepresentatives: true,
          },
        },
        valueSets,
      ),
    );
    expect(attr(first(rootOf(xml), 'confidentialityCode'), 'code')).toBe('N');
    expect(xml).not.toMatch(/INVISIBLE|MASQUE/);
  });

  it('escapes every text and keeps it as written', async () => {
    const submission: DocumentSubmission = {
      ...sampleSubmission(),
      title: 'Bilan <initial> & "suivi" d\'Élise\tT1',
      author: {
        ...sampleSubmission().author,
        familyName: "O'BRIEN & <FILS>",
        structure: { ...sampleSubmission().author.structure, name: 'Cabinet "A&B" <MSP>' },
      },
    };
    const cda = buildCda(submission, valueSets);
    const root = rootOf(xmlOf(cda));
    expect(first(root, 'title').textContent).toBe(submission.title);
    expect(
      first(root, 'author', 'assignedAuthor', 'assignedPerson', 'name', 'family').textContent,
    ).toBe("O'BRIEN & <FILS>");
    expect(
      first(root, 'custodian', 'assignedCustodian', 'representedCustodianOrganization', 'name')
        .textContent,
    ).toBe('Cabinet "A&B" <MSP>');
    expect((await validateCda(cda.chunks, valueSets)).errors).toEqual([]);
  });

  describe('hashes and sizes the document as XDS needs', () => {
    // Larger than three base64 slices, and not a multiple of 3 bytes.
    const bytes = randomBytes(3 * BASE64_SLICE_BYTES + 1234);
    bytes.write('%PDF-1.7\n', 0, 'latin1');
    const cda = buildCda(sampleSubmission({ mediaType: 'application/pdf', bytes }), valueSets);
    const whole = Buffer.concat(cda.chunks);

    it('gives the SHA-1 and length of the concatenated chunks', () => {
      expect(cda.byteLength).toBe(whole.length);
      expect(cda.sha1).toBe(createHash('sha1').update(whole).digest('hex'));
      expect(cda.mediaType).toBe('text/xml');
    });

    it('writes the body in slices whose base64 decodes to the very file', () => {
      // head, 4 body slices, tail
      expect(cda.chunks).toHaveLength(6);
      const text = first(rootOf(whole), 'component', 'nonXMLBody', 'text');
      expect(attr(text, 'mediaType')).toBe('application/pdf');
      expect(attr(text, 'representation')).toBe('B64');
      expect(Buffer.from(text.textContent ?? '', 'base64').equals(bytes)).toBe(true);
    });
  });

  describe('refuses', () => {
    const sample = sampleSubmission();
    const withIns = (matricule: string, oid = '1.2.250.1.213.1.4.10'): DocumentSubmission => ({
      ...sample,
      patient: { ...sample.patient, ins: { matricule, oid } },
    });

    it.each([
      ['the legacy INS-C OID', withIns('279035121518989', '1.2.250.1.213.1.4.2'), /INS assigning/],
      ['an IPP-like OID', withIns('279035121518989', '1.2.3.4.567.8.9.10'), /INS assigning/],
      ['a 14-character matricule', withIns('27903512151898'), /15 characters/],
      ['letters outside the department', withIns('2790351215A8989'), /15 characters/],
      ['a 2C department', withIns('185052C00412356'), /15 characters/],
      ['a lower-case Corsican department', withIns('185052a00412356'), /15 characters/],
      ['a wrong key', withIns('279035121518988'), /wrong key \(expected 89\)/],
      [
        'a missing birth name',
        { ...sample, patient: { ...sample.patient, birthFamilyName: ' ' } },
        /birth family name/,
      ],
      [
        'no first name',
        { ...sample, patient: { ...sample.patient, firstNames: [] } },
        /first names/,
      ],
      [
        'a birth date that is not YYYYMMDD',
        { ...sample, patient: { ...sample.patient, birthDate: '1979-03-28' } },
        /YYYYMMDD/,
      ],
    ])('%s as IDENTITY_NOT_QUALIFIED', (_label, submission, message) => {
      expectRefused(submission, 'IDENTITY_NOT_QUALIFIED', message);
    });

    it.each([
      [
        'a Word file',
        sampleSubmission({ mediaType: 'application/msword', bytes: Buffer.from('x') }),
        /application\/msword/,
      ],
      [
        'a GIF (no XDS formatCode)',
        sampleSubmission({ mediaType: 'image/gif', bytes: Buffer.from('GIF89a') }),
        /image\/gif has no XDS formatCode/,
      ],
      [
        'an empty file',
        sampleSubmission({ mediaType: 'application/pdf', bytes: Buffer.alloc(0) }),
        /empty/,
      ],
      [
        'a 10-digit RPPS',
        { ...sample, author: { ...sample.author, rpps: '1000000010' } },
        /RPPS "1000000010" is not 11 digits/,
      ],
      [
        'an RPPS with letters',
        { ...sample, author: { ...sample.author, rpps: '1000000010A' } },
        /RPPS/,
      ],
      ['a uniqueId that is not an OID', { ...sample, uniqueId: 'urn:uuid:1234' }, /uniqueId/],
      [
        'a replacement at version 1',
        { ...sample, replaces: { uniqueId: '1.2.3' } },
        /versionNumber 2 or more/,
      ],
      [
        'a version 2 replacing nothing',
        { ...sample, versionNumber: 2 },
        /without the document it replaces/,
      ],
      [
        'care ending before it starts',
        { ...sample, serviceStopTime: new Date('2025-03-01T00:00:00Z') },
        /before serviceStartTime/,
      ],
      ['an invalid date', { ...sample, creationTime: new Date('not a date') }, /creationTime/],
      ['a title with a control character', { ...sample, title: 'Bilan\u0001' }, /U\+0001/],
      ['a blank title', { ...sample, title: '  ' }, /title is blank/],
    ])('%s as INVALID_SUBMISSION', (_label, submission, message) => {
      expectRefused(submission, 'INVALID_SUBMISSION', message);
    });

    it.each([
      ['a typeCode outside J07', { ...sample, typeCode: '99999-9' }, /JDV_J07/],
      [
        'a specialty outside J01',
        { ...sample, author: { ...sample.author, specialtyCode: 'G15_999' } },
        /JDV_J01/,
      ],
      [
        'a practice setting outside J04',
        {
          ...sample,
          author: {
            ...sample.author,
            structure: { ...sample.author.structure, practiceSettingCode: 'CABINET' },
          },
        },
        /JDV_J04/,
      ],
      [
        'a facility type outside J02',
        {
          ...sample,
          author: {
            ...sample.author,
            structure: { ...sample.author.structure, facilityTypeCode: 'SA999' },
          },
        },
        /JDV_J02/,
      ],
    ])('%s as VALUE_NOT_IN_VALUE_SET', (_label, submission, message) => {
      expectRefused(submission, 'VALUE_NOT_IN_VALUE_SET', message);
    });

    it('an unqualified identity before anything else', () => {
      const error = refusal({
        ...withIns('279035121518989', '1.2.250.1.213.1.4.2'),
        author: { ...sample.author, rpps: '1' },
      });
      expect(error.code).toBe('IDENTITY_NOT_QUALIFIED');
      expect(error.retryable).toBe(false);
    });
  });
});
