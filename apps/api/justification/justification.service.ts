import { Injectable } from '@nestjs/common';
import { DomainError, type SituationExercice } from '@app/domain';
import { AuditLog, Directory, SituationStore } from '@app/persistence';
import type { Principal } from '../auth/principal';
import { UserAuditTrail } from '../auth/user-audit-trail';
import { PathwaysService } from '../pathways/pathways.service';
import { Justification, justificationOf } from './justification';

/** Why a coordinator (who follows the pathway) does not get its justification sheet. */
export const JUSTIFICATION_IS_THE_ORTHOPHONISTES =
  "the justification sheet is the pathway's orthophoniste's evidence for the Assurance Maladie and names the patient; " +
  "CPTS coordinators follow the pathway (GET /pathways/{id}) and the CPTS's exports";

/**
 * The justification sheet of a pathway, for its orthophoniste only (a
 * coordinator of its CPTS: 403; anyone else: 404). Each sheet handed out goes
 * to the reader's audit stream (`user:<idNatPs>`, `justification_read`) with
 * the pathway, before it leaves.
 */
@Injectable()
export class JustificationService {
  constructor(
    private readonly pathways: PathwaysService,
    private readonly directory: Directory,
    private readonly situations: SituationStore,
    private readonly auditLog: AuditLog,
    private readonly trail: UserAuditTrail,
  ) {}

  async justification(
    pathwayId: string,
    principal: Principal,
    format: 'json' | 'pdf',
    now = new Date(),
  ): Promise<Justification> {
    const access = await this.pathways.authorize(pathwayId, principal, 'read');
    if (access !== 'practitioner') {
      throw new DomainError('forbidden', JUSTIFICATION_IS_THE_ORTHOPHONISTES);
    }
    const view = await this.pathways.view(pathwayId, principal);
    const [practitioner, patient, cpts, situation] = await Promise.all([
      this.directory.practitioner(view.practitioner.id),
      this.directory.patient(view.patient.id),
      this.directory.cpts(view.cpts.id),
      this.situationAtOpening(view.practitioner.id, view.openedAt),
    ]);
    await this.trail.record(principal.idNatPs, 'justification_read', { format }, pathwayId);
    return justificationOf({ view, practitioner, patient, cpts, situation, now });
  }

  /**
   * The situation of exercise the opening checked: the last one declared
   * before the pathway was opened (declarations are never edited, each is in
   * the practitioner's audit stream); the current one if none was (a pathway
   * imported before its practitioner declared).
   */
  private async situationAtOpening(
    practitionerId: string,
    openedAt: string,
  ): Promise<{ situation: SituationExercice; declaredAt: Date } | undefined> {
    const declared = (await this.auditLog.stream(`practitioner:${practitionerId}`)).filter(
      (e) =>
        e.type === 'situation_exercice_declared' && e.occurredAt.getTime() <= Date.parse(openedAt),
    );
    const last = declared.at(-1);
    if (last) {
      const { structure, cadre, salarie, cptsId, period } =
        last.payload as unknown as SituationExercice;
      return {
        situation: { structure, cadre, salarie, ...(cptsId ? { cptsId } : {}), period },
        declaredAt: last.occurredAt,
      };
    }
    return this.situations.current(practitionerId);
  }
}
