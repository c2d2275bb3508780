import { isDatabaseOutage, outageOf } from './outages';

describe('outages', () => {
  it.each([
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.3:5432'), { code: 'ECONNREFUSED' }),
    ],
    ['the pool giving up', new Error('timeout exceeded when trying to connect')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    [
      'the statement timeout',
      { name: 'QueryFailedError', message: 'canceling statement', driverError: { code: '57014' } },
    ],
    ['a server shutting down', { code: '57P01', message: 'terminating connection' }],
    ['a connection exception', { code: '08006', message: 'connection failure' }],
  ])(
    'takes %s for PostgreSQL out of reach: a 503 that does not repeat the driver',
    (_label, error) => {
      expect(isDatabaseOutage(error)).toBe(true);
      const outage = outageOf(error);
      expect(outage).toMatchObject({ code: 'unavailable', retryAfterSeconds: 5 });
      expect(outage?.message).not.toMatch(/10\.0\.0\.3|ECONNREFUSED/);
    },
  );

  it('leaves other errors alone', () => {
    expect(outageOf(new Error('boom'))).toBeUndefined();
    expect(outageOf({ code: '23505', message: 'duplicate key' })).toBeUndefined();
  });
});
