/**
 * `npm run record-histories`: runs the pathway scenarios below on a throw-away
 * Temporal dev server and writes their event histories to
 * test/replay/histories/, where the replay test replays them against the
 * current workflow code. Record again only when a workflow change is meant to
 * change histories, and keep the older files: they stand for pathways that
 * are still running in production (see "Versioning" in the README).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client, WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { CptsPolicy, MedecinTraitant, parisDay } from '@app/domain';
import { encryptingDataConverter, locateTemporalCli, workflowSourceOptions } from '@app/temporal';
import {
  PATHWAY_SEARCH_ATTRIBUTES,
  PATHWAY_WORKFLOW_TYPE,
  PathwayLimits,
  PathwayOpening,
  PathwayWorkflow,
  PathwayState,
  abandonUpdate,
  changeConsentUpdate,
  changeMedecinTraitantUpdate,
  depositDocumentUpdate,
  DmpFilingOutcome,
  endCareUpdate,
  FileInDmpInput,
  MssSendOutcome,
  pathwayStateQuery,
  recordDmpAuthorizationUpdate,
  referUpdate,
  replaceDocumentUpdate,
  retryDmpFilingUpdate,
  SendToMedecinTraitantInput,
} from '@app/workflows';
import { pathwayStartOptions } from '../../apps/shared/pathway-start';
import { TEST_PAYLOAD_KEYS } from '../support/test-environment';

/** Bump when the recorded workflow behaviour changes on purpose. */
const VERSION = 'v3';
const HISTORIES = join(__dirname, 'histories');
const TASK_QUEUE = 'record-histories';
const TODAY = parisDay(Date.now());
const actor = { kind: 'user', id: 'recorder' } as const;
const SLOW: CptsPolicy = {
  bilanInitialDueAfter: 'P30D',
  compteRenduDueAfter: 'P30D',
  reminderEvery: 'P7D',
  escalateAfterReminders: 2,
};
const FAST: CptsPolicy = {
  bilanInitialDueAfter: 'PT1S',
  compteRenduDueAfter: 'PT1S',
  reminderEvery: 'PT1S',
  escalateAfterReminders: 2,
};

type Handle = WorkflowHandle;
type History = Awaited<ReturnType<Handle['fetchHistory']>>;

/** What the recorder's DMP answers; scenarios may script other answers, in call order. */
type DmpScript = (input: FileInDmpInput, call: number) => DmpFilingOutcome;
const filed = (input: FileInDmpInput): DmpFilingOutcome => ({
  outcome: 'filed',
  dmpUniqueId: `2.25.${Buffer.from(input.documentId.replace(/-/g, ''), 'hex').readBigUInt64BE()}`,
  filedAt: new Date().toISOString(),
});

/** What the recorder's MSSanté operator answers; scenarios may script other answers, in call order. */
type MssScript = (input: SendToMedecinTraitantInput, call: number) => MssSendOutcome;
const sent = (input: SendToMedecinTraitantInput, alreadySent = false): MssSendOutcome => ({
  outcome: 'sent',
  messageId: `<${input.dispatch.key}@acces-direct.mssante.test>`,
  recipient: input.medecinTraitant.mssAddress ?? `${input.medecinTraitant.rpps}@medecin.mssante.fr`,
  sentAt: new Date().toISOString(),
  alreadySent,
});
/** The operator is down: the activity throws, and Temporal retries it. */
const operatorDown = () =>
  ApplicationFailure.retryable('MSSanté operator unavailable (SMTP 421)', 'MssUnavailable');
const NEW_MEDECIN_TRAITANT: MedecinTraitant = {
  declared: true,
  rpps: '10000000049',
  name: 'Dr Louis BERNARD',
  mssAddress: 'louis.bernard@medecin.mssante.fr',
};

