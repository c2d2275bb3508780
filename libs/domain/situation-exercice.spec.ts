import { accesDirectEligibility } from './acces-direct-eligibility';
import {
  type SituationExercice,
  longestPeriod,
  situationBlockingReason,
  situationProblems,
  situationReminderWindow,
  situationValidity,
} from './situation-exercice';

const situation = (overrides: Partial<SituationExercice> = {}): SituationExercice => ({
  structure: { kind: 'msp', name: 'MSP des Trois Rivières' },
  cadre: 'ambulatoire',
  salarie: false,
  period: { from: '2026-01-01', to: '2028-12-31' },
  ...overrides,
});

describe('situationProblems', () => {
  it('accepts a period of exactly three years', () => {
    expect(situationProblems(situation())).toEqual([]);
  });

  it('refuses a period longer than three years, naming its last possible day', () => {
    expect(
      situationProblems(situation({ period: { from: '2026-01-01', to: '2029-01-01' } })),
    ).toEqual([
      {
        field: 'period.to',
        problem: 'a situation of exercise lasts 3 years at most (last day 2028-12-31)',
      },
    ]);
  });

  it('counts a period starting on 29 February like a birthday', () => {
    expect(
      situationProblems(situation({ period: { from: '2028-02-29', to: '2031-02-28' } })),
    ).toEqual([]);
    expect(
      situationProblems(situation({ period: { from: '2028-02-29', to: '2031-03-01' } })),
    ).toHaveLength(1);
  });

  it('names each field at fault', () => {
    const problems = situationProblems({
      structure: { kind: 'clinique' as never, name: ' ' },
      cadre: 'partout' as never,
      salarie: false,
      period: { from: '2026-02-30', to: '2025-01-01' },
    });
    expect(problems.map((p) => p.field)).toEqual([
      'structure.kind',
      'structure.name',
      'cadre',
      'period.from',
    ]);
  });

  it('offers the longest period a declaration may cover', () => {
    expect(longestPeriod('2026-03-15')).toEqual({ from: '2026-03-15', to: '2029-03-14' });
    expect(situationProblems(situation({ period: longestPeriod('2026-03-15') }))).toEqual([]);
  });

  it('refuses an end before the start', () => {
    expect(
      situationProblems(situation({ period: { from: '2026-05-01', to: '2026-04-30' } })),
    ).toEqual([{ field: 'period.to', problem: 'must not be before period.from' }]);
  });
});

describe('situationValidity', () => {
  it('blocks until a situation is declared', () => {
    const validity = situationValidity(undefined, '2026-06-01');
    expect(validity).toEqual({ state: 'missing' });
    expect(situationBlockingReason(validity)).toMatch(/Renseignez votre situation d'exercice/);
  });

  it('is valid inside the period, and asks for renewal in its last 30 days without blocking', () => {
    expect(situationValidity(situation(), '2027-06-01')).toEqual({
      state: 'valid',
      until: '2028-12-31',
    });
    const expiring = situationValidity(situation(), '2028-12-10');
    expect(expiring).toEqual({ state: 'expiring', until: '2028-12-31', daysLeft: 21 });
    expect(situationBlockingReason(expiring)).toBeUndefined();
    expect(situationValidity(situation(), '2028-12-31')).toMatchObject({ daysLeft: 0 });
  });

  it('blocks the day after the period ends, saying when it ended', () => {
    const expired = situationValidity(situation(), '2029-01-01');
    expect(expired).toEqual({ state: 'expired', endedOn: '2028-12-31' });
    expect(situationBlockingReason(expired)).toBe(
      "Votre situation d'exercice a pris fin le 31/12/2028 : renouvelez-la pour continuer.",
    );
  });

  it('blocks before the period starts', () => {
    expect(situationBlockingReason(situationValidity(situation(), '2025-12-31'))).toMatch(
      /commence le 01\/01\/2026/,
    );
  });
});

describe('accesDirectEligibility', () => {
  const cpts = { id: 'cpts-1', name: 'CPTS des Trois Rivières', projetDeSanteAccesDirect: true };

  it.each(['msp', 'esp', 'centre_de_sante', 'etablissement_de_sante', 'essms'] as const)(
    'opens accès direct in a %s by default',
    (kind) => {
      expect(
        accesDirectEligibility(situation({ structure: { kind, name: 'x' } }), undefined),
      ).toEqual({ eligible: true, basis: kind });
    },
  );

  it('opens it to a cabinet only as an adherent of a CPTS whose projet de santé provides for it', () => {
    const cabinet = situation({
      structure: { kind: 'cabinet', name: 'Cabinet' },
      cptsId: 'cpts-1',
    });
    expect(accesDirectEligibility(cabinet, cpts)).toEqual({ eligible: true, basis: 'cpts' });
  });

  it('refuses a CPTS adherent when the projet de santé does not provide for it, and says so', () => {
    const cabinet = situation({
      structure: { kind: 'cabinet', name: 'Cabinet' },
      cptsId: 'cpts-1',
    });
    const answer = accesDirectEligibility(cabinet, { ...cpts, projetDeSanteAccesDirect: false });
    expect(answer.eligible).toBe(false);
    expect(!answer.eligible && answer.reason).toMatch(
      /projet de santé de la CPTS des Trois Rivières ne prévoit pas/,
    );
  });

  it('refuses a cabinet outside coordinated practice, and says where accès direct is open', () => {
    const answer = accesDirectEligibility(
      situation({ structure: { kind: 'cabinet', name: 'Cabinet' } }),
      cpts,
    );
    expect(answer.eligible).toBe(false);
    expect(!answer.eligible && answer.reason).toMatch(/hors exercice coordonné.*MSP, ESP/);
  });
});

describe('situationReminderWindow', () => {
  it('covers the days on which a situation is expiring', () => {
    const window = situationReminderWindow('2026-11-26');
    expect(window).toEqual({ from: '2026-11-26', to: '2026-12-25' });
    const at = (to: string) =>
      situationValidity(
        {
          structure: { kind: 'msp', name: 'MSP' },
          cadre: 'ambulatoire',
          salarie: false,
          period: { from: '2024-01-01', to },
        },
        '2026-11-26',
      ).state;
    expect(at(window.to)).toBe('expiring');
    expect(at('2026-12-26')).toBe('valid');
  });
});
