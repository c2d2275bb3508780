/**
 * The coordinators' figures at CPTS-wide scale: a read model of 1,000,000
 * pathways over 50 CPTS and 2,000 orthophonistes, generated straight into
 * PostgreSQL (set-based SQL, as the recording activity would have left them:
 * the generated sharing columns computed from real dispatch JSON), then the
 * indicators, the per-orthophoniste breakdown and the worklist's first page
 * timed through the stores the API calls.
 *
 * One CPTS is large (100,000 pathways: the CSV export's case); the 49 others
 * share the rest. Openings spread over three years, so the default period
 * (12 months) holds about a third of each CPTS.
 */
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import {
  IndicatorsStore,
  WorklistStore,
  createDataSource,
  createScratchDatabase,
  runMigrations,
} from '@app/persistence';
import { indicatorPeriod } from '@app/domain';
import { EXPORT_HEAP_MB, measureCsvExport, measureCsvExportInCappedHeap } from './csv-export';
import { percentile } from './stats';

export const READ_MODEL_SIZE = {
  pathways: Number(process.env.BENCH_READ_MODEL_PATHWAYS ?? 1_000_000),
  cpts: 50,
  orthophonistes: 2_000,
  largeCptsPathways: 100_000,
  patients: 200_000,
};

/** The uuid the generator gives the n-th thing of a kind (stable, so runs compare). */
const uuid = (kind: string, n: string) => `md5('${kind}' || ${n})::uuid`;

