import { careStopTime } from './document-submissions';

describe('careStopTime', () => {
  it('is noon UTC of the day care ended', () => {
    expect(careStopTime('2026-11-20', '2026-10-02T08:15:00Z').toISOString()).toBe(
      '2026-11-20T12:00:00.000Z',
    );
  });

  it('is never before the opening when care ended the afternoon it began', () => {
    expect(careStopTime('2026-11-26', '2026-11-26T15:40:00Z').toISOString()).toBe(
      '2026-11-26T15:40:00.000Z',
    );
  });
});
