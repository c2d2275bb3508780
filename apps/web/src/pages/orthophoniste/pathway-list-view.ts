import type { Schema } from '../../api/client';

/** GET /pathways: one pathway in a list, as the API's OpenAPI document describes it. */
export type PathwayListItem = Schema<'PathwayPage'>['items'][number];

/** A page of a list, as every paged route answers. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
