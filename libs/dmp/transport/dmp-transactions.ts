import type { Element } from '@xmldom/xmldom';
import { isIsoDay, parisDay } from '@app/domain';
import { DmpError } from '../errors';
import type { DmpPatient } from '../model';
import type { TlsCredentials } from './https-client';
import { type SoapPoster, callSoap } from './soap-client';
import {
  MalformedXmlError,
  escapeXmlAttribute,
  escapeXmlText,
  isNamed,
  requiredChild,
  childNamed,
  textOf,
} from './xml';

/**
 * The DMP's own transactions that are not IHE XDS: TD0.2 (is there a DMP, and
 * may this practitioner use it?) and TD0.3 (add or remove the practitioner's
 * authorisation).
 *
 * PROVISIONAL: their real messages are specified in the DMP integration guide
 * for LPS (SEL-MP-037, "Service DMP intégré aux LPS"), which is not public.
 * Until it is available, the bodies below are our own design, in our own
 * namespace {@link DMP_TD_NAMESPACE}, carrying what the public sources
 * (devbox, DmpConnect-JS) say the transactions exchange. Everything that
 * depends on their wire form lives in this file: replace the build/parse
 * functions and the actions when the guide is at hand, and the callers (the
 * adapter, the sandbox) do not change.
 */

export const DMP_TD_NAMESPACE = 'urn:acces-direct:dmp:td:v1';

export const DMP_TD_ACTIONS = {
  /** TD0.2: test the DMP and the practitioner's authorisation. */
  testAuthorization: `${DMP_TD_NAMESPACE}:TD0.2`,
  /** TD0.3: add or remove the practitioner's authorisation. */
  updateAuthorization: `${DMP_TD_NAMESPACE}:TD0.3`,
} as const;

/** TD0.2 statuses as devbox exposes them. */
export type AuthorizationStatus = 'VALIDE' | 'EXPIRE' | 'INTERDIT' | 'NON_EXISTE';
const STATUSES: readonly AuthorizationStatus[] = ['VALIDE', 'EXPIRE', 'INTERDIT', 'NON_EXISTE'];

export type PatientIns = DmpPatient['ins'];

export interface TestAuthorizationRequest {
  patientIns: PatientIns;
}

export interface TestAuthorizationResponse {
  /** Whether the patient has a DMP (open): without one there is nothing to authorise or file. */
  dmpExists: boolean;
  /**
   * This practitioner's authorisation: VALIDE; EXPIRE, lapsed; INTERDIT, the
   * patient has forbidden this practitioner; NON_EXISTE, none was ever given
   * (facts.md §1.1: on EXPIRE or NON_EXISTE the LPS records one with TD0.3).
   */
  status: AuthorizationStatus;
  /** YYYY-MM-DD, when the practitioner was last authorised. */
  lastAuthorizationDate?: string;
  /** Whether the caller is the patient's "médecin traitant DMP". */
  treatingPhysician: boolean;
  /** Whether the patient's own web access (Mon espace santé) is open, when the DMP says. */
  patientWebAccessOpen?: boolean;
}

export type AuthorizationAction = 'ADD' | 'REMOVE';

export interface UpdateAuthorizationRequest {
  patientIns: PatientIns;
  action: AuthorizationAction;
}

/** A refusal is a SOAP fault; a response means it was done. */
export interface UpdateAuthorizationResponse {
  ok: true;
}

// ---------------------------------------------------------------------------
// Wire form (provisional, see above)

const TD = `xmlns:td="${DMP_TD_NAMESPACE}"`;

function insElement(ins: PatientIns): string {
  return `<td:PatientIns root="${escapeXmlAttribute(ins.oid)}" extension="${escapeXmlAttribute(ins.matricule)}"/>`;
}

export function buildTestAuthorizationRequest(request: TestAuthorizationRequest): string {
  return `<td:TestAuthorizationRequest ${TD}>${insElement(request.patientIns)}</td:TestAuthorizationRequest>`;
}

export function parseTestAuthorizationRequest(payload: Element): TestAuthorizationRequest {
  return { patientIns: readIns(payloadNamed(payload, 'TestAuthorizationRequest')) };
}

