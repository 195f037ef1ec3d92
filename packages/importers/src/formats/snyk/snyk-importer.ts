import { type FindingDraft, ParseError, parseJsonText } from '@rampart/core';
import { z } from 'zod';
import type { Importer } from '../../importer.js';
import { checkShape, isRecord, jsonPathLine } from '../../support/json-report.js';
import {
  chooseSeverity,
  dependencyFinding,
  ecosystemOf,
  manifestPathResolver,
  scoredCvss,
} from '../dependency-common.js';

// `snyk test --json` (Snyk Open Source): one project object, or with `--all-projects` an array
// of them, each with its `packageManager`, `displayTargetFile` (the manifest, relative to the
// scanned `path`) and `vulnerabilities[]`. Snyk lists a vulnerability once per dependency path
// (`from[]`), so entries of the same id, package and version are one finding, its paths
// merged; the shortest is the finding's dependency path.
//
// Rule id: the public ids Snyk gives (`identifiers.GHSA`, then `identifiers.CVE`, chosen as
// Rampart chooses), never Snyk's own `SNYK-JS-…` id when a public one exists, so that a
// finding matches Rampart's and other tools'; the Snyk id alone only when there is no other.
// It is kept in `properties.snykId`. Licence issues (`type: "license"`) are policy results,
// not vulnerabilities, and are not imported.
//
// Severity: Snyk's word (`severity`: critical, high, medium, low); else the rating of its
// `CVSSv3` vector or `cvssScore`; else medium, tagged `severity-unknown`.

const FORMAT = 'Snyk JSON report';
// Snyk's JSON states no CLI version.
const TOOL = { name: 'snyk', version: '' } as const;

const SnykVulnerability = z.object({
  id: z.string().min(1),
  type: z.string().nullish(),
  title: z.string().nullish(),
  description: z.string().nullish(),
  severity: z.string().nullish(),
  packageName: z.string().min(1),
  version: z.string(),
  packageManager: z.string().nullish(),
  from: z.array(z.string()).nullish(),
  upgradePath: z.array(z.union([z.string(), z.boolean()])).nullish(),
  isUpgradable: z.boolean().nullish(),
  fixedIn: z.array(z.string()).nullish(),
  identifiers: z.record(z.string(), z.array(z.string()).nullish()).nullish(),
  cvssScore: z.number().nullish(),
  CVSSv3: z.string().nullish(),
  references: z.array(z.object({ url: z.string(), title: z.string().nullish() })).nullish(),
  publicationTime: z.string().nullish(),
});

const SnykProject = z.object({
  vulnerabilities: z.array(SnykVulnerability),
  packageManager: z.string().nullish(),
  displayTargetFile: z.string().nullish(),
  targetFile: z.string().nullish(),
  path: z.string().nullish(),
  projectName: z.string().nullish(),
});

type Project = z.output<typeof SnykProject>;
type Vulnerability = z.output<typeof SnykVulnerability>;

/** Public ids first; Snyk's own only when Snyk gives no other. */
function idsOf(v: Vulnerability): string[] {
  const ids = v.identifiers ?? {};
  const published = [...(ids.GHSA ?? []), ...(ids.CVE ?? [])].filter((id) => id.trim() !== '');
  return published.length > 0 ? published : [v.id];
}

/** The manifest of a project: relative to the scanned folder Snyk names in `path`. */
function manifestOf(project: Project): string {
  return project.displayTargetFile ?? project.targetFile ?? project.packageManager ?? 'unknown';
}

