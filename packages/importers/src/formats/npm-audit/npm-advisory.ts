import type { FindingDraft } from '@rampart/core';
import { z } from 'zod';
import { distinctStrings, type ToolInfo } from '../../support/draft-fields.js';
import { chooseSeverity, dependencyFinding, ghsaInUrl, scoredCvss } from '../dependency-common.js';

// The advisory of npm's old audit endpoint, as `npm audit --json` of npm 6 lists it under
// `advisories` and `yarn audit --json` (Yarn 1) in each `auditAdvisory` line.

/** `npm audit` (npm 6) and `yarn audit` advisories: one advisory, every version it hits. */
export const NpmAdvisorySchema = z.object({
  id: z.number().int(),
  title: z.string().nullish(),
  module_name: z.string().min(1),
  severity: z.string().nullish(),
  cwe: z.union([z.string(), z.array(z.string())]).nullish(),
  cves: z.array(z.string()).nullish(),
  github_advisory_id: z.string().nullish(),
  url: z.string().nullish(),
  vulnerable_versions: z.string().nullish(),
  patched_versions: z.string().nullish(),
  overview: z.string().nullish(),
  recommendation: z.string().nullish(),
  references: z.string().nullish(),
  cvss: z.object({ score: z.number().nullish(), vectorString: z.string().nullish() }).nullish(),
  findings: z.array(
    z.object({
      version: z.string().min(1),
      paths: z.array(z.string()).nullish(),
      dev: z.boolean().nullish(),
    }),
  ),
});

/** One parsed npm advisory. */
export type NpmAdvisory = z.output<typeof NpmAdvisorySchema>;

/**
 * The versions that fix what a semver range excludes, clause by clause (`||`): the lower
 * bound `>=X` of each clause of a patched range (`>=4.17.19`, `>=1.2.3 <2.0.0 || >=2.1.0`).
 * npm writes `<0.0.0` when nothing is patched: no fix.
 * @example patchedVersions('>=1.2.3 <2.0.0 || >=2.1.0') // ['1.2.3', '2.1.0']
 */
export function patchedVersions(range: string | undefined | null): string[] {
  if (typeof range !== 'string') return [];
  return range.split('||').flatMap((clause) => {
    const m = /(?:^|\s)>=\s*v?(\d[^\s<>=|]*)/.exec(clause.trim());
    return m?.[1] === undefined ? [] : [m[1]];
  });
}

/**
 * The first fixed version of each clause of a vulnerable range: its exclusive upper bound
 * (`<4.17.21`, `>=1.0.0 <1.2.3`). A clause with `<=` or no upper bound names no fix.
 * @example firstFixedVersions('<0.2.1 || >=1.0.0 <1.2.3') // ['0.2.1', '1.2.3']
 */
export function firstFixedVersions(range: string | undefined | null): string[] {
  if (typeof range !== 'string') return [];
  return range.split('||').flatMap((clause) => {
    const m = /(?:^|\s)<\s*v?(\d[^\s<>=|]*)/.exec(clause.trim());
    return m?.[1] === undefined ? [] : [m[1]];
  });
}

/** The URLs of npm's markdown references list (`- [Title](https://…)`). */
export function markdownUrls(text: string | undefined | null): string[] {
  return typeof text === 'string' ? (text.match(/https?:\/\/[^\s)\]>]+/g) ?? []) : [];
}

/**
 * Every id of an npm advisory: its GitHub advisory (given, or in its URL, as npm's registry
 * has served them since 2021, or else the one GitHub advisory its references link to) and
 * its CVEs; when it names neither, npm's own number as `npm-advisory-<id>`, a stable id that
 * cannot collide with a database's.
 */
export function npmAdvisoryIds(
  id: number | undefined,
  ghsa: string | undefined | null,
  url: string | undefined | null,
  cves: readonly string[],
  references: readonly string[] = [],
): string[] {
  const linked = new Set(references.flatMap((r) => ghsaInUrl(r) ?? []));
  const own = ghsa || ghsaInUrl(url) || (linked.size === 1 ? [...linked][0] : undefined);
  const ids = distinctStrings([own, ...cves]);
  return ids.length > 0 || id === undefined ? ids : [`npm-advisory-${id}`];
}

/** Where an npm-advisory report puts its findings, and what it knows about dev paths. */
export interface AdvisoryContext {
  readonly tool: ToolInfo;
  /** Lockfile the audit read (npm audit reports none: `package-lock.json`, `yarn.lock`). */
  readonly manifestPath: string;
  /** Whether a `>`-separated path is dev-only, when the report says so per path (yarn). */
  readonly devPath?: (path: string) => boolean | undefined;
}

/**
 * The drafts of one advisory: one per vulnerable version (`findings[]`), with the shortest
 * of its paths (`a>b>lodash`) as the dependency path. Severity: npm's word (critical, high,
 * moderate → medium, low, info); else the CVSS vector or score npm gives; else medium.
 */
export function advisoryDrafts(advisory: NpmAdvisory, ctx: AdvisoryContext): FindingDraft[] {
  const references = markdownUrls(advisory.references);
  const ids = npmAdvisoryIds(
    advisory.id,
    advisory.github_advisory_id,
    advisory.url,
    advisory.cves ?? [],
    references,
  );
  const byVersion = new Map<string, { paths: string[]; dev: boolean[] }>();
  for (const finding of advisory.findings) {
    const entry = byVersion.get(finding.version) ?? { paths: [], dev: [] };
    for (const path of finding.paths ?? []) {
      entry.paths.push(path);
      const dev = ctx.devPath?.(path) ?? finding.dev ?? undefined;
      if (dev !== undefined) entry.dev.push(dev);
    }
    if ((finding.paths ?? []).length === 0 && typeof finding.dev === 'boolean') {
      entry.dev.push(finding.dev);
    }
    byVersion.set(finding.version, entry);
  }
  const fixed = patchedVersions(advisory.patched_versions);
  return [...byVersion].map(([version, { paths, dev }]) => {
    const chains = distinctStrings(paths)
      .map((p) => p.split('>').filter((x) => x !== ''))
      .sort((a, b) => a.length - b.length);
    const shortest = chains[0];
    return dependencyFinding({
      tool: ctx.tool,
      ids,
      summary: advisory.title,
      details: advisory.overview,
      severity: chooseSeverity({
        word: advisory.severity,
        cvss: scoredCvss([advisory.cvss?.vectorString], 'first'),
        scores: [advisory.cvss?.score],
      }),
      cwes: Array.isArray(advisory.cwe) ? advisory.cwe : [advisory.cwe],
      ecosystem: 'npm',
      name: advisory.module_name,
      version,
      manifestPath: ctx.manifestPath,
      fixedVersions: fixed,
      ...(shortest === undefined
        ? {}
        : { dependencyPath: shortest, direct: shortest.length === 1 }),
      ...(dev.length === 0 ? {} : { dev: dev.every((d) => d) }),
      references: [advisory.url, ...references],
      properties: {
        npmAdvisory: advisory.id,
        ...(advisory.vulnerable_versions
          ? { vulnerableVersions: advisory.vulnerable_versions }
          : {}),
      },
    });
  });
}
