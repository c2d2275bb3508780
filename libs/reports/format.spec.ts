import {
  countWithShare,
  days,
  frenchDateTime,
  frenchDay,
  frenchNumber,
  parisDayOf,
  percent,
  quarterLabel,
} from './format';
import { winAnsi } from './text';

describe('French formats', () => {
  it('writes numbers with plain-space thousands and a decimal comma', () => {
    expect(frenchNumber(0)).toBe('0');
    expect(frenchNumber(1234567)).toBe('1 234 567');
    expect(frenchNumber(1234.5, 1)).toBe('1 234,5');
    expect(frenchNumber(3.0, 1)).toBe('3');
    expect(frenchNumber(-1200)).toBe('-1 200');
  });

  it('writes days, instants (Paris) and quarters', () => {
    expect(frenchDay('2025-12-31')).toBe('31/12/2025');
    // 23:30 UTC on 31 December is already 1 January in Paris.
    expect(parisDayOf('2025-12-31T23:30:00Z')).toBe('2026-01-01');
    expect(frenchDateTime('2025-07-01T12:05:00Z')).toBe('01/07/2025 à 14:05');
    expect(quarterLabel('2025-Q3')).toBe('T3 2025');
    expect(days(null)).toBe('—');
    expect(days(2.25)).toBe('2,3 j');
  });

  it('writes shares, and a dash when there is nothing to divide', () => {
    expect(percent(1, 3)).toBe('33 %');
    expect(percent(0, 0)).toBe('—');
    expect(countWithShare(2, 8)).toBe('2 (25 %)');
    expect(countWithShare(0, 0)).toBe('0');
  });
});

describe('winAnsi', () => {
  it('keeps French text and WinAnsi signs, and spells the rest', () => {
    expect(winAnsi('Évaluée à l’hôpital — « reçu » : 5 €, œuvre…')).toBe(
      'Évaluée à l’hôpital — « reçu » : 5 €, œuvre…',
    );
    expect(winAnsi('1\u202f234 → 2 ≥ 1')).toBe('1 234 -> 2 >= 1');
    expect(winAnsi('a\u0000b\u001bc\u0085')).toBe('abc');
    expect(winAnsi('汉字')).toBe('??');
  });
});
