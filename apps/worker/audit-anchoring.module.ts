import { Module } from '@nestjs/common';
import { AuditAnchoringRound } from './audit-anchoring.activities';
import { AuditAnchoringWorker } from './audit-anchoring.worker';

/** Anchoring of the audit log in the worker process: its Temporal worker and its activity. */
@Module({ providers: [AuditAnchoringRound, AuditAnchoringWorker] })
export class AuditAnchoringModule {}