function document(kind: 'bilan_initial' | 'compte_rendu') {
  return {
    documentId: randomUUID(),
    kind,
    title: kind === 'bilan_initial' ? 'Bilan orthophonique initial' : 'Compte-rendu',
    documentDate: TODAY,
    mediaType: 'application/pdf',
    sizeBytes: 2048,
    sha256: 'e'.repeat(64),
  };
}

async function until(handle: Handle, test: (s: PathwayState) => boolean): Promise<void> {
  for (;;) {
    if (test(await handle.query(pathwayStateQuery))) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const SCENARIOS: Record<
  string,
  {
    policy: CptsPolicy;
    limits?: PathwayLimits;
    /** The opening's médecin traitant, when not the default one (who has no MSSanté address on file). */
    medecinTraitant?: MedecinTraitant;
    dmp?: DmpScript;
    mss?: MssScript;
    drive(h: Handle): Promise<void>;
  }
> = {
  // Every step and every change, on a realistic policy.
  'completed-with-changes': {
    policy: SLOW,
    async drive(h) {
      await h.executeUpdate(depositDocumentUpdate, {
        args: [{ actor, document: document('bilan_initial') }],
      });
      await h.executeUpdate(referUpdate, {
        args: [{ actor, physician: { name: 'Dr ROUX', specialty: 'ORL' }, reason: 'avis' }],
      });
      await h.executeUpdate(changeMedecinTraitantUpdate, {
        args: [
          { actor, medecinTraitant: { declared: true, rpps: '10000000031', name: 'Dr PETIT' } },
        ],
      });
      await h.executeUpdate(changeConsentUpdate, { args: [{ actor, consentementDmp: 'refused' }] });
      await h.executeUpdate(endCareUpdate, { args: [{ actor, careEndedOn: TODAY }] });
      await h.executeUpdate(depositDocumentUpdate, {
        args: [{ actor, document: document('compte_rendu') }],
      });
    },
  },
  // Late bilan: reminders, escalation, then the document cancels the next timer; then abandon.
  'late-bilan-escalated-then-abandoned': {
    policy: FAST,
    async drive(h) {
      await until(h, (s) => Boolean(s.bilanInitial.escalatedAt));
      await h.executeUpdate(depositDocumentUpdate, {
        args: [{ actor, document: document('bilan_initial') }],
      });
      await h.executeUpdate(abandonUpdate, { args: [{ actor, reason: 'Le patient a déménagé' }] });
    },
  },
  // Late compte-rendu after a declared end of care.
  'compte-rendu-late': {
    policy: FAST,
    async drive(h) {
      await h.executeUpdate(depositDocumentUpdate, {
        args: [{ actor, document: document('bilan_initial') }],
      });
      await h.executeUpdate(endCareUpdate, { args: [{ actor, careEndedOn: TODAY }] });
      await until(h, (s) => (s.compteRendu?.remindersSent ?? 0) >= 1);
      await h.executeUpdate(depositDocumentUpdate, {
        args: [{ actor, document: document('compte_rendu') }],
      });
    },
  },
  // Compte-rendu sent during care, which ends care at once.
  'compte-rendu-during-care': {
    policy: SLOW,
    async drive(h) {
      await h.executeUpdate(depositDocumentUpdate, {
        args: [{ actor, document: document('bilan_initial') }],
      });
      await h.executeUpdate(depositDocumentUpdate, {
        args: [{ actor, document: document('compte_rendu') }],
      });
    },
  },
  // A long-late pathway continued as new, then closed in its second run.
  'continued-as-new': {
    policy: FAST,
    limits: { maxHistoryEvents: 30 },
    async drive(h) {
      await until(h, (s) => s.run >= 2);
      await h.executeUpdate(depositDocumentUpdate, {
        args: [{ actor, document: document('bilan_initial') }],
      });
      await h.executeUpdate(abandonUpdate, { args: [{ actor, reason: 'fin' }] });
    },
  },
  // The patient's authorisation is missing in the DMP; the practitioner records it; filed.
  'dmp-waiting-authorization': {
    policy: SLOW,
    dmp: (input, call) =>
      call === 1
        ? { outcome: 'waiting', action: 'authorization', reason: "Pas d'autorisation d'accès" }
        : filed(input),
    async drive(h) {
      await h.executeUpdate(depositDocumentUpdate, {
        args: [{ actor, document: document('bilan_initial') }],
      });
      await until(h, (s) => s.sharing?.bilan_initial?.status === 'waiting');
      await h.executeUpdate(recordDmpAuthorizationUpdate, { args: [{ actor }] });
      await until(h, (s) => s.sharing?.bilan_initial?.status === 'filed');
      await h.executeUpdate(abandonUpdate, { args: [{ actor, reason: 'fin' }] });
    },
  },
  // The identity is not qualified; once it is, the practitioner asks to try again.
  'dmp-waiting-identity-then-retry': {
    policy: SLOW,
    dmp: (input, call) =>
      call === 1
        ? { outcome: 'waiting', action: 'identity', reason: 'INS non qualifiée' }
        : filed(input),
    async drive(h) {
      await h.executeUpdate(depositDocumentUpdate, {
        args: [{ actor, document: document('bilan_initial') }],
      });
      await until(h, (s) => s.sharing?.bilan_initial?.status === 'waiting');
      await h.executeUpdate(retryDmpFilingUpdate, {
        args: [{ actor, documentKind: 'bilan_initial' }],
      });
      await until(h, (s) => s.sharing?.bilan_initial?.status === 'filed');
      await h.executeUpdate(abandonUpdate, { args: [{ actor, reason: 'fin' }] });
    },
  },
  // A filed bilan is corrected: the new version replaces the filed one in the DMP.
  'dmp-correction-replaces-filed': {
    policy: SLOW,
    async drive(h) {
      await h.executeUpdate(depositDocumentUpdate, {
        args: [{ actor, document: document('bilan_initial') }],
      });
      await until(h, (s) => s.sharing?.bilan_initial?.status === 'filed');
      const corrected = document('bilan_initial');
      await h.executeUpdate(replaceDocumentUpdate, { args: [{ actor, document: corrected }] });
      await until(h, (s) => {
        const filing = s.sharing?.bilan_initial;
        return filing?.documentId === corrected.documentId && filing.status === 'filed';
      });
      await h.executeUpdate(endCareUpdate, { args: [{ actor, careEndedOn: TODAY }] });
      await h.executeUpdate(depositDocumentUpdate, {
        args: [{ actor, document: document('compte_rendu') }],
      });
    },
  },
  // MSSanté: the bilan, its corrected version and the compte-rendu are sent to the médecin
  // traitant; the operator already had the compte-rendu (a retry after a lost answer).
  'mss-sent-bilan-correction-compte-rendu': {
    policy: SLOW,
    mss: (input, call) => sent(input, call === 3),
    async drive(h) {
      const bilan = document('bilan_initial');
      await h.executeUpdate(depositDocumentUpdate, { args: [{ actor, document: bilan }] });
      await until(h, (s) => dispatch(s, bilan.documentId)?.status === 'sent');
      const corrected = document('bilan_initial');
      await h.executeUpdate(replaceDocumentUpdate, { args: [{ actor, document: corrected }] });
      await until(h, (s) => dispatch(s, corrected.documentId)?.status === 'sent');
      await h.executeUpdate(depositDocumentUpdate, {
        args: [{ actor, document: document('compte_rendu') }],
      });
    },
  },
  // No MSSanté address for the médecin traitant: the bilan is skipped; a new médecin traitant
  // (with an address) is declared and gets it; the referral's address is refused by the operator.
  'mss-no-address-then-new-medecin-traitant': {
    policy: SLOW,
    mss: (input, call) => {
      if (call === 1) {
        return {
          outcome: 'skipped',
          reason: 'no_mss_address',
          detail: "Pas d'adresse MSSanté dans l'Annuaire Santé",
        };
      }
      if (call === 3) {
        return {
          outcome: 'skipped',
          reason: 'address_refused',
          detail: '550 5.1.1 destinataire inconnu',
        };
      }
      return sent(input);
    },
    async drive(h) {
      const bilan = document('bilan_initial');
      await h.executeUpdate(depositDocumentUpdate, { args: [{ actor, document: bilan }] });
      await until(h, (s) => dispatch(s, bilan.documentId)?.status === 'skipped');
      await h.executeUpdate(changeMedecinTraitantUpdate, {
        args: [{ actor, medecinTraitant: NEW_MEDECIN_TRAITANT }],
      });
      await until(h, (s) => dispatch(s, bilan.documentId)?.status === 'sent');
      await h.executeUpdate(referUpdate, {
        args: [{ actor, physician: { name: 'Dr ROUX', specialty: 'ORL' }, reason: 'avis' }],
      });
      await until(
        h,
        (s) =>
          s.mssDispatches?.some((d) => d.purpose === 'referral' && d.status === 'skipped') ?? false,
      );
      await h.executeUpdate(depositDocumentUpdate, {
        args: [{ actor, document: document('compte_rendu') }],
      });
    },
  },
  // The operator is down: the bilan's message is retried until it goes. Meanwhile a referral is
  // owed and the médecin traitant withdrawn: the referral is skipped when its turn comes.
  'mss-operator-outage-retried': {
    policy: SLOW,
    limits: { maxHistoryEvents: 2_000, mssRetryMaxInterval: '5 seconds' },
    mss: (input, call) => {
      if (call <= 2) throw operatorDown();
      return sent(input);
    },
    async drive(h) {
      const bilan = document('bilan_initial');
      await h.executeUpdate(depositDocumentUpdate, { args: [{ actor, document: bilan }] });
      await h.executeUpdate(referUpdate, {
        args: [{ actor, physician: { name: 'Dr ROUX', specialty: 'ORL' }, reason: 'avis' }],
      });
      await h.executeUpdate(changeMedecinTraitantUpdate, {
        args: [{ actor, medecinTraitant: { declared: false } }],
      });
      await until(h, (s) => dispatch(s, bilan.documentId)?.status === 'sent');
      await h.executeUpdate(depositDocumentUpdate, {
        args: [{ actor, document: document('compte_rendu') }],
      });
    },
  },
  // No médecin traitant declared: messages are skipped; once one is declared, they go to them.
  'mss-no-medecin-traitant-then-declared': {
    policy: SLOW,
    medecinTraitant: { declared: false },
    async drive(h) {
      const bilan = document('bilan_initial');
      await h.executeUpdate(depositDocumentUpdate, { args: [{ actor, document: bilan }] });
      await h.executeUpdate(referUpdate, {
        args: [{ actor, physician: { name: 'Dr ROUX', specialty: 'ORL' }, reason: 'avis' }],
      });
      await until(h, (s) => dispatch(s, bilan.documentId)?.skipReason === 'no_medecin_traitant');
      await h.executeUpdate(changeMedecinTraitantUpdate, {
        args: [{ actor, medecinTraitant: NEW_MEDECIN_TRAITANT }],
      });
      await until(h, (s) => s.mssDispatches?.every((d) => d.status === 'sent') ?? false);
      await h.executeUpdate(depositDocumentUpdate, {
        args: [{ actor, document: document('compte_rendu') }],
      });
    },
  },
  // Continue-as-new while a message is retried: the run waits for it, then carries it as sent.
  'mss-continued-as-new-while-sending': {
    policy: FAST,
    limits: { maxHistoryEvents: 60, mssRetryMaxInterval: '5 seconds' },
    mss: (input, call) => {
      if (call <= 2) throw operatorDown();
      return sent(input);
    },
    async drive(h) {
      await h.executeUpdate(depositDocumentUpdate, {
        args: [{ actor, document: document('bilan_initial') }],
      });
      await h.executeUpdate(endCareUpdate, { args: [{ actor, careEndedOn: TODAY }] });
      await until(h, (s) => s.run >= 2);
      await h.executeUpdate(depositDocumentUpdate, {
        args: [{ actor, document: document('compte_rendu') }],
      });
    },
  },
};

function dispatch(state: PathwayState, documentId: string) {
  return state.mssDispatches?.find((d) => d.documentId === documentId);
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const cli = await locateTemporalCli({ log: console.log });
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: cli ? { type: 'existing-path', path: cli.path } : undefined,
      searchAttributes: [...PATHWAY_SEARCH_ATTRIBUTES],
    },
  });
  const dataConverter = encryptingDataConverter(TEST_PAYLOAD_KEYS);
  const dmpScripts = new Map<string, DmpScript>();
  const dmpCalls = new Map<string, number>();
  const mssScripts = new Map<string, MssScript>();
  const mssCalls = new Map<string, number>();
  const client = new Client({ connection: env.connection, dataConverter });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    ...workflowSourceOptions(),
    dataConverter,
    activities: {
      recordPathwayTransitions: async () => undefined,
      fileInDmp: async (input: FileInDmpInput) => {
        const call = (dmpCalls.get(input.pathwayId) ?? 0) + 1;
        dmpCalls.set(input.pathwayId, call);
        return (dmpScripts.get(input.pathwayId) ?? filed)(input, call);
      },
      sendToMedecinTraitant: async (input: SendToMedecinTraitantInput) => {
        const call = (mssCalls.get(input.pathwayId) ?? 0) + 1;
        mssCalls.set(input.pathwayId, call);
        return (mssScripts.get(input.pathwayId) ?? ((i) => sent(i)))(input, call);
      },
    },
  });
  await mkdir(HISTORIES, { recursive: true });
  try {
    await worker.runUntil(async () => {
      for (const [name, scenario] of Object.entries(SCENARIOS)) {
        const workflowId = randomUUID(); // = the pathway id, as in production
        if (scenario.dmp) dmpScripts.set(workflowId, scenario.dmp);
        if (scenario.mss) mssScripts.set(workflowId, scenario.mss);
        const opening: PathwayOpening = {
          pathwayId: workflowId,
          cptsId: randomUUID(),
          practitionerId: randomUUID(),
          patientId: randomUUID(),
          medecinTraitant: scenario.medecinTraitant ?? {
            declared: true,
            rpps: '10000000015',
            name: 'Dr Claire MARTIN',
          },
          consentementDmp: 'given',
          policy: scenario.policy,
          openedBy: actor,
        };
        // Started exactly as the API starts a pathway.
        const first = await client.workflow.start<PathwayWorkflow>(
          PATHWAY_WORKFLOW_TYPE,
          pathwayStartOptions(opening, TASK_QUEUE, scenario.limits),
        );
        const latest = client.workflow.getHandle(workflowId);
        await scenario.drive(latest);
        await latest.result();
        // Every run, in order: a run that continued as new names the next one in its last event.
        const runs: History[] = [];
        for (let runId: string | null | undefined = first.firstExecutionRunId; runId;) {
          const history: History = await client.workflow
            .getHandle(workflowId, runId)
            .fetchHistory();
          runs.push(history);
          const last = history.events?.[history.events.length - 1];
          runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
        }
        for (const [index, history] of runs.entries()) {
          const file = join(
            HISTORIES,
            `${VERSION}-${name}${runs.length > 1 ? `-run${index + 1}` : ''}.json`,
          );
          await writeFile(file, historyToJSON(history));
          console.log(`recorded ${file} (${history.events?.length} events)`);
        }
      }
    });
  } finally {
    await env.teardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
