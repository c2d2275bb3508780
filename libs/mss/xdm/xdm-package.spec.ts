import {
  buildCda,
  buildProvideAndRegisterRequest,
  parseProvideAndRegisterRequest,
  validateCda,
  type DocumentSubmission,
} from '@app/dmp';
import { DOMParser, type Attr, type Node as XmlNode } from '@xmldom/xmldom';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { AVAILABILITY_STATUS, insCx, NS, professionalXcn } from '../../dmp/xds';
import { aSubmission, testValueSets } from '../../dmp/xds/test-fixtures';
import { MssError } from '../errors';
import { intendedRecipientValue, parseXdmMetadata } from './metadata-xml';
import { buildXdmPackage, readXdmPackage, XDM_PATHS, type XdmPackageInput } from './xdm-package';
import { listZip, readZip, ZipFormatError } from './zip';

/** xpath is loaded untyped (its types pull the DOM lib into the program; see the xds specs). */
interface XPath {
  useNamespaces(namespaces: Record<string, string>): (expression: string, node: unknown) => unknown;
}
const select = (createRequire(__filename)('xpath') as XPath).useNamespaces({ ...NS });

function values(xml: string, expression: string): string[] {
  const found = select(expression, new DOMParser().parseFromString(xml, 'text/xml'));
  if (!Array.isArray(found)) throw new Error(`${expression} selects no nodes`);
  return (found as XmlNode[]).map((node) =>
    node.nodeType === node.ATTRIBUTE_NODE ? (node as Attr).value : (node.textContent ?? ''),
  );
}

const SOFTWARE = {
  name: 'Accès direct',
  version: '0.1.0',
  vendor: 'CPTS Exemple',
  contact: 'support@cpts-exemple.fr',
};
const PRACTITIONER = {
  address: 'jean.dupont@medecin.mssante.fr',
  rpps: '10003456789',
  name: 'Dr Jean DUPONT',
};

function anXdmInput(
  overrides: Partial<XdmPackageInput> = {},
  submission: Partial<DocumentSubmission> = {},
): XdmPackageInput {
  return {
    submission: aSubmission(submission),
    valueSets: testValueSets(),
    sourceId: '1.2.250.1.999.2',
    submissionSetUniqueId: '2.25.329800735698586629295641978511506172918',
    entryUUID: 'urn:uuid:0f3e2c1a-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
    submissionTime: new Date('2024-01-15T11:00:00Z'),
    intendedRecipients: [PRACTITIONER],
    software: SOFTWARE,
    ...overrides,
  };
}

function mssError(run: () => unknown): MssError {
  try {
    run();
  } catch (error) {
    if (error instanceof MssError) return error;
    throw error;
  }
  throw new Error('expected an MssError');
}

