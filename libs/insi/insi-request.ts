import { randomUUID } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { MalformedXmlError, parseSoapEnvelope, type SoapEnvelope } from '@app/dmp';
import {
  CONTEXTE_BAM,
  CONTEXTE_LPS,
  INSI_NS,
  INSI_OPERATIONS,
  type InsiOperation,
  type InsiOperationName,
  MESSAGE_ID_PREFIX,
  RECVITALE_FIELDS,
  SOAP12_NS,
  WSA_NS,
  lpsName,
} from './insi-protocol';
import {
  type InsiMatricule,
  type RecSansVitale,
  toInsiDate,
  toInsiMatricule,
  toInsiName,
  toRecSansVitale,
} from './insi-traits';
import { childElements, childNamed, childText, escapeXml, textOf } from './xml';

/**
 * The request messages of the INSi téléservice, both ways: built by the
 * client, read and checked by the sandbox. One SOAP 1.2 envelope whose
 * header holds ContexteBAM, ContexteLPS, wsa:Action and wsa:MessageID, and
 * whose body holds RECSANSVITALE or RECVITALE (insi-protocol.ts for sources).
 */

/** The software, as declared to the CNAM when it was authorised (CNDA). */
export interface InsiSoftware {
  /** Numéro d'autorisation (IDAM) given by the CNDA. */
  idam: string;
  name: string;
  version: string;
  /** A UUID for this installation (LPS/Instance). */
  instanceId: string;
}

export interface InsiRequestContext {
  /** Emetteur of both contexts: the structure's idNat_Struct (its certificate's OU). */
  emitter: string;
  software: InsiSoftware;
}

export interface InsiRequestOptions {
  /** "uuid:…"; a new one by default. */
  messageId?: string;
  now?: Date;
  /** Ids of ContexteBAM and ContexteLPS; new UUIDs by default. */
  newId?: () => string;
}

export interface InsiRequest {
  operation: InsiOperation;
  messageId: string;
  xml: string;
}

/** RECVITALE's content (insi-protocol RECVITALE_FIELDS tells how a card key fills it). */
export interface RecVitale {
  MatriculeIndividu?: InsiMatricule;
  MatriculeOD: InsiMatricule;
  NomNaissance?: string;
  DateNaissance: string;
  RangNaissance?: string;
}

/** What selects one beneficiary of a Vitale card: readers' InsiCardKey, plus what the card may add. */
export interface InsiVitaleKey {
  /** The card's NIR, 15 characters: the holder's (ouvrant droit), not necessarily the patient's. */
  nir: string;
  /** AAAAMMJJ or AAAA-MM-JJ, lunar dates included. */
  birthDate: string;
  /** Rang gémellaire, "1" by default. */
  twinRank: string;
  /** The beneficiary's own NIR, when the card has it (NIRCertifie). */
  beneficiaryNir?: string;
  birthFamilyName?: string;
}

export function newMessageId(): string {
  return `${MESSAGE_ID_PREFIX}${randomUUID()}`;
}

export function buildSearchByTraitsRequest(
  body: RecSansVitale,
  context: InsiRequestContext,
  options: InsiRequestOptions = {},
): InsiRequest {
  const p = 'insi_recsans_ins';
  const xml =
    `<${p}:RECSANSVITALE xmlns:${p}="${INSI_NS.recSans}">` +
    element(p, 'NomNaissance', body.NomNaissance) +
    element(p, 'Prenom', body.Prenom) +
    element(p, 'Sexe', body.Sexe) +
    element(p, 'DateNaissance', body.DateNaissance) +
    (body.LieuNaissance !== undefined ? element(p, 'LieuNaissance', body.LieuNaissance) : '') +
    `</${p}:RECSANSVITALE>`;
  return envelope(INSI_OPERATIONS.searchByTraits, xml, context, options);
}

