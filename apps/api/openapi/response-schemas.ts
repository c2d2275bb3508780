import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';

/** The answers' JSON schemas, as `npm run build` writes them beside the compiled API. */
export interface ResponseSchemas {
  /** Named schemas (the answers and every type they use), for components.schemas. */
  schemas: Record<string, unknown>;
  /** `METHOD /path` → the name of its answer's schema. */
  operations: Record<string, string>;
}

/** dist/openapi-responses.json, from the compiled API (dist/apps/api/openapi) or the sources. */
export const RESPONSE_SCHEMAS_FILE = [
  resolve(__dirname, '../../../openapi-responses.json'),
  resolve(__dirname, '../../../dist/openapi-responses.json'),
];

export function builtResponseSchemas(): ResponseSchemas | undefined {
  const file = RESPONSE_SCHEMAS_FILE.find((candidate) => existsSync(candidate));
  return file ? (JSON.parse(readFileSync(file, 'utf8')) as ResponseSchemas) : undefined;
}

/**
 * The document with each listed operation's 2xx answer described by its
 * schema (the first 2xx it documents, or 200), and the schemas among its
 * components. Operations not listed keep their prose description; one listed
 * but unknown fails the build (`strict`).
 */
export function withResponseSchemas(
  document: OpenAPIObject,
  responses: ResponseSchemas | undefined,
  { strict = false } = {},
): OpenAPIObject {
  if (!responses) return document;
  const components = { ...document.components, schemas: { ...document.components?.schemas } };
  Object.assign(components.schemas, responses.schemas);
  const paths = { ...document.paths };
  for (const [operation, schema] of Object.entries(responses.operations)) {
    const [method, path] = operation.split(' ') as [string, string];
    const item = paths[path] as Record<string, { responses?: Record<string, object> }> | undefined;
    const found = item?.[method.toLowerCase()];
    if (!found) {
      // The build refuses a stale list; a running API serves what it has (a build behind its code).
      if (strict) throw new Error(`${operation}: no such operation to describe the answer of`);
      continue;
    }
    const codes = Object.keys(found.responses ?? {});
    const code = codes.find((c) => /^2\d\d$/.test(c)) ?? '200';
    const described = (found.responses ?? {})[code] as { description?: string } | undefined;
    found.responses = {
      ...found.responses,
      [code]: {
        ...described,
        description: described?.description ?? '',
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
      },
    };
  }
  return { ...document, components, paths };
}
