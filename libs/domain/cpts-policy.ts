import { DomainError, FieldProblem } from './domain-error';
import { parseIsoDuration } from './iso-duration';

/**
 * A CPTS's rules for its accès-direct pathways. The law sets no deadline
 * (facts.md §6.3), so every delay is the CPTS's choice. Each pathway keeps a
 * snapshot taken when it opens: changing the policy later does not move the
 * deadlines of pathways already running.
 */
export interface CptsPolicy {
  /** How long after opening the bilan initial is due (ISO-8601, e.g. P30D). */
  bilanInitialDueAfter: string;
  /** How long after the end of care the compte-rendu is due. */
  compteRenduDueAfter: string;
  /** Time between two reminders while a document is late. */
  reminderEvery: string;
  /** After this many reminders the CPTS coordinator is alerted. */
  escalateAfterReminders: number;
}

export const MAX_REMINDERS_BEFORE_ESCALATION = 20;

/** Returns the problems of a policy, one per field; empty when it is usable. */
export function cptsPolicyProblems(policy: CptsPolicy, prefix = 'policy'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of ['bilanInitialDueAfter', 'compteRenduDueAfter', 'reminderEvery'] as const) {
    try {
      parseIsoDuration(policy[field]);
    } catch (error) {
      problems.push({ field: `${prefix}.${field}`, problem: (error as Error).message });
    }
  }
  const n = policy.escalateAfterReminders;
  if (!Number.isInteger(n) || n < 0 || n > MAX_REMINDERS_BEFORE_ESCALATION) {
    problems.push({
      field: `${prefix}.escalateAfterReminders`,
      problem: `must be a whole number between 0 and ${MAX_REMINDERS_BEFORE_ESCALATION}`,
    });
  }
  return problems;
}

export function assertCptsPolicy(policy: CptsPolicy, prefix = 'policy'): void {
  const problems = cptsPolicyProblems(policy, prefix);
  if (problems.length > 0) throw DomainError.invalidFields(problems);
}
