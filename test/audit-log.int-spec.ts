import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditAppend, AuditLog } from '@app/persistence';
import { testDataSource } from './support/harness';

/** The audit log refuses changes, and a change made behind its back shows when the chain is checked. */
describe('audit log', () => {
  let dataSource: DataSource;
  let audit: AuditLog;

  beforeAll(async () => {
    dataSource = await testDataSource();
    audit = new AuditLog(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  function events(stream: string, count: number): AuditAppend[] {
    return Array.from({ length: count }, (_, i) => ({
      eventId: `${stream}:${i + 1}`,
      stream,
      streamSeq: i + 1,
      type: 'test_event',
      actor: { kind: 'user', id: 'auditor' },
      occurredAt: new Date(Date.UTC(2026, 0, 1, 12, i)).toISOString(),
      payload: { n: i + 1, note: 'données de test' },
    }));
  }

  it('appends each event once, however often it is sent', async () => {
    const stream = `test:${randomUUID()}`;
    const batch = events(stream, 3);
    await dataSource.transaction((m) => audit.append(m, batch));
    const written = await dataSource.transaction((m) => audit.append(m, batch));
    expect(written).toBe(0);
    expect(await audit.verify(stream)).toEqual({ ok: true, events: 3 });
  });

  it('refuses an event that would leave a gap in its stream', async () => {
    const stream = `test:${randomUUID()}`;
    await expect(
      dataSource.transaction((m) => audit.append(m, events(stream, 3).slice(1))),
    ).rejects.toThrow(/has no event 1 before 2/);
    expect(await audit.stream(stream)).toEqual([]);
  });

  it.each([
    [
      'UPDATE',
      (stream: string) => `UPDATE audit_events SET payload = '{}' WHERE stream = '${stream}'`,
    ],
    ['DELETE', (stream: string) => `DELETE FROM audit_events WHERE stream = '${stream}'`],
    ['TRUNCATE', () => 'TRUNCATE audit_events'],
  ])('refuses %s', async (operation, sql) => {
    const stream = `test:${randomUUID()}`;
    await dataSource.transaction((m) => audit.append(m, events(stream, 2)));
    await expect(dataSource.query(sql(stream))).rejects.toThrow(
      `audit_events is append-only (${operation} refused)`,
    );
    expect(await audit.verify(stream)).toEqual({ ok: true, events: 2 });
  });

  it('shows where the chain breaks when a line is altered with the guard disabled', async () => {
    const stream = `test:${randomUUID()}`;
    await dataSource.transaction((m) => audit.append(m, events(stream, 4)));
    await dataSource.transaction(async (m) => {
      await m.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change');
      await m.query(
        `UPDATE audit_events SET payload = '{"n": 3, "note": "falsifié"}' WHERE stream = $1 AND stream_seq = 3`,
        [stream],
      );
      await m.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change');
    });
    expect(await audit.verify(stream)).toEqual({ ok: false, events: 4, brokenAt: 3 });
  });
});
