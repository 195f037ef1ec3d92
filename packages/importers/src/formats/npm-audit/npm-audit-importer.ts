import { type FindingDraft, ParseError, parseJsonText } from '@rampart/core';
import { z } from 'zod';
import type { Importer } from '../../importer.js';
import { checkShape, isRecord, jsonPathLine } from '../../support/json-report.js';
import { chooseSeverity, dependencyFinding, scoredCvss } from '../dependency-common.js';
import {
  advisoryDrafts,
  firstFixedVersions,
  NpmAdvisorySchema,
  npmAdvisoryIds,
} from './npm-advisory.js';

// `npm audit --json`, in both shapes npm has written:
// - npm 6: `advisories` by advisory number, each with the vulnerable `findings[]` (version
//   and `a>b>pkg` paths), plus `actions` (the installs `npm audit fix` would make; read only
//   for which paths are dev-only, as `patched_versions` says what fixes the package itself);
// - npm 7 and later: `auditReportVersion: 2`, `vulnerabilities` by package name, each with
//   `via` (advisory objects, or names of vulnerable packages it depends on), `range`,
//   `nodes` (`node_modules/...` paths), `isDirect` and `fixAvailable`.
//
// npm audit names no file: it reads `package-lock.json` (or `npm-shrinkwrap.json`) where it
// runs, so every finding's manifest is `package-lock.json`, relative to the folder the
// report was made in (import from that folder for the fingerprints to match Rampart's).
//
// npm 7+ states no installed version anywhere (`nodes` are paths, the advisory has ranges):
// the location's `version` is then the advisory's vulnerable range (`<4.17.21`), with
// `properties.versionIsRange`, and the fixed version is read off the range's upper bound.
// A package listed only because it depends on a vulnerable one (`via` holds names only) is
// not itself vulnerable: the package it names has its own entry, and only that is imported.
//
// Severity: npm's word (critical, high, moderate → medium, low, info); else the rating of
// the advisory's CVSS vector or score; else medium, tagged `severity-unknown`.

const FORMAT = 'npm audit JSON report';
// npm audit's report states no npm version.
const TOOL = { name: 'npm-audit', version: '' } as const;
const MANIFEST = 'package-lock.json';

const Npm6Report = z.object({
  actions: z.array(
    z.object({
      resolves: z
        .array(z.object({ id: z.number().nullish(), path: z.string(), dev: z.boolean().nullish() }))
        .nullish(),
    }),
  ),
  advisories: z.record(z.string(), NpmAdvisorySchema),
});

const ViaAdvisory = z.object({
  source: z.number().int().nullish(),
  id: z.number().int().nullish(),
  name: z.string().nullish(),
  dependency: z.string().nullish(),
  title: z.string().nullish(),
  url: z.string().nullish(),
  severity: z.string().nullish(),
  cwe: z.array(z.string()).nullish(),
  cvss: z.object({ score: z.number().nullish(), vectorString: z.string().nullish() }).nullish(),
  range: z.string().nullish(),
  vulnerable_versions: z.string().nullish(),
});

const Npm7Report = z.object({
  auditReportVersion: z.literal(2),
  vulnerabilities: z.record(
    z.string(),
    z.object({
      name: z.string().min(1),
      severity: z.string().nullish(),
      isDirect: z.boolean().nullish(),
      via: z.array(z.union([z.string(), ViaAdvisory])),
      effects: z.array(z.string()).nullish(),
      range: z.string().nullish(),
      nodes: z.array(z.string()).nullish(),
      fixAvailable: z
        .union([
          z.boolean(),
          z.object({ name: z.string(), version: z.string(), isSemVerMajor: z.boolean().nullish() }),
        ])
        .nullish(),
    }),
  ),
});

