import type { PractitionerPatient } from '@app/persistence';
import type { DmpAccess } from '../patient-dmp/patient-dmp.view';

/** Where alerts on new DMP documents go, as the practitioner set it. */
export interface DmpAlertSettingsView {
  enabled: boolean;
  address: string | null;
  /** The practitioner's own MSSanté address, offered when none is chosen yet. */
  suggestedAddress: string | null;
  updatedAt: string | null;
}

/**
 * Whether this patient's DMP is watched for the practitioner, and if not why:
 * alerts off, no active pathway, identity not qualified, no DMP, the
 * authorisation to renew, the DMP not answering.
 */
export type PatientAlertState =
  'on' | 'off' | 'no_active_pathway' | 'identity' | 'no_dmp' | 'authorization' | 'unavailable';

export interface PractitionerPatientRow extends PractitionerPatient {
  /** The patient's DMP for this practitioner (TD0.2), or why it could not be asked. */
  dmp:
    { state: 'known'; access: DmpAccess } | { state: 'identity' | 'unavailable'; reason: string };
  alerts: { state: PatientAlertState; lastLookAt: string | null };
}

export interface PractitionerPatientsPage {
  items: PractitionerPatientRow[];
  total: number;
  page: number;
  pageSize: number;
  alerts: DmpAlertSettingsView;
}
