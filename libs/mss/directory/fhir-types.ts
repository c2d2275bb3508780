/**
 * The few FHIR R4 shapes the Annuaire Santé client reads and its sandbox
 * writes, as the API sends them (JSON). Every field is optional where FHIR
 * allows it: the client reads what it gets defensively and never trusts a
 * field to be there because a profile says it should be.
 */

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Extension {
  url: string;
  extension?: Extension[];
  valueCoding?: Coding;
  valueCodeableConcept?: CodeableConcept;
  valueString?: string;
  valueBoolean?: boolean;
  valueCode?: string;
}

export interface Identifier {
  use?: 'usual' | 'official' | 'temp' | 'secondary' | 'old';
  type?: CodeableConcept;
  system?: string;
  value?: string;
}

export interface HumanName {
  use?: string;
  text?: string;
  family?: string;
  given?: string[];
  /** Annuaire Santé: the civilité (M, MME). */
  prefix?: string[];
  /** Annuaire Santé: the civilité d'exercice (DR, PR). */
  suffix?: string[];
}

export interface ContactPoint {
  system?: 'phone' | 'fax' | 'email' | 'pager' | 'url' | 'sms' | 'other';
  value?: string;
  use?: string;
  rank?: number;
  extension?: Extension[];
}

/** FR Core address (fr-core-address): where an Organization is. */
export interface Address {
  use?: string;
  type?: string;
  text?: string;
  line?: string[];
  city?: string;
  district?: string;
  postalCode?: string;
  country?: string;
}

export interface Reference {
  reference?: string;
  display?: string;
}

export interface Meta {
  versionId?: string;
  lastUpdated?: string;
  source?: string;
  profile?: string[];
}

interface ResourceBase {
  id?: string;
  meta?: Meta;
  language?: string;
}

export interface Practitioner extends ResourceBase {
  resourceType: 'Practitioner';
  identifier?: Identifier[];
  active?: boolean;
  name?: HumanName[];
  telecom?: ContactPoint[];
  /** as-dp-practitioner: the exercice professionnel, its profession coded in TRE_G15. */
  qualification?: Array<{ code?: CodeableConcept }>;
}

export interface PractitionerRole extends ResourceBase {
  resourceType: 'PractitionerRole';
  identifier?: Identifier[];
  active?: boolean;
  practitioner?: Reference;
  organization?: Reference;
  code?: CodeableConcept[];
  telecom?: ContactPoint[];
  /** Resources sent inside this one (`organization.reference` = "#id"). */
  contained?: FhirResource[];
}

export interface Organization extends ResourceBase {
  resourceType: 'Organization';
  identifier?: Identifier[];
  active?: boolean;
  name?: string;
  telecom?: ContactPoint[];
  address?: Address[];
}

export interface OperationOutcome extends ResourceBase {
  resourceType: 'OperationOutcome';
  issue: Array<{ severity: string; code: string; diagnostics?: string }>;
}

export type FhirResource = Practitioner | PractitionerRole | Organization | OperationOutcome;

export interface BundleLink {
  relation: string;
  url: string;
}

export interface BundleEntry {
  fullUrl?: string;
  resource?: FhirResource;
  search?: { mode?: 'match' | 'include' | 'outcome' };
}

export interface Bundle extends ResourceBase {
  resourceType: 'Bundle';
  /** 'searchset' for a search. */
  type: string;
  total?: number;
  link?: BundleLink[];
  entry?: BundleEntry[];
}

/** Identifier systems and types the Annuaire Santé uses (IG fhir-annuaire, as-dp-practitioner). */
export const RPPS_SYSTEM = 'https://rpps.esante.gouv.fr';
/** idNat_PS: "8" + RPPS for a practitioner in the RPPS (facts §5.4). */
export const IDNAT_PS_SYSTEM = 'urn:oid:1.2.250.1.71.4.2.1';
export const IDENTIFIER_TYPE_SYSTEM = 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203';
/** Identifier system of a situation d'exercice (PractitionerRole) in the public data. */
export const ANNUAIRE_SANTE_SYSTEM = 'https://annuaire.sante.fr';

/** TRE_G15-ProfessionSante: a professional's profession (91 orthophoniste, 10 médecin…). */
export const PROFESSION_SYSTEM =
  'https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante';

/** telecom extensions marking an MSSanté mailbox (facts §3.7). */
export const EMAIL_TYPE_EXTENSION =
  'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type';
export const EMAIL_TYPE_SYSTEM =
  'https://mos.esante.gouv.fr/NOS/TRE_R256-TypeMessagerie/FHIR/TRE-R256-TypeMessagerie';
export const MAILBOX_MSS_METADATA_EXTENSION =
  'https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata';
export const MAILBOX_TYPE_SYSTEM =
  'https://mos.esante.gouv.fr/NOS/TRE_R257-TypeBAL/FHIR/TRE-R257-TypeBAL';

/** meta.profile of the public-data ("DP") resources the API returns. */
export const PROFILES = {
  practitioner: [
    'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-practitioner',
    'https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-dp-practitioner',
  ],
  practitionerRole: [
    'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-practitioner-role',
    'https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-dp-practitionerrole',
  ],
  organization: [
    'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-organization',
    'https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-dp-organization',
  ],
} as const;

export const FHIR_JSON = 'application/fhir+json';