export async function generateReadModel(
  dataSource: DataSource,
  size = READ_MODEL_SIZE,
): Promise<{ cptsIds: string[]; largeCptsId: string }> {
  const perCpts = size.orthophonistes / size.cpts;
  await dataSource.query(`SELECT setseed(0.42)`);
  await dataSource.query(
    `INSERT INTO cpts (id, name, identifier, bilan_initial_due_after, compte_rendu_due_after,
                       reminder_every, escalate_after_reminders, projet_de_sante_acces_direct)
     SELECT ${uuid('cpts', 'c')}, 'CPTS bench ' || c, 'BENCH' || c, 'P30D', 'P30D', 'P7D', 2, true
       FROM generate_series(0, $1 - 1) c`,
    [size.cpts],
  );
  await dataSource.query(
    `INSERT INTO practitioners (id, rpps, family_name, given_names, profession_code, cpts_id, billing_number)
     SELECT ${uuid('pr', 'o')}, lpad((10000000000 + o)::text, 11, '0'), 'ORTHO' || o, 'Bench', '91',
            ${uuid('cpts', `(o / ${perCpts})`)},
            CASE WHEN o % 20 = 0 THEN NULL ELSE lpad((750000000 + o)::text, 9, '0') END
       FROM generate_series(0, $1 - 1) o`,
    [size.orthophonistes],
  );
  await dataSource.query(
    `INSERT INTO patients (id, identity_status, birth_family_name, first_names, birth_date, sex)
     SELECT ${uuid('pt', 'n')}, 'PROV', 'PATIENT' || n, 'Bench', '2015-01-01', 'F'
       FROM generate_series(0, $1 - 1) n`,
    [size.patients],
  );
  // Each pathway's fate from a few random draws: bilan received (on time or late) or
  // missing, care ended, compte-rendu received; sharing sent, skipped or pending.
  await dataSource.query(
    `WITH g AS (
       SELECT i,
              CASE WHEN i < $2 THEN 0 ELSE 1 + (i % ($3 - 1)) END AS c,
              now() - random() * interval '1095 days' AS opened,
              random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
              random() AS r6
         FROM generate_series(0, $1 - 1) i
     ), b AS (
       SELECT g.*,
              CASE WHEN r1 < 0.9 AND opened + (2 + r2 * 45) * interval '1 day' < now()
                   THEN opened + (2 + r2 * 45) * interval '1 day' END AS bilan_at,
              r3 < 0.92 AS declared
         FROM g
     ), e AS (
       SELECT b.*,
              CASE WHEN bilan_at IS NOT NULL AND bilan_at + (10 + r4 * 150) * interval '1 day' < now()
                   THEN (bilan_at + (10 + r4 * 150) * interval '1 day')::date END AS care_ended
         FROM b
     ), f AS (
       SELECT e.*,
              CASE WHEN care_ended IS NOT NULL AND care_ended + (r5 * 50) * interval '1 day' < now()
                        AND r6 < 0.93
                   THEN care_ended + (r5 * 50) * interval '1 day' END AS cr_at,
              CASE WHEN bilan_at IS NULL AND opened < now() - interval '120 days' AND r6 < 0.4
                   THEN true ELSE false END AS abandoned
         FROM e
     )
     INSERT INTO pathways (
       id, cpts_id, practitioner_id, patient_id, status, step, medecin_traitant, consentement_dmp,
       policy, opened_at, bilan_initial_due_at, bilan_initial_document_id, bilan_initial_received_at,
       bilan_initial_reminders, bilan_initial_escalated_at, care_ended_on, compte_rendu_due_at,
       compte_rendu_document_id, compte_rendu_received_at, compte_rendu_reminders,
       referral_count, bilan_initial_dmp_status, bilan_initial_dmp_skip_reason,
       compte_rendu_dmp_status, compte_rendu_dmp_skip_reason, closed_at, abandon_reason,
       mss_dispatches, bilan_initial_mss_delivered_at, bilan_initial_mss_read_at,
       compte_rendu_mss_delivered_at, compte_rendu_mss_read_at, last_seq, updated_at)
     SELECT ${uuid('pw', 'i')}, ${uuid('cpts', 'c')},
            ${uuid('pr', `(c * ${perCpts} + (i / 7) % ${perCpts})`)},
            ${uuid('pt', `(i % ${size.patients})`)},
            CASE WHEN abandoned THEN 'abandoned' WHEN cr_at IS NOT NULL THEN 'completed' ELSE 'active' END,
            CASE WHEN abandoned OR cr_at IS NOT NULL THEN 'closed' WHEN bilan_at IS NULL THEN 'bilan_initial'
                 WHEN care_ended IS NULL THEN 'care' ELSE 'compte_rendu' END,
            CASE WHEN declared
                 THEN '{"declared":true,"rpps":"99700000011","name":"Dr Claire MARTIN"}'::jsonb
                 ELSE '{"declared":false}'::jsonb END,
            CASE WHEN r5 < 0.85 THEN 'given' ELSE 'refused' END,
            '{"bilanInitialDueAfter":"P30D","compteRenduDueAfter":"P30D","reminderEvery":"P7D","escalateAfterReminders":2}'::jsonb,
            opened, opened + interval '30 days', CASE WHEN bilan_at IS NOT NULL THEN ${uuid('bi', 'i')} END,
            bilan_at,
            greatest(0, floor(extract(epoch FROM (coalesce(bilan_at, now()) - opened - interval '30 days')) / 604800) + 1)::int,
            CASE WHEN coalesce(bilan_at, now()) > opened + interval '44 days' THEN opened + interval '44 days' END,
            care_ended, care_ended + interval '30 days',
            CASE WHEN cr_at IS NOT NULL THEN ${uuid('cr', 'i')} END, cr_at,
            CASE WHEN care_ended IS NULL THEN 0
                 ELSE greatest(0, floor(extract(epoch FROM (coalesce(cr_at, now()) - care_ended - interval '30 days')) / 604800) + 1)::int END,
            0,
            CASE WHEN bilan_at IS NULL THEN NULL WHEN r5 >= 0.85 THEN 'skipped' WHEN r4 < 0.05 THEN 'skipped'
                 WHEN r4 < 0.12 THEN 'waiting' ELSE 'filed' END,
            CASE WHEN bilan_at IS NULL THEN NULL WHEN r5 >= 0.85 THEN 'consent_refused' WHEN r4 < 0.05 THEN 'no_dmp' END,
            CASE WHEN cr_at IS NULL THEN NULL WHEN r5 >= 0.85 THEN 'skipped' ELSE 'filed' END,
            CASE WHEN cr_at IS NOT NULL AND r5 >= 0.85 THEN 'consent_refused' END,
            CASE WHEN abandoned THEN opened + interval '100 days' ELSE cr_at END,
            CASE WHEN abandoned THEN 'perdu de vue' END,
            (SELECT coalesce(jsonb_agg(d), '[]'::jsonb) FROM (
               SELECT jsonb_build_object('key', kind || ':' || i, 'purpose', kind,
                        'status', CASE WHEN NOT declared THEN 'skipped' WHEN r2 < 0.04 THEN 'skipped' ELSE 'sent' END,
                        'skipReason', CASE WHEN NOT declared THEN 'no_medecin_traitant' WHEN r2 < 0.04 THEN 'no_mss_address' END,
                        'messageId', CASE WHEN declared AND r2 >= 0.04 THEN '<' || kind || '.' || i || '@bench.invalid>' END,
                        'sentAt', CASE WHEN declared AND r2 >= 0.04
                                  THEN to_char((at + (r3 * 3) * interval '1 hour') AT TIME ZONE 'UTC',
                                               'YYYY-MM-DD"T"HH24:MI:SS"Z"') END) AS d
                 FROM (VALUES ('bilan_initial', bilan_at), ('compte_rendu', cr_at)) AS k(kind, at)
                WHERE at IS NOT NULL) dispatches),
            CASE WHEN bilan_at IS NOT NULL AND declared AND r2 >= 0.04 AND r4 < 0.9 THEN bilan_at + interval '1 hour' END,
            CASE WHEN bilan_at IS NOT NULL AND declared AND r2 >= 0.04 AND r4 < 0.6 THEN bilan_at + interval '1 day' END,
            CASE WHEN cr_at IS NOT NULL AND declared AND r2 >= 0.04 AND r4 < 0.9 THEN cr_at + interval '1 hour' END,
            CASE WHEN cr_at IS NOT NULL AND declared AND r2 >= 0.04 AND r4 < 0.6 THEN cr_at + interval '1 day' END,
            5, now()
       FROM f`,
    [size.pathways, size.largeCptsPathways, size.cpts],
  );
  await dataSource.query(`VACUUM ANALYZE pathways`);
  await dataSource.query(`VACUUM ANALYZE practitioners`);
  const cpts: { id: string; identifier: string }[] = await dataSource.query(
    `SELECT id, identifier FROM cpts ORDER BY identifier`,
  );
  return {
    cptsIds: cpts.map((c) => c.id),
    largeCptsId: cpts.find((c) => c.identifier === 'BENCH0')!.id,
  };
}

