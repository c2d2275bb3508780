import { DOMParser, type Attr, type Node as XmlNode } from '@xmldom/xmldom';
import { createRequire } from 'node:module';
import { DmpError } from '../errors';
import { VALUE_SETS } from '../value-sets';
import {
  ASSOCIATION_TYPE,
  CLASSIFICATION_SCHEME,
  DOCUMENT_ENTRY_TYPE,
  IDENTIFICATION_SCHEME,
  SUBMISSION_SET_NODE,
} from './identifiers';
import { NS } from './namespaces';
import {
  buildProvideAndRegisterRequest,
  parseProvideAndRegisterRequest,
  writeProvideAndRegisterRequest,
} from './provide-and-register';
import { provideAndRegisterMetadata } from './submission-metadata';
import { anAuthor, anInput, aPatient, testValueSets } from './test-fixtures';
import { TYPE_CODES_OF_CLASS, XDS_VALUE_SETS } from './value-set-names';

/**
 * The xpath package is loaded untyped: its type declarations pull the DOM lib
 * into the whole program, which changes Node's own globals (Blob, fetch…) for
 * every file of the project.
 */
interface XPath {
  useNamespaces(namespaces: Record<string, string>): (expression: string, node: unknown) => unknown;
}
const xpath = createRequire(__filename)('xpath') as XPath;
const select = xpath.useNamespaces({ ...NS });

/** String values of what an XPath expression selects in a message. */
function values(xml: string, expression: string): string[] {
  const document = new DOMParser().parseFromString(xml, 'text/xml');
  const found = select(expression, document);
  if (!Array.isArray(found)) throw new Error(`${expression} selects no nodes`);
  return (found as XmlNode[]).map((node) =>
    node.nodeType === node.ATTRIBUTE_NODE ? (node as Attr).value : (node.textContent ?? ''),
  );
}

const value = (xml: string, expression: string): string | undefined => values(xml, expression)[0];

const EO =
  '/xdsb:ProvideAndRegisterDocumentSetRequest/lcm:SubmitObjectsRequest/rim:RegistryObjectList/rim:ExtrinsicObject';
const RP =
  '/xdsb:ProvideAndRegisterDocumentSetRequest/lcm:SubmitObjectsRequest/rim:RegistryObjectList/rim:RegistryPackage';
const LIST =
  '/xdsb:ProvideAndRegisterDocumentSetRequest/lcm:SubmitObjectsRequest/rim:RegistryObjectList';
const slot = (owner: string, name: string) =>
  `${owner}/rim:Slot[@name='${name}']/rim:ValueList/rim:Value`;
const classification = (owner: string, scheme: string) =>
  `${owner}/rim:Classification[@classificationScheme='${scheme}']`;
const externalId = (owner: string, scheme: string) =>
  `${owner}/rim:ExternalIdentifier[@identificationScheme='${scheme}']/@value`;

function refusal(run: () => unknown): DmpError {
  try {
    run();
  } catch (error) {
    if (error instanceof DmpError) return error;
    throw error;
  }
  throw new Error('expected a DmpError');
}

