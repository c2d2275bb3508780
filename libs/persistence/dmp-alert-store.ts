import type { DataSource, EntityManager } from 'typeorm';
import type { NewNotification } from './notification-store';
import { NotificationSchema } from './schema/notification.schema';

/** A practitioner's choice about alerts on new DMP documents. */
export interface DmpAlertSettings {
  enabled: boolean;
  /** The MSSanté address alerts go to (required when enabled). */
  address: string | null;
  updatedAt: Date;
}

/** A patient whose DMP the engine looks at for a practitioner: alerts on, an active pathway, a qualified INS. */
export interface DmpAlertWatch {
  practitionerId: string;
  patientId: string;
  /** The patient's most recent active pathway with this practitioner: alerts point to it. */
  pathwayId: string;
}

/** A DMP document as the alert round saw it: metadata only, never the content. */
export interface SeenDmpDocument {
  dmpUniqueId: string;
  typeCode: string | null;
  typeLabel: string | null;
  /** YYYY-MM-DD (the document's creation day), when the DMP gave one. */
  documentDate: string | null;
  author: string | null;
}

export interface DmpAlertToSend extends SeenDmpDocument {
  practitionerId: string;
  patientId: string;
  pathwayId: string;
  address: string;
  seenAt: Date;
}

/**
 * Alerts on new documents in patients' DMPs: each practitioner's setting,
 * when the engine last looked at each patient's DMP for them, and every
 * document seen there, once per (practitioner, uniqueId): the key that makes
 * an alert happen once, however many rounds, retries or workers see it.
 */
export class DmpAlertStore {
  constructor(private readonly dataSource: DataSource) {}

  async settings(practitionerId: string): Promise<DmpAlertSettings | undefined> {
    const [row] = await this.dataSource.query<DmpAlertSettings[]>(
      `SELECT enabled, address, updated_at AS "updatedAt" FROM dmp_alert_settings WHERE practitioner_id = $1`,
      [practitionerId],
    );
    return row;
  }

  async saveSettings(
    practitionerId: string,
    settings: { enabled: boolean; address: string | null },
  ): Promise<DmpAlertSettings> {
    const [row] = await this.dataSource.query<DmpAlertSettings[]>(
      `INSERT INTO dmp_alert_settings (practitioner_id, enabled, address, updated_at)
       VALUES ($1, $2, $3, now())
       ON CONFLICT (practitioner_id) DO UPDATE
         SET enabled = EXCLUDED.enabled, address = EXCLUDED.address, updated_at = now()
       RETURNING enabled, address, updated_at AS "updatedAt"`,
      [practitionerId, settings.enabled, settings.address],
    );
    return row;
  }

  /** Every (practitioner, patient) to look at in this round. */
  async watches(): Promise<DmpAlertWatch[]> {
    return await this.dataSource.query<DmpAlertWatch[]>(
      `SELECT DISTINCT ON (p.practitioner_id, p.patient_id)
              p.practitioner_id AS "practitionerId", p.patient_id AS "patientId", p.id AS "pathwayId"
         FROM pathways p
         JOIN dmp_alert_settings s ON s.practitioner_id = p.practitioner_id AND s.enabled
         JOIN patients pt ON pt.id = p.patient_id AND pt.identity_status = 'QUAL'
        WHERE p.status = 'active'
        ORDER BY p.practitioner_id, p.patient_id, p.opened_at DESC`,
    );
  }

