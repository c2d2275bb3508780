import { DmpError } from '../errors';
import type { CodedValue } from '../model';
import type { ValueSets } from '../value-sets';
import { TYPE_CODES_OF_CLASS, XDS_VALUE_SETS } from './value-set-names';

/**
 * The classCode of a typeCode, read from ASS_X16 (facts.md §1.5): the class
 * whose X16 set lists the typeCode. A typeCode in no X16 set is a CI-SIS type
 * the DMP does not take (X16 is restricted to JDV_J66), and is refused.
 */
export function classCodeFor(
  typeCode: Pick<CodedValue, 'code' | 'codeSystem'>,
  valueSets: ValueSets,
): CodedValue {
  for (const [classCode, setName] of Object.entries(TYPE_CODES_OF_CLASS)) {
    if (valueSets.has(setName, typeCode.code, typeCode.codeSystem)) {
      return valueSets.concept(XDS_VALUE_SETS.classCode, classCode);
    }
  }
  throw new DmpError(
    'VALUE_NOT_IN_VALUE_SET',
    `typeCode "${typeCode.code}" (${typeCode.codeSystem}) has no classCode in ASS_X16: the DMP does not accept this type`,
  );
}