export interface ReadModelFigures {
  indicatorsP95Ms: number;
  indicatorsLargestMs: number;
  worklistP95Ms: number;
  worklistFirstPageItems: number;
}

async function timedMs(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/**
 * Times the CPTS indicators (totals, per orthophoniste, monthly and quarterly
 * series: one call, as the API answers) and the worklist's first page, over
 * every CPTS in turn, after one warm-up round.
 */
export async function measureReadModel(
  dataSource: DataSource,
  cpts: { cptsIds: string[]; largeCptsId: string },
  rounds = 3,
): Promise<ReadModelFigures> {
  const indicators = new IndicatorsStore(dataSource);
  const worklist = new WorklistStore(dataSource);
  const period = indicatorPeriod({});
  const indicatorTimes: number[] = [];
  const worklistTimes: number[] = [];
  let items = 0;
  for (let round = 0; round <= rounds; round++) {
    for (const cptsId of cpts.cptsIds) {
      const i = await timedMs(() => indicators.forCpts(cptsId, period));
      const w = await timedMs(async () => {
        const page = await worklist.overdueDuties(cptsId, {}, { page: 1, pageSize: 20 });
        await worklist.withoutBillingNumber(cptsId);
        items = page.items.length;
      });
      if (round === 0) continue; // warm-up
      indicatorTimes.push(i);
      worklistTimes.push(w);
    }
  }
  const largest: number[] = [];
  for (let n = 0; n < 5; n++) {
    largest.push(await timedMs(() => indicators.forCpts(cpts.largeCptsId, period)));
  }
  return {
    indicatorsP95Ms: percentile(indicatorTimes, 95),
    indicatorsLargestMs: percentile(largest, 50),
    worklistP95Ms: percentile(worklistTimes, 95),
    worklistFirstPageItems: items,
  };
}

/**
 * The whole read-model benchmark on a database of its own (dropped after):
 * generation, then the timings. Returns the `name: value` lines.
 */
export async function runReadModelBench(log: (line: string) => void): Promise<string[]> {
  const database = await createScratchDatabase(process.env.DATABASE_URL, 'acces_direct_bench_rm');
  // Generating a million rows takes minutes: no statement timeout for the loader.
  const dataSource = await createDataSource({
    url: database.url,
    statementTimeoutMs: 0,
  }).initialize();
  try {
    await runMigrations(dataSource);
    const started = performance.now();
    const cpts = await generateReadModel(dataSource);
    const [{ pathways, size }]: { pathways: number; size: string }[] = await dataSource.query(
      `SELECT count(*)::int AS pathways, pg_size_pretty(pg_total_relation_size('pathways')) AS size FROM pathways`,
    );
    log(
      `read model: ${pathways} pathways over ${cpts.cptsIds.length} CPTS generated in ` +
        `${((performance.now() - started) / 1000).toFixed(0)} s (${size} with its indexes)`,
    );
    const figures = await measureReadModel(dataSource, cpts);
    log(
      `indicators of the largest CPTS (${READ_MODEL_SIZE.largeCptsPathways} pathways, a third in the period): ` +
        `${figures.indicatorsLargestMs.toFixed(0)} ms; worklist first page: ${figures.worklistFirstPageItems} items`,
    );
    const capped = await measureCsvExportInCappedHeap(database.url, cpts.largeCptsId);
    const uncapped = await measureCsvExport(dataSource, cpts.largeCptsId);
    log(
      `CSV export of the largest CPTS: ${capped.rows} pathways, ${(capped.bytes / 1024 / 1024).toFixed(0)} MB ` +
        `in ${capped.seconds.toFixed(1)} s; resident memory grew ${capped.rssGrowthMb.toFixed(1)} MB with the heap ` +
        `capped at ${EXPORT_HEAP_MB} MB, ${uncapped.rssGrowthMb.toFixed(1)} MB uncapped (garbage V8 has not collected yet)`,
    );
    if (capped.rows !== READ_MODEL_SIZE.largeCptsPathways) {
      throw new Error(
        `the export gave ${capped.rows} rows, not ${READ_MODEL_SIZE.largeCptsPathways}`,
      );
    }
    return [
      `export_100k_rss_mb: ${capped.rssGrowthMb.toFixed(1)}`,
      `export_100k_rss_uncapped_mb: ${uncapped.rssGrowthMb.toFixed(1)}`,
      `indicators_1m_p95_ms: ${figures.indicatorsP95Ms.toFixed(1)}`,
      `indicators_1m_largest_cpts_ms: ${figures.indicatorsLargestMs.toFixed(1)}`,
      `worklist_1m_p95_ms: ${figures.worklistP95Ms.toFixed(1)}`,
    ];
  } finally {
    await dataSource.destroy();
    await database.drop();
  }
}
