import { applyInsiAnswer, qualifiedIns, recordDocumentCheck } from './identity';
import { apcvCandidate, vitaleCandidates, type VitaleCardRead } from './vitale';
import { testInsiAnswer, TEST_APCV, TEST_VITALE_CARDS } from './virtual-reader';

describe('vitaleCandidates', () => {
  const { candidates, problems } = vitaleCandidates(TEST_VITALE_CARDS.famillePatTrois);
  const [mother, child] = candidates;

  it('gives one provisional candidate per beneficiary, none with an INS', () => {
    expect(problems).toEqual([]);
    expect(candidates).toHaveLength(2);
    for (const candidate of candidates) {
      expect(candidate.identity.status).toBe('PROV');
      expect(candidate.identity.ins).toBeUndefined();
      expect(candidate.identity.source).toBe('vitale');
      expect(qualifiedIns(candidate.identity)).toBeUndefined();
    }
  });

  it("keeps the card NIR as the billing number and INSi key, not the dependant's INS", () => {
    expect(mother.insured).toBe(true);
    expect(child.insured).toBe(false);
    expect(child.qualiteLabel).toBe('Enfant');
    expect(child.billingNir).toBe('279035121518989');
    expect(child.insiKey).toEqual({ nir: '279035121518989', birthDate: '20160914', twinRank: '1' });
    expect(child.certifiedNir).toBeUndefined();
  });

  it("takes the sex from the NIR only when the NIR is the beneficiary's", () => {
    expect(mother.identity.traits.sex).toBe('F');
    // The card NIR starts with 2: the mother's sex, not the boy's.
    expect(child.identity.traits.sex).toBeUndefined();
  });

  it("qualifies the dependant with his own INS from INSi, never his mother's", () => {
    const retrieved = applyInsiAnswer(child.identity, testInsiAnswer('maxime'));
    if (!retrieved.ok) throw new Error(JSON.stringify(retrieved));
    expect(retrieved.identity.ins?.matricule).toBe('116095145402797');
    expect(retrieved.identity.traits.sex).toBe('M');
    const qualified = recordDocumentCheck(retrieved.identity, {
      document: 'passeport',
      checkedOn: '2026-03-02',
    });
    expect(qualified.ok && qualifiedIns(qualified.identity)).toEqual({
      matricule: '116095145402797',
      oid: '1.2.250.1.213.1.4.10',
    });
  });

  it("blocks when INSi answers for the other beneficiary (the mother's identity for the child)", () => {
    const transition = applyInsiAnswer(child.identity, testInsiAnswer('dominique'));
    expect(transition.ok).toBe(false);
    expect(transition.ok ? [] : transition.mismatches.map((m) => m.field)).toEqual([
      'firstName',
      'birthDate',
    ]);
  });

  it('reads a Corsican-born insured person with a used name and a certified NIR', () => {
    const [paule] = vitaleCandidates(TEST_VITALE_CARDS.orsoni).candidates;
    expect(paule.identity.traits.birthFamilyName).toBe('ORSONI-TEST');
    expect(paule.identity.usedFamilyName).toBe('SANTONI-TEST');
    expect(paule.billingNir).toBe('285052A00411811');
    expect(paule.certifiedNir).toBe('285052A00411811');
    expect(paule.identity.ins).toBeUndefined();
  });

  it('keeps a lunar birth date as read and warns about it', () => {
    const [youssef] = vitaleCandidates(TEST_VITALE_CARDS.elAmrani).candidates;
    expect(youssef.identity.traits.birthDate).toEqual({
      raw: '19420000',
      value: '19420000',
      lunar: true,
    });
    expect(youssef.warnings.join(' ')).toMatch(/lunar/);
    const retrieved = applyInsiAnswer(youssef.identity, testInsiAnswer('youssef'));
    expect(retrieved.ok).toBe(true);
  });

  it('stands the used name in for a missing birth name, with a warning', () => {
    const card: VitaleCardRead = {
      ...TEST_VITALE_CARDS.orsoni,
      lstDonneesBeneficiaire: [
        { ...TEST_VITALE_CARDS.orsoni.lstDonneesBeneficiaire[0], nomPatronymique: undefined },
      ],
    };
    const [paule] = vitaleCandidates(card).candidates;
    expect(paule.identity.traits.birthFamilyName).toBe('SANTONI-TEST');
    expect(paule.warnings.join(' ')).toMatch(/no birth name/);
  });

  it('reports a misread card or beneficiary instead of guessing', () => {
    const wrongKey = vitaleCandidates({ ...TEST_VITALE_CARDS.famillePatTrois, cleNIR: '88' });
    expect(wrongKey).toEqual({
      candidates: [],
      problems: [{ field: 'NIR.key', problem: 'the key of 2790351215189 is 89, not 88' }],
    });
    const badDate = vitaleCandidates({
      ...TEST_VITALE_CARDS.famillePatTrois,
      lstDonneesBeneficiaire: [
        TEST_VITALE_CARDS.famillePatTrois.lstDonneesBeneficiaire[0],
        { ...TEST_VITALE_CARDS.famillePatTrois.lstDonneesBeneficiaire[1], dateNaissance: '2016' },
      ],
    });
    expect(badDate.candidates).toHaveLength(1);
    expect(badDate.problems).toMatchObject([{ field: 'lstDonneesBeneficiaire[1].birthDate' }]);
  });
});

describe('apcvCandidate', () => {
  it("keeps the app's INS as declared, not as the patient's", () => {
    const result = apcvCandidate(TEST_APCV.ange);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { identity, declaredIns, billingNir } = result.candidate;
    expect(identity).toMatchObject({ status: 'PROV', source: 'apcv' });
    expect(identity.ins).toBeUndefined();
    expect(identity.traits.birthPlaceCode).toBe('2B033');
    expect(declaredIns).toMatchObject({ matricule: '192022B03304663', kind: 'NIR' });
    expect(billingNir).toBe('192022B03304663');
    expect(qualifiedIns(identity)).toBeUndefined();
  });

  it('warns about a malformed INS and rejects missing traits', () => {
    const result = apcvCandidate({
      ...TEST_APCV.ange,
      ins: { matricule: '192022B03304611', oid: '1.2.250.1.213.1.4.10' },
    });
    expect(result.ok && result.candidate.declaredIns).toBe(undefined);
    expect(result.ok && result.candidate.warnings.join(' ')).toMatch(/INS is malformed/);
    expect(apcvCandidate({ ...TEST_APCV.ange, prenoms: '' })).toMatchObject({
      ok: false,
      problems: [{ field: 'firstNames' }],
    });
  });
});
