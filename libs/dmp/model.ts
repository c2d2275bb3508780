/**
 * What the DMP adapter needs to file a document, in the DMP's own terms. The
 * engine maps its pathway, patient and practitioner to these types; the
 * builders (CDA, XDS metadata), the transport and the sandbox all speak them.
 * Plain data, no behaviour.
 */

/** A coded value, always taken from a value set (see value-sets). */
export interface CodedValue {
  code: string;
  codeSystem: string;
  displayName: string;
}

/** A patient whose identity is qualified (INS): only such an identity may be written in a DMP. */
export interface DmpPatient {
  ins: {
    /** Matricule INS: NIR or NIA, 15 characters with the key. */
    matricule: string;
    /** 1.2.250.1.213.1.4.8 (NIR), .9 (NIA), .10 (test NIR), .11 (demo NIR). */
    oid: string;
  };
  /** Nom de naissance. */
  birthFamilyName: string;
  /** Prénoms de naissance, first one first. */
  firstNames: string[];
  /** Nom utilisé, when it differs from the birth name. */
  usedFamilyName?: string;
  /** YYYYMMDD as read (a "lunar" date such as 19421901 is kept as is). */
  birthDate: string;
  /** Administrative gender: M, F, or U (unknown). */
  sex: 'M' | 'F' | 'U';
  /** Code officiel géographique (INSEE) of the birth place, when known. */
  birthPlaceCode?: string;
}

/** The structure the practitioner works in: author's organisation, custodian, healthcare facility. */
export interface HealthcareStructure {
  /** idNat_Struct (root 1.2.250.1.71.4.2.2): "1"+FINESS, "3"+SIRET, "4"+RPPS-rang… */
  idNatStruct: string;
  name: string;
  /** healthcareFacilityTypeCode, from JDV_J02 (TRE_R02-SecteurActivite), e.g. SA07 "Cabinet individuel". */
  facilityTypeCode: string;
  /** practiceSettingCode, from JDV_J04 (TRE_A01-CadreExercice), e.g. AMBULATOIRE. */
  practiceSettingCode: string;
}

/** The practitioner who wrote the document (author, legal authenticator, VIHF subject). */
export interface DmpAuthor {
  /** RPPS, 11 digits. The national id (idNat_PS, root 1.2.250.1.71.4.2.1) is "8" + RPPS. */
  rpps: string;
  familyName: string;
  givenNames: string;
  /** authorSpecialty, from JDV_J01 (TRE_A02), e.g. G15_91 "Orthophoniste". */
  specialtyCode: string;
  /** Profession in TRE_G15 (1.2.250.1.71.1.2.7), e.g. 91 for an orthophoniste: the VIHF role. */
  professionCode: string;
  structure: HealthcareStructure;
}

/**
 * The visibility choices a practitioner has when filing (DMP web form):
 * everything false is "normal" (visible to the patient and every authorised professional).
 */
export interface DmpVisibility {
  /** Not visible to the patient until a professional has informed them (INVISIBLE_PATIENT). */
  hiddenFromPatient: boolean;
  /** Hidden from other professionals (MASQUE_PS). */
  hiddenFromProfessionals: boolean;
  /** Invisible to the patient's legal representatives (INVISIBLE_REPRESENTANTS_LEGAUX). */
  hiddenFromLegalRepresentatives: boolean;
}

export const NORMAL_VISIBILITY: DmpVisibility = {
  hiddenFromPatient: false,
  hiddenFromProfessionals: false,
  hiddenFromLegalRepresentatives: false,
};

/** One document to file (or to replace a filed one with). */
export interface DocumentSubmission {
  /** OID of this version: CDA ClinicalDocument/id@root and XDS uniqueId. Stable across retries. */
  uniqueId: string;
  /** OID shared by every version of the document (CDA setId). */
  setId: string;
  /** 1 for the first version, +1 for each replacement. */
  versionNumber: number;
  /** typeCode (LOINC), from JDV_J07, e.g. 47420-5 "CR de bilan fonctionnel". */
  typeCode: string;
  title: string;
  /** XDS comments; 1000 characters at most. */
  comment?: string;
  /** When the document was written (CDA effectiveTime, XDS creationTime). */
  creationTime: Date;
  /** The care documented: serviceEvent effectiveTime, XDS serviceStartTime / serviceStopTime. */
  serviceStartTime: Date;
  serviceStopTime?: Date;
  /** The file itself; its media type is one the DMP accepts (pdf, jpeg, text, rtf, gif, tiff). */
  content: { mediaType: string; bytes: Buffer };
  visibility: DmpVisibility;
  /** A corrected version replaces this filed document (CDA relatedDocument RPLC, XDS RPLC association). */
  replaces?: { uniqueId: string };
  patient: DmpPatient;
  author: DmpAuthor;
}
