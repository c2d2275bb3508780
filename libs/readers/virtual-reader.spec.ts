import { parseIns } from './nir';
import { parseTraits } from './traits';
import { vitaleCandidates } from './vitale';
import { TEST_APCV, TEST_PEOPLE, TEST_VITALE_CARDS, VirtualCardReader } from './virtual-reader';

describe('test identities', () => {
  // Each key worked by hand: n = 97 × q + r, key = 97 − r (2A → 19, 2B → 18).
  const HAND_CHECKED = {
    dominique: [2790351215189, 28766507373, 8, '89'],
    maxime: [1160951454027, 11968571691, 0, '97'],
    paule: [2850519004118, 29386793856, 86, '11'],
    ange: [1920218033046, 19796062196, 34, '63'],
    youssef: [1425099350012, 14691745876, 40, '57'],
  } as const;

  it.each(Object.entries(TEST_PEOPLE))('%s has a valid INS and traits', (name, person) => {
    const [n, q, r, key] = HAND_CHECKED[name as keyof typeof HAND_CHECKED];
    expect(97 * q + r).toBe(n);
    expect(person.ins.matricule.slice(13)).toBe(key);
    expect(String(97 - r).padStart(2, '0')).toBe(key);
    expect(parseIns(person.ins)).toMatchObject({ ok: true, ins: { environment: 'test' } });
    expect(parseTraits(person.traits).ok).toBe(true);
    // The NIR's birth place is the traits' one.
    expect(person.ins.matricule.slice(5, 10)).toBe(person.traits.birthPlaceCode);
  });

  it('has well-formed cards', () => {
    for (const card of Object.values(TEST_VITALE_CARDS)) {
      expect(vitaleCandidates(card).problems).toEqual([]);
    }
  });
});

describe('VirtualCardReader', () => {
  it('returns the inserted card, a copy each time', async () => {
    const reader = new VirtualCardReader().insertCard(TEST_VITALE_CARDS.famillePatTrois);
    const read = await reader.readVitale();
    expect(read).toEqual(TEST_VITALE_CARDS.famillePatTrois);
    expect(read).not.toBe(TEST_VITALE_CARDS.famillePatTrois);
    read.lstDonneesBeneficiaire[0].prenom = 'ALTERED';
    expect((await reader.readVitale()).lstDonneesBeneficiaire[0].prenom).toBe('DOMINIQUE');
  });

  it('fails without a card or a phone', async () => {
    const reader = new VirtualCardReader();
    await expect(reader.readVitale()).rejects.toMatchObject({ code: 'unavailable' });
    await expect(reader.readApcv()).rejects.toMatchObject({ code: 'unavailable' });
    reader.insertCard(TEST_VITALE_CARDS.orsoni).removeCard();
    await expect(reader.readVitale()).rejects.toThrow(/no Carte Vitale/);
    await expect(reader.showApcv(TEST_APCV.ange).readApcv()).resolves.toEqual(TEST_APCV.ange);
  });
});
