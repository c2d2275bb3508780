import { DOMParser, type Element } from '@xmldom/xmldom';
import { INS_OIDS } from '../cda';

/**
 * What the sandbox compares between a received CDA and its XDS metadata. Read
 * from a document validateCda has already accepted, so the elements exist;
 * anything odd simply comes back undefined and fails the comparison.
 */
export interface CdaFacts {
  /** ClinicalDocument/id@root. */
  id: string | undefined;
  setId: string | undefined;
  versionNumber: number | undefined;
  /** ClinicalDocument/code@code and @codeSystem. */
  code: { code: string; codeSystem: string } | undefined;
  /** recordTarget/patientRole/id under an INS root. */
  patientIns: { matricule: string; oid: string } | undefined;
  /** relatedDocument[@typeCode=RPLC]/parentDocument/id@root. */
  replacedIds: string[];
}

const HL7 = 'urn:hl7-org:v3';
const INS_ROOTS: ReadonlySet<string> = new Set(Object.values(INS_OIDS));

function children(parent: Element, name: string): Element[] {
  return Array.from(parent.childNodes).filter(
    (node): node is Element =>
      node.nodeType === 1 &&
      (node as Element).namespaceURI === HL7 &&
      (node as Element).localName === name,
  );
}

function path(root: Element, ...names: string[]): Element[] {
  return names.reduce<Element[]>(
    (found, name) => found.flatMap((el) => children(el, name)),
    [root],
  );
}

function attribute(element: Element | undefined, name: string): string | undefined {
  return element?.hasAttribute(name) ? (element.getAttribute(name) ?? undefined) : undefined;
}

export function readCdaFacts(cda: Buffer): CdaFacts {
  const root = new DOMParser().parseFromString(cda.toString('utf8'), 'text/xml').documentElement;
  if (!root)
    return {
      id: undefined,
      setId: undefined,
      versionNumber: undefined,
      code: undefined,
      patientIns: undefined,
      replacedIds: [],
    };
  const code = path(root, 'code')[0];
  const version = Number(attribute(path(root, 'versionNumber')[0], 'value'));
  const insId = path(root, 'recordTarget', 'patientRole', 'id').find((id) =>
    INS_ROOTS.has(attribute(id, 'root') ?? ''),
  );
  return {
    id: attribute(path(root, 'id')[0], 'root'),
    setId: attribute(path(root, 'setId')[0], 'root'),
    versionNumber: Number.isInteger(version) ? version : undefined,
    code:
      code && attribute(code, 'code') !== undefined
        ? { code: attribute(code, 'code') ?? '', codeSystem: attribute(code, 'codeSystem') ?? '' }
        : undefined,
    patientIns: insId && {
      matricule: attribute(insId, 'extension') ?? '',
      oid: attribute(insId, 'root') ?? '',
    },
    replacedIds: children(root, 'relatedDocument')
      .filter((related) => attribute(related, 'typeCode') === 'RPLC')
      .flatMap((related) => path(related, 'parentDocument', 'id'))
      .map((id) => attribute(id, 'root') ?? ''),
  };
}
