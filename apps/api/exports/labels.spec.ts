import { csvCell } from './csv-stream';
import { daysOverdue, timeliness } from './labels';

const day = 86_400_000;
const due = new Date('2025-03-10T12:00:00Z');

describe('timeliness', () => {
  const now = due.getTime() + 3.5 * day;
  it('follows the indicators: on time at or before the due date, late after', () => {
    expect(timeliness({ status: 'active', dueAt: due, receivedAt: due, now })).toBe('on_time');
    expect(
      timeliness({ status: 'completed', dueAt: due, receivedAt: new Date(due.getTime() + 1), now }),
    ).toBe('late');
  });

  it('tells missing and overdue from awaited, not received and not owed', () => {
    expect(timeliness({ status: 'active', dueAt: due, receivedAt: null, now })).toBe(
      'missing_overdue',
    );
    expect(
      timeliness({ status: 'active', dueAt: due, receivedAt: null, now: due.getTime() - 1 }),
    ).toBe('awaited');
    expect(timeliness({ status: 'abandoned', dueAt: due, receivedAt: null, now })).toBe(
      'not_received',
    );
    expect(timeliness({ status: 'active', dueAt: null, receivedAt: null, now })).toBe('not_owed');
    expect(daysOverdue(due, now)).toBe(3);
    expect(daysOverdue(due, due.getTime() - day)).toBe(0);
    expect(daysOverdue(null, now)).toBe(0);
  });
});

describe('csvCell', () => {
  it('keeps spreadsheets from running a cell as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(csvCell('+33 1')).toBe(`'+33 1`);
    expect(csvCell('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(csvCell('Camille LEROY')).toBe('Camille LEROY');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });
});
