import type { DirectoryPhysician } from '@app/mss';
import type {
  AuditVerification,
  CptsRow,
  Indicators,
  NotificationRow,
  OverdueDuty,
  Page,
  PractitionerRow,
  PractitionerWithoutBillingNumber,
} from '@app/persistence';
import type { AuditPage } from '../audit/audit.controller';
import type { RosterReport } from '../onboarding/practitioner-registration.service';
import type { PathwayListItem } from '../pathways/pathway-list-item';
import type { PathwayView } from '../pathways/pathway.view';
import type { IdentificationAnswer } from '../patients/patient-identification.service';
import type { PatientView } from '../patients/patient.view';
import type { PatientDmpDocument, PatientDmpDocuments } from '../patient-dmp/patient-dmp.view';
import type { PatientConversation } from '../patient-messages/patient-conversation.view';
import type {
  DmpAlertSettingsView,
  PractitionerPatientsPage,
} from '../practitioners/practitioner-patients.view';

/**
 * The answers the OpenAPI document describes, by name: each is the declared
 * return type of its route's handler, so what a route answers and what the
 * document says cannot drift apart. `npm run build` turns them into JSON
 * schemas (ts-json-schema-generator, from these very types) and the web app's
 * client reads them: a change of answer that breaks a page breaks its build.
 */
export type {
  AuditPage,
  AuditVerification,
  CptsRow,
  DmpAlertSettingsView,
  IdentificationAnswer,
  Indicators,
  PathwayView,
  PatientConversation,
  PatientDmpDocument,
  PatientDmpDocuments,
  PatientView,
  PractitionerPatientsPage,
  PractitionerRow,
  RosterReport,
};

export type CptsPage = Page<CptsRow>;
export type PractitionerPage = Page<PractitionerRow>;
export type NotificationPage = Page<NotificationRow>;

export type PathwayPage = Page<PathwayListItem>;

/** A CPTS's indicators, with the CPTS they are of. */
export type CptsIndicators = Indicators & { cpts: { id: string; name: string } };

/** The coordinator's worklist page, and who bills without a number. */
export type Worklist = Page<OverdueDuty> & {
  practitionersWithoutBillingNumber: PractitionerWithoutBillingNumber[];
};

export interface PhysicianSearchAnswer {
  items: DirectoryPhysician[];
}

/** Which named answer each operation gives (its 2xx JSON body). */
export const RESPONSE_TYPES: Readonly<Record<string, string>> = {
  'GET /pathways': 'PathwayPage',
  'GET /pathways/{id}': 'PathwayView',
  'POST /pathways/{id}/bilan-initial': 'PathwayView',
  'POST /pathways/{id}/compte-rendu': 'PathwayView',
  'POST /pathways/{id}/bilan-initial/versions': 'PathwayView',
  'POST /pathways/{id}/compte-rendu/versions': 'PathwayView',
  'POST /pathways/{id}/bilan-initial/written': 'PathwayView',
  'POST /pathways/{id}/compte-rendu/written': 'PathwayView',
  'POST /pathways/{id}/bilan-initial/versions/written': 'PathwayView',
  'POST /pathways/{id}/compte-rendu/versions/written': 'PathwayView',
  'POST /pathways/{id}/dmp/authorization': 'PathwayView',
  'POST /pathways/{id}/dmp/retry': 'PathwayView',
  'POST /pathways/{id}/end-of-care': 'PathwayView',
  'POST /pathways/{id}/referrals': 'PathwayView',
  'POST /pathways/{id}/abandon': 'PathwayView',
  'PUT /pathways/{id}/medecin-traitant': 'PathwayView',
  'PUT /pathways/{id}/consent': 'PathwayView',
  'GET /pathways/{id}/dmp/documents': 'PatientDmpDocuments',
  'POST /pathways/{id}/dmp/documents/authorization': 'PatientDmpDocuments',
  'GET /pathways/{id}/dmp/documents/{uniqueId}': 'PatientDmpDocument',
  'GET /pathways/{id}/patient-conversation': 'PatientConversation',
  'POST /pathways/{id}/patient-conversation/messages': 'PatientConversation',
  'GET /practitioners/{id}/patients': 'PractitionerPatientsPage',
  'GET /practitioners/{id}/dmp-alerts': 'DmpAlertSettingsView',
  'PUT /practitioners/{id}/dmp-alerts': 'DmpAlertSettingsView',
  'POST /patients/identify': 'IdentificationAnswer',
  'POST /patients/{id}/identity-document': 'PatientView',
  'GET /cpts/{id}/indicators': 'CptsIndicators',
  'GET /indicators': 'Indicators',
  'GET /cpts/{id}/worklist': 'Worklist',
  'GET /directory/physicians': 'PhysicianSearchAnswer',
  'GET /cpts': 'CptsPage',
  'POST /cpts': 'CptsRow',
  'PATCH /cpts/{id}': 'CptsRow',
  'GET /practitioners': 'PractitionerPage',
  'PUT /practitioners/{id}/billing-number': 'PractitionerRow',
  'POST /cpts/{id}/practitioners': 'PractitionerRow',
  'POST /cpts/{id}/practitioners/bulk': 'RosterReport',
  'GET /notifications': 'NotificationPage',
  'GET /pathways/{id}/audit': 'AuditPage',
  'GET /cpts/{id}/audit': 'AuditPage',
  'GET /audit/verification': 'AuditVerification',
};
