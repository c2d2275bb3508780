import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFORMANCE_DIR, ValueSets } from '../value-sets';
import { buildCda } from './build-cda';
import { sampleSubmission } from './sample-submission';
import { validateCda } from './validate-cda';

const valueSets = ValueSets.load();
const built = Buffer.concat(buildCda(sampleSubmission(), valueSets).chunks).toString('utf8');

/** The sample document with one edit, which must be found in it. */
function tampered(from: string | RegExp, to: string): Buffer {
  const edited = built.replace(from, to);
  if (edited === built) throw new Error(`${String(from)} is not in the sample document`);
  return Buffer.from(edited, 'utf8');
}

async function errorsOf(xml: Buffer): Promise<string[]> {
  const result = await validateCda(xml, valueSets);
  expect(result.valid).toBe(result.errors.length === 0);
  return result.errors;
}

describe('validateCda', () => {
  it('accepts the official ANS level-1 example', async () => {
    const example = readFileSync(join(CONFORMANCE_DIR, 'DOC_NON_STRUCTURE_CDA-R2-N1.xml'));
    expect(await errorsOf(example)).toEqual([]);
  });

  it('accepts a built document given whole or in chunks', async () => {
    expect(await errorsOf(Buffer.from(built))).toEqual([]);
    const { chunks } = buildCda(sampleSubmission(), valueSets);
    expect(await validateCda(chunks, valueSets)).toEqual({ valid: true, errors: [] });
  });

  it('rejects an element the XSD forbids, naming it, without the schema import warning', async () => {
    const errors = await errorsOf(
      tampered('<languageCode code="fr-FR"/>', '<languageCode code="fr-FR"/><colour/>'),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^XSD, line \d+: Element 'colour': This element is not expected/);
    expect(errors.join('\n')).not.toMatch(/Skipping import/);
  });

  it('rejects a removed languageCode', async () => {
    expect(await errorsOf(tampered('<languageCode code="fr-FR"/>', ''))).toEqual([
      'languageCode: missing',
    ]);
  });

  it('rejects another language', async () => {
    expect(await errorsOf(tampered('code="fr-FR"', 'code="en-GB"'))).toEqual([
      'languageCode: "en-GB", "fr-FR" expected',
    ]);
  });

  it('rejects a typeCode outside J07', async () => {
    expect(await errorsOf(tampered('code="47420-5"', 'code="99999-9"'))).toEqual([
      'code: "99999-9" (2.16.840.1.113883.6.1) is not in value set JDV_J07_XdsTypeCode_CISIS',
    ]);
  });

  it('rejects a DMP masking code as the CDA confidentialityCode', async () => {
    const errors = await errorsOf(
      tampered(
        /<confidentialityCode [^>]*\/>/,
        '<confidentialityCode code="INVISIBLE_PATIENT" displayName="Non visible par le patient" codeSystem="1.2.250.1.213.1.1.4.13"/>',
      ),
    );
    expect(errors).toEqual([
      expect.stringMatching(/^confidentialityCode: "INVISIBLE_PATIENT" is a DMP masking code/),
    ]);
  });

  it('rejects codes outside J01, J04 and J02', async () => {
    const edited = built
      .replaceAll('code="G15_91"', 'code="G15_999"')
      .replace('code="AMBULATOIRE"', 'code="CABINET"')
      .replace('code="SA07"', 'code="SA999"');
    const errors = await errorsOf(Buffer.from(edited));
    expect(errors).toEqual(
      expect.arrayContaining([
        'author/assignedAuthor/code: "G15_999" (1.2.250.1.213.1.1.4.5) is not in value set JDV_J01_XdsAuthorSpecialty_CISIS',
        'documentationOf/serviceEvent/performer/assignedEntity/representedOrganization/standardIndustryClassCode: "CABINET" (1.2.250.1.213.1.1.4.9) is not in value set JDV_J04_XdsPracticeSettingCode_CISIS',
        'componentOf/encompassingEncounter/location/healthCareFacility/code: "SA999" (1.2.250.1.71.4.2.4) is not in value set JDV_J02_XdsHealthcareFacilityTypeCode_CISIS',
      ]),
    );
  });

  it('rejects a patient not identified by a qualified INS', async () => {
    expect(
      await errorsOf(tampered('root="1.2.250.1.213.1.4.10"', 'root="1.2.250.1.213.1.4.2"')),
    ).toEqual([
      expect.stringMatching(/^recordTarget\/patientRole\/id: 0 identifiers with an INS OID root/),
    ]);
    expect(
      await errorsOf(tampered('extension="279035121518989"', 'extension="279035121518988"')),
    ).toEqual([
      'recordTarget/patientRole/id: matricule INS "279035121518988" has a wrong key (expected 89)',
    ]);
  });

  it('rejects an author who is not identified as a professional, a missing template, a bad body', async () => {
    const edited = built
      .replace('<templateId root="1.3.6.1.4.1.19376.1.2.20"/>', '')
      .replace(
        '<id root="1.2.250.1.71.4.2.1" extension="810000000101"/>',
        '<id root="1.2.250.1.71.4.2.9" extension="810000000101"/>',
      )
      .replace('mediaType="application/pdf"', 'mediaType="image/gif"')
      .replace(/representation="B64">[^<]*</, 'representation="B64">not base64!<')
      .replace('<addr nullFlavor="NASK"/>', '<addr nullFlavor="NI"/>');
    const errors = await errorsOf(Buffer.from(edited));
    expect(errors).toEqual(
      expect.arrayContaining([
        'templateId 1.3.6.1.4.1.19376.1.2.20: IHE XDS-SD template: 0 found, 1 expected',
        expect.stringMatching(/^author\/assignedAuthor\/id: root "1.2.250.1.71.4.2.9".*idNat_PS/),
        expect.stringMatching(/^component\/nonXMLBody\/text: image\/gif has no XDS formatCode/),
        'component/nonXMLBody/text: the body is not valid base64',
        expect.stringMatching(
          /^recordTarget\/patientRole\/addr: nullFlavor "NI" is not one the CI-SIS header allows/,
        ),
      ]),
    );
  });

  it('rejects a timestamp that names no instant and a birth place left out', async () => {
    const edited = built
      .replace('value="19790328"', 'value="19790230"')
      .replace(/<birthplace>[\s\S]*<\/birthplace>/, '');
    const errors = await errorsOf(Buffer.from(edited));
    expect(errors).toEqual([
      'recordTarget/patientRole/patient/birthplace/place/addr/county: missing: an INS carries the birth place',
      'recordTarget/patientRole/patient/birthTime: "19790230" is not a valid HL7 timestamp',
    ]);
  });

  it('rejects a document that is not well-formed', async () => {
    const errors = await errorsOf(tampered('</title>', '</titel>'));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/not well-formed/);
  });
});
