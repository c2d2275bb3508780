import type { Element } from '@xmldom/xmldom';
import { ERROR_SEVERITY, RESPONSE_STATUS } from './identifiers';
import { NS, namespaceDeclarations } from './namespaces';
import { element, type Xml } from './xml-writer';
import { attribute, child, children, parseRoot } from './xml-reader';

/**
 * rs:RegistryResponse (the answer to ITI-41, and the status part of the ITI-18
 * and ITI-43 answers) and its rs:RegistryErrorList.
 */

export type RegistryStatus = 'Success' | 'PartialSuccess' | 'Failure';
export type RegistrySeverity = 'Error' | 'Warning';

export interface RegistryError {
  /** XDS error code, e.g. XDSRegistryMetadataError. */
  errorCode: string;
  /** What went wrong, in the registry's words. */
  codeContext: string;
  severity: RegistrySeverity;
  /** Where (an object id, a document uniqueId…), when the registry says. */
  location?: string;
}

export interface RegistryResponse {
  status: RegistryStatus;
  errors: RegistryError[];
}

const STATUS_URN: Record<RegistryStatus, string> = {
  Success: RESPONSE_STATUS.success,
  PartialSuccess: RESPONSE_STATUS.partialSuccess,
  Failure: RESPONSE_STATUS.failure,
};

/** Short status of a status URN; unknown ones count as failures, never as success. */
export function statusOf(urn: string | undefined): RegistryStatus {
  const found = (Object.entries(STATUS_URN) as [RegistryStatus, string][]).find(
    ([, value]) => value === urn,
  );
  return found ? found[0] : 'Failure';
}

export const statusUrn = (status: RegistryStatus): string => STATUS_URN[status];

/** Failure as soon as one error is an Error; warnings alone leave it a Success. */
export function statusFor(errors: readonly RegistryError[]): RegistryStatus {
  return errors.some((e) => e.severity === 'Error') ? 'Failure' : 'Success';
}

export function registryErrorListXml(errors: readonly RegistryError[]): Xml | undefined {
  if (errors.length === 0) return undefined;
  const highest = errors.some((e) => e.severity === 'Error') ? 'Error' : 'Warning';
  return element(
    'rs:RegistryErrorList',
    { highestSeverity: severityUrn(highest) },
    errors.map((e) =>
      element('rs:RegistryError', {
        codeContext: e.codeContext,
        errorCode: e.errorCode,
        location: e.location,
        severity: severityUrn(e.severity),
      }),
    ),
  );
}

const severityUrn = (severity: RegistrySeverity): string =>
  severity === 'Error' ? ERROR_SEVERITY.error : ERROR_SEVERITY.warning;

export function readRegistryErrors(parent: Element): RegistryError[] {
  const list = child(parent, NS.rs, 'RegistryErrorList');
  if (!list) return [];
  return children(list, NS.rs, 'RegistryError').map((e) => ({
    errorCode: attribute(e, 'errorCode') ?? '',
    // Some registries put the text in the element rather than in codeContext.
    codeContext: attribute(e, 'codeContext') ?? (e.textContent ?? '').trim(),
    // ebRS makes Error the default severity.
    severity: attribute(e, 'severity') === ERROR_SEVERITY.warning ? 'Warning' : 'Error',
    location: attribute(e, 'location') || undefined,
  }));
}

/** rs:RegistryResponse element; `status` defaults to what the errors imply. */
export function registryResponseXml(
  errors: readonly RegistryError[],
  status: RegistryStatus = statusFor(errors),
  declareNamespace = false,
): Xml {
  return element(
    'rs:RegistryResponse',
    { ...(declareNamespace ? namespaceDeclarations('rs') : {}), status: statusUrn(status) },
    registryErrorListXml(errors),
  );
}

/** The answer to ITI-41 (sandbox side): Success without errors, Failure with any Error. */
export function buildRegistryResponse(options: { errors?: RegistryError[] } = {}): string {
  return registryResponseXml(options.errors ?? [], undefined, true);
}

/** Reads an rs:RegistryResponse (client side). */
export function parseRegistryResponse(xml: string): RegistryResponse {
  const root = parseRoot(xml, NS.rs, 'RegistryResponse', 'UNAVAILABLE');
  return readRegistryResponse(root);
}

export function readRegistryResponse(response: Element): RegistryResponse {
  return { status: statusOf(attribute(response, 'status')), errors: readRegistryErrors(response) };
}
