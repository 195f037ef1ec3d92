import { type Severity, tryCvssScore } from '@rampart/core';

import type { Dependency, Ecosystem } from '../types.js';
import { schemeFor } from '../version/index.js';
import { primaryId } from './names.js';
import type { OsvAffected } from './osv-types.js';
import { fixedVersions, isAffected, smallestFix } from './range.js';
import type { OsvStore, StoredAdvisory } from './store.js';

/** One vulnerability in one dependency (advisories that alias each other merged). */
export interface VulnerabilityMatch {
  readonly dependency: Dependency;
  /** The advisory id shown and fingerprinted (see {@link primaryId}). */
  readonly id: string;
  /** Every other id of the same vulnerability (other records and their aliases), sorted. */
  readonly aliases: readonly string[];
  /** The merged records, primary first. */
  readonly advisories: readonly StoredAdvisory[];
  readonly summary: string | undefined;
  readonly severity: Severity;
  /** Where the severity came from: a CVSS vector, the database's own word, or nowhere. */
  readonly severitySource: 'cvss' | 'database' | 'unknown';
  readonly cvss:
    | { readonly version: '3.0' | '3.1' | '4.0'; readonly vector: string; readonly score: number }
    | undefined;
  /** The smallest version above the current one that none of the merged records affects. */
  readonly fixedIn: string | undefined;
  /** Every `fixed` version the records list for this package. */
  readonly fixedVersions: readonly string[];
  /** The earliest `published` among the records. */
  readonly published: string | undefined;
  readonly cwes: readonly string[];
  readonly references: readonly string[];
}

/** Something that answers "which advisories name this package" (the store, or a test double). */
export interface AdvisorySource {
  advisoriesFor(
    ecosystem: Ecosystem,
    name: string,
  ): { advisory: StoredAdvisory; affected: unknown }[];
}

const DATABASE_SEVERITY: Readonly<Record<string, Severity>> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MODERATE: 'medium',
  MEDIUM: 'medium',
  LOW: 'low',
};

function severityOf(
  records: readonly StoredAdvisory[],
): Pick<VulnerabilityMatch, 'severity' | 'severitySource' | 'cvss'> {
  let best: ReturnType<typeof tryCvssScore>;
  for (const r of records) {
    for (const s of r.severity) {
      if (!s.type.startsWith('CVSS_V3') && s.type !== 'CVSS_V4') continue;
      const score = tryCvssScore(s.score);
      if (score && (best === undefined || score.score > best.score)) best = score;
    }
  }
  if (best) {
    return {
      severity: best.severity === 'info' ? 'low' : best.severity,
      severitySource: 'cvss',
      cvss: { version: best.version, vector: best.vector, score: best.score },
    };
  }
  for (const r of records) {
    const word = r.databaseSeverity?.toUpperCase();
    const mapped = word === undefined ? undefined : DATABASE_SEVERITY[word];
    if (mapped) return { severity: mapped, severitySource: 'database', cvss: undefined };
  }
  return { severity: 'medium', severitySource: 'unknown', cvss: undefined };
}

/** Groups advisories that name each other (by id or shared alias): one vulnerability each. */
function mergeByAlias(hits: readonly { advisory: StoredAdvisory; affected: OsvAffected }[]) {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string) => {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const { advisory } of hits) {
    union(advisory.id, advisory.id);
    for (const alias of advisory.aliases) union(advisory.id, alias);
  }
  const groups = new Map<string, { advisory: StoredAdvisory; affected: OsvAffected }[]>();
  for (const hit of hits) {
    const root = find(hit.advisory.id);
    const list = groups.get(root) ?? [];
    list.push(hit);
    groups.set(root, list);
  }
  return [...groups.values()];
}

/**
 * Matches dependencies against the advisories, exactly as the OSV specification evaluates
 * ranges, with each ecosystem's own version ordering. Withdrawn advisories are ignored;
 * advisories that alias each other give one match per dependency. The same package and
 * version listed by several manifests is looked up once.
 */
export function matchDependencies(
  dependencies: readonly Dependency[],
  source: AdvisorySource,
): VulnerabilityMatch[] {
  const memo = new Map<string, Omit<VulnerabilityMatch, 'dependency'>[]>();
  const out: VulnerabilityMatch[] = [];
  for (const dependency of dependencies) {
    if (dependency.version === '') continue; // unpinned: cannot be matched exactly
    const key = `${dependency.ecosystem}\u0000${dependency.name}\u0000${dependency.version}`;
    let found = memo.get(key);
    if (found === undefined) {
      found = matchOne(dependency.ecosystem, dependency.name, dependency.version, source);
      memo.set(key, found);
    }
    for (const m of found) out.push({ dependency, ...m });
  }
  return out;
}

function matchOne(
  ecosystem: Ecosystem,
  name: string,
  version: string,
  source: AdvisorySource,
): Omit<VulnerabilityMatch, 'dependency'>[] {
  const scheme = schemeFor(ecosystem);
  const hits: { advisory: StoredAdvisory; affected: OsvAffected }[] = [];
  const entriesByAdvisory = new Map<string, OsvAffected[]>();
  for (const { advisory, affected } of source.advisoriesFor(ecosystem, name)) {
    if (advisory.withdrawn !== undefined) continue;
    const entry = affected as OsvAffected;
    const list = entriesByAdvisory.get(advisory.id) ?? [];
    list.push(entry);
    entriesByAdvisory.set(advisory.id, list);
    if (isAffected(version, entry, scheme) && !hits.some((h) => h.advisory.id === advisory.id)) {
      hits.push({ advisory, affected: entry });
    }
  }
  return mergeByAlias(hits).map((group) => {
    const ids = group.map((g) => g.advisory.id);
    const id = primaryId(ids);
    const advisories = [...group.map((g) => g.advisory)].sort((a, b) =>
      a.id === id ? -1 : b.id === id ? 1 : a.id.localeCompare(b.id),
    );
    const allIds = new Set<string>();
    for (const a of advisories) {
      allIds.add(a.id);
      for (const alias of a.aliases) allIds.add(alias);
    }
    allIds.delete(id);
    const entries = advisories.flatMap((a) => entriesByAdvisory.get(a.id) ?? []);
    const fixed = [...new Set(entries.flatMap((e) => fixedVersions(e)))].sort((x, y) =>
      scheme.compare(x, y),
    );
    const published = advisories
      .map((a) => a.published)
      .filter((p): p is string => p !== undefined)
      .sort()[0];
    return {
      id,
      aliases: [...allIds].sort(),
      advisories,
      summary: advisories.find((a) => a.summary)?.summary,
      ...severityOf(advisories),
      fixedIn: smallestFix(version, entries, scheme),
      fixedVersions: fixed,
      published,
      cwes: [...new Set(advisories.flatMap((a) => a.cwes))].sort(),
      references: [...new Set(advisories.flatMap((a) => a.references))],
    };
  });
}

export type { OsvStore };
