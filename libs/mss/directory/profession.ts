import { isRecord } from './directory-model';
import {
  type CodeableConcept,
  type FhirResource,
  PROFESSION_SYSTEM,
  type Practitioner,
  type PractitionerRole,
} from './fhir-types';

/** TRE_G15 code of the orthophoniste: the one profession accès direct is open to here. */
export const ORTHOPHONISTE_PROFESSION_CODE = '91';

/**
 * The TRE_G15 system as the Annuaire Santé writes it (FHIR URL), as older
 * exports write it (the OID), or as the MOS names it in text.
 */
function isProfessionSystem(system: unknown): boolean {
  return (
    typeof system === 'string' &&
    (system === PROFESSION_SYSTEM ||
      system === 'urn:oid:1.2.250.1.71.1.2.7' ||
      /TRE[_-]G15/i.test(system))
  );
}

function professionCodesIn(concepts: unknown): string[] {
  if (!Array.isArray(concepts)) return [];
  return (concepts as unknown[]).flatMap((concept) => {
    const codings = isRecord(concept) ? (concept as CodeableConcept).coding : undefined;
    return (Array.isArray(codings) ? codings : [])
      .filter((c) => isRecord(c) && isProfessionSystem(c.system) && typeof c.code === 'string')
      .map((c) => (c.code as string).trim())
      .filter((code) => code !== '');
  });
}

/**
 * The professions (TRE_G15 codes) the directory gives the practitioner with
 * this directory id: the exercice professionnel on the Practitioner
 * (`qualification`, as-dp-practitioner), then any a PractitionerRole carries
 * in its `code` (earlier versions of the API put it there). Several when the
 * person holds more than one profession; empty when the directory says none.
 */
export function professionCodesOf(
  resources: readonly FhirResource[],
  practitionerId: string,
): string[] {
  const practitioner = resources.find(
    (r): r is Practitioner => r.resourceType === 'Practitioner' && r.id === practitionerId,
  );
  const fromQualifications = professionCodesIn(
    (Array.isArray(practitioner?.qualification) ? practitioner.qualification : []).map((q) =>
      isRecord(q) ? q.code : undefined,
    ),
  );
  const fromRoles = resources
    .filter(
      (r): r is PractitionerRole =>
        r.resourceType === 'PractitionerRole' &&
        typeof r.practitioner?.reference === 'string' &&
        r.practitioner.reference.split('/').pop() === practitionerId,
    )
    .flatMap((role) => professionCodesIn(role.code));
  return [...new Set([...fromQualifications, ...fromRoles])];
}
