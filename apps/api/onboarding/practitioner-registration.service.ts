import { Injectable } from '@nestjs/common';
import { DomainError, type FieldProblem } from '@app/domain';
import { OnboardingStore, type PractitionerRow } from '@app/persistence';
import type { Actor } from '@app/domain';
import { AnnuaireLookup } from './annuaire-lookup';
import {
  type Assessment,
  type AssessmentContext,
  type RegistrationOutcome,
  type RegistrationRequest,
  assessListing,
  assessMembership,
} from './registration-assessment';
import { type RosterLine, readRoster } from './roster-csv';

/** Look-ups in flight at once for a roster: quick enough, and gentle with the Annuaire's rate limit. */
const LOOKUPS_AT_ONCE = 4;

/** One line of a roster report. */
export interface RosterReportLine {
  line: number;
  rpps: string;
  outcome: RegistrationOutcome;
  /** Who the directory (or the engine) knows under this RPPS. */
  name?: string;
  /** The MSSanté address the engine will write to (found), or null when the directory lists none. */
  mssAddress?: string | null;
  /** The mailboxes to choose from (needs_mss_choice). */
  choices?: string[];
  /** Why the line cannot be registered. */
  problem?: string;
}

export interface RosterReport {
  dryRun: boolean;
  lines: RosterReportLine[];
  summary: Partial<Record<RegistrationOutcome, number>>;
  /** The practitioners registered (a real run). */
  registered?: PractitionerRow[];
}

/**
 * Registers practitioners into a CPTS by RPPS: what the engine knows of them
 * first (already a member, in another CPTS), then what the Annuaire Santé
 * lists (known, practising, orthophoniste, which mailbox), then one
 * transaction that judges each again under lock, so that a registration
 * racing another one is refused rather than doubled.
 */
@Injectable()
export class PractitionerRegistration {
  constructor(
    private readonly store: OnboardingStore,
    private readonly annuaire: AnnuaireLookup,
  ) {}

  async registerOne(
    request: RegistrationRequest,
    context: AssessmentContext,
    actor: Actor,
  ): Promise<PractitionerRow> {
    const existing = (await this.store.practitionersByRpps([request.rpps])).get(request.rpps);
    const assessment = await this.assess(request, existing, context);
    if (assessment.outcome !== 'found') {
      const { code, field, problem } = assessment.refusal;
      throw new DomainError(code, `${field}: ${problem}`, [{ field, problem }]);
    }
    const [registered] = await this.store.registerMembers(
      context.cptsId,
      [assessment.registration],
      actor,
      (_registration, locked) => judgeAgain(locked, context, 'rpps'),
    );
    return registered;
  }

  /**
   * A roster, line by line. A dry run reports and writes nothing; a real
   * run registers everyone in one transaction, or nobody: any line that is
   * not `found` is a 400 naming it.
   */
  async registerRoster(
    csv: string,
    dryRun: boolean,
    context: AssessmentContext,
    actor: Actor,
  ): Promise<RosterReport> {
    const lines = readRoster(csv);
    const existing = await this.store.practitionersByRpps(
      lines.filter((l) => !l.malformed).map((l) => l.rpps),
    );
    // Moving a member between CPTS is an administrator's act on one practitioner, never a roster's.
    const rosterContext = { ...context, mayMoveMembers: false };
    const assessed = await inBatches(lines, LOOKUPS_AT_ONCE, (line) =>
      this.assessLine(line, existing.get(line.rpps), rosterContext),
    );
    const report: RosterReport = {
      dryRun,
      lines: assessed.map(({ line, assessment }) => reportLine(line, assessment)),
      summary: summaryOf(assessed.map(({ assessment }) => assessment.outcome)),
    };
    if (dryRun) return report;

    const problems: FieldProblem[] = assessed.flatMap(({ line, assessment }) =>
      assessment.outcome === 'found'
        ? []
        : [
            {
              field: lineField(line, assessment.refusal.field),
              problem: assessment.refusal.problem,
            },
          ],
    );
    if (problems.length > 0) {
      throw new DomainError(
        'invalid',
        `${problems.length} line(s) of the roster cannot be registered, so nobody was: ${problems
          .map((p) => `${p.field}: ${p.problem}`)
          .join('; ')}`,
        problems,
      );
    }
    const lineOf = new Map(lines.map((l) => [l.rpps, l]));
    report.registered = await this.store.registerMembers(
      context.cptsId,
      assessed.map(
        ({ assessment }) => (assessment as Extract<Assessment, { outcome: 'found' }>).registration,
      ),
      actor,
      (registration, locked) =>
        judgeAgain(
          locked,
          rosterContext,
          lineField(lineOf.get(registration.rpps) as RosterLine, 'rpps'),
        ),
    );
    return report;
  }

  private async assessLine(
    line: RosterLine,
    existing: PractitionerRow | undefined,
    context: AssessmentContext,
  ): Promise<{ line: RosterLine; assessment: Assessment }> {
    if (line.malformed) {
      return {
        line,
        assessment: {
          outcome: 'malformed',
          refusal: { code: 'invalid', ...line.malformed },
        },
      };
    }
    const request: RegistrationRequest = {
      rpps: line.rpps,
      opensPathways: true,
      ...(line.mssAddress !== undefined ? { mssAddress: line.mssAddress } : {}),
      ...(line.billingNumber !== undefined ? { billingNumber: line.billingNumber } : {}),
    };
    return { line, assessment: await this.assess(request, existing, context) };
  }

  private async assess(
    request: RegistrationRequest,
    existing: PractitionerRow | undefined,
    context: AssessmentContext,
  ): Promise<Assessment> {
    return (
      assessMembership(existing, context) ??
      assessListing(request, await this.annuaire.professional(request.rpps), existing)
    );
  }
}

/**
 * The membership judged again in the transaction, on the row as it is now:
 * another registration, or a move, may have come in since it was read.
 */
function judgeAgain(
  locked: PractitionerRow | undefined,
  context: AssessmentContext,
  field: string,
): void {
  const now = assessMembership(locked, context);
  if (now) {
    throw new DomainError('conflict', `${field}: ${now.refusal.problem}`, [
      { field, problem: now.refusal.problem },
    ]);
  }
}

function lineField(line: RosterLine, field: string): string {
  return `csv[line ${line.line}].${field}`;
}

function reportLine(line: RosterLine, assessment: Assessment): RosterReportLine {
  const base = {
    line: line.line,
    rpps: line.rpps,
    outcome: assessment.outcome,
    ...(assessment.name ? { name: assessment.name } : {}),
  };
  if (assessment.outcome === 'found') {
    return { ...base, mssAddress: assessment.registration.mssAddress };
  }
  return {
    ...base,
    ...(assessment.choices ? { choices: assessment.choices } : {}),
    problem: `${assessment.refusal.field}: ${assessment.refusal.problem}`,
  };
}

function summaryOf(outcomes: RegistrationOutcome[]): Partial<Record<RegistrationOutcome, number>> {
  const summary: Partial<Record<RegistrationOutcome, number>> = {};
  for (const outcome of outcomes) summary[outcome] = (summary[outcome] ?? 0) + 1;
  return summary;
}

/** `work` over every item, `size` at a time, results in the items' order. */
async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  }
  return results;
}
