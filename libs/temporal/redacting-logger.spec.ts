import { ApplicationFailure } from '@temporalio/common';
import { redacted } from './redacting-logger';

describe('redactingLogger', () => {
  it("keeps an error's kind and failure type, drops its message and stack", () => {
    const failure = ApplicationFailure.retryable(
      'mailbox is full: 552 5.2.2 <claire.martin@cabinet.mssante.fr>',
      'MssMAILBOX_FULL',
    );
    const cause = new Error('patient 279035121518989 has no DMP');
    const meta = redacted({
      activityType: 'sendToMedecinTraitant',
      attempt: 3,
      error: failure,
      failure: new Error('wrapper', { cause }),
    });
    expect(meta).toEqual({
      activityType: 'sendToMedecinTraitant',
      attempt: 3,
      error: { name: 'ApplicationFailure', type: 'MssMAILBOX_FULL' },
      failure: { name: 'Error', cause: { name: 'Error' } },
    });
    expect(JSON.stringify(meta)).not.toMatch(/mssante|279035121518989|at /);
  });
});
