import { InvalidDurationError, isIsoDuration, parseIsoDuration } from './iso-duration';

describe('parseIsoDuration', () => {
  it.each([
    ['P30D', 30 * 86_400_000],
    ['P2W', 14 * 86_400_000],
    ['P1W2D', 9 * 86_400_000],
    ['PT12H', 12 * 3_600_000],
    ['PT90M', 90 * 60_000],
    ['PT2S', 2_000],
    ['PT0.5S', 500],
    ['P1DT1H', 25 * 3_600_000],
    ['p7d', 7 * 86_400_000],
  ])('reads %s', (text, ms) => {
    expect(parseIsoDuration(text)).toBe(ms);
  });

  it.each(['P1M', 'P1Y', 'P1Y2D'])('refuses calendar-dependent %s and says why', (text) => {
    expect(() => parseIsoDuration(text)).toThrow(/years and months have no fixed length/);
  });

  it.each(['', 'P', 'PT', '30', '30D', 'P-1D', 'P1.5D', 'PT1S2M', 'P0D', 'PT0S'])(
    'refuses %p',
    (text) => {
      expect(() => parseIsoDuration(text)).toThrow(InvalidDurationError);
    },
  );

  it('tells a duration from anything else', () => {
    expect(isIsoDuration('P7D')).toBe(true);
    expect(isIsoDuration('seven days')).toBe(false);
    expect(isIsoDuration(7)).toBe(false);
  });
});