export function buildTestAuthorizationResponse(response: TestAuthorizationResponse): string {
  return (
    `<td:TestAuthorizationResponse ${TD}>` +
    `<td:DmpExists>${String(response.dmpExists)}</td:DmpExists>` +
    `<td:Status>${response.status}</td:Status>` +
    (response.lastAuthorizationDate
      ? `<td:LastAuthorizationDate>${escapeXmlText(response.lastAuthorizationDate)}</td:LastAuthorizationDate>`
      : '') +
    `<td:TreatingPhysician>${String(response.treatingPhysician)}</td:TreatingPhysician>` +
    (response.patientWebAccessOpen === undefined
      ? ''
      : `<td:PatientWebAccessOpen>${String(response.patientWebAccessOpen)}</td:PatientWebAccessOpen>`) +
    `</td:TestAuthorizationResponse>`
  );
}

export function parseTestAuthorizationResponse(payload: Element): TestAuthorizationResponse {
  const response = payloadNamed(payload, 'TestAuthorizationResponse');
  const status = textOf(requiredChild(response, DMP_TD_NAMESPACE, 'Status'));
  if (!STATUSES.includes(status as AuthorizationStatus)) {
    throw new MalformedXmlError(`unknown TD0.2 status "${status}"`);
  }
  const dateElement = childNamed(response, DMP_TD_NAMESPACE, 'LastAuthorizationDate');
  const lastAuthorizationDate = dateElement ? textOf(dateElement) : undefined;
  if (lastAuthorizationDate !== undefined && !isIsoDay(lastAuthorizationDate)) {
    throw new MalformedXmlError('LastAuthorizationDate is not a YYYY-MM-DD date');
  }
  const webAccess = childNamed(response, DMP_TD_NAMESPACE, 'PatientWebAccessOpen');
  return {
    dmpExists: readBoolean(requiredChild(response, DMP_TD_NAMESPACE, 'DmpExists')),
    status: status as AuthorizationStatus,
    ...(lastAuthorizationDate ? { lastAuthorizationDate } : {}),
    treatingPhysician: readBoolean(requiredChild(response, DMP_TD_NAMESPACE, 'TreatingPhysician')),
    ...(webAccess ? { patientWebAccessOpen: readBoolean(webAccess) } : {}),
  };
}

export function buildUpdateAuthorizationRequest(request: UpdateAuthorizationRequest): string {
  return (
    `<td:UpdateAuthorizationRequest ${TD}>${insElement(request.patientIns)}` +
    `<td:Action>${request.action}</td:Action></td:UpdateAuthorizationRequest>`
  );
}

export function parseUpdateAuthorizationRequest(payload: Element): UpdateAuthorizationRequest {
  const request = payloadNamed(payload, 'UpdateAuthorizationRequest');
  const action = textOf(requiredChild(request, DMP_TD_NAMESPACE, 'Action'));
  if (action !== 'ADD' && action !== 'REMOVE') {
    throw new MalformedXmlError(`TD0.3 action must be ADD or REMOVE, not "${action}"`);
  }
  return { patientIns: readIns(request), action };
}

export function buildUpdateAuthorizationResponse(_response: UpdateAuthorizationResponse): string {
  return `<td:UpdateAuthorizationResponse ${TD}><td:Result>OK</td:Result></td:UpdateAuthorizationResponse>`;
}

export function parseUpdateAuthorizationResponse(payload: Element): UpdateAuthorizationResponse {
  const result = textOf(
    requiredChild(payloadNamed(payload, 'UpdateAuthorizationResponse'), DMP_TD_NAMESPACE, 'Result'),
  );
  if (result !== 'OK') throw new MalformedXmlError(`TD0.3 result "${result}" is not OK`);
  return { ok: true };
}

function payloadNamed(payload: Element, localName: string): Element {
  if (!isNamed(payload, DMP_TD_NAMESPACE, localName)) {
    throw new MalformedXmlError(`expected td:${localName}, found ${payload.localName}`);
  }
  return payload;
}

function readIns(parent: Element): PatientIns {
  const ins = requiredChild(parent, DMP_TD_NAMESPACE, 'PatientIns');
  const oid = ins.getAttribute('root') ?? '';
  const matricule = ins.getAttribute('extension') ?? '';
  if (!/^[0-9]+(\.[0-9]+)+$/.test(oid) || !matricule) {
    throw new MalformedXmlError('PatientIns needs an OID root and a matricule extension');
  }
  return { matricule, oid };
}

function readBoolean(element: Element): boolean {
  const value = textOf(element);
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new MalformedXmlError(`${element.localName} is not a boolean`);
}

// ---------------------------------------------------------------------------
// What TD0.2 means for a filing

