import type { PathwayListItem } from './pathway-list-view';

/** What the engine waits for from the orthophoniste on one pathway, in words. */
export interface Awaited {
  what: string;
  /** A due date, when the thing awaited has one. */
  dueAt: string | null;
  late: boolean;
}

const DMP_WAITING: Record<string, string> = {
  consent: 'recueillir le consentement DMP du patient',
  authorization: "recueillir l'autorisation d'accès au DMP",
  identity: "qualifier l'identité du patient (INS)",
  correction: 'envoyer une version corrigée du document',
};

const STEP_AWAITS: Partial<Record<PathwayListItem['step'], string>> = {
  bilan_initial: 'envoyer le bilan initial',
  compte_rendu: 'envoyer le compte rendu',
};

/**
 * Everything a pathway waits for from its orthophoniste, most pressing first:
 * the document due (late or not), a DMP action, an identity to qualify.
 * In care nothing is due until the orthophoniste declares the end of care.
 */
export function awaitedOf(item: PathwayListItem): Awaited[] {
  if (item.status !== 'active') return [];
  const awaited: Awaited[] = [];
  const step = STEP_AWAITS[item.step];
  if (step) awaited.push({ what: step, dueAt: item.currentDueAt, late: item.overdue });
  for (const [duty, summary] of [
    ['bilan initial', item.bilanInitial],
    ['compte rendu', item.compteRendu],
  ] as const) {
    if (summary?.dmpStatus === 'waiting') {
      const what = DMP_WAITING[summary.dmpWaitingFor ?? ''] ?? 'une action sur le DMP';
      awaited.push({ what: `${what} (${duty})`, dueAt: null, late: false });
    }
  }
  const identity = item.patient.ins?.identityStatus ?? 'PROV';
  if (identity !== 'QUAL' && !awaited.some((a) => a.what.includes('INS'))) {
    awaited.push({ what: "qualifier l'identité du patient (INS)", dueAt: null, late: false });
  }
  return awaited;
}

export const STATUS_LABELS: Record<PathwayListItem['status'], string> = {
  active: 'en cours',
  completed: 'terminé',
  abandoned: 'abandonné',
};
