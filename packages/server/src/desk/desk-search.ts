import { type RawBuilder, sql } from 'kysely';
import type { Dialect } from '../db/database.js';
import type { DeskDb } from './tables.js';

// Full-text search of the desk, the one place that knows the two dialects apart. A user's
// query is parsed here, with a forgiving grammar (never an error), into words, phrases,
// exclusions and `or`; then written as an FTS5 MATCH expression of quoted terms (SQLite)
// or as a clean string for PostgreSQL's `websearch_to_tsquery('english', …)`. So a query
// such as `"`, `AND OR` or `NEAR(` can never reach a parser as syntax.

/** One term: a word, or a phrase (several words in order). */
interface Term {
  readonly words: readonly string[];
  readonly negated: boolean;
}

/** A parsed query: groups joined by `or`, each group the terms that must all match. */
export interface ParsedQuery {
  readonly groups: readonly (readonly Term[])[];
}

/**
 * English words both databases skip (PostgreSQL's `english` configuration drops them; on
 * SQLite we drop them from the query), so a question asked in a sentence still matches.
 */
const STOP_WORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before ' +
    'being below between both but by can did do does doing down during each few for from ' +
    'further had has have having he her here hers herself him himself his how i if in into is ' +
    'it its itself just me more most my myself no nor not now of off on once only or other our ' +
    'ours ourselves out over own s same she should so some such t than that the their theirs ' +
    'them themselves then there these they this those through to too under until up very was ' +
    'we were what when where which while who whom why will with you your yours yourself yourselves'
  ).split(' '),
);

/** The searchable words of a piece of text: letters and digits, lower case, no stop words. */
function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((w) => !STOP_WORDS.has(w))
    .map((w) => w.slice(0, 64));
}

/** Longest query read; the rest is ignored. */
const MAX_QUERY_CHARS = 500;
/** Most terms used; the rest are ignored. */
const MAX_TERMS = 16;

/**
 * Parses a search query, web-search style: `words` (all must match), `"a phrase"`, `-word`
 * (must not match) and `or` between terms. Anything else is punctuation and ignored.
 * Groups with nothing to find (only exclusions or stop words) are dropped.
 */
export function parseSearchQuery(query: string): ParsedQuery {
  const groups: Term[][] = [[]];
  let count = 0;
  const pattern = /(-?)"([^"]*)"?|(\S+)/g;
  for (const match of query.slice(0, MAX_QUERY_CHARS).matchAll(pattern)) {
    if (count >= MAX_TERMS) break;
    const [, minus, phrase, bare] = match;
    if (bare !== undefined && bare.toLowerCase() === 'or') {
      if ((groups.at(-1)?.length ?? 0) > 0) groups.push([]);
      continue;
    }
    const negated = minus === '-' || (bare?.startsWith('-') ?? false);
    const text = phrase ?? bare ?? '';
    const words = wordsOf(text);
    if (words.length === 0) continue;
    if (phrase !== undefined) {
      groups.at(-1)?.push({ words, negated });
      count++;
    } else {
      // A bare token like `sql-injection` or `a.b` is several words: each must match.
      for (const w of words) {
        groups.at(-1)?.push({ words: [w], negated });
        count++;
      }
    }
  }
  return {
    groups: groups.filter((g) => g.some((t) => !t.negated)),
  };
}

/** Whether a query has anything to search for. */
export function hasSearchTerms(query: string): boolean {
  return parseSearchQuery(query).groups.length > 0;
}

/** The FTS5 MATCH expression of a parsed query: every term a quoted string. */
export function fts5Expression(parsed: ParsedQuery): string {
  const quote = (t: Term) => `"${t.words.join(' ')}"`;
  return parsed.groups
    .map((group) => {
      const positive = group.filter((t) => !t.negated).map(quote);
      const negative = group.filter((t) => t.negated).map(quote);
      return [`(${positive.join(' AND ')})`, ...negative].join(' NOT ');
    })
    .map((g) => `(${g})`)
    .join(' OR ');
}

/** The text handed to `websearch_to_tsquery`: the same query, rebuilt from clean words. */
export function websearchText(parsed: ParsedQuery): string {
  const term = (t: Term) =>
    `${t.negated ? '-' : ''}${t.words.length > 1 ? `"${t.words.join(' ')}"` : t.words[0]}`;
  return parsed.groups.map((group) => group.map(term).join(' ')).join(' or ');
}

/** One matching question and its rank (higher: better). */
export interface TextMatchRow {
  readonly question_id: string;
  readonly rank: number;
}

/**
 * The questions a search matches, as a subquery of `(question_id, rank)` to join
 * (`.innerJoin(matches.as('m'), 'm.question_id', 'q.id')`); undefined when the query has
 * nothing to search for. Ranks: bm25 on SQLite (title weighs 10, body 4, answers 2, negated
 * so that higher is better), ts_rank on PostgreSQL (weights A, B, C).
 */
export function textMatches(dialect: Dialect, query: string): RawBuilder<TextMatchRow> | undefined {
  const parsed = parseSearchQuery(query);
  if (parsed.groups.length === 0) return undefined;
  if (dialect === 'postgres') {
    const tsquery = sql`websearch_to_tsquery('english', ${websearchText(parsed)})`;
    return sql<TextMatchRow>`(select id as question_id, ts_rank(search, ${tsquery}) as rank
      from desk_questions where search @@ ${tsquery})`;
  }
  return sql<TextMatchRow>`(select r.question_id as question_id, -bm25(desk_search, 10.0, 4.0, 2.0) as rank
    from desk_search join desk_search_rows r on r.id = desk_search.rowid
    where desk_search match ${fts5Expression(parsed)})`;
}

/**
 * Rewrites a question's search text (title, body, then its answers and follow-ups) from the
 * stored rows. Call it in the transaction of every write that changes any of them.
 */
export async function reindexQuestion(
  db: DeskDb,
  dialect: Dialect,
  questionId: string,
): Promise<void> {
  if (dialect === 'postgres') {
    await sql`update desk_questions set search =
        setweight(to_tsvector('english', title), 'A') ||
        setweight(to_tsvector('english', body), 'B') ||
        setweight(to_tsvector('english', coalesce(
          (select string_agg(a.body, ' ' order by a.created_at, a.id) from desk_answers a
            where a.question_id = desk_questions.id), '')), 'C')
      where id = ${questionId}`.execute(db);
    return;
  }
  await sql`insert into desk_search_rows (question_id) values (${questionId}) on conflict (question_id) do nothing`.execute(
    db,
  );
  const row = await sql<{
    id: number;
  }>`select id from desk_search_rows where question_id = ${questionId}`.execute(db);
  const rowid = row.rows[0]?.id;
  if (rowid === undefined) return;
  await sql`delete from desk_search where rowid = ${rowid}`.execute(db);
  await sql`insert into desk_search (rowid, title, body, answers)
      select ${rowid}, q.title, q.body, coalesce(
        (select group_concat(body, ' ') from (select a.body from desk_answers a
          where a.question_id = q.id order by a.created_at, a.id)), '')
      from desk_questions q where q.id = ${questionId}`.execute(db);
}
