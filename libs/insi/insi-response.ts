import type { Element } from '@xmldom/xmldom';
import { MalformedXmlError, parseSoapEnvelope, type SoapEnvelope } from '@app/dmp';
import { parseIns } from '@app/readers';
import { InsiError, type InsiFaultDetail } from './insi-errors';
import {
  FAULT_SUBCODES,
  INSI_NS,
  INSI_RETURN_CODES,
  type InsiFaultTemplate,
  type InsiReturnCode,
  REFUSED_ERROR_CODES,
  SOAP12_NS,
} from './insi-protocol';
import { fromInsiDate, toInsiDate } from './insi-traits';
import { childNamed, childText, childrenNamed, escapeXml } from './xml';

/**
 * INSi's answers, both ways: RESULTAT and faults written by the sandbox,
 * read by the client. The shape is the recorded one (insi-protocol.ts
 * sources): an envelope with a Body only, RESULTAT in the INSiResultat
 * namespace, faults sent with HTTP 500.
 */

/** One INS as INSi returns it: matricule (NIR or NIA, key included) and OID. */
export interface InsiInsRecord {
  matricule: string;
  oid: string;
  /** INSHISTO validity, AAAA-MM-JJ, when given. */
  from?: string;
  to?: string;
}

/** TIQ: the INS traits as the engine writes them (birth date AAAAMMJJ), a TraitsInput of @app/readers. */
export interface InsiTraits {
  birthFamilyName: string;
  /** ListePrenom: all birth first names, space-separated. */
  firstNames: string;
  birthDate: string;
  sex: string;
  birthPlaceCode?: string;
}

/**
 * What a search returns. Structurally an InsiAnswer of @app/readers, so it
 * goes straight into applyInsiAnswer; the extra fields (label, history,
 * firstName) are for the audit log and the practitioner.
 */
export type InsiSearchResult =
  | {
      code: '00';
      label: string;
      /** INSACTIF: the INS to use. */
      ins: { matricule: string; oid: string };
      traits: InsiTraits;
      /** TIQ/Prenom, when INSi gives it apart from the list. */
      firstName?: string;
      /** INSHISTO: the person's former INS, most often empty. */
      history: InsiInsRecord[];
    }
  | { code: '01'; label: string }
  | { code: '02'; label: string };

/** A search that found one identity. */
export type InsiFound = Extract<InsiSearchResult, { code: '00' }>;

// ---------------------------------------------------------------------------
// Writing (the sandbox's side)

export function buildResultEnvelope(result: InsiSearchResult): string {
  const cr = `<CR><CodeCR>${result.code}</CodeCR><LibelleCR>${escapeXml(result.label)}</LibelleCR></CR>`;
  let individu = '';
  if (result.code === '00') {
    const t = result.traits;
    const firstName = result.firstName ?? t.firstNames.split(' ')[0] ?? '';
    individu =
      `<INDIVIDU>` +
      insElement('INSACTIF', result.ins) +
      result.history.map((record) => insElement('INSHISTO', record)).join('') +
      `<TIQ>` +
      text('NomNaissance', t.birthFamilyName) +
      text('Prenom', firstName) +
      text('ListePrenom', t.firstNames) +
      text('Sexe', t.sex) +
      text('DateNaissance', toInsiDate(t.birthDate) ?? t.birthDate) +
      (t.birthPlaceCode ? text('LieuNaissance', t.birthPlaceCode) : '') +
      `</TIQ>` +
      `</INDIVIDU>`;
  }
  return soapBody(`<RESULTAT xmlns="${INSI_NS.resultat}">${cr}${individu}</RESULTAT>`);
}

/** A fault as INSi writes it, with the request's wsa:MessageID echoed in siram:Erreur/@messageID. */
export type InsiFaultSpec = InsiFaultTemplate & { messageId?: string };

export function buildFaultEnvelope(fault: InsiFaultSpec): string {
  const subcode = fault.subcode
    ? `<soap:Subcode><soap:Value>soap:${escapeXml(fault.subcode)}</soap:Value></soap:Subcode>`
    : '';
  const messageId = fault.messageId ? ` messageID="${escapeXml(fault.messageId)}"` : '';
  return soapBody(
    `<soap:Fault>` +
      `<soap:Code><soap:Value>soap:${fault.soapCode}</soap:Value>${subcode}</soap:Code>` +
      `<soap:Reason><soap:Text xml:lang="fr">${escapeXml(fault.reason)}</soap:Text></soap:Reason>` +
      `<soap:Detail><siram:Erreur xmlns:siram="${INSI_NS.siram}" code="${escapeXml(fault.errorCode)}"` +
      ` severite="${escapeXml(fault.severity)}"${messageId}>${escapeXml(fault.detail)}</siram:Erreur></soap:Detail>` +
      `</soap:Fault>`,
  );
}

