import { DomainError } from './domain-error';
import { assertCptsPolicy, cptsPolicyProblems } from './cpts-policy';

const policy = {
  bilanInitialDueAfter: 'P30D',
  compteRenduDueAfter: 'P15D',
  reminderEvery: 'P7D',
  escalateAfterReminders: 2,
};

describe('CPTS policy', () => {
  it('accepts durations in days and a small number of reminders', () => {
    expect(cptsPolicyProblems(policy)).toEqual([]);
  });

  it('names every field at fault', () => {
    const problems = cptsPolicyProblems(
      {
        ...policy,
        reminderEvery: 'weekly',
        bilanInitialDueAfter: 'P1M',
        escalateAfterReminders: -1,
      },
      'policy',
    );
    expect(problems.map((p) => p.field).sort()).toEqual([
      'policy.bilanInitialDueAfter',
      'policy.escalateAfterReminders',
      'policy.reminderEvery',
    ]);
  });

  it('throws an invalid DomainError carrying the problems', () => {
    expect(() => assertCptsPolicy({ ...policy, escalateAfterReminders: 2.5 })).toThrow(DomainError);
  });
});
