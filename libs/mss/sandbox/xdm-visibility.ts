import { VISIBILITY_CODE_SYSTEM } from '../../dmp/xds';
import { type MimeEntity, contentTypeOf, decodedBody, field, parseEntity, walk } from '../mime';
import { XDM_ATTACHMENT_NAME, XDM_PATHS, parseXdmMetadata, readZip } from '../xdm';

/**
 * An operator honouring the ANS rules does not hand a patient's mailbox a
 * document flagged INVISIBLE_PATIENT (facts.md §3.2, "règles de gestion
 * MSSanté"): the sandbox reads the IHE_XDM.ZIP of a message for a patient
 * and says why it must be refused. Only what it can read counts: a message
 * without an XDM, or with one it cannot open, is left alone — the sandbox
 * does not otherwise check XDM content.
 */

const INVISIBLE_PATIENT = 'INVISIBLE_PATIENT';

/** Why the message may not reach a patient's mailbox, or undefined. */
export function invisibleToPatientReason(raw: Buffer): string | undefined {
  for (const part of walk(parseEntity(raw))) {
    if (!isXdmAttachment(part)) continue;
    const metadataXml = readZipQuietly(decodedBody(part))?.get(XDM_PATHS.metadata);
    if (!metadataXml) continue;
    let entries;
    try {
      entries = parseXdmMetadata(metadataXml.toString('utf8')).documentEntries;
    } catch {
      continue;
    }
    const hidden = entries.some((entry) =>
      entry.confidentialityCodes.some(
        (code) => code.code === INVISIBLE_PATIENT && code.codeSystem === VISIBILITY_CODE_SYSTEM,
      ),
    );
    if (hidden) {
      return (
        `the document in ${XDM_ATTACHMENT_NAME} is not visible to the patient ` +
        `(confidentialityCode ${INVISIBLE_PATIENT}): it is never delivered to a patient mailbox`
      );
    }
  }
  return undefined;
}

/** A part named IHE_XDM.ZIP (Content-Disposition filename or Content-Type name), any case. */
function isXdmAttachment(part: MimeEntity): boolean {
  const names = [
    parameter(field(part.headers, 'content-disposition'), 'filename'),
    contentTypeOf(part).params.get('name'),
  ];
  return names.some((name) => name?.trim().toUpperCase() === XDM_ATTACHMENT_NAME);
}

/** A header parameter's value, quoted or not (the RFC 2231 `*` forms are not read). */
function parameter(value: string | undefined, name: string): string | undefined {
  for (const piece of (value ?? '').split(';').slice(1)) {
    const eq = piece.indexOf('=');
    if (eq === -1 || piece.slice(0, eq).trim().toLowerCase() !== name) continue;
    const raw = piece.slice(eq + 1).trim();
    return raw.startsWith('"') ? raw.slice(1, raw.lastIndexOf('"')) : raw;
  }
  return undefined;
}

function readZipQuietly(zip: Buffer): Map<string, Buffer> | undefined {
  try {
    return readZip(zip);
  } catch {
    return undefined;
  }
}