  /** The uniqueIds the engine itself gave the documents of this patient's pathways (any version). */
  async engineDocumentIdsOf(patientId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT d.id FROM documents d JOIN pathways p ON p.id = d.pathway_id WHERE p.patient_id = $1`,
      [patientId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Records one look at a patient's DMP: the documents found, in one
   * transaction. At the first look they are the baseline (nothing to alert:
   * they were there before); afterwards each one never seen before is to be
   * alerted. Answers how many are new to alert.
   */
  async recordLook(
    watch: DmpAlertWatch,
    found: readonly SeenDmpDocument[],
    at: Date,
  ): Promise<{ firstLook: boolean; toAlert: number }> {
    return this.dataSource.transaction(async (manager) => {
      const [existing] = await manager.query<unknown[]>(
        `SELECT 1 FROM dmp_alert_watches WHERE practitioner_id = $1 AND patient_id = $2 FOR UPDATE`,
        [watch.practitionerId, watch.patientId],
      );
      const firstLook = existing === undefined;
      await manager.query(
        `INSERT INTO dmp_alert_watches (practitioner_id, patient_id, first_look_at, last_look_at, last_problem)
         VALUES ($1, $2, $3, $3, NULL)
         ON CONFLICT (practitioner_id, patient_id) DO UPDATE SET last_look_at = $3, last_problem = NULL`,
        [watch.practitionerId, watch.patientId, at],
      );
      let toAlert = 0;
      for (const document of found) {
        const inserted = await manager.query<unknown[]>(
          `INSERT INTO dmp_alert_documents
             (practitioner_id, dmp_unique_id, patient_id, pathway_id, status, type_code, type_label,
              document_date, author, seen_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (practitioner_id, dmp_unique_id) DO NOTHING
           RETURNING 1`,
          [
            watch.practitionerId,
            document.dmpUniqueId,
            watch.patientId,
            watch.pathwayId,
            firstLook ? 'baseline' : 'to_alert',
            document.typeCode,
            document.typeLabel,
            document.documentDate,
            document.author,
            at,
          ],
        );
        if (!firstLook && inserted.length > 0) toAlert += 1;
      }
      return { firstLook, toAlert };
    });
  }

  /** A look that failed (the DMP unavailable, the authorisation lapsed): said on the watch, nothing lost. */
  async recordLookProblem(watch: DmpAlertWatch, problem: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE dmp_alert_watches SET last_problem = $3, last_look_at = $4
        WHERE practitioner_id = $1 AND patient_id = $2`,
      [watch.practitionerId, watch.patientId, problem, at],
    );
  }

  /** Documents seen and not yet alerted, with where the alert goes (settings as they are now). */
  async toAlert(limit: number): Promise<DmpAlertToSend[]> {
    return await this.dataSource.query<DmpAlertToSend[]>(
      `SELECT a.practitioner_id AS "practitionerId", a.patient_id AS "patientId",
              a.pathway_id AS "pathwayId", a.dmp_unique_id AS "dmpUniqueId",
              a.type_code AS "typeCode", a.type_label AS "typeLabel",
              a.document_date AS "documentDate", a.author, a.seen_at AS "seenAt", s.address
         FROM dmp_alert_documents a
         JOIN dmp_alert_settings s ON s.practitioner_id = a.practitioner_id AND s.enabled
        WHERE a.status = 'to_alert'
        ORDER BY a.seen_at, a.dmp_unique_id
        LIMIT $1`,
      [limit],
    );
  }

  /**
   * The alert went out (or the operator refused its address for good): its
   * notification, the document marked alerted and the audit event, in one
   * transaction. A repeat (a retried round)
   * keeps the first notification.
   */
  async markAlerted(
    alert: DmpAlertToSend,
    notification: NewNotification,
    delivery: { status: 'sent' | 'failed'; mssMessageId: string | null; detail: string | null },
    at: Date,
    record: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    const mssMessageId = delivery.mssMessageId;
    await this.dataSource.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(NotificationSchema)
        .values({
          ...notification,
          deliveryStatus: delivery.status,
          mssMessageId,
          deliveryDetail: delivery.detail,
          deliveryAttempts: 1,
          nextAttemptAt: null,
        })
        .orIgnore()
        .execute();
      await manager.query(
        `UPDATE dmp_alert_documents
            SET status = 'alerted', alerted_at = $3, notification_id = $4, mss_message_id = $5
          WHERE practitioner_id = $1 AND dmp_unique_id = $2`,
        [alert.practitionerId, alert.dmpUniqueId, at, notification.id, mssMessageId],
      );
      await record(manager);
    });
  }

  /** When the engine last looked at each of these patients' DMP for the practitioner, and what it met. */
  async watchesOf(
    practitionerId: string,
    patientIds: readonly string[],
  ): Promise<Map<string, { lastLookAt: Date; lastProblem: string | null }>> {
    if (patientIds.length === 0) return new Map();
    const rows = await this.dataSource.query<
      { patientId: string; lastLookAt: Date; lastProblem: string | null }[]
    >(
      `SELECT patient_id AS "patientId", last_look_at AS "lastLookAt", last_problem AS "lastProblem"
         FROM dmp_alert_watches WHERE practitioner_id = $1 AND patient_id = ANY($2::uuid[])`,
      [practitionerId, patientIds],
    );
    return new Map(rows.map((r) => [r.patientId, r]));
  }
}