/** The package chain of a `node_modules/a/node_modules/b` path: `['a', 'b']`. */
function chainOf(node: string): string[] {
  return node
    .split(/(?:^|\/)node_modules\//)
    .map((part) => part.replace(/\/+$/, ''))
    .filter((part) => part !== '');
}

function npm6Drafts(report: z.output<typeof Npm6Report>): FindingDraft[] {
  // `actions[].resolves[]` say which paths are dev-only where `findings[]` may not.
  const dev = new Map<string, boolean>();
  for (const action of report.actions) {
    for (const r of action.resolves ?? []) {
      if (typeof r.dev === 'boolean') dev.set(`${r.id ?? ''}\0${r.path}`, r.dev);
    }
  }
  return Object.values(report.advisories).flatMap((advisory) =>
    advisoryDrafts(advisory, {
      tool: TOOL,
      manifestPath: MANIFEST,
      devPath: (path) => dev.get(`${advisory.id}\0${path}`),
    }),
  );
}

function npm7Drafts(report: z.output<typeof Npm7Report>): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const vuln of Object.values(report.vulnerabilities)) {
    const chains = (vuln.nodes ?? []).map(chainOf).filter((c) => c.length > 0);
    chains.sort((a, b) => a.length - b.length);
    const chain = chains[0];
    const fix = vuln.fixAvailable;
    const fixesThis = isRecord(fix) && fix.name === vuln.name;
    const fixHint =
      isRecord(fix) && !fixesThis
        ? `\`npm audit fix${fix.isSemVerMajor ? ' --force' : ''}\` would install ${fix.name}@${fix.version}${fix.isSemVerMajor ? ', a major upgrade: check it for breaking changes' : ''}.`
        : undefined;
    for (const via of vuln.via) {
      if (typeof via === 'string') continue;
      // An advisory object describes the package it names; npm lists it under that package.
      const about = via.dependency ?? via.name ?? vuln.name;
      if (about !== vuln.name) continue;
      const range = via.range ?? via.vulnerable_versions ?? vuln.range ?? '';
      const npmId = via.source ?? via.id ?? undefined;
      out.push(
        dependencyFinding({
          tool: TOOL,
          ids: npmAdvisoryIds(npmId, undefined, via.url, []),
          summary: via.title,
          severity: chooseSeverity({
            word: via.severity ?? vuln.severity,
            cvss: scoredCvss([via.cvss?.vectorString], 'first'),
            scores: [via.cvss?.score ? via.cvss.score : undefined],
          }),
          cwes: via.cwe ?? [],
          ecosystem: 'npm',
          name: vuln.name,
          version: range,
          versionIsRange: range !== '',
          manifestPath: MANIFEST,
          fixedVersions: [
            ...firstFixedVersions(range),
            ...(fixesThis && isRecord(fix) ? [fix.version] : []),
          ],
          ...(chain === undefined ? {} : { dependencyPath: chain }),
          ...(typeof vuln.isDirect === 'boolean' ? { direct: vuln.isDirect } : {}),
          references: [via.url],
          ...(fixHint === undefined ? {} : { fixHint }),
          properties: {
            ...(npmId === undefined ? {} : { npmAdvisory: npmId }),
            ...(vuln.nodes && vuln.nodes.length > 0 ? { nodes: [...vuln.nodes] } : {}),
          },
        }),
      );
    }
  }
  return out;
}

/** `npm audit --json` of npm 6 (`advisories`) and of npm 7 and later (`auditReportVersion: 2`). */
export const npmAuditImporter: Importer = {
  id: 'npm-audit',
  description:
    'npm audit JSON (`npm audit --json`, npm 6 and npm 7+); the lockfile is package-lock.json',
  detect(_text, json) {
    if (!isRecord(json)) return false;
    if (json.auditReportVersion === 2) return isRecord(json.vulnerabilities);
    return isRecord(json.advisories) && Array.isArray(json.actions);
  },
  parse(text, ctx) {
    const json = parseJsonText(text, ctx.file);
    const shape = {
      file: ctx.file,
      format: FORMAT,
      lineOf: (path: readonly PropertyKey[]) => jsonPathLine(text, path),
    };
    // When it cannot audit (no lockfile, no registry) npm writes `{"error": {code, summary}}`.
    if (
      isRecord(json) &&
      isRecord(json.error) &&
      !('vulnerabilities' in json) &&
      !('advisories' in json)
    ) {
      const { code, summary } = json.error;
      throw new ParseError(
        { file: ctx.file, line: jsonPathLine(text, ['error']) },
        `npm audit failed instead of reporting: ${[code, summary].filter((x) => typeof x === 'string').join(': ') || 'no details'}; fix that and run it again`,
      );
    }
    if (isRecord(json) && 'auditReportVersion' in json) {
      return npm7Drafts(checkShape(json, Npm7Report, shape));
    }
    return npm6Drafts(checkShape(json, Npm6Report, shape));
  },
};