export function buildSearchByVitaleRequest(
  body: RecVitale,
  context: InsiRequestContext,
  options: InsiRequestOptions = {},
): InsiRequest {
  const p = 'insi_recvit_ins';
  const matricule = (name: string, value: InsiMatricule | undefined): string =>
    value
      ? `<${p}:${name}>` +
        element(p, 'NumIdentifiant', value.NumIdentifiant) +
        element(p, 'Cle', value.Cle) +
        `</${p}:${name}>`
      : '';
  const xml =
    `<${p}:RECVITALE xmlns:${p}="${INSI_NS.recVit}">` +
    matricule('MatriculeIndividu', body.MatriculeIndividu) +
    matricule('MatriculeOD', body.MatriculeOD) +
    (body.NomNaissance !== undefined ? element(p, 'NomNaissance', body.NomNaissance) : '') +
    element(p, 'DateNaissance', body.DateNaissance) +
    (body.RangNaissance !== undefined ? element(p, 'RangNaissance', body.RangNaissance) : '') +
    `</${p}:RECVITALE>`;
  return envelope(INSI_OPERATIONS.searchByVitale, xml, context, options);
}

export type RecVitaleResult = { ok: true; request: RecVitale } | { ok: false; problems: string[] };

/** A card key as RECVITALE's content, following RECVITALE_FIELDS. */
export function toRecVitale(key: InsiVitaleKey): RecVitaleResult {
  const problems: string[] = [];
  const holder = toInsiMatricule(key.nir);
  if (!holder)
    problems.push(
      `${RECVITALE_FIELDS.holderNir}: "${key.nir}" is not a 15-character NIR with a right key`,
    );
  const beneficiary = key.beneficiaryNir ? toInsiMatricule(key.beneficiaryNir) : undefined;
  if (key.beneficiaryNir && !beneficiary) {
    problems.push(
      `${RECVITALE_FIELDS.beneficiaryNir}: "${key.beneficiaryNir}" is not a 15-character NIR with a right key`,
    );
  }
  const date = toInsiDate(key.birthDate);
  if (!date) problems.push(`${RECVITALE_FIELDS.birthDate}: "${key.birthDate}" is not AAAAMMJJ`);
  const rank = key.twinRank.trim() || '1';
  if (!/^\d$/.test(rank))
    problems.push(`${RECVITALE_FIELDS.twinRank}: "${key.twinRank}" is not one digit`);
  const name = key.birthFamilyName ? toInsiName(key.birthFamilyName) : undefined;
  if (key.birthFamilyName && !name) {
    problems.push(
      `${RECVITALE_FIELDS.birthFamilyName}: "${key.birthFamilyName}" has characters INSi does not take`,
    );
  }
  if (problems.length > 0 || !holder || !date) return { ok: false, problems };
  return {
    ok: true,
    request: {
      ...(beneficiary ? { MatriculeIndividu: beneficiary } : {}),
      MatriculeOD: holder,
      ...(name ? { NomNaissance: name } : {}),
      DateNaissance: date,
      RangNaissance: rank,
    },
  };
}

function element(prefix: string, name: string, value: string): string {
  return `<${prefix}:${name}>${escapeXml(value)}</${prefix}:${name}>`;
}

