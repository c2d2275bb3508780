import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reminders sent before a situation of exercise ends (issue 5): one per
 * declared period, so that a worker restarted, or two workers, never send it
 * twice; a renewal is a new period and gets its own.
 */
export class SituationReminders1764662400000 implements MigrationInterface {
  name = 'SituationReminders1764662400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE situation_reminders (
        practitioner_id uuid NOT NULL REFERENCES practitioners (id),
        period_to varchar(10) NOT NULL,
        reminded_at timestamptz NOT NULL DEFAULT now(),
        delivery text NOT NULL CHECK (delivery IN ('sent', 'not_sendable')),
        mss_message_id text,
        detail text,
        PRIMARY KEY (practitioner_id, period_to)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE situation_reminders`);
  }
}
