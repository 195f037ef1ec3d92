/**
 * The findings list's state, all of it in the URL's search params so a link shows the same
 * page to whoever opens it: the filters, the sort, the page size, and the cursors (`cursor`
 * for the page shown, `prev` — repeated — for the pages before it, so "Previous" works on a
 * shared link too). Changing a filter or the sort starts again at the first page.
 */
import type { Query } from '../api/client.js';
import {
  FINDING_SORTS,
  FINDING_STAGES,
  type FindingSort,
  type SortOrder,
} from '../api/finding-types.js';
import { SCANNERS, SEVERITIES, STATUSES } from '../api/types.js';

/** The filters of the list, as read from the URL. Empty lists mean "any". */
export interface FindingFilters {
  readonly project: string;
  readonly team: string;
  readonly severity: readonly string[];
  readonly scanner: readonly string[];
  readonly status: readonly string[];
  readonly stage: readonly string[];
  readonly cwe: string;
  readonly q: string;
  readonly sort: FindingSort;
  readonly order: SortOrder;
  readonly limit: number;
}

/** The list filters that take several comma-separated values. */
export const LIST_KEYS = ['severity', 'scanner', 'status', 'stage'] as const;
export type ListKey = (typeof LIST_KEYS)[number];
/** The filters that take one value. */
export type TextKey = 'project' | 'team' | 'cwe' | 'q';

/** Every value each list filter accepts, in the order they are written. */
export const ALLOWED: Readonly<Record<ListKey, readonly string[]>> = {
  severity: SEVERITIES,
  scanner: SCANNERS,
  status: STATUSES,
  stage: FINDING_STAGES,
};

/** Without a `status` param the list shows open findings; `status=any` shows all. */
export const DEFAULT_STATUS: readonly string[] = ['open'];
export const ANY_STATUS = 'any';
export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_LIMIT = 50;
export const DEFAULT_SORT: FindingSort = 'firstSeen';
export const DEFAULT_ORDER: SortOrder = 'desc';

/** The known values of a comma-separated param, deduplicated, in their canonical order. */
function readList(params: URLSearchParams, key: ListKey): string[] {
  const raw = params.get(key);
  if (raw === null) return [];
  const given = new Set(raw.split(',').map((v) => v.trim()));
  return ALLOWED[key].filter((v) => given.has(v));
}

/** The filters in `params`, with the defaults for what is absent or not understood. */
export function readFilters(params: URLSearchParams): FindingFilters {
  const status = params.get('status');
  const sort = params.get('sort');
  const order = params.get('order');
  const limit = Number(params.get('limit'));
  return {
    project: params.get('project')?.trim() ?? '',
    team: params.get('team')?.trim() ?? '',
    severity: readList(params, 'severity'),
    scanner: readList(params, 'scanner'),
    status:
      status === null ? DEFAULT_STATUS : status === ANY_STATUS ? [] : readList(params, 'status'),
    stage: readList(params, 'stage'),
    cwe: params.get('cwe')?.trim() ?? '',
    q: params.get('q')?.trim() ?? '',
    sort: (FINDING_SORTS as readonly string[]).includes(sort ?? '')
      ? (sort as FindingSort)
      : DEFAULT_SORT,
    order: order === 'asc' || order === 'desc' ? order : DEFAULT_ORDER,
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_LIMIT,
  };
}

/** Whether any filter differs from the defaults (so "Clear filters" has something to do). */
export function hasFilters(filters: FindingFilters): boolean {
  return (
    filters.project !== '' ||
    filters.team !== '' ||
    filters.severity.length > 0 ||
    filters.scanner.length > 0 ||
    filters.stage.length > 0 ||
    filters.cwe !== '' ||
    filters.q !== '' ||
    filters.status.join(',') !== DEFAULT_STATUS.join(',')
  );
}

/**
 * `CWE-89` for `89`, `cwe89` or `cwe-89`, each of a comma-separated list (the hub takes
 * several); anything else as typed (the hub says what is wrong).
 */
export function normalizeCwe(value: string): string {
  return value
    .split(',')
    .map((part) => {
      const match = /^(?:cwe[-\s]?)?0*([1-9][0-9]*)$/i.exec(part.trim());
      return match ? `CWE-${match[1]}` : part.trim();
    })
    .filter((part) => part !== '')
    .join(',');
}

