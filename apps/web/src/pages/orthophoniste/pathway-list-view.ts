import type { Schema } from '../../api/client';

export type { Page } from '../../components/page';

/** GET /pathways: one pathway in a list, as the API's OpenAPI document describes it. */
export type PathwayListItem = Schema<'PathwayPage'>['items'][number];
