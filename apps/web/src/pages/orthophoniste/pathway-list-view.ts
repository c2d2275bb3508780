/** GET /pathways, as apps/api/pathways/pathway-list-item.ts answers it. */
export interface DutySummary {
  dueAt: string;
  remindersSent: number;
  escalatedAt: string | null;
  receivedAt: string | null;
  dmpStatus: 'to_file' | 'filed' | 'skipped' | 'waiting' | null;
  dmpWaitingFor: string | null;
}

export interface PathwayListItem {
  id: string;
  cpts: { id: string; name: string | null };
  practitioner: { id: string; rpps: string | null; displayName: string | null };
  patient: {
    id: string;
    displayName: string | null;
    birthDate: string | null;
    ins: { matricule: string; oid: string; identityStatus: string } | null;
  };
  status: 'active' | 'completed' | 'abandoned';
  step: 'bilan_initial' | 'care' | 'compte_rendu' | 'sharing' | 'closed';
  overdue: boolean;
  currentDueAt: string | null;
  openedAt: string;
  closedAt: string | null;
  bilanInitial: DutySummary;
  compteRendu: DutySummary | null;
  referralCount: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
