import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { DmpClient, DmpError, DocumentSubmission } from '@app/dmp';
import type { DmpActivities, DmpFilingOutcome, FileInDmpInput } from '@app/workflows';
import { DocumentSubmissions, isSubmissionProblem } from '../shared/document-submissions';

type Waiting = Extract<DmpFilingOutcome, { outcome: 'waiting' }>;

/**
 * Files a pathway's document in the patient's DMP. Reads everything it needs
 * from PostgreSQL (the workflow passes ids only), builds the submission in the
 * DMP's terms, and reports an outcome: filed, skipped for good (no DMP), or
 * waiting for a person. Only an unreachable DMP is an error, so that Temporal
 * retries it with backoff and the document is never dropped.
 */
@Injectable()
export class DmpFilingActivities implements DmpActivities {
  constructor(
    private readonly dmp: DmpClient,
    private readonly submissions: DocumentSubmissions,
  ) {}

  async fileInDmp(input: FileInDmpInput): Promise<DmpFilingOutcome> {
    const prepared = await this.submission(input);
    if ('outcome' in prepared) return prepared;
    try {
      const filed = await this.dmp.file(prepared, { authorizeFirst: input.authorizeFirst });
      return { outcome: 'filed', dmpUniqueId: filed.uniqueId, filedAt: new Date().toISOString() };
    } catch (error) {
      return outcomeOf(error);
    }
  }

  private async submission(input: FileInDmpInput): Promise<DocumentSubmission | Waiting> {
    const prepared = await this.submissions.prepare(input);
    return isSubmissionProblem(prepared) ? waiting(prepared.problem, prepared.reason) : prepared;
  }
}

/** What a DMP failure means for the pathway; an unreachable DMP is rethrown for Temporal to retry. */
export function outcomeOf(error: unknown): DmpFilingOutcome {
  if (!(error instanceof DmpError)) throw error;
  const reason = error.reason ? `${error.message}: ${error.reason}` : error.message;
  switch (error.code) {
    case 'UNAVAILABLE':
    case 'AUTHENTICATION_FAILED':
      // A certificate problem is fixed by an operator, not by the practitioner: keep trying.
      throw ApplicationFailure.retryable(error.message, `Dmp${error.code}`);
    case 'NO_DMP':
      return { outcome: 'skipped', reason: 'no_dmp', detail: error.message };
    case 'AUTHORIZATION_MISSING':
    case 'AUTHORIZATION_EXPIRED':
    case 'AUTHORIZATION_FORBIDDEN':
      return waiting('authorization', reason);
    case 'IDENTITY_NOT_QUALIFIED':
      return waiting('identity', reason);
    case 'DOCUMENT_REJECTED':
    case 'VALUE_NOT_IN_VALUE_SET':
    case 'FORBIDDEN_VISIBILITY':
    case 'INVALID_SUBMISSION':
      return waiting('correction', reason);
  }
}

function waiting(action: Waiting['action'], reason: string): Waiting {
  return { outcome: 'waiting', action, reason };
}
