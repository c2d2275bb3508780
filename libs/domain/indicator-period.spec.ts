import { DomainError } from './domain-error';
import { indicatorPeriod, shiftYears } from './indicator-period';

describe('indicatorPeriod', () => {
  const now = new Date('2026-12-03T10:00:00Z');

  it('defaults to the last 12 months, today included', () => {
    expect(indicatorPeriod({}, now)).toEqual({ from: '2025-12-04', to: '2026-12-03' });
    expect(indicatorPeriod({ to: '2026-06-30' }, now)).toEqual({
      from: '2025-07-01',
      to: '2026-06-30',
    });
  });

  it('takes the days of a Paris evening in UTC as the next Paris day', () => {
    expect(indicatorPeriod({}, new Date('2026-12-31T23:30:00Z')).to).toBe('2027-01-01');
  });

  it('accepts five years exactly and refuses a day more, naming from', () => {
    expect(indicatorPeriod({ from: '2021-01-01', to: '2025-12-31' })).toEqual({
      from: '2021-01-01',
      to: '2025-12-31',
    });
    expect(() => indicatorPeriod({ from: '2020-12-31', to: '2025-12-31' })).toThrow(
      expect.objectContaining({ problems: [expect.objectContaining({ field: 'from' })] }),
    );
  });

  it('refuses from after to and malformed days with the field named', () => {
    const fieldOf = (asked: { from?: string; to?: string }) => {
      try {
        indicatorPeriod(asked, now);
      } catch (error) {
        return (error as DomainError).problems.map((p) => p.field);
      }
      return [];
    };
    expect(fieldOf({ from: '2026-05-02', to: '2026-05-01' })).toEqual(['from']);
    expect(fieldOf({ to: '2026-02-30' })).toEqual(['to']);
    expect(fieldOf({ from: '01/02/2026' })).toEqual(['from']);
  });

  it('moves 29 February to 28 February', () => {
    expect(shiftYears('2024-02-29', -1)).toBe('2023-02-28');
  });
});
