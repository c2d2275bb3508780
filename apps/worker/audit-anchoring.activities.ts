import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditLog } from '@app/persistence';
import type { AnchoringRound, AuditAnchoringActivities } from '../../workflows/audit/definitions';
import { ENGINE_RUNTIME, EngineRuntime } from '../shared/engine-runtime';
import { heartbeat } from './heartbeat';

/** How many refused chains a round names in its result and its log line. */
const NAMED = 10;

/**
 * The activity of the audit-anchoring workflow: one round of anchoring (see
 * AuditLog.anchorHeads). A chain that no longer checks out is not anchored
 * and is logged as an error, by opaque stream id only; `npm run
 * audit:verify` and GET /audit/verification then say what is wrong with it.
 */
@Injectable()
export class AuditAnchoringRound implements AuditAnchoringActivities {
  private readonly logger = new Logger(AuditAnchoringRound.name);

  constructor(
    @Inject(ENGINE_RUNTIME) private readonly runtime: EngineRuntime,
    private readonly auditLog: AuditLog,
  ) {}

  async anchorAuditChains(): Promise<AnchoringRound> {
    const audit = this.runtime.audit;
    if (!audit) throw new Error('audit anchoring needs AUDIT_ANCHOR_KEY');
    const outcome = await this.auditLog.anchorHeads(audit.anchorKeys, {
      progress: heartbeat,
    });
    const refused = outcome.refused.slice(0, NAMED).map(({ stream, streamSeq, problem }) => ({
      stream,
      streamSeq,
      problem,
    }));
    if (refused.length > 0) {
      this.logger.error(
        `audit chains not anchored, they no longer check out (${outcome.refused.length}): ${refused
          .map((r) => `${r.stream} #${r.streamSeq} ${r.problem}`)
          .join('; ')}`,
      );
    }
    return {
      streams: outcome.streams,
      anchored: outcome.anchored,
      unchanged: outcome.unchanged,
      refused,
      refusedCount: outcome.refused.length,
      nextInMs: audit.anchorEveryMs,
    };
  }
}