function soapBody(content: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<soap:Envelope xmlns:soap="${SOAP12_NS}"><soap:Body>${content}</soap:Body></soap:Envelope>`
  );
}

function text(name: string, value: string): string {
  return `<${name}>${escapeXml(value)}</${name}>`;
}

function insElement(
  name: string,
  record: InsiInsRecord | { matricule: string; oid: string },
): string {
  const dates =
    'from' in record || 'to' in record
      ? (record.from ? text('DateDeb', record.from) : '') +
        (record.to ? text('DateFin', record.to) : '')
      : '';
  return (
    `<${name}><IdIndividu>` +
    text('NumIdentifiant', record.matricule.slice(0, 13)) +
    text('Cle', record.matricule.slice(13)) +
    `</IdIndividu>` +
    text('OID', record.oid) +
    dates +
    `</${name}>`
  );
}

// ---------------------------------------------------------------------------
// Reading (the client's side)

export interface InsiHttpAnswer {
  status: number;
  body: Buffer;
}

/**
 * Reads INSi's answer to one search: a RESULTAT becomes an InsiSearchResult,
 * a fault an InsiError classified by faultToInsiError, anything else an
 * InsiError too (UNAVAILABLE when it looks like a broken service, which may
 * recover; INVALID_RESPONSE when INSi answered something this client cannot
 * trust, which retrying will not change).
 */
export function readSearchAnswer(answer: InsiHttpAnswer, operation: string): InsiSearchResult {
  let soap: SoapEnvelope;
  try {
    soap = parseSoapEnvelope(answer.body.toString('utf8'));
  } catch (error) {
    if (error instanceof MalformedXmlError) {
      throw new InsiError(
        'UNAVAILABLE',
        `unreadable answer to ${operation} (HTTP ${answer.status})`,
        error.message,
      );
    }
    throw error;
  }
  if (soap.fault && soap.payload) throw faultToInsiError(readFault(soap, soap.payload), operation);
  if (answer.status < 200 || answer.status >= 300) {
    throw new InsiError('UNAVAILABLE', `answer to ${operation} came with HTTP ${answer.status}`);
  }
  const resultat = soap.payload;
  if (
    !resultat ||
    resultat.namespaceURI !== INSI_NS.resultat ||
    resultat.localName !== 'RESULTAT'
  ) {
    throw invalid(operation, `the Body holds ${resultat?.localName ?? 'nothing'}, not RESULTAT`);
  }
  return readResultat(resultat, operation);
}

function readResultat(resultat: Element, operation: string): InsiSearchResult {
  const ns = INSI_NS.resultat;
  const cr = childNamed(resultat, ns, 'CR');
  const code = cr ? childText(cr, ns, 'CodeCR') : undefined;
  if (!code || !(code in INSI_RETURN_CODES)) {
    throw invalid(operation, `CR/CodeCR is ${code === undefined ? 'missing' : `"${code}"`}`);
  }
  const returnCode = code as InsiReturnCode;
  const label = (cr && childText(cr, ns, 'LibelleCR')) || INSI_RETURN_CODES[returnCode];
  const individu = childNamed(resultat, ns, 'INDIVIDU');
  if (returnCode !== '00') {
    // Both mean "no INS": an identity attached to either would be a contradiction.
    if (individu) throw invalid(operation, `CodeCR ${returnCode} comes with an INDIVIDU`);
    return { code: returnCode, label };
  }
  if (!individu) throw invalid(operation, 'CodeCR 00 without INDIVIDU');
  const active = childNamed(individu, ns, 'INSACTIF');
  const tiq = childNamed(individu, ns, 'TIQ');
  if (!active || !tiq) throw invalid(operation, 'INDIVIDU lacks INSACTIF or TIQ');
  const ins = readIns(active, operation);
  const history = childrenNamed(individu, ns, 'INSHISTO').map((h) => readIns(h, operation));

  const birthFamilyName = childText(tiq, ns, 'NomNaissance');
  const firstName = childText(tiq, ns, 'Prenom');
  const firstNames = childText(tiq, ns, 'ListePrenom') || firstName;
  const sex = childText(tiq, ns, 'Sexe');
  const date = childText(tiq, ns, 'DateNaissance');
  const birthDate = date ? fromInsiDate(date) : undefined;
  const birthPlaceCode = childText(tiq, ns, 'LieuNaissance');
  if (!birthFamilyName || !firstNames || !sex || !birthDate) {
    throw invalid(
      operation,
      'TIQ lacks a strict trait (NomNaissance, ListePrenom, Sexe, DateNaissance AAAA-MM-JJ)',
    );
  }
  return {
    code: '00',
    label,
    ins: { matricule: ins.matricule, oid: ins.oid },
    traits: {
      birthFamilyName,
      firstNames,
      birthDate,
      sex,
      ...(birthPlaceCode ? { birthPlaceCode } : {}),
    },
    ...(firstName ? { firstName } : {}),
    history,
  };
}

/**
 * An IdentifiantNationalSante. Its children are read by name, not position:
 * a recorded CNDA answer puts DateDeb/DateFin before IdIndividu, against the
 * schema's order.
 */
function readIns(element: Element, operation: string): InsiInsRecord {
  const ns = INSI_NS.resultat;
  const id = childNamed(element, ns, 'IdIndividu');
  const num = id ? childText(id, ns, 'NumIdentifiant') : undefined;
  const cle = id ? childText(id, ns, 'Cle') : undefined;
  const oid = childText(element, ns, 'OID');
  if (!num || !cle || !oid)
    throw invalid(operation, `${element.localName ?? 'INS'} lacks NumIdentifiant, Cle or OID`);
  const parsed = parseIns({ matricule: `${num}${cle}`, oid });
  if (!parsed.ok) {
    throw invalid(
      operation,
      `${element.localName ?? 'INS'} is not an INS: ${parsed.problems.map((p) => p.problem).join('; ')}`,
    );
  }
  const from = childText(element, ns, 'DateDeb');
  const to = childText(element, ns, 'DateFin');
  return {
    matricule: parsed.ins.matricule,
    oid: parsed.ins.oid,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

function invalid(operation: string, what: string): InsiError {
  return new InsiError('INVALID_RESPONSE', `INSi's answer to ${operation} is unusable: ${what}`);
}

