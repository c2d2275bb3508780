import { EntitySchema } from 'typeorm';

export interface AuditEventRow {
  id: string;
  eventId: string;
  stream: string;
  streamSeq: number;
  pathwayId: string | null;
  type: string;
  actor: Record<string, unknown>;
  occurredAt: Date;
  recordedAt: Date;
  payload: Record<string, unknown>;
  prevHash: string | null;
  hash: string;
}

export const AuditEventSchema = new EntitySchema<AuditEventRow>({
  name: 'AuditEvent',
  tableName: 'audit_events',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    eventId: { type: 'text', name: 'event_id' },
    stream: { type: 'text' },
    streamSeq: { type: 'integer', name: 'stream_seq' },
    pathwayId: { type: 'uuid', name: 'pathway_id', nullable: true },
    type: { type: 'text' },
    actor: { type: 'jsonb' },
    occurredAt: { type: 'timestamptz', name: 'occurred_at' },
    recordedAt: { type: 'timestamptz', name: 'recorded_at', createDate: true },
    payload: { type: 'jsonb' },
    prevHash: { type: 'char', length: 64, name: 'prev_hash', nullable: true },
    hash: { type: 'char', length: 64 },
  },
});
