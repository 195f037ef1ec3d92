import type { Transaction } from 'kysely';
import { type BulkColumn, bulkInsert } from '../db/bulk-insert.js';
import type { Dialect } from '../db/database.js';
import { chunks } from './project-lock.js';
import type { LifecycleDatabase } from './tables.js';

// `finding_search` (migration 0011) holds, per finding, the text the findings list's free
// text search (`q`) looks in: the title, the rule id and where the finding is (the file
// path, the package name or the URL), one per line, ASCII letters in lower case. It is
// narrow, so a search that matches
// few findings reads it rather than every finding's JSON; it is derived from the finding
// rows and written in the transaction that writes them, like `finding_cwes`.

/** What a finding row says that the search text is made of. */
export interface SearchSource {
  readonly title: string;
  readonly rule_id: string;
  /** The finding as reported (JSON). */
  readonly data: string;
}

/**
 * Where a finding is, as text: the path of a file, the name of a package, or a URL (the
 * first of `path`, `name` and `url` its location has as a string); empty when unreadable.
 */
export function locationText(location: unknown): string {
  if (typeof location !== 'object' || location === null) return '';
  const { path, name, url } = location as Record<string, unknown>;
  return [path, name, url].find((v): v is string => typeof v === 'string') ?? '';
}

/**
 * Text with its ASCII letters in lower case (and every other character as it is): how the
 * search text is stored and a search term compared with it, the same in TypeScript, in
 * SQLite (whose `lower()` changes only ASCII letters) and in PostgreSQL (`translate`), so
 * that a plain `like` finds it without folding a million texts' case per search.
 */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/** The search text of a finding row: title, rule id and location, one per line, {@link asciiLower}ed. */
export function searchTextOf(row: SearchSource): string {
  let location: unknown;
  try {
    location = (JSON.parse(row.data) as { location?: unknown } | null)?.location;
  } catch {
    location = undefined;
  }
  return searchText(row.title, row.rule_id, location);
}

/** The search text of a title, a rule id and a location (a finding's `location`). */
function searchText(title: string, ruleId: string, location: unknown): string {
  return asciiLower(`${title}\n${ruleId}\n${locationText(location)}`);
}

/** The search text to store for a finding. */
export interface FindingSearchText {
  readonly findingId: string;
  readonly projectId: string;
  readonly text: string;
  /** The finding has a text stored already, to replace (false: a new finding). */
  readonly replace: boolean;
}

/**
 * What an ingest changes in `finding_search`: every new finding's text, and the text of
 * existing findings whose stored report was replaced by one with another title, rule id or
 * location. `rows`: the finding rows as they will be written; `before`: the existing rows
 * as they were before the scan refreshed them; `reported`: the findings the scan reported,
 * by finding id (optional: the text of a new finding is then read from its finding).
 */
export function findingSearchChanges(
  rows: ReadonlyMap<string, SearchSource & { readonly project_id: string }>,
  created: ReadonlySet<string>,
  before: ReadonlyMap<string, SearchSource>,
  reported?: ReadonlyMap<string, { readonly location?: unknown }>,
): FindingSearchText[] {
  const changes: FindingSearchText[] = [];
  for (const [findingId, row] of rows) {
    if (created.has(findingId)) {
      // A new row's `data` is its reported finding as JSON: read the finding, not the JSON.
      const finding = reported?.get(findingId);
      changes.push({
        findingId,
        projectId: row.project_id,
        text:
          finding === undefined
            ? searchTextOf(row)
            : searchText(row.title, row.rule_id, finding.location),
        replace: false,
      });
      continue;
    }
    const old = before.get(findingId);
    // The same report (and so title and rule id) gives the same text: only a refreshed
    // report is read again.
    if (old === undefined || old.data === row.data) continue;
    const now = searchTextOf(row);
    if (now !== searchTextOf(old))
      changes.push({ findingId, projectId: row.project_id, text: now, replace: true });
  }
  return changes;
}

const COLUMNS: readonly BulkColumn[] = [
  { name: 'finding_id', type: 'text' },
  { name: 'project_id', type: 'text' },
  { name: 'text', type: 'text' },
];

/**
 * Writes the search texts of findings (after their rows, in the same transaction): those
 * to `replace` are deleted first, then every text is inserted in bulk.
 */
export async function saveFindingSearch(
  trx: Transaction<LifecycleDatabase>,
  dialect: Dialect,
  changes: readonly FindingSearchText[],
): Promise<void> {
  const replaced = changes.filter((c) => c.replace).map((c) => c.findingId);
  for (const part of chunks(replaced, 1000))
    await trx.deleteFrom('finding_search').where('finding_id', 'in', part).execute();
  await bulkInsert(
    trx,
    dialect,
    'finding_search',
    COLUMNS,
    changes.map((c) => ({ finding_id: c.findingId, project_id: c.projectId, text: c.text })),
    undefined,
    { ordered: false },
  );
}