describe('ITI-41 Provide and Register Document Set-b', () => {
  const input = anInput();
  const xml = buildProvideAndRegisterRequest(input);
  const entryUUID = input.entryUUID!;
  const S = CLASSIFICATION_SCHEME;

  it('writes the DocumentEntry as a stable, approved text/xml ExtrinsicObject', () => {
    expect(value(xml, `${EO}/@id`)).toBe(entryUUID);
    expect(value(xml, `${EO}/@mimeType`)).toBe('text/xml');
    expect(value(xml, `${EO}/@objectType`)).toBe(DOCUMENT_ENTRY_TYPE.stable);
    expect(value(xml, `${EO}/@status`)).toBe('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved');
  });

  it('carries every slot of the entry', () => {
    expect(value(xml, slot(EO, 'creationTime'))).toBe('20240115103000');
    expect(value(xml, slot(EO, 'hash'))).toBe(input.cda.sha1);
    expect(value(xml, slot(EO, 'size'))).toBe(String(input.cda.byteLength));
    expect(value(xml, slot(EO, 'languageCode'))).toBe('fr-FR');
    expect(value(xml, slot(EO, 'serviceStartTime'))).toBe('20240110090000');
    expect(value(xml, slot(EO, 'serviceStopTime'))).toBe('20240110100000');
    const cx = '279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH';
    expect(value(xml, slot(EO, 'sourcePatientId'))).toBe(cx);
    expect(values(xml, slot(EO, 'sourcePatientInfo'))).toEqual([
      `PID-3|${cx}`,
      'PID-5|MARTIN^Chloé^Chloé Anne^^^^L',
      'PID-5|DURAND^Chloé^^^^^D',
      'PID-7|19790312',
      'PID-8|F',
    ]);
    expect(value(xml, slot(EO, 'legalAuthenticator'))).toBe(
      '810101234567^LEROY^Camille^^^^^^&1.2.250.1.71.4.2.1&ISO^D^^^IDNPS',
    );
  });

  it('names the entry with the title and describes it with the comment', () => {
    expect(value(xml, `${EO}/rim:Name/rim:LocalizedString/@value`)).toBe(
      'Bilan orthophonique initial',
    );
    expect(value(xml, `${EO}/rim:Description/rim:LocalizedString/@value`)).toBe(
      'Bilan du langage oral',
    );
  });

  it('classifies the entry with coded values taken from their value sets', () => {
    const code = (scheme: string) => ({
      code: value(xml, `${classification(EO, scheme)}/@nodeRepresentation`),
      codeSystem: value(
        xml,
        `${classification(EO, scheme)}/rim:Slot[@name='codingScheme']/rim:ValueList/rim:Value`,
      ),
      displayName: value(xml, `${classification(EO, scheme)}/rim:Name/rim:LocalizedString/@value`),
    });
    const valueSets = testValueSets();
    expect(code(S.classCode)).toEqual(valueSets.concept(XDS_VALUE_SETS.classCode, '10'));
    expect(code(S.typeCode)).toEqual(valueSets.concept(VALUE_SETS.typeCode, '47420-5'));
    expect(code(S.formatCode)).toEqual(
      valueSets.concept(XDS_VALUE_SETS.formatCode, 'urn:ihe:iti:xds-sd:pdf:2008'),
    );
    expect(code(S.healthcareFacilityTypeCode)).toEqual(
      valueSets.concept(VALUE_SETS.healthcareFacilityType, 'SA52'),
    );
    expect(code(S.practiceSettingCode)).toEqual(
      valueSets.concept(VALUE_SETS.practiceSetting, 'AMBULATOIRE'),
    );
    expect(code(S.confidentialityCode)).toEqual(valueSets.concept(VALUE_SETS.confidentiality, 'N'));
    for (const [scheme, set] of [
      [S.classCode, XDS_VALUE_SETS.classCode],
      [S.typeCode, VALUE_SETS.typeCode],
      [S.formatCode, XDS_VALUE_SETS.formatCode],
      [S.healthcareFacilityTypeCode, VALUE_SETS.healthcareFacilityType],
      [S.practiceSettingCode, VALUE_SETS.practiceSetting],
      [S.confidentialityCode, VALUE_SETS.confidentiality],
    ]) {
      const { code: c, codeSystem } = code(scheme);
      expect(valueSets.has(set, c!, codeSystem)).toBe(true);
    }
    expect(values(xml, `${classification(EO, S.eventCodeList)}`)).toEqual([]);
  });

  it('writes the author: person, institution and specialty', () => {
    const author = classification(EO, S.documentEntryAuthor);
    expect(value(xml, `${author}/@nodeRepresentation`)).toBe('');
    expect(value(xml, slot(author, 'authorPerson'))).toBe(
      '810101234567^LEROY^Camille^^^^^^&1.2.250.1.71.4.2.1&ISO^D^^^IDNPS',
    );
    expect(value(xml, slot(author, 'authorInstitution'))).toBe(
      'Maison de santé des Tilleuls^^^^^&1.2.250.1.71.4.2.2&ISO^IDNST^^^312345678900012',
    );
    expect(value(xml, slot(author, 'authorSpecialty'))).toBe(
      'G15_91^Orthophoniste^1.2.250.1.213.1.1.4.5',
    );
    // No functional role is known unless the caller gives one.
    expect(values(xml, slot(author, 'authorRole'))).toEqual([]);
    const withRole = buildProvideAndRegisterRequest(anInput({ authorRole: 'Auteur^^^&1.2.3&ISO' }));
    expect(value(withRole, slot(classification(EO, S.documentEntryAuthor), 'authorRole'))).toBe(
      'Auteur^^^&1.2.3&ISO',
    );
  });

  it('identifies the entry by INS patientId and uniqueId', () => {
    expect(value(xml, externalId(EO, IDENTIFICATION_SCHEME.documentEntryPatientId.scheme))).toBe(
      '279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH',
    );
    expect(value(xml, externalId(EO, IDENTIFICATION_SCHEME.documentEntryUniqueId.scheme))).toBe(
      input.submission.uniqueId,
    );
    expect(
      value(
        xml,
        `${EO}/rim:ExternalIdentifier[@identificationScheme='${IDENTIFICATION_SCHEME.documentEntryUniqueId.scheme}']/rim:Name/rim:LocalizedString/@value`,
      ),
    ).toBe('XDSDocumentEntry.uniqueId');
  });

  it('writes the SubmissionSet, classified as such, and its HasMember association', () => {
    const setId = input.submissionSetEntryUUID!;
    expect(value(xml, `${RP}/@id`)).toBe(setId);
    expect(value(xml, slot(RP, 'submissionTime'))).toBe('20240115110000');
    expect(value(xml, slot(classification(RP, S.submissionSetAuthor), 'authorPerson'))).toContain(
      '810101234567^LEROY',
    );
    expect(value(xml, `${classification(RP, S.contentTypeCode)}/@nodeRepresentation`)).toBe('07');
    expect(value(xml, externalId(RP, IDENTIFICATION_SCHEME.submissionSetUniqueId.scheme))).toBe(
      input.submissionSetUniqueId,
    );
    expect(value(xml, externalId(RP, IDENTIFICATION_SCHEME.submissionSetSourceId.scheme))).toBe(
      input.sourceId,
    );
    expect(value(xml, externalId(RP, IDENTIFICATION_SCHEME.submissionSetPatientId.scheme))).toBe(
      '279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH',
    );
    expect(
      value(
        xml,
        `${LIST}/rim:Classification[@classificationNode='${SUBMISSION_SET_NODE}']/@classifiedObject`,
      ),
    ).toBe(setId);
    const member = `${LIST}/rim:Association[@associationType='${ASSOCIATION_TYPE.hasMember}']`;
    expect(value(xml, `${member}/@sourceObject`)).toBe(setId);
    expect(value(xml, `${member}/@targetObject`)).toBe(entryUUID);
    expect(value(xml, slot(member, 'SubmissionSetStatus'))).toBe('Original');
    expect(
      values(xml, `${LIST}/rim:Association[@associationType='${ASSOCIATION_TYPE.replace}']`),
    ).toEqual([]);
  });

  it('points the document at its MTOM part', () => {
    const document = '/xdsb:ProvideAndRegisterDocumentSetRequest/xdsb:Document';
    expect(value(xml, `${document}/@id`)).toBe(entryUUID);
    expect(value(xml, `${document}/xop:Include/@href`)).toBe('cid:cda-1@acces-direct.local');
  });

  it('adds an RPLC association from the new entry to the replaced one', () => {
    const replaced = 'urn:uuid:9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
    const replacement = buildProvideAndRegisterRequest(
      anInput(
        { replacedEntryUUID: replaced },
        {
          uniqueId: '1.2.250.1.999.1.1.20240115.2',
          versionNumber: 2,
          replaces: { uniqueId: '1.2.250.1.999.1.1.20240115.1' },
        },
      ),
    );
    const rplc = `${LIST}/rim:Association[@associationType='urn:ihe:iti:2007:AssociationType:RPLC']`;
    expect(value(replacement, `${rplc}/@sourceObject`)).toBe(entryUUID);
    expect(value(replacement, `${rplc}/@targetObject`)).toBe(replaced);
    expect(values(replacement, slot(rplc, 'SubmissionSetStatus'))).toEqual([]);
  });

  it('writes one confidentialityCode per masking choice, after N', () => {
    const masked = buildProvideAndRegisterRequest(
      anInput(
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
    expect(
      values(masked, `${classification(EO, S.confidentialityCode)}/@nodeRepresentation`),
    ).toEqual(['N', 'INVISIBLE_PATIENT', 'INVISIBLE_REPRESENTANTS_LEGAUX']);
  });

  it('escapes user text in XML and in HL7 components', () => {
    const tricky = buildProvideAndRegisterRequest(
      anInput(
        {},
        {
          title: 'Bilan <initial> & "suivi" d\'Anne',
          comment: 'ligne 1\nligne 2 ]]> <script/>',
          author: anAuthor({ familyName: 'DE^LA&TOUR' }),
        },
      ),
    );
    expect(value(tricky, `${EO}/rim:Name/rim:LocalizedString/@value`)).toBe(
      'Bilan <initial> & "suivi" d\'Anne',
    );
    expect(value(tricky, `${EO}/rim:Description/rim:LocalizedString/@value`)).toBe(
      'ligne 1\nligne 2 ]]> <script/>',
    );
    expect(value(tricky, slot(EO, 'legalAuthenticator'))).toBe(
      '810101234567^DE\\S\\LA\\T\\TOUR^Camille^^^^^^&1.2.250.1.71.4.2.1&ISO^D^^^IDNPS',
    );
  });

  describe('round trip', () => {
    it('reads back exactly the metadata it wrote', () => {
      const metadata = provideAndRegisterMetadata(
        anInput({ eventCodes: [{ valueSet: VALUE_SETS.practiceSetting, code: 'AMBULATOIRE' }] }),
      );
      expect(parseProvideAndRegisterRequest(writeProvideAndRegisterRequest(metadata))).toEqual(
        metadata,
      );
    });

    it('reads back the submission it was built from', () => {
      const parsed = parseProvideAndRegisterRequest(xml);
      const [entry] = parsed.documentEntries;
      expect(entry).toMatchObject({
        entryUUID,
        uniqueId: input.submission.uniqueId,
        title: input.submission.title,
        comments: input.submission.comment,
        hash: input.cda.sha1,
        size: String(input.cda.byteLength),
        typeCode: { code: '47420-5' },
        classCode: { code: '10' },
      });
      expect(parsed.submissionSet).toMatchObject({
        uniqueId: input.submissionSetUniqueId,
        sourceId: input.sourceId,
        classifiedAsSubmissionSet: true,
      });
      expect(parsed.documents).toEqual([{ id: entryUUID, contentId: 'cda-1@acces-direct.local' }]);
    });
  });

  describe('refusals, before anything is sent', () => {
    it('refuses a typeCode outside JDV_J07', () => {
      const error = refusal(() =>
        buildProvideAndRegisterRequest(anInput({}, { typeCode: '99999-9' })),
      );
      expect(error.code).toBe('VALUE_NOT_IN_VALUE_SET');
      expect(error.message).toContain(VALUE_SETS.typeCode);
    });

    it('refuses a CI-SIS typeCode the DMP does not take (no ASS_X16 class)', () => {
      const cisisOnly = testValueSets()
        .set(VALUE_SETS.typeCode)
        .concepts.find((c) =>
          Object.values(TYPE_CODES_OF_CLASS).every(
            (set) => !testValueSets().has(set, c.code, c.codeSystem),
          ),
        );
      expect(cisisOnly).toBeDefined();
      const error = refusal(() =>
        buildProvideAndRegisterRequest(anInput({}, { typeCode: cisisOnly!.code })),
      );
      expect(error.code).toBe('VALUE_NOT_IN_VALUE_SET');
      expect(error.message).toContain('ASS_X16');
    });

    it('refuses a specialty, a facility type or a practice setting outside their sets', () => {
      for (const author of [
        anAuthor({ specialtyCode: 'G15_99' }),
        anAuthor({ structure: { ...anAuthor().structure, facilityTypeCode: 'SA99' } }),
        anAuthor({ structure: { ...anAuthor().structure, practiceSettingCode: 'CABINET' } }),
      ]) {
        expect(refusal(() => buildProvideAndRegisterRequest(anInput({}, { author }))).code).toBe(
          'VALUE_NOT_IN_VALUE_SET',
        );
      }
      expect(
        refusal(() => buildProvideAndRegisterRequest(anInput({ contentTypeCode: '99' }))).code,
      ).toBe('VALUE_NOT_IN_VALUE_SET');
    });

    it('refuses a comment of 1001 characters and takes one of 1000', () => {
      const error = refusal(() =>
        buildProvideAndRegisterRequest(anInput({}, { comment: 'é'.repeat(1001) })),
      );
      expect(error.code).toBe('INVALID_SUBMISSION');
      expect(() =>
        buildProvideAndRegisterRequest(anInput({}, { comment: 'é'.repeat(1000) })),
      ).not.toThrow();
    });

    it('refuses a document hidden from the patient and from professionals', () => {
      const error = refusal(() =>
        buildProvideAndRegisterRequest(
          anInput(
            {},
            {
              visibility: {
                hiddenFromPatient: true,
                hiddenFromProfessionals: true,
                hiddenFromLegalRepresentatives: false,
              },
            },
          ),
        ),
      );
      expect(error.code).toBe('FORBIDDEN_VISIBILITY');
    });

    it('refuses a GIF body, which has no formatCode', () => {
      const error = refusal(() =>
        buildProvideAndRegisterRequest(
          anInput({}, { content: { mediaType: 'image/gif', bytes: Buffer.from('GIF89a') } }),
        ),
      );
      expect(error.code).toBe('INVALID_SUBMISSION');
      expect(error.message).toContain('image/gif');
    });

    it('refuses an identity that is not a qualified INS', () => {
      const patient = aPatient({
        ins: { matricule: '279035121518989', oid: '1.2.250.1.213.1.4.2' },
      });
      expect(refusal(() => buildProvideAndRegisterRequest(anInput({}, { patient }))).code).toBe(
        'IDENTITY_NOT_QUALIFIED',
      );
    });

    it('refuses a replacement without the replaced entryUUID, and the reverse', () => {
      expect(
        refusal(() =>
          buildProvideAndRegisterRequest(anInput({}, { replaces: { uniqueId: '1.2.3' } })),
        ).code,
      ).toBe('INVALID_SUBMISSION');
      expect(
        refusal(() =>
          buildProvideAndRegisterRequest(
            anInput({ replacedEntryUUID: 'urn:uuid:9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a' }),
          ),
        ).code,
      ).toBe('INVALID_SUBMISSION');
    });

    it('refuses malformed identifiers and hashes', () => {
      expect(
        refusal(() => buildProvideAndRegisterRequest(anInput({ sourceId: 'not-an-oid' }))).code,
      ).toBe('INVALID_SUBMISSION');
      expect(
        refusal(() =>
          buildProvideAndRegisterRequest(anInput({ cda: { byteLength: 10, sha1: 'abc' } })),
        ).code,
      ).toBe('INVALID_SUBMISSION');
      expect(
        refusal(() => buildProvideAndRegisterRequest(anInput({}, { title: 'a\u0001b' }))).code,
      ).toBe('INVALID_SUBMISSION');
    });
  });
});
