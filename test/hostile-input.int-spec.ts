import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AuditLog } from '@app/persistence';
import {
  HTTP_METHODS,
  TEST_API_ORIGIN,
  TestEngine,
  TestReferences,
  administratorSession,
  openingBody,
  pdfBytes,
  seedReferences,
  startTestEngine,
  testRuntime,
  today,
} from './support/harness';

/** One operation of the OpenAPI document, with what its body is made of. */
interface Operation {
  method: (typeof HTTP_METHODS)[number];
  path: string;
  multipart: boolean;
  /** The top-level fields of its JSON or multipart body, if it has one. */
  fields: string[];
}

interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

/** A body as an attacker would send it: each must be refused with a 4xx, and change nothing. */
type Hostile = (req: request.Test, operation: Operation) => request.Test;

const json = (req: request.Test, raw: string) =>
  req.set('Content-Type', 'application/json').send(raw);

/** Each field of the operation (or a made-up one) set to `value`. */
const everyField = (operation: Operation, value: unknown) =>
  Object.fromEntries(
    (operation.fields.length > 0 ? operation.fields : ['x']).map((f) => [f, value]),
  );

const NESTED = 5_000;

const HOSTILE_BODIES: Record<string, Hostile> = {
  'malformed JSON': (req) => json(req, '{"cptsId": "'),
  'a JSON array for an object': (req) => json(req, '[1, 2, 3]'),
  'a bare JSON string': (req) => json(req, '"text"'),
  'objects where text is expected': (req, op) => req.send(everyField(op, { $ne: null })),
  'numbers and booleans for every field': (req, op) => req.send(everyField(op, 12.5e300)),
  'an oversized body (300 KB)': (req, op) => req.send(everyField(op, 'x'.repeat(300_000))),
  'NUL and other control characters': (req, op) => req.send(everyField(op, 'ab\u0000c\u001b[2J')),
  'a lone surrogate': (req, op) =>
    json(req, JSON.stringify(everyField(op, 'PLACEHOLDER')).replace(/PLACEHOLDER/g, '\\ud800')),
  'control characters in a field name': (req) => req.send({ 'na\u0000me': 'x' }),
  'a prototype key': (req) => json(req, '{"__proto__": {"administrator": true}, "x": 1}'),
  '5,000 nested arrays (10 KB)': (req) => json(req, '['.repeat(NESTED) + ']'.repeat(NESTED)),
  '5,000 nested objects': (req) => json(req, '{"a":'.repeat(NESTED) + '1' + '}'.repeat(NESTED)),
};

/** The same, for the multipart operations (document uploads): hostile fields beside a real file. */
const HOSTILE_UPLOADS: Record<string, Hostile> = {
  'a title with NUL': (req) =>
    req
      .attach('file', pdfBytes(), 'bilan.pdf')
      .field('title', 'Bilan\u0000')
      .field('documentDate', today()),
  'a file name with control characters': (req) =>
    req
      .attach('file', pdfBytes(), 'bi\u0000lan\u001b.pdf')
      .field('title', 'Bilan')
      .field('documentDate', today()),
  // (A lone surrogate cannot cross multipart: it reaches the server as U+FFFD, which is text.)
  'DEL and C1 control characters in the comment': (req) =>
    req
      .attach('file', pdfBytes(), 'bilan.pdf')
      .field('title', 'Bilan')
      .field('documentDate', today())
      .field('comment', 'a\u007fb\u0085c\u009bd'),
  'nested field names': (req) =>
    req
      .attach('file', pdfBytes(), 'bilan.pdf')
      .field('title[a][b][c]', 'Bilan')
      .field('documentDate', today()),
  'a JSON body instead of a form': (req) => req.send({ title: 'Bilan', documentDate: today() }),
  'a truncated multipart body': (req) =>
    req
      .set('Content-Type', 'multipart/form-data; boundary=XYZ')
      .send('--XYZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nBil'),
};

/** Path parameters a client can send instead of the ids the API expects. */
const HOSTILE_PARAMETERS = [
  'not-a-uuid',
  '%00',
  '%E0%A4%A',
  '%',
  'a'.repeat(5_000),
  '..%2F..%2Fetc%2Fpasswd',
  `${randomUUID()}%00`,
  '%F0%9F%92%A9',
  "1'%20OR%20'1'%3D'1",
  '%ED%A0%80',
];

/**
 * Every operation of the API's own OpenAPI document (a route added later is
 * covered without a line here) sent what an attacker would: malformed,
 * type-confused, oversized, control-character and deeply nested bodies, and
 * hostile path parameters, by the callers who get furthest (the pathway's
 * orthophoniste, an administrator). Each answer is a 4xx with the API's error
 * shape — never a 5xx — and nothing changes.
 */