function envelope(
  operation: InsiOperation,
  bodyXml: string,
  context: InsiRequestContext,
  options: InsiRequestOptions,
): InsiRequest {
  const messageId = options.messageId ?? newMessageId();
  const newId = options.newId ?? randomUUID;
  const temps = (options.now ?? new Date()).toISOString();
  const { software } = context;
  // No wsse:Security: the structure certificate authenticates the call (SEND_WSSE_SECURITY_WITH_CERTIFICATE).
  const header =
    `<ctxbam:ContexteBAM xmlns:ctxbam="${INSI_NS.ctxbam}" Version="${CONTEXTE_BAM.version}">` +
    element('ctxbam', 'Id', newId()) +
    element('ctxbam', 'Temps', temps) +
    element('ctxbam', 'Emetteur', context.emitter) +
    // Required by the schema; empty for both searches (insi-protocol RECVITALE_FIELDS).
    `<ctxbam:COUVERTURE/>` +
    `</ctxbam:ContexteBAM>` +
    `<ctxlps:ContexteLPS xmlns:ctxlps="${INSI_NS.ctxlps}" Nature="${CONTEXTE_LPS.nature}" Version="${CONTEXTE_LPS.version}">` +
    element('ctxlps', 'Id', newId()) +
    element('ctxlps', 'Temps', temps) +
    element('ctxlps', 'Emetteur', context.emitter) +
    `<ctxlps:LPS>` +
    `<ctxlps:IDAM R="${CONTEXTE_LPS.idamR}">${escapeXml(software.idam)}</ctxlps:IDAM>` +
    element('ctxlps', 'Version', software.version) +
    element('ctxlps', 'Instance', software.instanceId) +
    element('ctxlps', 'Nom', lpsName(software.name, software.version)) +
    `</ctxlps:LPS>` +
    `</ctxlps:ContexteLPS>` +
    element('wsa', 'Action', operation.action) +
    element('wsa', 'MessageID', messageId);
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<soap:Envelope xmlns:soap="${SOAP12_NS}" xmlns:wsa="${WSA_NS}">` +
    `<soap:Header>${header}</soap:Header>` +
    `<soap:Body>${bodyXml}</soap:Body>` +
    `</soap:Envelope>`;
  return { operation, messageId, xml };
}

// ---------------------------------------------------------------------------
// Reading (the sandbox's side)

/** A request INSi would refuse; `problems` names each fault. */
export class InsiRequestError extends Error {
  constructor(
    readonly problems: string[],
    /** The request's wsa:MessageID, when it could be read (echoed in the fault). */
    readonly messageId?: string,
  ) {
    super(`invalid INSi request: ${problems.join('; ')}`);
    this.name = 'InsiRequestError';
  }
}

export interface ParsedInsiRequest {
  operation: InsiOperationName;
  messageId: string;
  emitter?: string;
  software: { idam: string; name?: string; version?: string; instance?: string };
  body: { kind: 'traits'; traits: RecSansVitale } | { kind: 'vitale'; card: RecVitale };
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/;

/**
 * Reads a request and checks it as INSi's schemas define it: SOAP 1.2, the
 * four header blocks, the body element the action names, its children in
 * schema order with the formats of insi-protocol (names in INSi's form,
 * AAAA-MM-JJ, M/F, COG). Throws InsiRequestError with every problem found.
 */
export function parseInsiRequest(xml: string): ParsedInsiRequest {
  let soap: SoapEnvelope;
  try {
    soap = parseSoapEnvelope(xml);
  } catch (error) {
    if (error instanceof MalformedXmlError) throw new InsiRequestError([error.message]);
    throw error;
  }
  const problems: string[] = [];
  const header = soap.header;
  if (!header) throw new InsiRequestError(['the envelope has no Header']);

  const messageId = childText(header, WSA_NS, 'MessageID');
  if (!messageId) problems.push('wsa:MessageID is missing');
  const action = childText(header, WSA_NS, 'Action');
  const entry = Object.entries(INSI_OPERATIONS).find(([, op]) => op.action === action);
  if (!action) problems.push('wsa:Action is missing');
  else if (!entry) problems.push(`wsa:Action "${action}" is not an operation of ICIRService`);

  const bam = childNamed(header, INSI_NS.ctxbam, 'ContexteBAM');
  if (!bam) problems.push('ctxbam:ContexteBAM is missing');
  else checkContext(bam, INSI_NS.ctxbam, 'ContexteBAM', CONTEXTE_BAM.nature, problems);
  if (bam && !childNamed(bam, INSI_NS.ctxbam, 'COUVERTURE')) {
    problems.push('ContexteBAM has no COUVERTURE (required by the schema)');
  }

  const lps = childNamed(header, INSI_NS.ctxlps, 'ContexteLPS');
  let software: ParsedInsiRequest['software'] = { idam: '' };
  if (!lps) problems.push('ctxlps:ContexteLPS is missing');
  else {
    checkContext(lps, INSI_NS.ctxlps, 'ContexteLPS', CONTEXTE_LPS.nature, problems);
    const logiciel = childNamed(lps, INSI_NS.ctxlps, 'LPS');
    const idam = logiciel ? childNamed(logiciel, INSI_NS.ctxlps, 'IDAM') : undefined;
    if (!logiciel || !idam || !textOf(idam)) {
      problems.push('ContexteLPS/LPS/IDAM is missing: INSi authorises the software by it');
    } else {
      software = {
        idam: textOf(idam),
        name: childText(logiciel, INSI_NS.ctxlps, 'Nom'),
        version: childText(logiciel, INSI_NS.ctxlps, 'Version'),
        instance: childText(logiciel, INSI_NS.ctxlps, 'Instance'),
      };
    }
  }
  const emitter = lps ? childText(lps, INSI_NS.ctxlps, 'Emetteur') : undefined;

  if (!entry) throw new InsiRequestError(problems, messageId);
  const [operationName, operation] = entry as [InsiOperationName, InsiOperation];
  const payload = soap.payload;
  let body: ParsedInsiRequest['body'] | undefined;
  if (!payload) problems.push('the Body is empty');
  else if (
    payload.namespaceURI !== operation.requestNamespace ||
    payload.localName !== operation.requestElement
  ) {
    problems.push(
      `the Body holds {${payload.namespaceURI ?? ''}}${payload.localName ?? ''}, ${operation.name} takes {${operation.requestNamespace}}${operation.requestElement}`,
    );
  } else if (operationName === 'searchByTraits') {
    const traits = readRecSansVitale(payload, problems);
    if (traits) body = { kind: 'traits', traits };
  } else {
    const card = readRecVitale(payload, problems);
    if (card) body = { kind: 'vitale', card };
  }
  if (problems.length > 0 || !messageId || !body) throw new InsiRequestError(problems, messageId);
  return { operation: operationName, messageId, ...(emitter ? { emitter } : {}), software, body };
}

function checkContext(
  context: Element,
  namespace: string,
  name: string,
  nature: string,
  problems: string[],
): void {
  if (!context.getAttribute('Version')) problems.push(`${name}/@Version is missing (required)`);
  const declared = context.getAttribute('Nature');
  if (declared && declared !== nature)
    problems.push(`${name}/@Nature is "${declared}", not ${nature}`);
  if (!childText(context, namespace, 'Id')) problems.push(`${name}/Id is missing`);
  const temps = childText(context, namespace, 'Temps');
  if (!temps) problems.push(`${name}/Temps is missing`);
  else if (!DATE_TIME.test(temps) || Number.isNaN(Date.parse(temps))) {
    problems.push(`${name}/Temps "${temps}" is not an xsd:dateTime`);
  }
}

/** The children of a body element, checked against the schema's sequence. */
function sequence(
  parent: Element,
  namespace: string,
  order: readonly string[],
  repeatable: readonly string[],
  problems: string[],
): Map<string, Element[]> {
  const found = new Map<string, Element[]>();
  let position = 0;
  for (const child of childElements(parent)) {
    const index = order.indexOf(child.localName ?? '');
    if (child.namespaceURI !== namespace || index < 0) {
      problems.push(
        `${parent.localName ?? ''} does not take {${child.namespaceURI ?? ''}}${child.localName ?? ''}`,
      );
      continue;
    }
    if (index < position)
      problems.push(
        `${parent.localName ?? ''}/${child.localName ?? ''} is out of the schema's order`,
      );
    const name = order[index];
    const list = found.get(name) ?? [];
    if (list.length > 0 && !repeatable.includes(name)) {
      problems.push(`${parent.localName ?? ''}/${name} appears more than once`);
    }
    list.push(child);
    found.set(name, list);
    position = index;
  }
  return found;
}

