import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The pages' filters live in the query string (bookmarkable, shareable, the
 * browser's back button undoes a filter). This changes some of them at once,
 * keeping the others; `null` or '' removes one. A change of filter goes back
 * to the first page unless the change is the page itself.
 */
export function useSearchUpdate(): (changes: Record<string, string | null | undefined>) => void {
  const [, setParams] = useSearchParams();
  return useCallback(
    (changes) =>
      setParams((previous) => {
        const params = new URLSearchParams(previous);
        if (!('page' in changes)) params.delete('page');
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === undefined || value === '') params.delete(key);
          else params.set(key, value);
        }
        return params;
      }),
    [setParams],
  );
}

/** A path with a query string, leaving out empty values. */
export function withQuery(
  path: string,
  query: Record<string, string | number | null | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** `?page=` as a whole number ≥ 1 (anything else is page 1). */
export function pageOf(value: string | null): number {
  const page = Number(value);
  return Number.isInteger(page) && page >= 1 ? page : 1;
}
