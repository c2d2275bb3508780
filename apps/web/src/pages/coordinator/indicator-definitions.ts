import {
  INDICATOR_DEFINITIONS,
  type IndicatorDefinition,
} from '../../../../../libs/persistence/indicators/indicator-definitions';

/**
 * The indicators' definitions are the engine's own (the README's table, the
 * OpenAPI description and the annual report print the same list): a plain
 * data module of libs/persistence, bundled here as it is.
 */
export {
  COHORT_RULE,
  INDICATOR_DEFINITIONS,
  type IndicatorDefinition,
} from '../../../../../libs/persistence/indicators/indicator-definitions';

/** The definition of one figure, by its key in INDICATOR_DEFINITIONS (`duties.*.owed`…). */
export function definitionOf(key: string): IndicatorDefinition {
  const found = INDICATOR_DEFINITIONS.find((d) => d.key === key);
  if (!found) throw new Error(`no indicator definition for ${key}`);
  return found;
}