function readRecSansVitale(payload: Element, problems: string[]): RecSansVitale | undefined {
  const before = problems.length;
  const children = sequence(
    payload,
    INSI_NS.recSans,
    ['NomNaissance', 'Prenom', 'Sexe', 'DateNaissance', 'LieuNaissance'],
    ['Prenom'],
    problems,
  );
  const text = (name: string): string | undefined => {
    const element = children.get(name)?.[0];
    return element ? textOf(element) : undefined;
  };
  const prenoms = (children.get('Prenom') ?? []).map(textOf);
  const name = text('NomNaissance');
  const sexe = text('Sexe');
  const date = text('DateNaissance');
  const place = text('LieuNaissance');
  if (!name) problems.push('RECSANSVITALE/NomNaissance is required');
  if (prenoms.length === 0 || prenoms.some((p) => p === '')) {
    problems.push('RECSANSVITALE/Prenom is required and may not be empty');
  }
  if (!sexe) problems.push('RECSANSVITALE/Sexe is required');
  if (!date) problems.push('RECSANSVITALE/DateNaissance is required');
  if (problems.length > before || !name || !sexe || !date) return undefined;
  // The same check the client applies before sending: what INSi takes, verbatim.
  const checked = toRecSansVitale({
    birthFamilyName: name,
    firstNames: prenoms.join(' '),
    sex: sexe,
    birthDate: date,
    ...(place !== undefined ? { birthPlaceCode: place } : {}),
  });
  if (!checked.ok) {
    problems.push(...checked.problems.map((p) => `${p.field}: ${p.problem}`));
    return undefined;
  }
  const request = checked.request;
  const verbatim: [string, string | undefined, string | undefined][] = [
    ['NomNaissance', name, request.NomNaissance],
    ['Prenom', prenoms.join(' '), request.Prenom],
    ['Sexe', sexe, request.Sexe],
    ['DateNaissance', date, request.DateNaissance],
    ['LieuNaissance', place, request.LieuNaissance],
  ];
  for (const [field, received, expected] of verbatim) {
    if (received !== expected) {
      problems.push(
        `${field} "${received ?? ''}" is not in INSi's form (expected "${expected ?? ''}")`,
      );
    }
  }
  return problems.length > before ? undefined : request;
}

