import { NORMAL_VISIBILITY, type DocumentSubmission } from '../model';

/**
 * A complete, valid submission with test identities only (the ANS example's
 * patient on the test-NIR OID, the demo orthophoniste): the starting point of
 * the unit tests and of the benchmark. Content defaults to a tiny PDF.
 */
export function sampleSubmission(
  content: DocumentSubmission['content'] = {
    mediaType: 'application/pdf',
    bytes: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1'),
  },
): DocumentSubmission {
  return {
    uniqueId: '1.2.250.1.999.1.1.20250314.1',
    setId: '1.2.250.1.999.1.1.20250314',
    versionNumber: 1,
    typeCode: '47420-5',
    title: 'Bilan orthophonique initial',
    creationTime: new Date('2025-03-14T09:30:15Z'),
    serviceStartTime: new Date('2025-03-03T08:00:00Z'),
    content,
    visibility: NORMAL_VISIBILITY,
    patient: {
      ins: { matricule: '279035121518989', oid: '1.2.250.1.213.1.4.10' },
      birthFamilyName: 'PAT-TROIS',
      firstNames: ['DOMINIQUE', 'MARIE-LOUISE'],
      birthDate: '19790328',
      sex: 'F',
      birthPlaceCode: '51215',
    },
    author: {
      rpps: '10000000101',
      familyName: 'LEROY',
      givenNames: 'Camille',
      specialtyCode: 'G15_91',
      professionCode: '91',
      structure: {
        idNatStruct: '1750512345',
        name: 'Cabinet d’orthophonie Leroy',
        facilityTypeCode: 'SA07',
        practiceSettingCode: 'AMBULATOIRE',
      },
    },
  };
}
