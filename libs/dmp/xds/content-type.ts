import type { CodedValue } from '../model';
import type { ValueSets } from '../value-sets';
import { XDS_VALUE_SETS } from './value-set-names';

/**
 * The submission set's contentTypeCode (JDV_J59), the kind of activity the
 * filing comes from. No ANS text says which code an ambulatory consultation by
 * an auxiliaire médical takes; the one mapping ANS publishes (HL7 v2 → XDS,
 * IG-hl7v2-volet-transmission-document-cda-r2, mapping.md) sends an outpatient
 * encounter (PV1-2 = O) to 07. So 07 (TRE_R209 "Consultations soins externes")
 * is the default, and every call may choose another J59 code (e.g. 19
 * "Traitement et cure ambulatoire", or the structure's secteur d'activité such
 * as SA07) once the DMP guide or the CNDA says otherwise.
 */
export const DEFAULT_CONTENT_TYPE_CODE = '07';

export function contentTypeCodeFor(code: string | undefined, valueSets: ValueSets): CodedValue {
  return valueSets.concept(XDS_VALUE_SETS.contentTypeCode, code ?? DEFAULT_CONTENT_TYPE_CODE);
}
