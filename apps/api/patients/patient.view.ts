import { IDENTITY_STATUS_LABELS } from '@app/readers';
import type { PatientRow } from '@app/persistence';

/** A patient as the API shows it to the practitioners who see them. */
export interface PatientView {
  id: string;
  identityStatus: PatientRow['identityStatus'];
  /** "Identité provisoire", "Identité qualifiée"… */
  identityStatusLabel: string;
  /** The INS, once retrieved from INSi; only a qualified one goes into documents and messages. */
  ins: { matricule: string; oid: string } | null;
  birthFamilyName: string;
  firstNames: string;
  usedFamilyName: string | null;
  birthDate: string;
  sex: PatientRow['sex'];
  birthPlaceCode: string | null;
  identitySource: PatientRow['identitySource'];
  identityDocument: { document: string; checkedOn: string } | null;
}

export function patientView(row: PatientRow): PatientView {
  return {
    id: row.id,
    identityStatus: row.identityStatus,
    identityStatusLabel: IDENTITY_STATUS_LABELS[row.identityStatus],
    ins: row.insMatricule && row.insOid ? { matricule: row.insMatricule, oid: row.insOid } : null,
    birthFamilyName: row.birthFamilyName,
    firstNames: row.firstNames,
    usedFamilyName: row.usedFamilyName,
    birthDate: row.birthDate,
    sex: row.sex,
    birthPlaceCode: row.birthPlaceCode,
    identitySource: row.identitySource,
    identityDocument:
      row.identityDocument && row.identityDocumentCheckedOn
        ? { document: row.identityDocument, checkedOn: row.identityDocumentCheckedOn }
        : null,
  };
}
