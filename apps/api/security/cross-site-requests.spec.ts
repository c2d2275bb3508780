import type { Request } from 'express';
import { DomainError } from '@app/domain';
import { apiOrigins, refuseCrossSiteRequests } from './cross-site-requests';

const OWN = 'https://acces-direct.cpts.example';

/** What the middleware passes on: nothing (let through) or its refusal. */
function judge(method: string, headers: Record<string, string>): DomainError | undefined {
  let passed: unknown = 'not called';
  refuseCrossSiteRequests([OWN])({ method, headers } as unknown as Request, {} as never, (e) => {
    passed = e;
  });
  if (passed === 'not called') throw new Error('next() was not called');
  return passed as DomainError | undefined;
}

const cookie = { cookie: 'acces_direct_session=abc' };

describe('cross-site requests', () => {
  it("is the public URL's origin, or the loopback listen address under each of its names", () => {
    expect(apiOrigins({ host: '0.0.0.0', port: 3000, publicUrl: `${OWN}/base/` })).toEqual([OWN]);
    expect(apiOrigins({ host: '127.0.0.1', port: 3000 })).toEqual([
      'http://127.0.0.1:3000',
      'http://localhost:3000',
      'http://[::1]:3000',
    ]);
  });

  it('lets through reads, and requests without the session cookie', () => {
    expect(judge('GET', { ...cookie, origin: 'https://evil.example' })).toBeUndefined();
    expect(judge('POST', { origin: 'https://evil.example' })).toBeUndefined();
    expect(judge('POST', { authorization: 'Bearer t' })).toBeUndefined();
  });

  it('lets through a change from the own origin, or from its Referer when Origin is absent', () => {
    expect(judge('POST', { ...cookie, origin: OWN })).toBeUndefined();
    expect(judge('DELETE', { ...cookie, referer: `${OWN}/docs` })).toBeUndefined();
  });

  it.each([
    ['another origin', { origin: 'https://evil.example' }],
    ['an opaque origin', { origin: 'null' }],
    ['no origin and no referer', {}],
    ['a foreign referer', { referer: 'https://evil.example/page' }],
    ['a malformed referer', { referer: 'not a url' }],
    ['Sec-Fetch-Site: cross-site', { origin: OWN, 'sec-fetch-site': 'cross-site' }],
  ])('refuses a change with the session cookie and %s', (_label, headers) => {
    const refusal = judge('PATCH', { ...cookie, ...headers });
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal?.code).toBe('forbidden');
  });
});