describe('hostile input on every operation', () => {
  let engine: TestEngine;
  let refs: TestReferences;
  let sessions: Record<'orthophoniste' | 'administrator', string>;
  let operations: Operation[];
  let ids: Record<string, string>;

  beforeAll(async () => {
    // Logins are rate-limited: not the subject here.
    const runtime = testRuntime();
    engine = await startTestEngine({
      api: {
        ...runtime.api,
        rateLimits: {
          login: { limit: 10_000, ttlMs: 60_000 },
          identify: { limit: 10_000, ttlMs: 60_000 },
        },
      },
    });
    refs = await seedReferences(engine.dataSource);
    const pathwayId = (await engine.http().post('/pathways').send(openingBody(refs)).expect(201))
      .body.id as string;
    sessions = {
      orthophoniste: refs.session,
      administrator: await administratorSession(engine.dataSource),
    };
    ids = { id: pathwayId };
    operations = await openApiOperations();
  });

  afterAll(async () => {
    await engine?.close();
  });

  async function openApiOperations(): Promise<Operation[]> {
    const document = (await request(engine.api.getHttpServer()).get('/docs/openapi.json'))
      .body as OpenApi;
    return Object.entries(document.paths).flatMap(([path, item]) =>
      HTTP_METHODS.filter((method) => item[method]).map((method) => {
        const content = item[method].requestBody?.content ?? {};
        const schema = (Object.values(content)[0] ?? {}) as {
          schema?: { $ref?: string; properties?: Record<string, unknown> };
        };
        const ref = schema.schema?.$ref?.split('/').pop();
        const properties = ref
          ? document.components.schemas[ref]?.properties
          : schema.schema?.properties;
        return {
          method,
          path,
          multipart: 'multipart/form-data' in content,
          fields: Object.keys(properties ?? {}),
        };
      }),
    );
  }

  /** The operation's path with real ids, or with `hostile` in place of one parameter. */
  function url(operation: Operation, hostile?: { parameter: string; value: string }): string {
    return operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      hostile?.parameter === name ? hostile.value : realId(operation.path, name),
    );
  }

  /** The id a parameter names: the test's pathway, CPTS, patient or practitioner. */
  function realId(path: string, parameter: string): string {
    if (parameter === 'documentId') return randomUUID();
    if (parameter === 'practitionerId') return refs.practitionerId;
    if (parameter === 'idNatPs') return `8${refs.rpps}`;
    const collection = path.split('/')[1];
    return (
      { pathways: ids.id, cpts: refs.cptsId, patients: refs.patientId }[collection] ??
      refs.practitionerId
    );
  }

  function send(operation: Operation, as: keyof typeof sessions, path = url(operation)) {
    return request(engine.api.getHttpServer())
      [operation.method](path)
      .set('Cookie', sessions[as])
      .set('Origin', TEST_API_ORIGIN);
  }

  /** Every answer that is not a 4xx in the API's error shape, as `caller METHOD path (what) → status`. */
  async function refusedBy(
    cases: { operation: Operation; label: string; build: () => request.Test; as: string }[],
  ): Promise<string[]> {
    const wrong: string[] = [];
    for (const { operation, label, build, as } of cases) {
      const answer = await build();
      const shaped =
        typeof answer.body?.statusCode === 'number' && Array.isArray(answer.body?.problems);
      if (answer.status < 400 || answer.status >= 500 || !shaped) {
        wrong.push(
          `${as} ${operation.method.toUpperCase()} ${operation.path} (${label}) → ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`,
        );
      }
    }
    return wrong;
  }

  it('finds the operations to try, uploads among them', () => {
    expect(operations.length).toBeGreaterThan(30);
    expect(operations.filter((o) => o.multipart).length).toBe(4);
  });

  it('refuses every hostile body with a 4xx, on every operation, for every caller', async () => {
    const cases = operations.flatMap((operation) =>
      (['orthophoniste', 'administrator'] as const).flatMap((as) =>
        Object.entries({
          ...HOSTILE_BODIES,
          ...(operation.multipart ? HOSTILE_UPLOADS : {}),
        }).map(([label, hostile]) => ({
          operation,
          label,
          as,
          build: () => hostile(send(operation, as), operation),
        })),
      ),
    );
    expect(await refusedBy(cases)).toEqual([]);
  });

  it('refuses every hostile path parameter with a 4xx', async () => {
    const cases = operations.flatMap((operation) =>
      [...operation.path.matchAll(/\{(\w+)\}/g)].flatMap(([, parameter]) =>
        HOSTILE_PARAMETERS.flatMap((value) =>
          (['orthophoniste', 'administrator'] as const).map((as) => ({
            operation,
            label: `${parameter}=${value.slice(0, 30)}`,
            as,
            build: () => send(operation, as, url(operation, { parameter, value })),
          })),
        ),
      ),
    );
    expect(cases.length).toBeGreaterThan(100);
    expect(await refusedBy(cases)).toEqual([]);
  });

  it('changed nothing: the pathway has only its opening, no document was stored', async () => {
    const history = await new AuditLog(engine.dataSource).stream(`pathway:${ids.id}`);
    expect(history.map((e) => e.type)).toEqual(['opened']);
    const [{ count }] = await engine.dataSource.query<{ count: string }[]>(
      'SELECT count(*) FROM documents WHERE pathway_id = $1',
      [ids.id],
    );
    expect(Number(count)).toBe(0);
    const view = await engine.http().get(`/pathways/${ids.id}`).expect(200);
    expect(view.body).toMatchObject({ status: 'active', step: 'bilan_initial' });
  });
});
