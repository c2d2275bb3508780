/**
 * Names of the value sets of `conformance/complements/` (file names without
 * extension), next to the CI-SIS ones of VALUE_SETS. Each file says where its
 * codes come from.
 */
export const XDS_VALUE_SETS = {
  /** JDV_J57-ClassCode-DMP, TRE_A03-ClasseDocument codes (1.2.250.1.213.1.1.4.1). */
  classCode: 'JDV_J57_ClassCode_DMP',
  /** JDV_J59-ContentTypeCode-DMP, the submission set's contentTypeCode. */
  contentTypeCode: 'JDV_J59_ContentTypeCode_DMP',
  /** The formatCodes of a CDA with an unstructured body (part of JDV_J60, targets of ASS_A12). */
  formatCode: 'CPL_FormatCodeCorpsNonStructure_DMP',
} as const;

/**
 * ASS_X16 (typeCode → classCode), one value set per TRE_A03 class: the set of
 * class `c` lists the DMP typeCodes whose class is `c`.
 */
export const TYPE_CODES_OF_CLASS: Readonly<Record<string, string>> = Object.fromEntries(
  ['10', '11', '31', '42', '43', '44', '45', '52', '60', '90', '95'].map((classCode) => [
    classCode,
    `ASS_X16_TypeCodeClasse${classCode}_DMP`,
  ]),
);
