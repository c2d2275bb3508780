import { xdsDay, xdsInstant } from './dmp-entries';

describe('XDS times of registry entries', () => {
  it('reads full and truncated times as UTC', () => {
    expect(xdsInstant('20261204183015')).toBe('2026-12-04T18:30:15.000Z');
    expect(xdsInstant('20261204')).toBe('2026-12-04T00:00:00.000Z');
    expect(xdsDay('20261204233000')).toBe('2026-12-04');
  });

  it('answers null for what is absent or not a date', () => {
    expect(xdsInstant(undefined)).toBeNull();
    expect(xdsInstant('20260231')).toBeNull();
    expect(xdsDay('hier')).toBeNull();
  });
});
