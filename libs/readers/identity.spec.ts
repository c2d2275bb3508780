import {
  applyInsiAnswer,
  canShareIns,
  provisionalIdentity,
  qualifiedIns,
  recordDocumentCheck,
  rnivStatus,
  type Identity,
  type Transition,
} from './identity';
import { testInsiAnswer, TEST_PEOPLE } from './virtual-reader';

const PASSPORT = { document: 'passeport', checkedOn: '2026-03-02' };

function typedIn(): Identity {
  const result = provisionalIdentity(
    {
      birthFamilyName: 'Orsoni-Test',
      firstNames: ['Paule'],
      birthDate: '1985-05-17',
      sex: 'F',
      usedFamilyName: 'Santoni-Test',
    },
    'saisie',
  );
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.identity;
}

function done(transition: Transition): Identity {
  if (!transition.ok) throw new Error(JSON.stringify(transition));
  return transition.identity;
}

describe('RNIV statuses', () => {
  it('follow from an INSi answer and a document check', () => {
    expect(rnivStatus(false, false)).toBe('PROV');
    expect(rnivStatus(true, false)).toBe('RECUP');
    expect(rnivStatus(false, true)).toBe('VALI');
    expect(rnivStatus(true, true)).toBe('QUAL');
  });

  it('go PROV → RECUP → QUAL, adopting INSi traits', () => {
    const provisional = typedIn();
    expect(provisional.status).toBe('PROV');
    const retrieved = done(applyInsiAnswer(provisional, testInsiAnswer('paule')));
    expect(retrieved.status).toBe('RECUP');
    expect(retrieved.ins).toEqual({
      matricule: '285052A00411811',
      oid: '1.2.250.1.213.1.4.10',
      kind: 'NIR',
      environment: 'test',
    });
    // INSi's traits are the strict traits now; the used name stays.
    expect(retrieved.traits.firstNames).toEqual(['PAULE', 'ANGELE']);
    expect(retrieved.traits.birthPlaceCode).toBe('2A004');
    expect(retrieved.usedFamilyName).toBe('Santoni-Test');
    const qualified = done(recordDocumentCheck(retrieved, PASSPORT));
    expect(qualified.status).toBe('QUAL');
    expect(qualified.documentCheck).toEqual(PASSPORT);
  });

  it('go PROV → VALI → QUAL', () => {
    const validated = done(
      recordDocumentCheck(typedIn(), {
        ...PASSPORT,
        documentTraits: { ...TEST_PEOPLE.paule.traits, firstNames: 'Paule Angèle' },
      }),
    );
    expect(validated.status).toBe('VALI');
    expect(validated.ins).toBeUndefined();
    const qualified = done(applyInsiAnswer(validated, testInsiAnswer('paule')));
    expect(qualified.status).toBe('QUAL');
  });
});

describe('blocking qualification', () => {
  it('blocks on a mismatched trait, leaving the identity as it was', () => {
    const validated = done(recordDocumentCheck(typedIn(), PASSPORT));
    const otherWoman = {
      ...testInsiAnswer('paule'),
      traits: { ...TEST_PEOPLE.paule.traits, birthDate: '19850518' },
    };
    const transition = applyInsiAnswer(validated, otherWoman);
    expect(transition.ok).toBe(false);
    if (transition.ok) return;
    expect(transition.mismatches.map((m) => m.field)).toEqual(['birthDate']);
    expect(transition.identity).toBe(validated);
    expect(transition.identity.status).toBe('VALI');
    expect(qualifiedIns(transition.identity)).toBeUndefined();
  });

  it('blocks a document check whose traits differ from INSi’s', () => {
    const retrieved = done(applyInsiAnswer(typedIn(), testInsiAnswer('paule')));
    const transition = recordDocumentCheck(retrieved, {
      ...PASSPORT,
      documentTraits: { ...TEST_PEOPLE.paule.traits, birthFamilyName: 'ORSINI-TEST' },
    });
    expect(transition).toMatchObject({
      ok: false,
      mismatches: [{ field: 'birthFamilyName', local: 'ORSONI-TEST', reference: 'ORSINI-TEST' }],
    });
    expect(transition.identity.status).toBe('RECUP');
  });

  it('refuses a document that is not high-trust, unless the deployment accepts it', () => {
    const transition = recordDocumentCheck(typedIn(), {
      document: 'livret-de-famille',
      checkedOn: '2026-03-02',
    });
    expect(transition).toMatchObject({ ok: false, problems: [{ field: 'document' }] });
    const accepted = recordDocumentCheck(
      typedIn(),
      { document: 'livret-de-famille', checkedOn: '2026-03-02' },
      ['passeport', 'livret-de-famille'],
    );
    expect(accepted.ok).toBe(true);
  });

  it('keeps the identity on INSi answers 01 and 02, and on a malformed INS', () => {
    const identity = typedIn();
    for (const answer of [{ code: '01' as const }, { code: '02' as const }]) {
      expect(applyInsiAnswer(identity, answer)).toMatchObject({
        ok: false,
        identity,
        problems: [{ field: 'insi' }],
      });
    }
    const badKey = {
      ...testInsiAnswer('paule'),
      ins: { matricule: '285052A00411812', oid: '1.2.250.1.213.1.4.10' },
    };
    expect(applyInsiAnswer(identity, badKey)).toMatchObject({
      ok: false,
      problems: [{ field: 'key' }],
    });
  });

  it('blocks an answer carrying another INS than the recorded one', () => {
    const retrieved = done(applyInsiAnswer(typedIn(), testInsiAnswer('paule')));
    const other = {
      ...testInsiAnswer('paule'),
      ins: { matricule: '192022B03304663', oid: '1.2.250.1.213.1.4.10' },
    };
    expect(applyInsiAnswer(retrieved, other)).toMatchObject({
      ok: false,
      problems: [{ field: 'ins' }],
    });
  });
});

describe('sharing the INS', () => {
  it('yields the INS for a qualified identity only', () => {
    const provisional = typedIn();
    const retrieved = done(applyInsiAnswer(provisional, testInsiAnswer('paule')));
    const validated = done(recordDocumentCheck(provisional, PASSPORT));
    const qualified = done(recordDocumentCheck(retrieved, PASSPORT));
    for (const identity of [provisional, retrieved, validated]) {
      expect(qualifiedIns(identity)).toBeUndefined();
      expect(canShareIns(identity)).toBe(false);
    }
    expect(qualifiedIns(qualified)).toEqual({
      matricule: '285052A00411811',
      oid: '1.2.250.1.213.1.4.10',
    });
    expect(canShareIns(qualified)).toBe(true);
  });

  it('does not trust a stored record that only claims QUAL', () => {
    const retrieved = done(applyInsiAnswer(typedIn(), testInsiAnswer('paule')));
    expect(qualifiedIns({ ...retrieved, status: 'QUAL' })).toBeUndefined();
    const qualified = done(recordDocumentCheck(retrieved, PASSPORT));
    const corrupted = { ...qualified, ins: { ...qualified.ins!, matricule: '285052A00411812' } };
    expect(qualifiedIns(corrupted)).toBeUndefined();
  });
});
