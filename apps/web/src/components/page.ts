/** One page of a list, as every paged route answers (libs/persistence/pathway-read-model.ts `Page<T>`). */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** How many pages a list has (at least one, so "page 1 of 1" reads right when it is empty). */
export function pageCount(page: Pick<Page<unknown>, 'total' | 'pageSize'>): number {
  return Math.max(1, Math.ceil(page.total / page.pageSize));
}
