import { type QueryKey, useQuery } from '@tanstack/react-query';
import { api, read } from '../../api/client';
import type { AuditPage } from './audit-view';
import type { CptsPage, CptsRow, PractitionerPage } from './cpts-view';
import type { CptsIndicators, DocumentKind, IndicatorPeriod, Indicators } from './indicator-view';
import type { Worklist } from './worklist-view';

/**
 * The coordinator pages' reads, one hook each. Every request goes through the
 * typed `api` client: a route or a query parameter that changes in the API
 * breaks this file's type check. Query keys name the CPTS and the period or
 * filters, so that two views never share an answer they should not.
 */

/**
 * While the next period or page loads, the previous answer stays on screen,
 * but only for the same CPTS: another CPTS's figures must never show under
 * this one's name. (The CPTS is the second element of these keys.)
 */
function sameCptsPlaceholder<T>(cptsId: string | null) {
  return (previous: T | undefined, query: { queryKey: QueryKey } | undefined): T | undefined =>
    query?.queryKey[1] === cptsId ? previous : undefined;
}

/** Indicators change with every document received: a minute of cache is enough to move between pages. */
const FIGURES_STALE_MS = 60_000;

export function useCptsIndicators(cptsId: string | null, period: IndicatorPeriod) {
  return useQuery({
    queryKey: ['indicators', cptsId, period.from, period.to],
    queryFn: () =>
      read<CptsIndicators>(
        api.GET('/cpts/{id}/indicators', {
          params: { path: { id: cptsId ?? '' }, query: { from: period.from, to: period.to } },
        }),
      ),
    enabled: cptsId !== null,
    staleTime: FIGURES_STALE_MS,
    placeholderData: sameCptsPlaceholder<CptsIndicators>(cptsId),
  });
}

export function useAllIndicators(enabled: boolean, period: IndicatorPeriod) {
  return useQuery({
    queryKey: ['indicators', 'all', period.from, period.to],
    queryFn: () =>
      read<Indicators>(
        api.GET('/indicators', { params: { query: { from: period.from, to: period.to } } }),
      ),
    enabled,
    staleTime: FIGURES_STALE_MS,
    placeholderData: sameCptsPlaceholder<Indicators>('all'),
  });
}

export interface WorklistFilter {
  practitionerId?: string | undefined;
  duty?: DocumentKind | undefined;
  page: number;
  pageSize: number;
}

export function useWorklist(cptsId: string | null, filter: WorklistFilter) {
  return useQuery({
    queryKey: [
      'worklist',
      cptsId,
      filter.practitionerId ?? null,
      filter.duty ?? null,
      filter.page,
      filter.pageSize,
    ],
    queryFn: () =>
      read<Worklist>(
        api.GET('/cpts/{id}/worklist', {
          params: {
            path: { id: cptsId ?? '' },
            query: {
              page: filter.page,
              pageSize: filter.pageSize,
              ...(filter.practitionerId ? { practitionerId: filter.practitionerId } : {}),
              ...(filter.duty ? { duty: filter.duty } : {}),
            },
          },
        }),
      ),
    enabled: cptsId !== null,
    placeholderData: sameCptsPlaceholder<Worklist>(cptsId),
  });
}

/** GET /cpts answers 100 CPTS a page at most. */
const CPTS_PAGE_SIZE = 100;
/** A bound on the pages read, should the total ever be wrong: France has about 800 CPTS. */
const MAX_CPTS_PAGES = 50;

/**
 * Every CPTS (names for the selects, settings of the one chosen: the API has
 * no GET /cpts/{id}). Read page by page until the total is reached.
 */
export async function allCpts(): Promise<CptsRow[]> {
  const rows: CptsRow[] = [];
  for (let page = 1; page <= MAX_CPTS_PAGES; page += 1) {
    const answer = await read<CptsPage>(
      api.GET('/cpts', { params: { query: { page, pageSize: CPTS_PAGE_SIZE } } }),
    );
    rows.push(...answer.items);
    if (answer.items.length === 0 || rows.length >= answer.total) break;
  }
  return rows;
}

export const ALL_CPTS_KEY = ['cpts', 'all'] as const;

export function useAllCpts(enabled = true) {
  return useQuery({ queryKey: ALL_CPTS_KEY, queryFn: allCpts, enabled, staleTime: 5 * 60_000 });
}

export const MEMBERS_PAGE_SIZE = 50;

export function useMembers(cptsId: string | null, page: number) {
  return useQuery({
    queryKey: ['practitioners', cptsId, page],
    queryFn: () =>
      read<PractitionerPage>(
        api.GET('/practitioners', {
          params: { query: { cptsId: cptsId ?? '', page, pageSize: MEMBERS_PAGE_SIZE } },
        }),
      ),
    enabled: cptsId !== null,
    placeholderData: sameCptsPlaceholder<PractitionerPage>(cptsId),
  });
}

/** The CPTS's orthophonistes for a filter's options (the first hundred, by family name). */
export function useOrthophonisteOptions(cptsId: string | null) {
  return useQuery({
    queryKey: ['practitioners', cptsId, 'options'],
    queryFn: () =>
      read<PractitionerPage>(
        api.GET('/practitioners', {
          params: { query: { cptsId: cptsId ?? '', page: 1, pageSize: 100 } },
        }),
      ),
    enabled: cptsId !== null,
    staleTime: 5 * 60_000,
  });
}

export interface AuditFilter {
  from?: string | undefined;
  to?: string | undefined;
  type?: string | undefined;
  page: number;
  pageSize: number;
}

export function useCptsAudit(cptsId: string | null, filter: AuditFilter) {
  return useQuery({
    queryKey: [
      'audit',
      cptsId,
      filter.from ?? null,
      filter.to ?? null,
      filter.type ?? null,
      filter.page,
    ],
    queryFn: () =>
      read<AuditPage>(
        api.GET('/cpts/{id}/audit', {
          params: {
            path: { id: cptsId ?? '' },
            query: {
              page: filter.page,
              pageSize: filter.pageSize,
              ...(filter.from ? { from: filter.from } : {}),
              ...(filter.to ? { to: filter.to } : {}),
              ...(filter.type ? { type: filter.type } : {}),
            },
          },
        }),
      ),
    enabled: cptsId !== null,
    placeholderData: sameCptsPlaceholder<AuditPage>(cptsId),
  });
}