describe('buildXdmPackage', () => {
  const input = anXdmInput();
  const built = buildXdmPackage(input);
  const content = readXdmPackage(built.zip);
  const cda = content.documents.get('DOC00001.XML')!;
  const metadata = parseXdmMetadata(content.metadataXml);
  const entry = metadata.documentEntries[0];
  const set = metadata.submissionSet!;

  it('has the XDM layout: INDEX.HTM, README.TXT, SUBSET01 with METADATA.XML and DOC00001.XML', () => {
    const expected = [
      'INDEX.HTM',
      'README.TXT',
      'IHE_XDM/SUBSET01/METADATA.XML',
      'IHE_XDM/SUBSET01/DOC00001.XML',
    ];
    expect(built.files).toEqual(expected);
    expect([...readZip(built.zip).keys()]).toEqual(expected);
    expect([...content.documents.keys()]).toEqual(['DOC00001.XML']);
  });

  it('holds the CDA of the submission, byte for byte, and it passes validateCda', async () => {
    expect(cda.equals(Buffer.concat(buildCda(input.submission, input.valueSets).chunks))).toBe(
      true,
    );
    const validation = await validateCda(cda, testValueSets());
    expect(validation.errors).toEqual([]);
  });

  it('says what the MSSanté headers need: CDA code and a qualified INS', () => {
    expect(built.cdaCode).toBe('47420-5');
    expect(cda.toString('utf8')).toContain(`<code code="${built.cdaCode}"`);
    expect(built.qualifiedIns).toBe(true);
  });

  it('writes METADATA.XML as a standalone SubmitObjectsRequest without document bytes', () => {
    expect(content.metadataXml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(values(content.metadataXml, '/lcm:SubmitObjectsRequest/rim:RegistryObjectList')).toEqual(
      [expect.any(String)],
    );
    expect(content.metadataXml).not.toContain('xdsb:Document');
    expect(content.metadataXml).not.toContain('xop:Include');
    expect(content.metadataXml.length).toBeLessThan(20_000);
  });

  it('points the DocumentEntry at DOC00001.XML with its size and SHA-1', () => {
    expect(entry.uri).toBe('DOC00001.XML');
    expect(entry.size).toBe(String(cda.length));
    expect(entry.hash).toBe(createHash('sha1').update(cda).digest('hex'));
    const EO = '/lcm:SubmitObjectsRequest/rim:RegistryObjectList/rim:ExtrinsicObject';
    expect(
      values(content.metadataXml, `${EO}/rim:Slot[@name='URI']/rim:ValueList/rim:Value`),
    ).toEqual(['DOC00001.XML']);
  });

  it('carries the patient, the author and the codes of the DMP filing', () => {
    const { submission } = input;
    expect(entry.entryUUID).toBe(input.entryUUID);
    expect(entry.patientId).toBe(insCx(submission.patient.ins));
    expect(entry.patientId).toBe('279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH');
    expect(set.patientId).toBe(entry.patientId);
    expect(entry.authors[0].authorPerson).toBe(professionalXcn(submission.author));
    expect(set.authors[0].authorPerson).toBe(professionalXcn(submission.author));
    expect(entry.status).toBe(AVAILABILITY_STATUS.approved);
    expect(entry.typeCode).toMatchObject({ code: '47420-5', codeSystem: '2.16.840.1.113883.6.1' });
    expect(entry.classCode).toMatchObject({ code: '10', codeSystem: '1.2.250.1.213.1.1.4.1' });
    expect(entry.formatCode).toMatchObject({ code: 'urn:ihe:iti:xds-sd:pdf:2008' });
    expect(entry.confidentialityCodes.map((c) => c.code)).toEqual(['N']);
    expect(set.sourceId).toBe(input.sourceId);
    expect(set.uniqueId).toBe(input.submissionSetUniqueId);
    expect(set.submissionTime).toBe('20240115110000');
    expect(set.classifiedAsSubmissionSet).toBe(true);
    expect(metadata.associations).toEqual([
      expect.objectContaining({
        associationType: 'urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember',
        sourceObject: set.entryUUID,
        targetObject: entry.entryUUID,
        submissionSetStatus: 'Original',
      }),
    ]);
  });

  it('is the very metadata of the ITI-41 filing, plus the XDM slots', () => {
    const filing = parseProvideAndRegisterRequest(
      buildProvideAndRegisterRequest({
        submission: input.submission,
        cda: { byteLength: cda.length, sha1: createHash('sha1').update(cda).digest('hex') },
        valueSets: input.valueSets,
        sourceId: input.sourceId,
        submissionSetUniqueId: input.submissionSetUniqueId,
        documentContentId: 'cda@example',
        entryUUID: input.entryUUID,
        submissionTime: input.submissionTime,
      }),
    );
    const { uri, ...xdmEntry } = entry;
    expect(uri).toBe('DOC00001.XML');
    expect(xdmEntry).toEqual(filing.documentEntries[0]);
    const { intendedRecipients, entryUUID: _xdmSetId, ...xdmSet } = set;
    const { entryUUID: _filingSetId, ...filingSet } = filing.submissionSet!;
    expect(intendedRecipients).toHaveLength(1);
    expect(xdmSet).toEqual(filingSet);
  });

  it('names the intended recipients: practitioner as XCN on idNat_PS, address as XTN', () => {
    expect(set.intendedRecipients).toEqual([
      '|810003456789^Dr Jean DUPONT^^^^^^^&1.2.250.1.71.4.2.1&ISO^D^^^IDNPS|^^Internet^jean.dupont@medecin.mssante.fr',
    ]);
    const several = parseXdmMetadata(
      readXdmPackage(
        buildXdmPackage(
          anXdmInput({
            intendedRecipients: [
              PRACTITIONER,
              { address: '279035121518989@patient.mssante.fr' },
              { address: 'secretariat@cabinet.mssante.fr' },
            ],
          }),
        ).zip,
      ).metadataXml,
    );
    expect(several.submissionSet!.intendedRecipients).toEqual([
      expect.stringMatching(/^\|8/),
      '||^^Internet^279035121518989@patient.mssante.fr',
      '||^^Internet^secretariat@cabinet.mssante.fr',
    ]);
  });

  it('escapes HL7 delimiters in recipients and refuses what is not an address', () => {
    expect(
      intendedRecipientValue({ address: 'a&b@x.mssante.fr', rpps: '10003456789', name: 'A^B' }),
    ).toBe(
      '|810003456789^A\\S\\B^^^^^^^&1.2.250.1.71.4.2.1&ISO^D^^^IDNPS|^^Internet^a\\T\\b@x.mssante.fr',
    );
    expect(mssError(() => intendedRecipientValue({ address: 'not an address' })).code).toBe(
      'ADDRESS_INVALID',
    );
    expect(mssError(() => intendedRecipientValue({ address: 'a@b.fr', rpps: '123' })).code).toBe(
      'ADDRESS_INVALID',
    );
    expect(mssError(() => buildXdmPackage(anXdmInput({ intendedRecipients: [] }))).code).toBe(
      'ADDRESS_INVALID',
    );
  });

  it('adds INVISIBLE_PATIENT (and the other masks) when the document is hidden', () => {
    const hidden = buildXdmPackage(
      anXdmInput(
        {},
        {
          visibility: {
            hiddenFromPatient: true,
            hiddenFromProfessionals: false,
            hiddenFromLegalRepresentatives: true,
          },
        },
      ),
    );
    const codes = parseXdmMetadata(readXdmPackage(hidden.zip).metadataXml).documentEntries[0]
      .confidentialityCodes;
    expect(codes.map((c) => [c.code, c.codeSystem])).toEqual([
      ['N', '2.16.840.1.113883.5.25'],
      ['INVISIBLE_PATIENT', '1.2.250.1.213.1.1.4.13'],
      ['INVISIBLE_REPRESENTANTS_LEGAUX', '1.2.250.1.213.1.1.4.13'],
    ]);
  });

  it('never addresses a document hidden from the patient to the patient mailbox', () => {
    const error = mssError(() =>
      buildXdmPackage(
        anXdmInput(
          { intendedRecipients: [PRACTITIONER, { address: '279035121518989@Patient.MSSante.fr' }] },
          {
            visibility: {
              hiddenFromPatient: true,
              hiddenFromProfessionals: false,
              hiddenFromLegalRepresentatives: false,
            },
          },
        ),
      ),
    );
    expect(error.code).toBe('NOT_ALLOWED');
  });

  it('keeps a corrected version buildable: RPLC association only when the replaced entry is known', () => {
    const replaces = { uniqueId: '1.2.250.1.999.1.1.20240101.1' };
    const unknown = parseXdmMetadata(
      readXdmPackage(buildXdmPackage(anXdmInput({}, { replaces, versionNumber: 2 })).zip)
        .metadataXml,
    );
    expect(unknown.associations.map((a) => a.associationType)).toEqual([
      'urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember',
    ]);
    const replacedEntryUUID = 'urn:uuid:7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a';
    const known = parseXdmMetadata(
      readXdmPackage(
        buildXdmPackage(anXdmInput({ replacedEntryUUID }, { replaces, versionNumber: 2 })).zip,
      ).metadataXml,
    );
    expect(known.associations[1]).toMatchObject({
      associationType: 'urn:ihe:iti:2007:AssociationType:RPLC',
      targetObject: replacedEntryUUID,
    });
  });

  it('writes INDEX.HTM naming the patient, the author and the document, with links', () => {
    const { index } = content;
    expect(index).toContain('<!DOCTYPE html>');
    expect(index).toContain('MARTIN');
    expect(index).toContain('DURAND');
    expect(index).toContain('Chloé Anne');
    expect(index).toContain('12/03/1979');
    expect(index).toContain('Camille LEROY');
    expect(index).toContain('Bilan orthophonique initial');
    expect(index).toContain('47420-5');
    expect(index).toContain('15/01/2024 11:30'); // creationTime 10:30Z, Paris time
    expect(index).toContain('href="README.TXT"');
    expect(index).toContain(`href="${XDM_PATHS.document}"`);
  });

  it('escapes HTML in INDEX.HTM', () => {
    const { index } = readXdmPackage(
      buildXdmPackage(
        anXdmInput(
          {},
          {
            title: 'Bilan <script>alert("x")</script> & suivi',
            patient: { ...aSubmission().patient, birthFamilyName: "O'<B>RIEN" },
          },
        ),
      ).zip,
    );
    expect(index).not.toContain('<script>');
    expect(index).not.toContain('<B>');
    expect(index).toContain('Bilan &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; suivi');
    expect(index).toContain('O&#39;&lt;B&gt;RIEN');
  });

  it('writes README.TXT naming the sending software', () => {
    const { readme } = content;
    expect(readme).toContain('Accès direct');
    expect(readme).toContain('0.1.0');
    expect(readme).toContain('CPTS Exemple');
    expect(readme).toContain('support@cpts-exemple.fr');
    expect(readme).toContain('IHE_XDM/SUBSET01/DOC00001.XML');
    expect(readme.endsWith('\r\n')).toBe(true);
  });

  it('is deterministic: the same input gives the same bytes', () => {
    const again = buildXdmPackage(anXdmInput());
    expect(again.zip.equals(built.zip)).toBe(true);
    // The ids come from the submission set's uniqueId: another one gives other ids.
    const other = buildXdmPackage(
      anXdmInput({ submissionSetUniqueId: '2.25.1234567890123456789' }),
    );
    const ids = (zip: Buffer) => values(readXdmPackage(zip).metadataXml, '//@id');
    expect(ids(other.zip)).not.toEqual(ids(built.zip));
    expect(new Set(ids(built.zip)).size).toBe(ids(built.zip).length);
  });

  it('dates every file with submissionTime (Paris wall clock)', () => {
    // 2024-01-15T11:00:00Z is 12:00:00 in Paris.
    for (const file of listZip(built.zip)) {
      expect(file.time).toBe(12 << 11);
      expect(file.date).toBe(((2024 - 1980) << 9) | (1 << 5) | 15);
    }
  });

  it('compresses with Huffman-only deflate by default, stores with level 0', () => {
    expect(listZip(built.zip).every((file) => file.method === 8)).toBe(true);
    const stored = buildXdmPackage(anXdmInput({ compressionLevel: 0 }));
    expect(listZip(stored.zip).every((file) => file.method === 0)).toBe(true);
    expect(readXdmPackage(stored.zip).documents.get('DOC00001.XML')!.equals(cda)).toBe(true);
    expect(() => buildXdmPackage(anXdmInput({ compressionLevel: 10 }))).toThrow(RangeError);
  });

  it('refuses, through the DMP rules, a submission the DMP would refuse', () => {
    expect(() =>
      buildXdmPackage(
        anXdmInput(
          {},
          { patient: { ...aSubmission().patient, ins: { matricule: '1', oid: '1.2' } } },
        ),
      ),
    ).toThrow(expect.objectContaining({ code: 'IDENTITY_NOT_QUALIFIED' }));
  });

  it('readXdmPackage refuses an archive that is not an XDM package', () => {
    expect(() => readXdmPackage(Buffer.from('PK nothing'))).toThrow(ZipFormatError);
  });
});
