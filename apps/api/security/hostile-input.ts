import type { FieldProblem } from '@app/domain';

/**
 * Deeper than any body of this API can be (the deepest, a Carte Vitale read,
 * nests four levels). Validation and transformation recurse: a body of
 * thousands of nested arrays would break their stack before they could answer.
 */
export const MAX_BODY_DEPTH = 12;

/** Names that would reach an object's prototype when copied into a DTO. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Control characters no field of this API holds (tab, line feed and carriage
 * return are text): NUL is refused by PostgreSQL, the others have no place in
 * a name, a title or a reason, and may hide text from whoever reads it.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Half of a UTF-16 pair without its other half: not text, and PostgreSQL cannot store it in UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a piece of text a client sent, if anything. */
export function textProblem(text: string): string | undefined {
  if (CONTROL_CHARACTERS.test(text)) return 'must not contain control characters';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text';
  return undefined;
}

/**
 * The first problem of a parsed value (JSON body, query, form fields): too
 * deep, a key that reaches a prototype, text with control characters. Walked
 * without recursion, so that no depth can overflow the walk itself.
 */
export function hostileValueProblem(value: unknown, root: string): FieldProblem | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const field = item.path || root;
    if (typeof item.value === 'string') {
      const problem = textProblem(item.value);
      if (problem) return { field, problem };
      continue;
    }
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth >= MAX_BODY_DEPTH) {
      return { field: root, problem: `must not nest deeper than ${MAX_BODY_DEPTH} levels` };
    }
    if (Array.isArray(item.value)) {
      item.value.forEach((child, index) =>
        stack.push({ value: child, path: `${item.path}[${index}]`, depth: item.depth + 1 }),
      );
      continue;
    }
    for (const [key, child] of Object.entries(item.value)) {
      const path = item.path ? `${item.path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return { field: path, problem: 'is not a field of this API' };
      const keyProblem = textProblem(key);
      if (keyProblem) return { field, problem: `field names ${keyProblem}` };
      stack.push({ value: child, path, depth: item.depth + 1 });
    }
  }
  return undefined;
}
