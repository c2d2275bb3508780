import type { OpenAPIObject } from '@nestjs/swagger';
import { withResponseSchemas } from './response-schemas';

const document = (): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: {
    '/pathways/{id}': { get: { responses: { '200': { description: 'one pathway' } } } },
    '/pathways': {
      post: { responses: { '201': { description: 'opened' }, '409': { description: 'x' } } },
    },
  },
  components: { schemas: { CreatePathwayDto: { type: 'object' } } },
});

describe('the answers described in the OpenAPI document', () => {
  const responses = {
    schemas: { PathwayView: { type: 'object', properties: { id: { type: 'string' } } } },
    operations: { 'GET /pathways/{id}': 'PathwayView', 'POST /pathways': 'PathwayView' },
  };

  it("puts each listed operation's schema on its first 2xx answer, keeping its description", () => {
    const described = withResponseSchemas(document(), responses);
    expect(described.paths['/pathways/{id}'].get?.responses['200']).toEqual({
      description: 'one pathway',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/PathwayView' } } },
    });
    expect(described.paths['/pathways'].post?.responses['201']).toMatchObject({
      description: 'opened',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/PathwayView' } } },
    });
    expect(described.paths['/pathways'].post?.responses['409']).toEqual({ description: 'x' });
    expect(Object.keys(described.components?.schemas ?? {})).toEqual([
      'CreatePathwayDto',
      'PathwayView',
    ]);
  });

  it('refuses, when strict, an operation the document does not have; skips it otherwise', () => {
    const stale = { ...responses, operations: { 'GET /pathwayz': 'PathwayView' } };
    expect(() => withResponseSchemas(document(), stale, { strict: true })).toThrow(
      'GET /pathwayz: no such operation',
    );
    expect(withResponseSchemas(document(), stale).paths).toEqual(document().paths);
  });

  it('leaves the document as it is without schemas (a build that wrote none)', () => {
    expect(withResponseSchemas(document(), undefined)).toEqual(document());
  });
});
