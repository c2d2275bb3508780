import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError } from '@app/domain';
import {
  AuditEntry,
  AuditFilter,
  AuditLog,
  AuditVerification,
  Directory,
  PathwayReadModel,
} from '@app/persistence';
import { ENGINE_RUNTIME, EngineRuntime } from '../../shared/engine-runtime';
import { assertAdministrator } from '../auth/access';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import { PathwaysService } from '../pathways/pathways.service';
import { AuditQuery, auditFilter } from './audit.dto';
import { auditPayloadWithoutClinicalText } from './audit-redaction';

/** One event of an audit trail as the API gives it. */
export interface AuditEntryView {
  stream: string;
  streamSeq: number;
  type: string;
  occurredAt: string;
  recordedAt: string;
  /** Who did it, by national id (`{ kind: 'user', id: idNat_PS }`) or the engine. */
  actor: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** The chain's hashes; left out of a view without clinical text, whose hidden text they would let one guess. */
  hash?: string;
  prevHash?: string | null;
}

export interface AuditPage {
  items: AuditEntryView[];
  total: number;
  page: number;
  pageSize: number;
  clinicalTextHidden: boolean;
}

/**
 * Reading and checking the audit log. A pathway's trail (its `pathway:` and
 * `mss:` streams) is read by its orthophoniste and its CPTS's coordinators
 * (without clinical free text unless the CPTS opened its documents to them);
 * a CPTS's trail (its `cpts:` stream: settings, members, coordinators) by its
 * coordinators and the administrators; the check of every chain by
 * administrators only.
 */
@ApiTags('audit')
@Controller()
export class AuditController {
  /** The check under way: calls that arrive meanwhile share it instead of starting another. */
  private verification?: Promise<AuditVerification>;

  constructor(
    private readonly auditLog: AuditLog,
    private readonly pathways: PathwaysService,
    private readonly readModel: PathwayReadModel,
    private readonly directory: Directory,
    @Inject(ENGINE_RUNTIME) private readonly runtime: EngineRuntime,
  ) {}

  @Get('pathways/:id/audit')
  @ApiOperation({
    summary: "A pathway's audit trail (its events and its MSSanté acknowledgments), oldest first",
    description:
      "The pathway's orthophoniste and its CPTS's coordinators; a coordinator whose CPTS has not opened its documents to coordinators reads document titles and referral and abandon reasons as [masqué], without the hashes.",
  })
  @ApiOkResponse({ description: 'one page: items, total, page, pageSize, clinicalTextHidden' })
  @ApiBadRequestResponse({ description: 'a bad page, pageSize, from, to or type (named)' })
  @ApiNotFoundResponse({ description: 'no pathway with this id among those you see' })
  async pathwayAudit(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: AuditQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AuditPage> {
    const filter = auditFilter(query);
    const access = await this.pathways.authorize(id, principal, 'read');
    // Whether coordinators read clinical text is the pathway's CPTS's to say (hidden when unknown).
    const cptsId = (await this.readModel.get(id))?.cptsId;
    const hidden =
      access === 'coordinator' &&
      !(cptsId && (await this.directory.cpts(cptsId))?.coordinatorsReadDocuments);
    return this.page([`pathway:${id}`, `mss:${id}`], filter, query, hidden);
  }

  @Get('cpts/:id/audit')
  @ApiOperation({
    summary:
      "A CPTS's audit trail (its settings, members and coordinators, stream cpts:<id>), oldest first",
    description:
      "Its coordinators' and the administrators'. No patient data: the pathways of the CPTS have their own trails (GET /pathways/{id}/audit).",
  })
  @ApiOkResponse({ description: 'one page: items, total, page, pageSize' })
  @ApiBadRequestResponse({ description: 'a bad page, pageSize, from, to or type (named)' })
  @ApiNotFoundResponse({ description: 'no CPTS with this id among those you coordinate' })
  async cptsAudit(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: AuditQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AuditPage> {
    const filter = auditFilter(query);
    if (!principal.administrator && !principal.coordinatorOf.includes(id)) {
      throw DomainError.notFound('CPTS', id);
    }
    if (!(await this.directory.cpts(id))) throw DomainError.notFound('CPTS', id);
    return this.page([`cpts:${id}`], filter, query, false);
  }

  @Get('audit/verification')
  @ApiOperation({
    summary: 'Check every chain of the audit log against itself and its latest anchor',
    description:
      'Administrators only. ok, or the first broken link: its stream, position and problem (gap, prev_hash_mismatch, hash_mismatch, missing_after_anchor, anchor_mismatch). Events after a chain’s latest anchor are checked by the chain alone. `npm run audit:verify` does the same from a shell.',
  })
  @ApiOkResponse({
    description:
      '{ ok, streams, events, anchoredStreams, latestAnchorAt, checkedAt, firstBroken? }',
  })
  @ApiForbiddenResponse({ description: 'you are not an administrator of the engine' })
  verify(@CurrentPrincipal() principal: Principal): Promise<AuditVerification> {
    assertAdministrator(principal);
    if (!this.verification) {
      const running = this.auditLog.verifyAll(this.runtime.audit?.anchorKeys ?? []).finally(() => {
        if (this.verification === running) this.verification = undefined;
      });
      this.verification = running;
    }
    return this.verification;
  }

  private async page(
    streams: string[],
    filter: AuditFilter,
    query: AuditQuery,
    clinicalTextHidden: boolean,
  ): Promise<AuditPage> {
    const found = await this.auditLog.page(streams, filter, query);
    return {
      ...found,
      items: found.items.map((entry) => entryView(entry, clinicalTextHidden)),
      clinicalTextHidden,
    };
  }
}

function entryView(entry: AuditEntry, clinicalTextHidden: boolean): AuditEntryView {
  const view: AuditEntryView = {
    stream: entry.stream,
    streamSeq: entry.streamSeq,
    type: entry.type,
    occurredAt: entry.occurredAt.toISOString(),
    recordedAt: entry.recordedAt.toISOString(),
    actor: entry.actor,
    payload: clinicalTextHidden
      ? auditPayloadWithoutClinicalText(entry.type, entry.payload)
      : entry.payload,
  };
  return clinicalTextHidden ? view : { ...view, hash: entry.hash, prevHash: entry.prevHash };
}