function projectDrafts(project: Project, pathOf: (path: string) => string): FindingDraft[] {
  const manifestPath = pathOf(manifestOf(project));
  const merged = new Map<string, { first: Vulnerability; paths: string[][] }>();
  for (const v of project.vulnerabilities) {
    if (v.type === 'license') continue;
    const key = `${v.id}\0${v.packageName}\0${v.version}`;
    const entry = merged.get(key) ?? { first: v, paths: [] };
    // `from` starts with the project itself: the chain is what follows it.
    if (v.from && v.from.length > 1) entry.paths.push(v.from.slice(1));
    merged.set(key, entry);
  }
  return [...merged.values()].map(({ first: v, paths }) => {
    paths.sort((a, b) => a.length - b.length);
    const chain = paths[0];
    const manager = v.packageManager ?? project.packageManager;
    // Snyk's upgrade path runs parallel to `from`: [false, "express@4.18.2", …] — the first
    // string is what to upgrade in the manifest.
    const upgrade = (v.upgradePath ?? []).find((step): step is string => typeof step === 'string');
    const fixHint =
      v.isUpgradable && upgrade !== undefined && !upgrade.startsWith(`${v.packageName}@`)
        ? `Snyk's upgrade path: upgrade ${upgrade} in ${manifestPath}.`
        : undefined;
    return dependencyFinding({
      tool: TOOL,
      ids: idsOf(v),
      summary: v.title,
      details: v.description,
      severity: chooseSeverity({
        word: v.severity,
        cvss: scoredCvss([v.CVSSv3], 'first'),
        scores: [v.cvssScore],
      }),
      cwes: v.identifiers?.CWE ?? [],
      ecosystem: ecosystemOf(manager) ?? manager ?? 'unknown',
      name: v.packageName,
      version: v.version,
      manifestPath,
      fixedVersions: v.fixedIn ?? [],
      ...(chain === undefined ? {} : { dependencyPath: chain, direct: chain.length === 1 }),
      references: [
        `https://security.snyk.io/vuln/${v.id}`,
        ...(v.references ?? []).map((r) => r.url),
      ],
      ...(fixHint === undefined ? {} : { fixHint }),
      properties: {
        snykId: v.id,
        ...(v.publicationTime ? { published: v.publicationTime } : {}),
        ...(paths.length > 1 ? { paths: paths.length } : {}),
      },
    });
  });
}

/** `snyk test --json` (one project, or an array with `--all-projects`). */
export const snykImporter: Importer = {
  id: 'snyk',
  description: 'Snyk Open Source JSON (`snyk test --json`, also `--all-projects`)',
  detect(_text, json) {
    const projects = Array.isArray(json) ? json : [json];
    return (
      projects.length > 0 &&
      projects.every(
        (p) =>
          isRecord(p) &&
          Array.isArray(p.vulnerabilities) &&
          typeof p.packageManager === 'string' &&
          ('ok' in p || 'dependencyCount' in p),
      )
    );
  },
  parse(text, ctx) {
    const json = parseJsonText(text, ctx.file);
    const shape = {
      file: ctx.file,
      format: FORMAT,
      lineOf: (path: readonly PropertyKey[]) => jsonPathLine(text, path),
    };
    const list = Array.isArray(json) ? json : [json];
    // When it cannot test a project Snyk writes `{"ok": false, "error": "…"}` in its place.
    for (const [i, item] of list.entries()) {
      if (isRecord(item) && typeof item.error === 'string' && !('vulnerabilities' in item)) {
        throw new ParseError(
          {
            file: ctx.file,
            line: jsonPathLine(text, Array.isArray(json) ? [i, 'error'] : ['error']),
          },
          `snyk failed instead of reporting: ${item.error.slice(0, 300)}; fix that and run it again`,
        );
      }
    }
    const projects = Array.isArray(json)
      ? checkShape(json, z.array(SnykProject), shape)
      : [checkShape(json, SnykProject, shape)];
    // Each project's manifest is relative to its scanned folder; absolute ones lose that folder.
    const resolvers = projects.map((p) =>
      manifestPathResolver([manifestOf(p)], p.path ?? undefined),
    );
    return projects.flatMap((p, i) => projectDrafts(p, resolvers[i] ?? ((x) => x)));
  },
};
