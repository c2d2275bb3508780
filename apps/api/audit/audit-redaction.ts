import { CLINICAL_TEXT_HIDDEN } from '../pathways/clinical-text';

/**
 * An audit event's payload as a coordinator reads it when their CPTS has not
 * opened its clinical documents to them: the orthophoniste's free text
 * (document titles, referral and abandon reasons) replaced, as in their view
 * of the pathway (clinical-text.ts); everything else as recorded.
 */
export function auditPayloadWithoutClinicalText(
  type: string,
  payload: Record<string, unknown>,
): Record<string, unknown> {
  switch (type) {
    case 'document_received':
    case 'document_replaced':
      return { ...payload, document: hiding(payload.document, 'title') };
    case 'referred':
      return { ...payload, referral: hiding(payload.referral, 'reason') };
    case 'abandoned':
      return 'reason' in payload ? { ...payload, reason: CLINICAL_TEXT_HIDDEN } : payload;
    default:
      return payload;
  }
}

function hiding(value: unknown, field: string): unknown {
  if (value === null || typeof value !== 'object' || !(field in value)) return value;
  return { ...value, [field]: CLINICAL_TEXT_HIDDEN };
}
