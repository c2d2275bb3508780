/**
 * The bodies a level-1 ("non structuré") CDA may wrap for the DMP. The list is
 * the CI-SIS association ASS_A12 (TRE_R222 media type → TRE_A11 XDS
 * formatCode): a body is only fileable if the XDS metadata can name its
 * formatCode, so the formatCode sits here, beside the media type it comes from.
 *
 * image/gif is not in it. The DMP web form takes GIF files, but TRE_R222 and
 * JDV_J60 have no GIF entry, so a GIF document cannot be described in the
 * XDS metadata an LPS sends (see ../shared/domain/facts.md §1.5): it has to
 * be converted before filing.
 *
 * Both layers read it: the CDA builder for the nonXMLBody, the XDS metadata
 * writer for the formatCode (xds/format-code.ts).
 */
export interface UnstructuredBodyFormat {
  mediaType: string;
  /** XDS formatCode (TRE_A11-IheFormatCode). */
  formatCode: string;
  label: string;
}

export const UNSTRUCTURED_BODY_FORMATS: readonly UnstructuredBodyFormat[] = [
  { mediaType: 'application/pdf', formatCode: 'urn:ihe:iti:xds-sd:pdf:2008', label: 'PDF' },
  { mediaType: 'text/plain', formatCode: 'urn:ihe:iti:xds-sd:text:2008', label: 'plain text' },
  { mediaType: 'text/rtf', formatCode: 'urn:ihe:iti-fr:xds-sd:rtf:2010', label: 'RTF' },
  { mediaType: 'image/jpeg', formatCode: 'urn:ihe:iti-fr:xds-sd:jpeg:2010', label: 'JPEG' },
  { mediaType: 'image/tiff', formatCode: 'urn:ihe:iti-fr:xds-sd:tiff:2010', label: 'TIFF' },
];

/**
 * "Application/PDF; charset=…" → "application/pdf". Media types are
 * case-insensitive and may carry parameters; the CDA body names the bare
 * type, as TRE_R222 writes it.
 */
export function essentialMediaType(mediaType: string): string {
  return (mediaType.split(';')[0] ?? '').trim().toLowerCase();
}

export function unstructuredBodyFormat(mediaType: string): UnstructuredBodyFormat | undefined {
  return UNSTRUCTURED_BODY_FORMATS.find((f) => f.mediaType === mediaType);
}

/** Why a media type cannot be a level-1 body, for error messages. */
export function mediaTypeProblem(mediaType: string): string | undefined {
  if (unstructuredBodyFormat(mediaType)) return undefined;
  const accepted = UNSTRUCTURED_BODY_FORMATS.map((f) => f.mediaType).join(', ');
  if (mediaType === 'image/gif') {
    return `image/gif has no XDS formatCode (CI-SIS ASS_A12 / TRE_R222): convert the file to PDF, JPEG or TIFF before filing; the DMP takes ${accepted}`;
  }
  return `media type "${mediaType}" is not one the DMP takes in a level-1 CDA (${accepted})`;
}