export interface AuthorizationPolicy {
  /**
   * An authorisation older than this is treated as expired (6 months: the
   * renewal practitioners are taught; the DMP's own duration is unconfirmed).
   */
  maxAgeMonths: number;
  now?: Date;
}

export const DEFAULT_AUTHORIZATION_POLICY: AuthorizationPolicy = { maxAgeMonths: 6 };

/** Why the practitioner may not file in this DMP now, or undefined when they may. */
export function authorizationProblem(
  response: TestAuthorizationResponse,
  policy: AuthorizationPolicy = DEFAULT_AUTHORIZATION_POLICY,
): DmpError | undefined {
  if (!response.dmpExists) return new DmpError('NO_DMP', 'the patient has no DMP (TD0.2)');
  switch (response.status) {
    case 'INTERDIT':
      return new DmpError(
        'AUTHORIZATION_FORBIDDEN',
        'the patient has forbidden this practitioner access to the DMP (TD0.2 INTERDIT)',
      );
    case 'EXPIRE':
      return new DmpError(
        'AUTHORIZATION_EXPIRED',
        "the practitioner's authorisation has expired (TD0.2 EXPIRE)",
      );
    case 'NON_EXISTE':
      return new DmpError(
        'AUTHORIZATION_MISSING',
        'the practitioner has no authorisation on this DMP (TD0.2 NON_EXISTE)',
      );
    case 'VALIDE': {
      const last = response.lastAuthorizationDate;
      // Without a date the DMP's VALIDE is all there is to go by.
      if (!last) return undefined;
      const limit = addMonths(last, policy.maxAgeMonths);
      if (parisDay(policy.now ?? new Date()) > limit) {
        return new DmpError(
          'AUTHORIZATION_EXPIRED',
          `the practitioner's last authorisation (${last}) is older than ${policy.maxAgeMonths} months`,
        );
      }
      return undefined;
    }
  }
}

/** The same calendar day `months` later, clamped to the month's end (31 August + 6 → 28/29 February). */
/**
 * The day by which the practitioner must ask the patient again (the last
 * authorisation plus the policy's months), or undefined without a date.
 */
export function authorizationRenewalDay(
  lastAuthorizationDate: string | undefined,
  policy: AuthorizationPolicy = DEFAULT_AUTHORIZATION_POLICY,
): string | undefined {
  return lastAuthorizationDate ? addMonths(lastAuthorizationDate, policy.maxAgeMonths) : undefined;
}

export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(date, lastDay));
  return target.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------
// Calls

export interface DmpCallContext {
  /** The endpoint of the transaction (DMP URLs come from the non-public guide: configuration). */
  url: string;
  /** Signed VIHF naming this patient. */
  vihf: string;
  tls: TlsCredentials;
  timeoutMs: number;
  post?: SoapPoster;
}

export async function testAuthorization(
  context: DmpCallContext,
  request: TestAuthorizationRequest,
): Promise<TestAuthorizationResponse> {
  const answer = await callSoap(
    {
      url: context.url,
      action: DMP_TD_ACTIONS.testAuthorization,
      bodyXml: buildTestAuthorizationRequest(request),
      vihf: context.vihf,
      tls: context.tls,
      timeoutMs: context.timeoutMs,
    },
    context.post,
  );
  return readAnswer(answer.envelope.payload, parseTestAuthorizationResponse, 'TD0.2');
}

export async function updateAuthorization(
  context: DmpCallContext,
  request: UpdateAuthorizationRequest,
): Promise<UpdateAuthorizationResponse> {
  const answer = await callSoap(
    {
      url: context.url,
      action: DMP_TD_ACTIONS.updateAuthorization,
      bodyXml: buildUpdateAuthorizationRequest(request),
      vihf: context.vihf,
      tls: context.tls,
      timeoutMs: context.timeoutMs,
    },
    context.post,
  );
  return readAnswer(answer.envelope.payload, parseUpdateAuthorizationResponse, 'TD0.3');
}

function readAnswer<T>(
  payload: Element | undefined,
  parse: (payload: Element) => T,
  what: string,
): T {
  try {
    if (!payload) throw new MalformedXmlError('empty Body');
    return parse(payload);
  } catch (error) {
    if (error instanceof MalformedXmlError) {
      throw new DmpError('UNAVAILABLE', `unexpected ${what} answer`, error.message);
    }
    throw error;
  }
}
