import { DomainError } from '@app/domain';
import type { Directory } from '@app/persistence';
import { PscClient, PscError, PscIntrospection } from '@app/psc';
import type { EngineRuntime } from '../../shared/engine-runtime';
import { BearerTokens, REFUSAL_REMEMBERED_MS } from './bearer-tokens';
import type { UserAuditTrail } from './user-audit-trail';

/** PSC as far as introspection goes: answers what the test says, and counts the calls. */
function fakePsc(answer: () => PscIntrospection) {
  const calls: string[] = [];
  const psc = {
    introspect: async (token: string) => {
      calls.push(token);
      return answer();
    },
  } as unknown as PscClient;
  return { psc, calls };
}

function bearerTokens(psc: PscClient) {
  const runtime = { psc: { bearerClients: ['logiciel-metier'] } } as unknown as EngineRuntime;
  const directory = { practitionerByRpps: async () => undefined } as unknown as Directory;
  const trail = { record: async () => undefined } as unknown as UserAuditTrail;
  return new BearerTokens(psc, runtime, directory, trail);
}

describe('BearerTokens', () => {
  afterEach(() => jest.useRealTimers());

  it('refuses an unknown token from memory for a while instead of asking PSC each time', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-02T10:00:00Z') });
    const { psc, calls } = fakePsc(() => ({ active: false }));
    const tokens = bearerTokens(psc);

    for (let i = 0; i < 5; i++) {
      await expect(tokens.holder('made-up')).rejects.toThrow(/not active/);
    }
    expect(calls).toHaveLength(1);

    // Another made-up token is its own question.
    await expect(tokens.holder('another')).rejects.toThrow(DomainError);
    expect(calls).toHaveLength(2);

    // Once the refusal is forgotten, PSC is asked again (the token may have been a new one).
    jest.setSystemTime(Date.now() + REFUSAL_REMEMBERED_MS + 1);
    await expect(tokens.holder('made-up')).rejects.toThrow(/not active/);
    expect(calls).toHaveLength(3);
  });

  it("remembers the refusal of another application's token, and of one naming nobody", async () => {
    let answer: PscIntrospection = { active: true, clientId: 'autre-logiciel', subjectNameId: '8' };
    const { psc, calls } = fakePsc(() => answer);
    const tokens = bearerTokens(psc);
    await expect(tokens.holder('t1')).rejects.toThrow(/PSC_BEARER_CLIENTS/);
    await expect(tokens.holder('t1')).rejects.toThrow(/PSC_BEARER_CLIENTS/);
    answer = { active: true, clientId: 'logiciel-metier' };
    await expect(tokens.holder('t2')).rejects.toThrow(/SubjectNameID/);
    await expect(tokens.holder('t2')).rejects.toThrow(/SubjectNameID/);
    expect(calls).toEqual(['t1', 't2']);
  });

  it('does not remember PSC being unreachable: the next call asks again', async () => {
    let down = true;
    const { psc, calls } = fakePsc(() => {
      if (down) throw new PscError('PROVIDER_UNAVAILABLE', 'PSC is down');
      return { active: true, clientId: 'logiciel-metier', subjectNameId: '810000000101' };
    });
    const tokens = bearerTokens(psc);
    await expect(tokens.holder('t')).rejects.toMatchObject({ code: 'unavailable' });
    down = false;
    await expect(tokens.holder('t')).resolves.toMatchObject({ idNatPs: '810000000101' });
    expect(calls).toHaveLength(2);
  });
});
