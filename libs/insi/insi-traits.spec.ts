import {
  fromInsiDate,
  toInsiDate,
  toInsiMatricule,
  toInsiName,
  toRecSansVitale,
} from './insi-traits';

describe('traits in the form INSi takes', () => {
  it('writes names in capitals without diacritics, ligatures spelled out', () => {
    expect(toInsiName('Hélène')).toBe('HELENE');
    expect(toInsiName('Lætitia')).toBe('LAETITIA');
    expect(toInsiName('Cœur')).toBe('COEUR');
    expect(toInsiName('  de  la   Tour ')).toBe('DE LA TOUR');
  });

  it('keeps hyphens, the double hyphen of a double family name and apostrophes, in one form', () => {
    expect(toInsiName('d’Angelo – Test')).toBe("D'ANGELO-TEST");
    expect(toInsiName('Dupont--Durand')).toBe('DUPONT--DURAND');
    expect(toInsiName('Marie-Louise')).toBe('MARIE-LOUISE');
  });

  it('refuses what INSi does not take instead of guessing', () => {
    expect(toInsiName('Louis XIV 2')).toBeUndefined();
    expect(toInsiName('Øyvind')).toBeUndefined();
    expect(toInsiName('-MARTIN')).toBeUndefined();
    expect(toInsiName('')).toBeUndefined();
  });

  it('writes dates AAAA-MM-JJ, lunar dates as they are', () => {
    expect(toInsiDate('19790328')).toBe('1979-03-28');
    expect(toInsiDate('1979-03-28')).toBe('1979-03-28');
    expect(toInsiDate('19420000')).toBe('1942-00-00');
    expect(toInsiDate('28/03/1979')).toBeUndefined();
    expect(fromInsiDate('1942-00-00')).toBe('19420000');
    expect(fromInsiDate('19420000')).toBeUndefined();
  });

  it('splits a NIR into NumIdentifiant and Cle, key checked', () => {
    expect(toInsiMatricule('285052A00411811')).toEqual({
      NumIdentifiant: '285052A004118',
      Cle: '11',
    });
    expect(toInsiMatricule('285052A00411812')).toBeUndefined();
    expect(toInsiMatricule('285052A004118')).toBeUndefined();
  });
});

describe('RECSANSVITALE content', () => {
  it('puts every first name in one Prenom, space-separated, and the COG when known', () => {
    const result = toRecSansVitale({
      birthFamilyName: 'Orsoni-Test',
      firstNames: ['Paule', 'Angèle'],
      sex: 'f',
      birthDate: '19850517',
      birthPlaceCode: '2a004',
    });
    expect(result).toEqual({
      ok: true,
      request: {
        NomNaissance: 'ORSONI-TEST',
        Prenom: 'PAULE ANGELE',
        Sexe: 'F',
        DateNaissance: '1985-05-17',
        LieuNaissance: '2A004',
      },
    });
  });

  it('leaves LieuNaissance out when the birth place is unknown', () => {
    const result = toRecSansVitale({
      birthFamilyName: 'PAT-TROIS',
      firstNames: 'MAXIME',
      sex: 'M',
      birthDate: '2016-09-14',
    });
    expect(result.ok && result.request).toEqual({
      NomNaissance: 'PAT-TROIS',
      Prenom: 'MAXIME',
      Sexe: 'M',
      DateNaissance: '2016-09-14',
    });
  });

  it('names every trait INSi would refuse', () => {
    const result = toRecSansVitale({
      birthFamilyName: 'R2D2',
      firstNames: [],
      sex: '',
      birthDate: '1979-3-28',
      birthPlaceCode: 'PARIS',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.field)).toEqual([
        'birthFamilyName',
        'firstNames',
        'sex',
        'birthDate',
        'birthPlaceCode',
      ]);
    }
  });
});