function readFault(soap: SoapEnvelope, faultElement: Element): InsiFaultDetail {
  const fault = soap.fault!;
  const detail = childNamed(faultElement, SOAP12_NS, 'Detail');
  const erreur = detail ? childNamed(detail, INSI_NS.siram, 'Erreur') : undefined;
  return {
    soapCode: fault.code,
    subcodes: fault.subcodes.map((subcode) => subcode.localName),
    ...(erreur?.getAttribute('code') ? { errorCode: erreur.getAttribute('code')! } : {}),
    ...(erreur?.getAttribute('severite') ? { severity: erreur.getAttribute('severite')! } : {}),
    reason: fault.reason,
    ...(erreur ? { detail: (erreur.textContent ?? '').trim() } : {}),
  };
}

/** WS-Security fault subcodes (WSS 1.1 §12): the caller was not accepted. */
const SECURITY_SUBCODES: ReadonlySet<string> = new Set([
  'InvalidSecurity',
  'InvalidSecurityToken',
  'FailedAuthentication',
  'FailedCheck',
  'SecurityTokenUnavailable',
]);

/**
 * What a fault means for the caller. siram_40 is "temporarily unavailable"
 * even when INSi sends it as a Sender fault, so subcodes come first; then
 * refusals of the software or structure; then the SOAP code: Receiver is
 * INSi's trouble (retry), Sender our request's (retrying will not help).
 * The fault's texts go into `reason`/`fault`, not into the message.
 */
export function faultToInsiError(fault: InsiFaultDetail, operation: string): InsiError {
  const codes = [fault.soapCode, ...fault.subcodes, fault.errorCode].filter(Boolean).join('/');
  const label = `INSi answered ${operation} with a SOAP fault (${codes})`;
  const reason = [fault.reason, fault.detail].filter(Boolean).join(' — ');
  const subcodes = new Set(fault.subcodes);
  const errorCode = fault.errorCode?.toLowerCase();
  if (FAULT_SUBCODES.unavailable.some((s) => subcodes.has(s))) {
    return new InsiError('UNAVAILABLE', `${label}: service temporarily unavailable`, reason, fault);
  }
  if (
    FAULT_SUBCODES.refused.some((s) => subcodes.has(s)) ||
    (errorCode !== undefined && (REFUSED_ERROR_CODES as readonly string[]).includes(errorCode)) ||
    fault.subcodes.some((s) => SECURITY_SUBCODES.has(s))
  ) {
    return new InsiError(
      'REFUSED',
      `${label}: access refused (check the software's authorisation number and that the certificate is named INSI-AUTO or INSI-MANU)`,
      reason,
      fault,
    );
  }
  if (fault.soapCode === 'Receiver') return new InsiError('UNAVAILABLE', label, reason, fault);
  return new InsiError('INVALID_REQUEST', `${label}: the request was refused`, reason, fault);
}
