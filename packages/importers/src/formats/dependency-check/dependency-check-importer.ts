import type { FindingDraft } from '@rampart/core';
import { isEcosystem } from '@rampart/sca/dependencies';
import { z } from 'zod';
import type { Importer } from '../../importer.js';
import { isRecord, readJsonReport } from '../../support/json-report.js';
import {
  chooseSeverity,
  dependencyFinding,
  fromPurl,
  manifestPathResolver,
  type PurlPackage,
  scoredCvss,
} from '../dependency-common.js';

// OWASP Dependency-Check's JSON report (`--format JSON`, reportSchema 1.1): `dependencies[]`,
// each a scanned file (a jar, a lockfile entry, an assembly) with the `packages[]` (purls) it
// was identified as and the `vulnerabilities[]` matched to it. Suppressed vulnerabilities
// are in `suppressedVulnerabilities` and are not imported.
//
// Package: the first purl of a supported ecosystem among `packages[]` (else the first purl,
// else the file name in a `generic` ecosystem). Manifest: the dependency's `filePath`
// (npm and other virtual dependencies carry `?name` after the lockfile path: dropped), made
// relative by stripping the folder all the report's files share, as the report does not
// name its root. Fixed version: Dependency-Check states none; the exclusive upper bound
// (`versionEndExcluding`) of the CPE range that matched is the first fixed version.
//
// Severity: Dependency-Check's `severity` (the rating of the highest CVSS version it has, or
// the unscored source's word); else the CVSS v4 vector or the v3 vector built from its
// metrics, scored by Rampart's calculator; else `cvssv3.baseScore`/`cvssv2.score`; else
// medium, tagged `severity-unknown`.

const FORMAT = 'OWASP Dependency-Check JSON report';

const text = z.string();

const Cvss3 = z.object({
  baseScore: z.number().nullish(),
  attackVector: text.nullish(),
  attackComplexity: text.nullish(),
  privilegesRequired: text.nullish(),
  userInteraction: text.nullish(),
  scope: text.nullish(),
  confidentialityImpact: text.nullish(),
  integrityImpact: text.nullish(),
  availabilityImpact: text.nullish(),
  version: text.nullish(),
});

const Vulnerability = z.object({
  source: text.nullish(),
  name: text.min(1),
  severity: text.nullish(),
  cvssv2: z.object({ score: z.number().nullish() }).nullish(),
  cvssv3: Cvss3.nullish(),
  cvssv4: z.object({ vectorString: text.nullish(), baseScore: z.number().nullish() }).nullish(),
  cwes: z.array(text).nullish(),
  description: text.nullish(),
  references: z.array(z.object({ url: text.nullish(), name: text.nullish() })).nullish(),
  vulnerableSoftware: z
    .array(
      z.object({
        software: z.object({
          id: text,
          vulnerabilityIdMatched: text.nullish(),
          versionEndExcluding: text.nullish(),
        }),
      }),
    )
    .nullish(),
});

const Dependency = z.object({
  isVirtual: z.boolean().nullish(),
  fileName: text.min(1),
  filePath: text.min(1),
  packages: z.array(z.object({ id: text })).nullish(),
  vulnerabilities: z.array(Vulnerability).nullish(),
});

const DependencyCheckReport = z.object({
  reportSchema: text,
  scanInfo: z.object({ engineVersion: text.nullish() }).nullish(),
  dependencies: z.array(Dependency).nullish(),
});

type Cvss3Metrics = z.output<typeof Cvss3>;

const CVSS3_METRICS: readonly [string, keyof Cvss3Metrics][] = [
  ['AV', 'attackVector'],
  ['AC', 'attackComplexity'],
  ['PR', 'privilegesRequired'],
  ['UI', 'userInteraction'],
  ['S', 'scope'],
  ['C', 'confidentialityImpact'],
  ['I', 'integrityImpact'],
  ['A', 'availabilityImpact'],
];

