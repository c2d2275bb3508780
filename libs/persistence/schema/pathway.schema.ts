import { EntitySchema } from 'typeorm';
import type {
  ConsentementDmp,
  CptsPolicy,
  MedecinTraitant,
  MssDispatch,
  PathwayStatus,
  PathwayStep,
} from '@app/domain';

/** Where the DMP filing of a document stands (see the workflow's DmpFiling). */
export type DmpStatus = 'to_file' | 'filed' | 'skipped' | 'waiting';

function dmpColumns(property: 'bilanInitial' | 'compteRendu', column: string) {
  return {
    [`${property}DmpStatus`]: { type: 'text', name: `${column}_dmp_status`, nullable: true },
    [`${property}DmpWaitingFor`]: {
      type: 'text',
      name: `${column}_dmp_waiting_for`,
      nullable: true,
    },
    [`${property}DmpSkipReason`]: {
      type: 'text',
      name: `${column}_dmp_skip_reason`,
      nullable: true,
    },
    [`${property}DmpUniqueId`]: { type: 'text', name: `${column}_dmp_unique_id`, nullable: true },
    [`${property}DmpFiledAt`]: {
      type: 'timestamptz',
      name: `${column}_dmp_filed_at`,
      nullable: true,
    },
    [`${property}DmpReason`]: { type: 'text', name: `${column}_dmp_reason`, nullable: true },
  } as const;
}

/** The read model of a pathway: written only by the workflow's recording activity. */
export interface PathwayRow {
  id: string;
  cptsId: string;
  practitionerId: string;
  patientId: string;
  status: PathwayStatus;
  step: PathwayStep;
  medecinTraitant: MedecinTraitant;
  consentementDmp: ConsentementDmp;
  policy: CptsPolicy;
  openedAt: Date;
  bilanInitialDueAt: Date;
  bilanInitialDocumentId: string | null;
  bilanInitialReceivedAt: Date | null;
  bilanInitialReminders: number;
  bilanInitialEscalatedAt: Date | null;
  careEndedOn: string | null;
  compteRenduDueAt: Date | null;
  compteRenduDocumentId: string | null;
  compteRenduReceivedAt: Date | null;
  compteRenduReminders: number;
  compteRenduEscalatedAt: Date | null;
  referralCount: number;
  bilanInitialDmpStatus: DmpStatus | null;
  bilanInitialDmpWaitingFor: string | null;
  bilanInitialDmpSkipReason: string | null;
  bilanInitialDmpUniqueId: string | null;
  bilanInitialDmpFiledAt: Date | null;
  bilanInitialDmpReason: string | null;
  compteRenduDmpStatus: DmpStatus | null;
  compteRenduDmpWaitingFor: string | null;
  compteRenduDmpSkipReason: string | null;
  compteRenduDmpUniqueId: string | null;
  compteRenduDmpFiledAt: Date | null;
  compteRenduDmpReason: string | null;
  closedAt: Date | null;
  abandonReason: string | null;
  /** The messages the pathway sends the médecin traitant, as the workflow last recorded them. */
  mssDispatches: MssDispatch[];
  /** Due date of the document the pathway waits for; null in care and once closed. */
  currentDueAt: Date | null;
  lastSeq: number;
  updatedAt: Date;
}

export const PathwaySchema = new EntitySchema<PathwayRow>({
  name: 'Pathway',
  tableName: 'pathways',
  columns: {
    id: { type: 'uuid', primary: true },
    cptsId: { type: 'uuid', name: 'cpts_id' },
    practitionerId: { type: 'uuid', name: 'practitioner_id' },
    patientId: { type: 'uuid', name: 'patient_id' },
    status: { type: 'text' },
    step: { type: 'text' },
    medecinTraitant: { type: 'jsonb', name: 'medecin_traitant' },
    consentementDmp: { type: 'text', name: 'consentement_dmp' },
    policy: { type: 'jsonb' },
    openedAt: { type: 'timestamptz', name: 'opened_at' },
    bilanInitialDueAt: { type: 'timestamptz', name: 'bilan_initial_due_at' },
    bilanInitialDocumentId: { type: 'uuid', name: 'bilan_initial_document_id', nullable: true },
    bilanInitialReceivedAt: {
      type: 'timestamptz',
      name: 'bilan_initial_received_at',
      nullable: true,
    },
    bilanInitialReminders: { type: 'integer', name: 'bilan_initial_reminders' },
    bilanInitialEscalatedAt: {
      type: 'timestamptz',
      name: 'bilan_initial_escalated_at',
      nullable: true,
    },
    careEndedOn: { type: 'date', name: 'care_ended_on', nullable: true },
    compteRenduDueAt: { type: 'timestamptz', name: 'compte_rendu_due_at', nullable: true },
    compteRenduDocumentId: { type: 'uuid', name: 'compte_rendu_document_id', nullable: true },
    compteRenduReceivedAt: {
      type: 'timestamptz',
      name: 'compte_rendu_received_at',
      nullable: true,
    },
    compteRenduReminders: { type: 'integer', name: 'compte_rendu_reminders' },
    compteRenduEscalatedAt: {
      type: 'timestamptz',
      name: 'compte_rendu_escalated_at',
      nullable: true,
    },
    referralCount: { type: 'integer', name: 'referral_count' },
    ...dmpColumns('bilanInitial', 'bilan_initial'),
    ...dmpColumns('compteRendu', 'compte_rendu'),
    closedAt: { type: 'timestamptz', name: 'closed_at', nullable: true },
    abandonReason: { type: 'text', name: 'abandon_reason', nullable: true },
    mssDispatches: { type: 'jsonb', name: 'mss_dispatches', default: () => "'[]'" },
    currentDueAt: {
      type: 'timestamptz',
      name: 'current_due_at',
      nullable: true,
      insert: false,
      update: false,
    },
    lastSeq: { type: 'integer', name: 'last_seq' },
    updatedAt: { type: 'timestamptz', name: 'updated_at' },
  },
});
