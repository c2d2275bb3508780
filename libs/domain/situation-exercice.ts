import { isIsoDay } from './calendar';
import type { FieldProblem } from './domain-error';

/**
 * A practitioner's situation of exercise: where and how they practise, for a
 * declared period. It decides whether accès direct is open to them, and it is
 * the author's structure on every document and message. A practitioner sets
 * it at first connection and renews it: a period lasts three years at most
 * (domain/README: "situation of exercise — period of at most 3 years").
 */

/** The kinds of structure of art. L.4341-1 CSP, plus the plain cabinet (facts §6.1). */
export const STRUCTURE_KINDS = [
  'cabinet',
  'msp',
  'esp',
  'centre_de_sante',
  'etablissement_de_sante',
  'essms',
] as const;
export type StructureKind = (typeof STRUCTURE_KINDS)[number];

export const STRUCTURE_KIND_LABELS: Readonly<Record<StructureKind, string>> = {
  cabinet: 'cabinet libéral',
  msp: 'maison de santé pluriprofessionnelle (MSP)',
  esp: 'équipe de soins primaires (ESP)',
  centre_de_sante: 'centre de santé',
  etablissement_de_sante: 'établissement de santé',
  essms: 'établissement ou service social ou médico-social',
};

/**
 * The structure's healthcareFacilityTypeCode (JDV_J02, TRE_R02 "secteur
 * d'activité") when the practitioner's own record does not give a finer one.
 * An ESP is a team, not a place: its members practise in their cabinets.
 * An établissement de santé could be public or private (SA01–SA04): without
 * more, "autre établissement sanitaire".
 */
export const FACILITY_TYPE_OF_STRUCTURE: Readonly<Record<StructureKind, string>> = {
  cabinet: 'SA07',
  msp: 'SA52',
  esp: 'SA07',
  centre_de_sante: 'SA05',
  etablissement_de_sante: 'SA30',
  essms: 'SA41',
};

/** Cadre d'exercice: the setting of the care, as documents state it. */
export const CADRES_EXERCICE = [
  'ambulatoire',
  'hospitalisation_complete',
  'hospitalisation_de_jour',
  'had',
  'medico_social',
  'domicile',
] as const;
export type CadreExercice = (typeof CADRES_EXERCICE)[number];

/** The practiceSettingCode (JDV_J04) of each cadre. */
export const PRACTICE_SETTING_OF_CADRE: Readonly<Record<CadreExercice, string>> = {
  ambulatoire: 'AMBULATOIRE',
  hospitalisation_complete: 'ETABLISSEMENT',
  hospitalisation_de_jour: 'ETABLISSEMENT',
  had: 'HAD',
  medico_social: 'ESSMS',
  domicile: 'MAD',
};

export interface SituationExercice {
  structure: {
    kind: StructureKind;
    name: string;
    /** idNat_Struct (facts §5.4), when the structure has one. */
    idNat?: string;
  };
  cadre: CadreExercice;
  /** Salaried (établissement, centre de santé) rather than libéral. */
  salarie: boolean;
  /** The CPTS the practitioner is an adherent of, if any. */
  cptsId?: string;
  /** First and last day, YYYY-MM-DD (Paris), both included. */
  period: { from: string; to: string };
}

export const MAX_SITUATION_YEARS = 3;
/** A practitioner is reminded this many days before the period ends. */
export const SITUATION_REMINDER_DAYS = 30;

/** What is wrong with a declared situation, field by field (nothing: it can be saved). */
export function situationProblems(situation: SituationExercice): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!STRUCTURE_KINDS.includes(situation.structure.kind)) {
    problems.push({
      field: 'structure.kind',
      problem: `must be one of ${STRUCTURE_KINDS.join(', ')}`,
    });
  }
  if (situation.structure.name.trim() === '') {
    problems.push({ field: 'structure.name', problem: 'must not be empty' });
  }
  if (!CADRES_EXERCICE.includes(situation.cadre)) {
    problems.push({ field: 'cadre', problem: `must be one of ${CADRES_EXERCICE.join(', ')}` });
  }
  const { from, to } = situation.period;
  if (!isIsoDay(from)) problems.push({ field: 'period.from', problem: 'must be a YYYY-MM-DD day' });
  if (!isIsoDay(to)) problems.push({ field: 'period.to', problem: 'must be a YYYY-MM-DD day' });
  if (isIsoDay(from) && isIsoDay(to)) {
    if (to < from) {
      problems.push({ field: 'period.to', problem: 'must not be before period.from' });
    } else if (to >= addYears(from, MAX_SITUATION_YEARS)) {
      problems.push({
        field: 'period.to',
        problem: `a situation of exercise lasts ${MAX_SITUATION_YEARS} years at most (last day ${dayBefore(addYears(from, MAX_SITUATION_YEARS))})`,
      });
    }
  }
  return problems;
}

/** The longest period a declaration starting on `from` may cover. */
export function longestPeriod(from: string): { from: string; to: string } {
  return { from, to: dayBefore(addYears(from, MAX_SITUATION_YEARS)) };
}

export type SituationValidity =
  | { state: 'missing' }
  | { state: 'not_yet'; startsOn: string }
  | { state: 'valid'; until: string }
  /** Valid, but ends within SITUATION_REMINDER_DAYS: the practitioner is asked to renew. */
  | { state: 'expiring'; until: string; daysLeft: number }
  | { state: 'expired'; endedOn: string };

/** Whether the situation allows patient work on `today` (YYYY-MM-DD, Paris). */
export function situationValidity(
  situation: SituationExercice | undefined,
  today: string,
): SituationValidity {
  if (!situation) return { state: 'missing' };
  const { from, to } = situation.period;
  if (today < from) return { state: 'not_yet', startsOn: from };
  if (today > to) return { state: 'expired', endedOn: to };
  const daysLeft = daysBetween(today, to);
  return daysLeft < SITUATION_REMINDER_DAYS
    ? { state: 'expiring', until: to, daysLeft }
    : { state: 'valid', until: to };
}

/**
 * The last days of a period, from `today`: a situation whose period ends in
 * this window is `expiring`, and its practitioner is reminded.
 */
export function situationReminderWindow(today: string): { from: string; to: string } {
  const [y, m, d] = today.split('-').map(Number);
  const last = new Date(Date.UTC(y, m - 1, d + SITUATION_REMINDER_DAYS - 1));
  return { from: today, to: last.toISOString().slice(0, 10) };
}

/** The sentence a practitioner reads when the situation blocks patient work; none when it does not. */
export function situationBlockingReason(validity: SituationValidity): string | undefined {
  switch (validity.state) {
    case 'missing':
      return "Renseignez votre situation d'exercice (structure, cadre, période) avant tout travail sur un patient.";
    case 'not_yet':
      return `Votre situation d'exercice commence le ${frenchDay(validity.startsOn)} : elle ne couvre pas encore aujourd'hui.`;
    case 'expired':
      return `Votre situation d'exercice a pris fin le ${frenchDay(validity.endedOn)} : renouvelez-la pour continuer.`;
    default:
      return undefined;
  }
}

function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y + years, m - 1, d));
  // 29 February + n years lands on 1 March: the same rule as a birthday.
  return date.toISOString().slice(0, 10);
}

function dayBefore(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = from.split('-').map(Number);
  const [y2, m2, d2] = to.split('-').map(Number);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

function frenchDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}
