import { EntitySchema } from 'typeorm';

/** A CPTS and its accès-direct policy (ISO-8601 durations). */
export interface CptsRow {
  id: string;
  name: string;
  bilanInitialDueAfter: string;
  compteRenduDueAfter: string;
  reminderEvery: string;
  escalateAfterReminders: number;
  /** DMP typeCode (LOINC, JDV_J07) the CPTS files its bilans initiaux under. */
  bilanInitialTypeCode: string;
  compteRenduTypeCode: string;
  /** Where escalations go by MSSanté; none: they stay in the engine's notification list. */
  coordinatorMssAddress: string | null;
  /** Its projet de santé provides for accès direct: its adherents in a cabinet may practise it. */
  projetDeSanteAccesDirect: boolean;
  /** Its coordinators may open the clinical documents of its pathways (otherwise only follow them). */
  coordinatorsReadDocuments: boolean;
  /** The CPTS's own identifier (e.g. its FINESS or SIRET), unique; null for CPTS created before it was asked. */
  identifier: string | null;
  createdAt: Date;
}

export const CptsSchema = new EntitySchema<CptsRow>({
  name: 'Cpts',
  tableName: 'cpts',
  columns: {
    id: { type: 'uuid', primary: true },
    name: { type: 'text' },
    bilanInitialDueAfter: { type: 'text', name: 'bilan_initial_due_after' },
    compteRenduDueAfter: { type: 'text', name: 'compte_rendu_due_after' },
    reminderEvery: { type: 'text', name: 'reminder_every' },
    escalateAfterReminders: { type: 'integer', name: 'escalate_after_reminders' },
    bilanInitialTypeCode: { type: 'text', name: 'bilan_initial_type_code', default: '47420-5' },
    compteRenduTypeCode: { type: 'text', name: 'compte_rendu_type_code', default: '11506-3' },
    coordinatorMssAddress: { type: 'text', name: 'coordinator_mss_address', nullable: true },
    projetDeSanteAccesDirect: {
      type: 'boolean',
      name: 'projet_de_sante_acces_direct',
      default: false,
    },
    coordinatorsReadDocuments: {
      type: 'boolean',
      name: 'coordinators_read_documents',
      default: false,
    },
    identifier: { type: 'text', nullable: true },
    createdAt: { type: 'timestamptz', name: 'created_at', createDate: true },
  },
});

export interface PractitionerRow {
  id: string;
  rpps: string;
  familyName: string;
  givenNames: string;
  /** TRE_G15 profession code; 91 = orthophoniste. */
  professionCode: string;
  cptsId: string | null;
  mssAddress: string | null;
  /**
   * The structure the practitioner files documents for (author's organisation, custodian):
   * idNat_Struct, name, healthcareFacilityTypeCode (JDV_J02), practiceSettingCode (JDV_J04).
   * The "situation d'exercice" of the identity issue will own these.
   */
  structureIdNat: string | null;
  structureName: string | null;
  facilityTypeCode: string | null;
  practiceSettingCode: string | null;
  /**
   * The Assurance Maladie billing number (numéro AM, or ADELI) the practitioner
   * bills under: the number that goes in the prescripteur box of an accès-direct
   * feuille de soins. Kept apart from the RPPS, which identifies the person.
   */
  billingNumber: string | null;
  /** When name, profession and MSSanté addresses were last read from the Annuaire Santé. */
  directorySyncedAt: Date | null;
  createdAt: Date;
}

export const PractitionerSchema = new EntitySchema<PractitionerRow>({
  name: 'Practitioner',
  tableName: 'practitioners',
  columns: {
    id: { type: 'uuid', primary: true },
    rpps: { type: 'char', length: 11 },
    familyName: { type: 'text', name: 'family_name' },
    givenNames: { type: 'text', name: 'given_names' },
    professionCode: { type: 'text', name: 'profession_code' },
    cptsId: { type: 'uuid', name: 'cpts_id', nullable: true },
    mssAddress: { type: 'text', name: 'mss_address', nullable: true },
    structureIdNat: { type: 'text', name: 'structure_id_nat', nullable: true },
    structureName: { type: 'text', name: 'structure_name', nullable: true },
    facilityTypeCode: { type: 'text', name: 'facility_type_code', nullable: true },
    practiceSettingCode: { type: 'text', name: 'practice_setting_code', nullable: true },
    billingNumber: { type: 'text', name: 'billing_number', nullable: true },
    directorySyncedAt: { type: 'timestamptz', name: 'directory_synced_at', nullable: true },
    createdAt: { type: 'timestamptz', name: 'created_at', createDate: true },
  },
});

/** RNIV identity statuses: provisional, retrieved, validated, qualified. */
export type IdentityStatus = 'PROV' | 'RECUP' | 'VALI' | 'QUAL';

export interface PatientRow {
  id: string;
  insMatricule: string | null;
  insOid: string | null;
  identityStatus: IdentityStatus;
  birthFamilyName: string;
  firstNames: string;
  usedFamilyName: string | null;
  /** YYYY-MM-DD, kept as read: lunar dates (month 19…) exist and must not be "corrected". */
  birthDate: string;
  sex: 'M' | 'F' | 'I';
  birthPlaceCode: string | null;
  /** Where the identity was read from (Carte Vitale, appli carte Vitale, typed in). */
  identitySource: 'vitale' | 'apcv' | 'saisie' | null;
  /** The high-trust document a practitioner checked, and when (VALI, QUAL). */
  identityDocument: string | null;
  identityDocumentCheckedOn: string | null;
  createdAt: Date;
}

export const PatientSchema = new EntitySchema<PatientRow>({
  name: 'Patient',
  tableName: 'patients',
  columns: {
    id: { type: 'uuid', primary: true },
    insMatricule: { type: 'varchar', length: 15, name: 'ins_matricule', nullable: true },
    insOid: { type: 'text', name: 'ins_oid', nullable: true },
    identityStatus: { type: 'text', name: 'identity_status' },
    birthFamilyName: { type: 'text', name: 'birth_family_name' },
    firstNames: { type: 'text', name: 'first_names' },
    usedFamilyName: { type: 'text', name: 'used_family_name', nullable: true },
    birthDate: { type: 'varchar', length: 10, name: 'birth_date' },
    sex: { type: 'char', length: 1 },
    birthPlaceCode: { type: 'varchar', length: 5, name: 'birth_place_code', nullable: true },
    identitySource: { type: 'text', name: 'identity_source', nullable: true },
    identityDocument: { type: 'text', name: 'identity_document', nullable: true },
    identityDocumentCheckedOn: {
      type: 'varchar',
      length: 10,
      name: 'identity_document_checked_on',
      nullable: true,
    },
    createdAt: { type: 'timestamptz', name: 'created_at', createDate: true },
  },
});
