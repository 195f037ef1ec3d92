import { useCallback, useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTitle } from '../App.js';
import { ApiError } from '../api/client.js';
import type { FindingSort } from '../api/finding-types.js';
import { FindingFiltersBar } from '../findings/FindingFilters.js';
import { FindingsTable } from '../findings/FindingsTable.js';
import {
  firstPage,
  hasFilters,
  type ListKey,
  readFilters,
  readPaging,
  type TextKey,
  toNextPage,
  toPreviousPage,
  withLimit,
  withList,
  withSort,
  withText,
} from '../findings/filters.js';
import { useFindingList, useProjects, useTeams } from '../findings/queries.js';
import { Empty, ErrorState, Loading } from '../ui/states.js';

/**
 * `/findings`: every finding the user may read, filtered, sorted and paged by the hub. All
 * of the state is in the URL: a link shows the same list.
 */
export default function FindingsPage() {
  useTitle('Findings');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  /**
   * Changes the URL from the one the browser shows now, not from `params`: the router renders
   * a navigation in a transition, so a second change right after a first (two filters picked
   * quickly) would otherwise start from the stale params and undo the first.
   */
  const setParams = useCallback(
    (change: (current: URLSearchParams) => URLSearchParams, options?: { replace?: boolean }) => {
      const next = change(new URLSearchParams(window.location.search)).toString();
      navigate({ search: next === '' ? '' : `?${next}` }, { replace: options?.replace ?? false });
    },
    [navigate],
  );
  const filters = useMemo(() => readFilters(params), [params]);
  const paging = useMemo(() => readPaging(params), [params]);
  const list = useFindingList(filters, paging.cursor);
  const projects = useProjects();
  const teams = useTeams();

  const onList = useCallback(
    (key: ListKey, values: readonly string[]) => setParams((p) => withList(p, key, values)),
    [setParams],
  );
  const onText = useCallback(
    (changes: Partial<Record<TextKey, string>>, replace = false) => {
      setParams(
        (p) => {
          let next = p;
          for (const [key, value] of Object.entries(changes) as [TextKey, string][]) {
            next = withText(next, key, value);
          }
          // A project of another team than the one chosen would match nothing.
          const team = changes.team;
          if (team !== undefined && team !== '') {
            const project = projects.data?.projects.find((x) => x.id === next.get('project'));
            if (project !== undefined && project.teamId !== team)
              next = withText(next, 'project', '');
          }
          return next;
        },
        { replace },
      );
    },
    [setParams, projects.data],
  );
  const onLimit = useCallback(
    (limit: number) => setParams((p) => withLimit(p, limit)),
    [setParams],
  );
  const onSort = useCallback(
    (sort: FindingSort) => setParams((p) => withSort(p, sort)),
    [setParams],
  );

  const search = params.toString();
  const from = search === '' ? '' : `?${search}`;
  const data = list.data;

  return (
    <div className="stack findings-page">
      <div className="page-head">
        <h1>Findings</h1>
      </div>
      <FindingFiltersBar
        filters={filters}
        projects={projects.data?.projects}
        teams={teams.data?.teams}
        onList={onList}
        onText={onText}
        onLimit={onLimit}
      />
      {projects.isError || teams.isError ? (
        <p className="muted small">
          The project and team lists could not be loaded; the other filters still work.
        </p>
      ) : null}
      {list.isPending ? (
        <Loading label="Loading findings…" />
      ) : list.error instanceof ApiError && list.error.status === 404 ? (
        // The hub's answer to a project or team filter the user may not read.
        <div className="state state-error" role="alert">
          <span>
            A project or team in these filters does not exist, or you do not have access to it.
          </span>
          <Link to="/findings">Clear filters</Link>
        </div>
      ) : list.isError || data === undefined ? (
        <ErrorState error={list.error} retry={() => void list.refetch()} />
      ) : (
        <>
          <p className="muted findings-summary" role="status" aria-live="polite">
            {list.isPlaceholderData || list.isFetching
              ? 'Updating…'
              : `Page ${paging.page} · ${data.findings.length} ${
                  data.findings.length === 1 ? 'finding' : 'findings'
                }${data.nextCursor === null ? '' : ', more on the next pages'}`}
          </p>
          {data.findings.length === 0 && !list.isPlaceholderData ? (
            paging.page > 1 ? (
              <Empty>
                No more findings.{' '}
                <Link to={`/findings?${firstPage(params).toString()}`}>Back to the first page</Link>
              </Empty>
            ) : (
              <Empty>
                No findings match these filters.{' '}
                {hasFilters(filters) ? (
                  <Link to="/findings">Clear filters</Link>
                ) : (
                  <Link to="/findings?status=any">Show findings of any status</Link>
                )}
              </Empty>
            )
          ) : (
            <FindingsTable
              findings={data.findings}
              sort={filters.sort}
              order={filters.order}
              onSort={onSort}
              busy={list.isFetching}
              from={from}
            />
          )}
          <nav className="pager" aria-label="Pagination">
            <button
              type="button"
              className="button-secondary"
              disabled={paging.cursor === undefined}
              onClick={() => setParams((p) => toPreviousPage(p))}
            >
              Previous
            </button>
            <span className="muted">Page {paging.page}</span>
            <button
              type="button"
              className="button-secondary"
              disabled={data.nextCursor === null || list.isPlaceholderData}
              onClick={() => {
                const next = data.nextCursor;
                if (next !== null) setParams((p) => toNextPage(p, next));
              }}
            >
              Next
            </button>
          </nav>
        </>
      )}
    </div>
  );
}
