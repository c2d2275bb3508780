import { NORMAL_VISIBILITY } from '../model';
import { provideAndRegisterMetadata } from '../xds';
import { anAuthor, anInput } from '../xds/test-fixtures';
import { authorIds, isMaskedFromProfessionals, visibleEntries, visibleTo } from './read-visibility';
import type { StoredEntry } from './store';

const AUTHOR = anAuthor({ rpps: '10000000601' });
const AUTHOR_ID = '810000000601';
const OTHER_ID = '810000000101';
const TREATING_ID = '810000000501';

function anEntry(visibility = NORMAL_VISIBILITY, uniqueId = '1.2.250.1.999.1.1'): StoredEntry {
  const [metadata] = provideAndRegisterMetadata(
    anInput({}, { author: AUTHOR, visibility, uniqueId }),
  ).documentEntries;
  return {
    uniqueId,
    entryUUID: metadata.entryUUID,
    status: 'Approved',
    patientIns: { matricule: '279035121518989', oid: '1.2.250.1.213.1.4.10' },
    setId: '1.2.250.1.999.1.2',
    versionNumber: 1,
    metadata,
  };
}

const masked = anEntry(
  { ...NORMAL_VISIBILITY, hiddenFromProfessionals: true },
  '1.2.250.1.999.1.2',
);
const hiddenFromPatient = anEntry(
  { ...NORMAL_VISIBILITY, hiddenFromPatient: true },
  '1.2.250.1.999.1.3',
);
const normal = anEntry();

describe('what a professional reads of a DMP', () => {
  it('knows the entry masked from professionals by its MASQUE_PS code (TRE_A07)', () => {
    expect(isMaskedFromProfessionals(masked)).toBe(true);
    expect(isMaskedFromProfessionals(hiddenFromPatient)).toBe(false);
    expect(isMaskedFromProfessionals(normal)).toBe(false);
    const otherSystem = {
      ...masked,
      metadata: {
        ...masked.metadata,
        confidentialityCodes: masked.metadata.confidentialityCodes.map((c) => ({
          ...c,
          codeSystem: '1.2.3',
        })),
      },
    };
    expect(isMaskedFromProfessionals(otherSystem)).toBe(false);
  });

  it('reads the authors as national ids, a bare RPPS included', () => {
    expect(authorIds(masked)).toEqual([AUTHOR_ID]);
    const bare = {
      ...masked,
      metadata: {
        ...masked.metadata,
        authors: [{ ...masked.metadata.authors[0], authorPerson: '10000000601^ROUSSEAU^Emma' }],
      },
    };
    expect(authorIds(bare)).toEqual([AUTHOR_ID]);
  });

  it('shows a masked entry to its author and the médecin traitant DMP only', () => {
    const reader = (practitionerId: string, treatingPhysicianId?: string) => ({
      practitionerId,
      treatingPhysicianId,
    });
    expect(visibleTo(masked, reader(AUTHOR_ID))).toBe(true);
    expect(visibleTo(masked, reader(TREATING_ID, TREATING_ID))).toBe(true);
    expect(visibleTo(masked, reader(OTHER_ID))).toBe(false);
    expect(visibleTo(masked, reader(OTHER_ID, TREATING_ID))).toBe(false);
  });

  it('shows every other entry, INVISIBLE_PATIENT included, to any professional', () => {
    const reader = { practitionerId: OTHER_ID, treatingPhysicianId: undefined };
    expect(visibleEntries([normal, masked, hiddenFromPatient], reader)).toEqual([
      normal,
      hiddenFromPatient,
    ]);
  });
});