/**
 * The CVSS v3 vector of Dependency-Check's spelled-out metrics (`NETWORK`, `LOW`, `NONE`,
 * `REQUIRED`, `CHANGED`…): each value's first letter is its vector letter
 * (`ADJACENT_NETWORK` → A). Undefined when a metric is missing.
 */
export function cvss3Vector(metrics: Cvss3Metrics | null | undefined): string | undefined {
  if (!metrics) return undefined;
  const parts: string[] = [];
  for (const [key, field] of CVSS3_METRICS) {
    const value = metrics[field];
    if (typeof value !== 'string' || value === '') return undefined;
    parts.push(`${key}:${value[0]?.toUpperCase()}`);
  }
  const version = metrics.version === '3.0' ? '3.0' : '3.1';
  return `CVSS:${version}/${parts.join('/')}`;
}

/** The package a dependency was identified as: a supported ecosystem's purl first. */
function packageOf(dep: z.output<typeof Dependency>): PurlPackage | undefined {
  const purls = (dep.packages ?? []).flatMap((p) => fromPurl(p.id) ?? []);
  return purls.find((p) => isEcosystem(p.ecosystem)) ?? purls[0];
}

function drafts(report: z.output<typeof DependencyCheckReport>): FindingDraft[] {
  const tool = { name: 'dependency-check', version: report.scanInfo?.engineVersion ?? '' };
  const deps = report.dependencies ?? [];
  const fileOf = (dep: (typeof deps)[number]) => dep.filePath.split('?')[0] ?? dep.filePath;
  const pathOf = manifestPathResolver(deps.map(fileOf));
  const out: FindingDraft[] = [];
  for (const dep of deps) {
    const vulnerabilities = dep.vulnerabilities ?? [];
    if (vulnerabilities.length === 0) continue;
    const pkg = packageOf(dep);
    for (const v of vulnerabilities) {
      const fixed = (v.vulnerableSoftware ?? []).flatMap(({ software }) =>
        software.vulnerabilityIdMatched === 'true' && software.versionEndExcluding
          ? [software.versionEndExcluding]
          : [],
      );
      const word = v.severity && /^\d+(\.\d+)?$/.test(v.severity) ? undefined : v.severity;
      const unscored = word === undefined && v.severity ? Number.parseFloat(v.severity) : undefined;
      out.push(
        dependencyFinding({
          tool,
          ids: [v.name],
          details: v.description,
          severity: chooseSeverity({
            word,
            cvss: scoredCvss([v.cvssv4?.vectorString, cvss3Vector(v.cvssv3)], 'first'),
            scores: [v.cvssv4?.baseScore, v.cvssv3?.baseScore, v.cvssv2?.score, unscored],
          }),
          cwes: v.cwes ?? [],
          ecosystem: pkg?.ecosystem ?? 'generic',
          name: pkg?.name ?? dep.fileName,
          version: pkg?.version ?? '',
          ...(pkg === undefined ? {} : { purl: pkg.purl }),
          manifestPath: pathOf(fileOf(dep)),
          fixedVersions: fixed,
          references: (v.references ?? []).map((r) => r.url),
          properties: {
            ...(v.source ? { source: v.source } : {}),
            fileName: dep.fileName,
          },
        }),
      );
    }
  }
  return out;
}

/** OWASP Dependency-Check's JSON report (`dependency-check --format JSON`). */
export const dependencyCheckImporter: Importer = {
  id: 'dependency-check',
  description: 'OWASP Dependency-Check JSON (`dependency-check --format JSON`)',
  detect(_text, json) {
    return (
      isRecord(json) &&
      typeof json.reportSchema === 'string' &&
      (Array.isArray(json.dependencies) || isRecord(json.scanInfo))
    );
  },
  parse(text, ctx) {
    return drafts(readJsonReport(text, ctx.file, FORMAT, DependencyCheckReport));
  },
};
