import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A message of the engine's mailbox that cannot be read or recorded (a
 * poison message) is kept aside with the reason, and the poll goes on past
 * it: one bad message must not stop the reading of every later one (issue 13).
 */
export class MailboxQuarantine1765267200000 implements MigrationInterface {
  name = 'MailboxQuarantine1765267200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE mss_incoming ADD COLUMN quarantine_reason text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE mss_incoming DROP COLUMN quarantine_reason`);
  }
}