/** Whether a CWE filter is complete: empty, or CWE ids only. */
export function isCweList(value: string): boolean {
  const normal = normalizeCwe(value);
  return normal === '' || normal.split(',').every((id) => /^CWE-[1-9][0-9]*$/.test(id));
}

/** The cursor of the page shown (undefined: the first page) and those of the pages before it. */
export interface Paging {
  readonly cursor: string | undefined;
  readonly prev: readonly string[];
  /** 1-based. */
  readonly page: number;
}

export function readPaging(params: URLSearchParams): Paging {
  const cursor = params.get('cursor') ?? undefined;
  if (cursor === undefined || cursor === '') return { cursor: undefined, prev: [], page: 1 };
  const prev = params.getAll('prev').filter((c) => c !== '');
  return { cursor, prev, page: prev.length + 2 };
}

/** A copy of `params` at the first page (a filter, the sort or the page size changed). */
export function firstPage(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('cursor');
  next.delete('prev');
  return next;
}

/** `params` with a list filter set to `values` (empty: any), back at the first page. */
export function withList(params: URLSearchParams, key: ListKey, values: readonly string[]) {
  const next = firstPage(params);
  const canonical = ALLOWED[key].filter((v) => values.includes(v));
  if (key === 'status') {
    if (canonical.join(',') === DEFAULT_STATUS.join(',')) next.delete('status');
    else next.set('status', canonical.length === 0 ? ANY_STATUS : canonical.join(','));
  } else if (canonical.length === 0) next.delete(key);
  else next.set(key, canonical.join(','));
  return next;
}

/** `params` with a one-value filter set (empty: removed), back at the first page. */
export function withText(params: URLSearchParams, key: TextKey, value: string) {
  const next = firstPage(params);
  const v = key === 'cwe' ? normalizeCwe(value) : value.trim();
  if (v === '') next.delete(key);
  else next.set(key, v);
  return next;
}

/** `params` sorted by `sort` (the same column again flips the order), at the first page. */
export function withSort(params: URLSearchParams, sort: FindingSort) {
  const current = readFilters(params);
  const order: SortOrder =
    current.sort === sort ? (current.order === 'desc' ? 'asc' : 'desc') : 'desc';
  const next = firstPage(params);
  if (sort === DEFAULT_SORT && order === DEFAULT_ORDER) {
    next.delete('sort');
    next.delete('order');
  } else {
    next.set('sort', sort);
    next.set('order', order);
  }
  return next;
}

/** `params` with another page size, at the first page. */
export function withLimit(params: URLSearchParams, limit: number) {
  const next = firstPage(params);
  if (limit === DEFAULT_LIMIT) next.delete('limit');
  else next.set('limit', String(limit));
  return next;
}

/** `params` at the page after the one shown, whose cursor the hub gave as `nextCursor`. */
export function toNextPage(params: URLSearchParams, nextCursor: string) {
  const { cursor, prev } = readPaging(params);
  const next = new URLSearchParams(params);
  next.delete('prev');
  for (const c of cursor === undefined ? [] : [...prev, cursor]) next.append('prev', c);
  next.set('cursor', nextCursor);
  return next;
}

/** `params` at the page before the one shown. */
export function toPreviousPage(params: URLSearchParams) {
  const { prev } = readPaging(params);
  const next = new URLSearchParams(params);
  next.delete('prev');
  const back = prev.at(-1);
  if (back === undefined) next.delete('cursor');
  else {
    next.set('cursor', back);
    for (const c of prev.slice(0, -1)) next.append('prev', c);
  }
  return next;
}

/** The query of `GET /api/v1/findings` for these filters and cursor. */
export function listQuery(filters: FindingFilters, cursor: string | undefined): Query {
  return {
    project: filters.project,
    team: filters.team,
    severity: filters.severity,
    scanner: filters.scanner,
    status: filters.status,
    stage: filters.stage,
    cwe: filters.cwe,
    q: filters.q,
    sort: filters.sort,
    order: filters.order,
    limit: filters.limit,
    cursor,
  };
}
