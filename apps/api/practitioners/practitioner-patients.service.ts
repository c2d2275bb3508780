import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DmpClient, DmpError } from '@app/dmp';
import { DomainError } from '@app/domain';
import {
  Directory,
  DmpAlertStore,
  type PageRequest,
  type PractitionerPatient,
  PractitionerPatientsStore,
} from '@app/persistence';
import { dmpAlertsWorkflowId, lookNowSignal } from '../../../workflows/dmp-alerts/definitions';
import { DmpPartiesReader, isDmpPartiesProblem } from '../../shared/dmp-parties';
import { ENGINE_RUNTIME, EngineRuntime } from '../../shared/engine-runtime';
import type { Principal } from '../auth/principal';
import { UserAuditTrail } from '../auth/user-audit-trail';
import { mssAddressProblem, professionalMssAddress } from '../onboarding/mss-address';
import { dmpAccessOf } from '../patient-dmp/patient-dmp.view';
import type { DmpAlertSettingsDto } from './dmp-alert-settings.dto';
import type {
  DmpAlertSettingsView,
  PatientAlertState,
  PractitionerPatientRow,
  PractitionerPatientsPage,
} from './practitioner-patients.view';

/** TD0.2 calls at once for one page of patients: quick for the page, gentle with the DMP. */
const DMP_CALLS_AT_ONCE = 4;

/**
 * "Mes patients" (as on the DMP's Web PS): each patient of the practitioner's
 * pathways with their DMP status — whether it exists, the authorisation's
 * date and when it must be renewed — and whether the engine watches it for
 * new documents; and the practitioner's alert setting.
 */
@Injectable()
export class PractitionerPatientsService {
  private readonly logger = new Logger(PractitionerPatientsService.name);

  constructor(
    @Inject(ENGINE_RUNTIME) private readonly runtime: EngineRuntime,
    private readonly patients: PractitionerPatientsStore,
    private readonly alerts: DmpAlertStore,
    private readonly directory: Directory,
    private readonly parties: DmpPartiesReader,
    private readonly dmp: DmpClient,
    private readonly trail: UserAuditTrail,
    private readonly temporal: Client,
  ) {}

  async list(
    practitionerId: string,
    principal: Principal,
    page: PageRequest,
  ): Promise<PractitionerPatientsPage> {
    assertOwn(practitionerId, principal, 'their own patients');
    const [found, settings] = await Promise.all([
      this.patients.patientsOf(practitionerId, page),
      this.settings(practitionerId, principal),
    ]);
    const looks = await this.alerts.watchesOf(
      practitionerId,
      found.items.map((i) => i.patient.id),
    );
    const items: PractitionerPatientRow[] = [];
    for (let i = 0; i < found.items.length; i += DMP_CALLS_AT_ONCE) {
      const slice = found.items.slice(i, i + DMP_CALLS_AT_ONCE);
      items.push(
        ...(await Promise.all(
          slice.map(async (item) => {
            const dmp = await this.dmpOf(practitionerId, item);
            const look = looks.get(item.patient.id);
            return {
              ...item,
              dmp,
              alerts: {
                state: alertState(settings.enabled, item, dmp),
                lastLookAt: look ? look.lastLookAt.toISOString() : null,
              },
            };
          }),
        )),
      );
    }
    await this.trail.record(principal.idNatPs, 'dmp_statuses_listed', { count: items.length });
    return { ...found, items, alerts: settings };
  }

  async settings(practitionerId: string, principal: Principal): Promise<DmpAlertSettingsView> {
    assertOwn(practitionerId, principal, 'their own alert settings');
    const [saved, practitioner] = await Promise.all([
      this.alerts.settings(practitionerId),
      this.directory.practitioner(practitionerId),
    ]);
    return {
      enabled: saved?.enabled ?? false,
      address: saved?.address ?? null,
      suggestedAddress: practitioner?.mssAddress ?? null,
      updatedAt: saved ? saved.updatedAt.toISOString() : null,
    };
  }

  async saveSettings(
    practitionerId: string,
    dto: DmpAlertSettingsDto,
    principal: Principal,
  ): Promise<DmpAlertSettingsView> {
    assertOwn(practitionerId, principal, 'their own alert settings');
    let address: string | null = null;
    if (dto.address) {
      const problem = mssAddressProblem(dto.address);
      if (problem) throw DomainError.invalid('address', problem);
      address = professionalMssAddress(dto.address);
    }
    if (dto.enabled && !address) {
      throw DomainError.invalid('address', 'is required to receive alerts (an MSSanté address)');
    }
    await this.alerts.saveSettings(practitionerId, { enabled: dto.enabled, address });
    await this.trail.record(principal.idNatPs, 'dmp_alert_settings_changed', {
      enabled: dto.enabled,
      address,
    });
    // Turned on: the first look (the baseline) now rather than at the end of the pause.
    if (dto.enabled) await this.wakeAlerts();
    return this.settings(practitionerId, principal);
  }

  private async dmpOf(
    practitionerId: string,
    item: PractitionerPatient,
  ): Promise<PractitionerPatientRow['dmp']> {
    const parties = await this.parties.of(practitionerId, item.patient.id);
    if (isDmpPartiesProblem(parties)) {
      return {
        state: parties.problem === 'identity' ? 'identity' : 'unavailable',
        reason: parties.reason,
      };
    }
    try {
      return {
        state: 'known',
        access: dmpAccessOf(await this.dmp.accessStatus(parties.author, parties.patient)),
      };
    } catch (error) {
      if (error instanceof DmpError) return { state: 'unavailable', reason: error.message };
      throw error;
    }
  }

  private async wakeAlerts(): Promise<void> {
    if (!this.runtime.dmpAlerts) return;
    try {
      await this.temporal.workflow
        .getHandle(dmpAlertsWorkflowId(this.runtime.temporal.taskQueue))
        .signal(lookNowSignal);
    } catch (error) {
      // Not started yet (no worker so far): its first round will look anyway.
      this.logger.warn(`could not wake the DMP alerts workflow: ${(error as Error).name}`);
    }
  }
}

function assertOwn(practitionerId: string, principal: Principal, what: string): void {
  if (principal.practitionerId !== practitionerId) {
    throw new DomainError('forbidden', `a practitioner sees ${what} only`);
  }
}

function alertState(
  enabled: boolean,
  item: PractitionerPatient,
  dmp: PractitionerPatientRow['dmp'],
): PatientAlertState {
  if (!enabled) return 'off';
  if (!item.pathways.some((p) => p.status === 'active')) return 'no_active_pathway';
  if (dmp.state !== 'known') return dmp.state;
  if (!dmp.access.dmpExists) return 'no_dmp';
  if (dmp.access.authorization !== 'valid') return 'authorization';
  return 'on';
}
