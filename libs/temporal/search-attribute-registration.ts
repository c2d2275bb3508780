import type { Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import type { SearchAttributeType } from '@temporalio/common';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';

/**
 * Makes sure a namespace knows the engine's search attributes. The dev server
 * registers them at start; a shared cluster needs them added once, which this
 * does when the credentials allow it and otherwise says exactly what to add.
 */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  keys: readonly SearchAttributeKey<SearchAttributeType>[],
): Promise<void> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const known = customAttributes ?? {};
  const missing = keys.filter((key) => !(key.name in known));
  const mismatched = keys.filter(
    (key) =>
      key.name in known && known[key.name] !== encodeSearchAttributeIndexedValueType(key.type),
  );
  if (mismatched.length > 0) {
    throw new Error(
      `Search attributes with another type already exist in namespace ${namespace}: ` +
        mismatched.map((k) => `${k.name} (expected ${k.type})`).join(', '),
    );
  }
  if (missing.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(
        missing.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!]),
      ),
    });
  } catch (error) {
    throw new Error(
      `Could not register search attributes in namespace ${namespace} (${(error as Error).message}). ` +
        `Ask the cluster's operators to add: ${missing.map((k) => `${k.name}=${k.type}`).join(', ')}`,
    );
  }
}