function readRecVitale(payload: Element, problems: string[]): RecVitale | undefined {
  const before = problems.length;
  const ns = INSI_NS.recVit;
  const children = sequence(
    payload,
    ns,
    ['MatriculeIndividu', 'MatriculeOD', 'NomNaissance', 'DateNaissance', 'RangNaissance'],
    [],
    problems,
  );
  const matricule = (name: string): InsiMatricule | undefined => {
    const element = children.get(name)?.[0];
    if (!element) return undefined;
    const num = childText(element, ns, 'NumIdentifiant') ?? '';
    const cle = childText(element, ns, 'Cle') ?? '';
    if (!toInsiMatricule(`${num}${cle}`) || num.length !== 13) {
      problems.push(
        `RECVITALE/${name} "${num}" + "${cle}" is not a NIR (13 characters) and its key`,
      );
      return undefined;
    }
    return { NumIdentifiant: num, Cle: cle };
  };
  const text = (name: string): string | undefined => {
    const element = children.get(name)?.[0];
    return element ? textOf(element) : undefined;
  };
  const od = matricule('MatriculeOD');
  const individu = matricule('MatriculeIndividu');
  if (!children.has('MatriculeOD'))
    problems.push("RECVITALE/MatriculeOD is required (the card's NIR)");
  const date = text('DateNaissance');
  if (!date) problems.push('RECVITALE/DateNaissance is required');
  else if (toInsiDate(date) !== date)
    problems.push(`RECVITALE/DateNaissance "${date}" is not AAAA-MM-JJ`);
  const rank = text('RangNaissance');
  if (rank !== undefined && !/^\d$/.test(rank))
    problems.push(`RECVITALE/RangNaissance "${rank}" is not one digit`);
  const name = text('NomNaissance');
  if (name !== undefined && toInsiName(name) !== name) {
    problems.push(`RECVITALE/NomNaissance "${name}" is not in INSi's form`);
  }
  if (problems.length > before || !od || !date) return undefined;
  return {
    ...(individu ? { MatriculeIndividu: individu } : {}),
    MatriculeOD: od,
    ...(name ? { NomNaissance: name } : {}),
    DateNaissance: date,
    ...(rank ? { RangNaissance: rank } : {}),
  };
}
