import type { PathwayRow } from '@app/persistence';
import { PathwayStanding, People, peopleView } from './pathway.view';

interface DutySummary {
  dueAt: string;
  remindersSent: number;
  escalatedAt: string | null;
  receivedAt: string | null;
  /** Where its DMP filing stands (to_file, filed, skipped, waiting), once received. */
  dmpStatus: string | null;
  /** For a waiting filing: what a person must do (consent, authorization, identity, correction). */
  dmpWaitingFor: string | null;
}

/** A pathway in a list: where it stands and what is due, without its history. */
export interface PathwayListItem extends PathwayStanding {
  bilanInitial: DutySummary;
  compteRendu: DutySummary | null;
  referralCount: number;
}

export function listItem(row: PathwayRow & { overdue: boolean }, people: People): PathwayListItem {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: row.id,
    ...peopleView(row, people),
    status: row.status,
    step: row.step,
    overdue: row.overdue,
    currentDueAt: iso(row.currentDueAt),
    openedAt: row.openedAt.toISOString(),
    closedAt: iso(row.closedAt),
    bilanInitial: {
      dueAt: row.bilanInitialDueAt.toISOString(),
      remindersSent: row.bilanInitialReminders,
      escalatedAt: iso(row.bilanInitialEscalatedAt),
      receivedAt: iso(row.bilanInitialReceivedAt),
      dmpStatus: row.bilanInitialDmpStatus,
      dmpWaitingFor: row.bilanInitialDmpWaitingFor,
    },
    compteRendu: row.compteRenduDueAt
      ? {
          dueAt: row.compteRenduDueAt.toISOString(),
          remindersSent: row.compteRenduReminders,
          escalatedAt: iso(row.compteRenduEscalatedAt),
          receivedAt: iso(row.compteRenduReceivedAt),
          dmpStatus: row.compteRenduDmpStatus,
          dmpWaitingFor: row.compteRenduDmpWaitingFor,
        }
      : null,
    referralCount: row.referralCount,
  };
}
