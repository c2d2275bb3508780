import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { DomainError } from '@app/domain';
import type { EngineRuntime } from '../../shared/engine-runtime';
import type { Principal } from '../auth/principal';
import { validationPipe } from '../common/validation';
import { AnnuaireLookup, annuaireClientProvider } from '../onboarding/annuaire-lookup';
import { DirectoryController } from './directory.controller';
import { PhysicianSearchQuery } from './physician-search.dto';

const ORTHOPHONISTE: Principal = {
  idNatPs: '810000000101',
  practitionerId: '6f1c1b1e-3a43-4a4e-9d7e-2b9c7a1f0e11',
  coordinatorOf: [],
  administrator: false,
};

/** The controller on a directory answered by `answer` (a fetch), recording what it was asked. */
function controllerWith(answer: (url: URL) => Response) {
  const asked: URL[] = [];
  const fetch = (async (input: string | URL | Request) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    asked.push(url);
    return answer(url);
  }) as typeof globalThis.fetch;
  const runtime = {
    mss: { directory: { baseUrl: 'https://annuaire.test/fhir/v2', apiKey: 'key', fetch } },
  } as unknown as EngineRuntime;
  const client = annuaireClientProvider.useFactory(runtime);
  return { controller: new DirectoryController(new AnnuaireLookup(client)), asked };
}

const bundle = (entry: unknown[]) =>
  new Response(JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry }), {
    headers: { 'Content-Type': 'application/fhir+json' },
  });

async function validated(query: Record<string, unknown>): Promise<PhysicianSearchQuery> {
  return (await validationPipe().transform(query, {
    type: 'query',
    metatype: PhysicianSearchQuery,
  })) as PhysicianSearchQuery;
}

async function problems(query: Record<string, unknown>) {
  const error = await validated(query).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BadRequestException);
  return (error as BadRequestException).getResponse() as {
    problems: { field: string; problem: string }[];
  };
}

describe('GET /directory/physicians', () => {
  it('takes a name (trimmed), a town and an RPPS; blank fields are no fields', async () => {
    await expect(validated({ name: '  Martin ', town: 'Saint-Médard' })).resolves.toMatchObject({
      name: 'Martin',
      town: 'Saint-Médard',
    });
    await expect(validated({ name: '', rpps: '99700000011' })).resolves.toMatchObject({
      name: undefined,
      rpps: '99700000011',
    });
  });

  it('refuses a search without name or RPPS, naming name, and a town alone', async () => {
    for (const query of [{}, { town: 'Bordeaux' }, { name: '   ' }]) {
      expect((await problems(query)).problems).toEqual([
        { field: 'name', problem: expect.stringMatching(/^must be given \(or rpps\)/) },
      ]);
    }
  });

  it('refuses malformed names, towns and RPPS, and unknown parameters', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ name: 'M' }, 'name', /at least 2 letters/],
      [{ name: 'MARTIN,DURAND' }, 'name', /letters, spaces, hyphens or apostrophes/],
      [{ name: 'X'.repeat(101) }, 'name', /at most 100 characters/],
      [{ name: ['MARTIN', 'DURAND'] }, 'name', /must be text/],
      [{ name: 'MARTIN', town: '33000' }, 'town', /town name/],
      [{ rpps: '1234' }, 'rpps', /11 digits/],
      [{ rpps: '899700000011' }, 'rpps', /11 digits/],
      [{ name: 'MARTIN', specialty: 'SM54' }, 'specialty', /should not exist/],
    ];
    for (const [query, field, problem] of cases) {
      const { problems: found } = await problems(query);
      expect(found).toEqual([{ field, problem: expect.stringMatching(problem) }]);
    }
  });

  it("answers the directory's physicians as items", async () => {
    const { controller, asked } = controllerWith(() => bundle([]));
    await expect(
      controller.physicians(await validated({ name: 'MARTIN', town: 'Libourne' }), ORTHOPHONISTE),
    ).resolves.toEqual({ items: [] });
    expect(asked[0].searchParams.get('family')).toBe('MARTIN');
  });

  it('is for practitioners only (403), before the directory is asked', async () => {
    const { controller, asked } = controllerWith(() => bundle([]));
    for (const principal of [
      { ...ORTHOPHONISTE, practitionerId: null, coordinatorOf: ['c1'] },
      { ...ORTHOPHONISTE, practitionerId: null, administrator: true },
    ]) {
      const error = await controller
        .physicians(await validated({ name: 'MARTIN' }), principal)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'forbidden' });
    }
    expect(asked).toHaveLength(0);
  });

  it('is a 503 with Retry-After when the Annuaire Santé cannot answer, without its own message', async () => {
    const { controller } = controllerWith(() => new Response('down', { status: 502 }));
    const error = await controller
      .physicians(await validated({ rpps: '99700000011' }), ORTHOPHONISTE)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'unavailable', retryAfterSeconds: 5 });
    expect((error as Error).message).not.toMatch(/annuaire\.test|502/);
  });
});
