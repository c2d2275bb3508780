/** Shapes of the identifiers XDS carries, shared by the builders and checkSubmission. */

/**
 * An OID as XDS uniqueIds and sourceIds use it: dotted numbers without leading
 * zeros, 64 characters at most (ITI TF-3 §4.2.3.2.26).
 */
export function isOid(value: string): boolean {
  return value.length <= 64 && /^[0-2](\.(0|[1-9][0-9]*))+$/.test(value);
}

export function isUrnUuid(value: string): boolean {
  return /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export const isSha1Hex = (value: string): boolean => /^[0-9a-f]{40}$/i.test(value);

/** Comments (XDS Description) of the DMP form: 1000 characters at most (facts README). */
export const MAX_COMMENT_LENGTH = 1000;

/** Length in characters as a person counts them (code points, not UTF-16 units). */
export const characterCount = (value: string): number => [...value].length;
