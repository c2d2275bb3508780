import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The first sent message of a duty's dispatches (corrections and re-sends come after it). */
function firstSent(kind: string, field: string): string {
  return `(jsonb_path_query_first(mss_dispatches, '$[*] ? (@.purpose == "${kind}" && @.status == "sent")') ->> '${field}')`;
}

function mssStatus(kind: string): string {
  const has = (status: string) =>
    `mss_dispatches @> '[{"purpose":"${kind}","status":"${status}"}]'`;
  return `CASE WHEN ${has('sent')} THEN 'sent' WHEN ${has('to_send')} THEN 'to_send'
               WHEN ${has('skipped')} THEN 'skipped' END`;
}

/** The columns of each duty the indicators read (besides the bilan's first sending time). */
const INDICATOR_DUTY_COLUMNS = [
  'due_at',
  'received_at',
  'reminders',
  'escalated_at',
  'mss_status',
  'mss_skip_reason',
  'mss_delivered_at',
  'mss_read_at',
  'dmp_status',
  'dmp_skip_reason',
];

/**
 * CPTS operations (onboarding, indicators, billing rule):
 * - a CPTS's own identifier, a practitioner's Assurance Maladie billing number
 *   (kept apart from the RPPS) and when they were last read from the Annuaire Santé;
 * - the read model's sharing of each duty over MSSanté as columns the
 *   indicators aggregate without unpacking JSON at read time: generated from the
 *   workflow's dispatches (status, last skip reason, first sent message), and
 *   its delivery and read times, set by the mailbox poll when an
 *   acknowledgment comes back (the workflow's upsert never writes them);
 * - the indexes the indicators (CPTS × opening date) and the worklist
 *   (CPTS × due date of active pathways) read.
 */
export class CptsOperations1764921600000 implements MigrationInterface {
  name = 'CptsOperations1764921600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE cpts ADD COLUMN identifier text`);
    await db.query(`CREATE UNIQUE INDEX cpts_identifier ON cpts (identifier)`);
    await db.query(`ALTER TABLE practitioners ADD COLUMN billing_number text`);
    await db.query(`ALTER TABLE practitioners ADD COLUMN directory_synced_at timestamptz`);
    for (const kind of ['bilan_initial', 'compte_rendu']) {
      await db.query(`
        ALTER TABLE pathways
          ADD COLUMN ${kind}_mss_status text GENERATED ALWAYS AS (${mssStatus(kind)}) STORED,
          ADD COLUMN ${kind}_mss_skip_reason text GENERATED ALWAYS AS (
            jsonb_path_query_array(mss_dispatches,
              '$[*] ? (@.purpose == "${kind}" && @.status == "skipped").skipReason') ->> -1) STORED,
          ADD COLUMN ${kind}_mss_message_id text GENERATED ALWAYS AS (${firstSent(kind, 'messageId')}) STORED,
          ADD COLUMN ${kind}_mss_sent_at text GENERATED ALWAYS AS (${firstSent(kind, 'sentAt')}) STORED,
          ADD COLUMN ${kind}_mss_delivered_at timestamptz,
          ADD COLUMN ${kind}_mss_read_at timestamptz`);
      await db.query(
        `UPDATE pathways p SET
           ${kind}_mss_delivered_at = m.delivered_at, ${kind}_mss_read_at = m.read_at
         FROM (SELECT pathway_id, min(delivered_at) AS delivered_at, min(read_at) AS read_at
                 FROM mss_messages WHERE purpose = $1 GROUP BY pathway_id) m
         WHERE m.pathway_id = p.id`,
        [kind],
      );
    }
    await db.query(`
      ALTER TABLE pathways ADD COLUMN medecin_traitant_declared boolean
        GENERATED ALWAYS AS ((medecin_traitant ->> 'declared')::boolean) STORED`);
    // Every column an indicator reads, so that they are computed from the index alone
    // (index-only scan): a CPTS's pathways of a year are a few hundred index pages
    // instead of as many heap pages as pathways.
    await db.query(`
      CREATE INDEX pathways_indicator_facts ON pathways (cpts_id, opened_at) INCLUDE (
        practitioner_id, patient_id, status, care_ended_on, medecin_traitant_declared,
        ${INDICATOR_DUTY_COLUMNS.flatMap((c) => [`bilan_initial_${c}`, `compte_rendu_${c}`]).join(', ')},
        bilan_initial_mss_sent_at)`);
    await db.query(
      `CREATE INDEX pathways_overdue_by_cpts ON pathways (cpts_id, current_due_at)
         WHERE status = 'active' AND current_due_at IS NOT NULL`,
    );
    await db.query(
      `CREATE INDEX mss_messages_by_pathway_purpose ON mss_messages (pathway_id, purpose)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX mss_messages_by_pathway_purpose`);
    await db.query(`DROP INDEX pathways_overdue_by_cpts`);
    await db.query(`DROP INDEX pathways_indicator_facts`);
    await db.query(`ALTER TABLE pathways DROP COLUMN medecin_traitant_declared`);
    for (const kind of ['bilan_initial', 'compte_rendu']) {
      for (const column of [
        'status',
        'skip_reason',
        'message_id',
        'sent_at',
        'delivered_at',
        'read_at',
      ]) {
        await db.query(`ALTER TABLE pathways DROP COLUMN ${kind}_mss_${column}`);
      }
    }
    await db.query(`ALTER TABLE practitioners DROP COLUMN directory_synced_at`);
    await db.query(`ALTER TABLE practitioners DROP COLUMN billing_number`);
    await db.query(`DROP INDEX cpts_identifier`);
    await db.query(`ALTER TABLE cpts DROP COLUMN identifier`);
  }
}
