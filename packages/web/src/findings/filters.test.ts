import { describe, expect, it } from 'vitest';
import { withQuery } from '../api/client.js';
import {
  hasFilters,
  isCweList,
  listQuery,
  normalizeCwe,
  readFilters,
  readPaging,
  toNextPage,
  toPreviousPage,
  withLimit,
  withList,
  withSort,
  withText,
} from './filters.js';

const p = (s: string) => new URLSearchParams(s);

describe('the findings list state in the URL', () => {
  it('shows open findings, newest first detection first, 50 a page, by default', () => {
    const filters = readFilters(p(''));
    expect(filters).toMatchObject({
      status: ['open'],
      severity: [],
      sort: 'firstSeen',
      order: 'desc',
      limit: 50,
    });
    expect(hasFilters(filters)).toBe(false);
    expect(withQuery('/api/v1/findings', listQuery(filters, undefined))).toBe(
      '/api/v1/findings?status=open&sort=firstSeen&order=desc&limit=50',
    );
  });

  it('reads lists in canonical order and drops values it does not know', () => {
    const filters = readFilters(p('severity=high,bogus,critical&scanner=sca&stage=production'));
    expect(filters.severity).toEqual(['critical', 'high']);
    expect(filters.scanner).toEqual(['sca']);
    expect(filters.stage).toEqual(['production']);
    expect(hasFilters(filters)).toBe(true);
  });

  it('reads status=any as no status filter, and sends none', () => {
    const filters = readFilters(p('status=any'));
    expect(filters.status).toEqual([]);
    expect(withQuery('/x', listQuery(filters, undefined))).not.toContain('status=');
  });

  it('writes the default status as no param and an empty status as any', () => {
    expect(withList(p('status=fixed'), 'status', ['open']).has('status')).toBe(false);
    expect(withList(p(''), 'status', []).get('status')).toBe('any');
    expect(withList(p(''), 'status', ['risk_accepted', 'false_positive']).get('status')).toBe(
      'false_positive,risk_accepted',
    );
  });

  it('goes back to the first page when a filter, the sort or the page size changes', () => {
    const paged = p('severity=high&cursor=c2&prev=c1');
    for (const next of [
      withList(paged, 'severity', ['low']),
      withText(paged, 'q', 'sql'),
      withSort(paged, 'severity'),
      withLimit(paged, 100),
    ]) {
      expect(next.has('cursor')).toBe(false);
      expect(next.has('prev')).toBe(false);
    }
    expect(withList(paged, 'severity', ['low']).get('severity')).toBe('low');
  });

  it('removes an emptied text filter and normalises a CWE', () => {
    expect(withText(p('q=x'), 'q', '  ').has('q')).toBe(false);
    expect(withText(p(''), 'cwe', '89').get('cwe')).toBe('CWE-89');
    expect(normalizeCwe('cwe89')).toBe('CWE-89');
    expect(normalizeCwe('CWE-079')).toBe('CWE-79');
    expect(normalizeCwe('injection')).toBe('injection');
    expect(normalizeCwe('89, cwe-79,')).toBe('CWE-89,CWE-79');
    expect(isCweList('89, 79')).toBe(true);
    expect(isCweList('CWE-')).toBe(false);
    expect(isCweList('')).toBe(true);
  });

  it('flips the order when the same column is sorted again', () => {
    const bySeverity = withSort(p(''), 'severity');
    expect(bySeverity.get('sort')).toBe('severity');
    expect(bySeverity.get('order')).toBe('desc');
    expect(withSort(bySeverity, 'severity').get('order')).toBe('asc');
    // The default sort is written as nothing.
    const firstSeenAsc = withSort(p(''), 'firstSeen');
    expect(firstSeenAsc.get('order')).toBe('asc');
    expect(withSort(firstSeenAsc, 'firstSeen').toString()).toBe('');
  });

  it('keeps a stack of cursors so Previous works from a shared link', () => {
    const page1 = p('severity=high');
    expect(readPaging(page1)).toEqual({ cursor: undefined, prev: [], page: 1 });
    const page2 = toNextPage(page1, 'c1');
    expect(readPaging(page2)).toEqual({ cursor: 'c1', prev: [], page: 2 });
    const page3 = toNextPage(page2, 'c2');
    expect(readPaging(page3)).toEqual({ cursor: 'c2', prev: ['c1'], page: 3 });
    const page4 = toNextPage(page3, 'c3');
    expect(readPaging(page4)).toEqual({ cursor: 'c3', prev: ['c1', 'c2'], page: 4 });
    const back3 = toPreviousPage(page4);
    expect(readPaging(back3)).toEqual({ cursor: 'c2', prev: ['c1'], page: 3 });
    const back1 = toPreviousPage(toPreviousPage(back3));
    expect(back1.toString()).toBe('severity=high');
    expect(withQuery('/x', listQuery(readFilters(page3), readPaging(page3).cursor))).toContain(
      'cursor=c2',
    );
  });

  it('ignores a page size or sort it does not offer', () => {
    const filters = readFilters(p('limit=100000&sort=title&order=sideways'));
    expect(filters).toMatchObject({ limit: 50, sort: 'firstSeen', order: 'desc' });
  });
});
