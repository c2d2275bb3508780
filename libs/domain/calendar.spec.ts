import { isIsoDay, parisDay } from './calendar';

describe('calendar days', () => {
  it('dates an instant in Paris, not in UTC', () => {
    expect(parisDay(Date.parse('2026-03-02T23:30:00Z'))).toBe('2026-03-03');
    expect(parisDay(Date.parse('2026-07-14T21:59:00Z'))).toBe('2026-07-14');
    expect(parisDay(Date.parse('2026-07-14T22:00:00Z'))).toBe('2026-07-15');
  });

  it.each(['2026-02-28', '2024-02-29', '1999-12-31'])('accepts %s', (day) => {
    expect(isIsoDay(day)).toBe(true);
  });

  it.each([
    '2026-02-30',
    '2025-02-29',
    '2026-13-01',
    '26-01-01',
    '2026-1-1',
    '2026-01-01T00:00:00Z',
    20260101,
  ])('refuses %p', (day) => {
    expect(isIsoDay(day)).toBe(false);
  });
});
