import { createHash } from 'node:crypto';
import {
  NORMAL_VISIBILITY,
  type DmpAuthor,
  type DmpPatient,
  type DocumentSubmission,
} from '../model';
import { ValueSets } from '../value-sets';
import type { ProvideAndRegisterInput } from './submission-metadata';

/**
 * Test data for the XDS specs: fictitious identities only (INS on the test-NIR
 * OID), every part overridable.
 */

let valueSets: ValueSets | undefined;
/** The shipped value sets, read once per test file. */
export function testValueSets(): ValueSets {
  valueSets ??= ValueSets.load();
  return valueSets;
}

export function aPatient(overrides: Partial<DmpPatient> = {}): DmpPatient {
  return {
    ins: { matricule: '279035121518989', oid: '1.2.250.1.213.1.4.10' },
    birthFamilyName: 'MARTIN',
    firstNames: ['Chloé', 'Anne'],
    usedFamilyName: 'DURAND',
    birthDate: '19790312',
    sex: 'F',
    birthPlaceCode: '51215',
    ...overrides,
  };
}

export function anAuthor(overrides: Partial<DmpAuthor> = {}): DmpAuthor {
  return {
    rpps: '10101234567',
    familyName: 'LEROY',
    givenNames: 'Camille',
    specialtyCode: 'G15_91',
    professionCode: '91',
    structure: {
      idNatStruct: '312345678900012',
      name: 'Maison de santé des Tilleuls',
      facilityTypeCode: 'SA52',
      practiceSettingCode: 'AMBULATOIRE',
    },
    ...overrides,
  };
}

export function aSubmission(overrides: Partial<DocumentSubmission> = {}): DocumentSubmission {
  return {
    uniqueId: '1.2.250.1.999.1.1.20240115.1',
    setId: '1.2.250.1.999.1.2.20240115.1',
    versionNumber: 1,
    typeCode: '47420-5',
    title: 'Bilan orthophonique initial',
    comment: 'Bilan du langage oral',
    creationTime: new Date('2024-01-15T10:30:00Z'),
    serviceStartTime: new Date('2024-01-10T09:00:00Z'),
    serviceStopTime: new Date('2024-01-10T10:00:00Z'),
    content: { mediaType: 'application/pdf', bytes: Buffer.from('%PDF-1.4 fictitious') },
    visibility: NORMAL_VISIBILITY,
    patient: aPatient(),
    author: anAuthor(),
    ...overrides,
  };
}

/** CDA bytes stand-in: the XDS layer only sees their size and SHA-1. */
export const FAKE_CDA = Buffer.from('<ClinicalDocument xmlns="urn:hl7-org:v3"/>');

export function anInput(
  overrides: Partial<ProvideAndRegisterInput> = {},
  submission: Partial<DocumentSubmission> = {},
): ProvideAndRegisterInput {
  return {
    submission: aSubmission(submission),
    cda: {
      byteLength: FAKE_CDA.byteLength,
      sha1: createHash('sha1').update(FAKE_CDA).digest('hex'),
    },
    valueSets: testValueSets(),
    sourceId: '1.2.250.1.999.2',
    submissionSetUniqueId: '1.2.250.1.999.1.3.20240115.1',
    documentContentId: 'cda-1@acces-direct.local',
    entryUUID: 'urn:uuid:0f3e2c1a-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
    submissionSetEntryUUID: 'urn:uuid:1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    submissionTime: new Date('2024-01-15T11:00:00Z'),
    ...overrides,
  };
}
