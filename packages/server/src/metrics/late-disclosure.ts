import { type RawBuilder, sql } from 'kysely';

/**
 * Late disclosures: a dependency vulnerability whose advisory was published after the
 * component was already in production is not a pipeline miss. The hub does not keep a
 * history of every component, so "already in production" is approximated by the project's
 * first `production` scan: a finding first detected at `production` whose advisory was
 * published strictly after the project's first production scan is a late disclosure.
 */

/**
 * The advisory's publication time (epoch ms) carried by a stored finding (`data` JSON,
 * `properties.published`: epoch milliseconds or an ISO 8601 time), or null.
 */
export function advisoryPublishedAt(findingData: string): number | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(findingData);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const properties = (parsed as { properties?: unknown }).properties;
  if (typeof properties !== 'object' || properties === null) return null;
  const published = (properties as { published?: unknown }).published;
  if (typeof published === 'number') return Number.isFinite(published) ? published : null;
  if (typeof published === 'string') {
    const ms = Date.parse(published);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

/**
 * Whether a finding first detected at `production` is a late disclosure: its advisory was
 * published strictly after the project's first production scan.
 */
export function isLateDisclosure(
  publishedAt: number | null,
  firstProductionScanAt: number | null,
): boolean {
  return (
    publishedAt !== null && firstProductionScanAt !== null && publishedAt > firstProductionScanAt
  );
}

/**
 * The findings that may be late disclosures: first detected at `production`, with a
 * publication time in their data. A condition on the finding row (`alias`, or unaliased),
 * both the escape rate's filter and the predicate of the partial index that serves it
 * (0031): written once, so that the two cannot drift apart and leave the index unused.
 */
export function lateDisclosureCandidate(alias?: 'f'): RawBuilder<boolean> {
  const column = (name: string) => sql.ref(alias === undefined ? name : `${alias}.${name}`);
  return sql<boolean>`${column('first_seen_stage')} = 'production' and ${column('data')} like '%published%'`;
}
