import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INDICATOR_DEFINITIONS } from './indicator-definitions';
import { ADDITIVE_MEASURES, HOLISTIC_MEASURES, figuresOf } from './indicator-sql';

describe('indicator measures', () => {
  it('gives zeros and no delay for a group without pathways (an empty month)', () => {
    const empty = figuresOf();
    expect(empty.pathways).toEqual({ opened: 0, active: 0, completed: 0, abandoned: 0 });
    expect(empty.duties.bilanInitial.daysOverdue).toEqual({ total: 0, max: null, median: null });
    expect(empty.delays.openingToBilanInitial).toEqual({
      count: 0,
      medianDays: null,
      p90Days: null,
    });
    expect(empty.sharing.compteRendu.mss.skipped).toEqual({
      no_medecin_traitant: 0,
      no_mss_address: 0,
      address_refused: 0,
    });
  });

  it('reads PostgreSQL values: bigint as text, quantiles as an array, rounded to 1/100,000 of a day (under a second)', () => {
    const figures = figuresOf({
      opened: '12',
      'bilan_initial.onTime': '7',
      'openingToBilanInitial.count': '5',
      'openingToBilanInitial.quantiles': [20.0000004, 40.1234567],
    });
    expect(figures.pathways.opened).toBe(12);
    expect(figures.duties.bilanInitial.receivedOnTime).toBe(7);
    expect(figures.delays.openingToBilanInitial).toEqual({
      count: 5,
      medianDays: 20,
      p90Days: 40.12346,
    });
  });

  it('has no measure in both kinds: a figure is rolled up or computed over pathways, not both', () => {
    const additive = Object.keys(ADDITIVE_MEASURES);
    expect(Object.keys(HOLISTIC_MEASURES).filter((name) => additive.includes(name))).toEqual([]);
  });

  it('defines in the README every indicator it defines in the OpenAPI document', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    for (const definition of INDICATOR_DEFINITIONS) {
      expect(readme).toContain(`\`${definition.key}\``);
    }
  });
});
