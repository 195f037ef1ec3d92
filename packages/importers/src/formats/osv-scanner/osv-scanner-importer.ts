import type { FindingDraft } from '@rampart/core';
import { isEcosystem, normalizePackageName } from '@rampart/sca/dependencies';
import { z } from 'zod';
import type { Importer } from '../../importer.js';
import { isRecord, readJsonReport } from '../../support/json-report.js';
import {
  chooseSeverity,
  dependencyFinding,
  ecosystemOf,
  manifestPathResolver,
  scoredCvss,
} from '../dependency-common.js';

// `osv-scanner --format json` (v1 and v2): `results[]` per scanned source (a lockfile, an
// SBOM, a directory), each with `packages[]`: the package, the full OSV records that affect
// it and `groups[]`, osv-scanner's merge of records that alias each other (a GHSA and a
// GO-/PYSEC-/RUSTSEC- record of the same flaw). One group is one finding, as Rampart's own
// matcher merges aliases into one finding; without `groups` (old versions) every record is
// its own group.
//
// Manifest paths: osv-scanner writes absolute paths (`/home/runner/work/app/package-lock.json`)
// and does not say which folder was the root, so they are made relative by stripping the
// folder all of the report's sources share (see `manifestPathResolver`).
//
// Severity, as in Rampart's matcher since these are OSV records: the highest-scoring CVSS
// v3/v4 vector of the group's records (Rampart's calculator); else osv-scanner's
// `max_severity` score; else the database's own word (`database_specific.severity`, GitHub's
// LOW/MODERATE/HIGH/CRITICAL); else medium, tagged `severity-unknown`.

const FORMAT = 'osv-scanner JSON report';
// osv-scanner's JSON states no osv-scanner version.
const TOOL = { name: 'osv-scanner', version: '' } as const;

const OsvRecord = z.object({
  id: z.string().min(1),
  aliases: z.array(z.string()).nullish(),
  summary: z.string().nullish(),
  details: z.string().nullish(),
  published: z.string().nullish(),
  severity: z.array(z.object({ type: z.string(), score: z.string() })).nullish(),
  affected: z
    .array(
      z.object({
        package: z
          .object({ ecosystem: z.string().nullish(), name: z.string().nullish() })
          .nullish(),
        ranges: z
          .array(
            z.object({
              type: z.string().nullish(),
              events: z.array(z.record(z.string(), z.unknown())).nullish(),
            }),
          )
          .nullish(),
      }),
    )
    .nullish(),
  references: z.array(z.object({ type: z.string().nullish(), url: z.string() })).nullish(),
  database_specific: z.record(z.string(), z.unknown()).nullish(),
});

const Source = z.object({ path: z.string(), type: z.string().nullish() });

const Result = z
  .object({
    source: Source.nullish(),
    // osv-scanner before 1.0 called it `packageSource`.
    packageSource: Source.nullish(),
    packages: z
      .array(
        z.object({
          package: z.object({
            name: z.string().min(1),
            version: z.string().nullish(),
            ecosystem: z.string().min(1),
          }),
          dependency_groups: z.array(z.string()).nullish(),
          vulnerabilities: z.array(OsvRecord).nullish(),
          groups: z
            .array(
              z.object({
                ids: z.array(z.string().min(1)).min(1),
                aliases: z.array(z.string()).nullish(),
                max_severity: z.string().nullish(),
              }),
            )
            .nullish(),
        }),
      )
      .nullish(),
  })
  .refine((r) => r.source != null || r.packageSource != null, {
    message: 'has no "source" (the scanned file)',
    path: ['source'],
  });

const OsvScannerReport = z.object({ results: z.array(Result).nullish() });

type OsvEntry = z.output<typeof OsvRecord>;

/** The `fixed` versions the records list for this package (same ecosystem and name). */
function fixedVersionsOf(records: readonly OsvEntry[], ecosystem: string, name: string): string[] {
  const base = ecosystem.split(':')[0] ?? ecosystem;
  const same = (otherName: string) =>
    isEcosystem(base)
      ? normalizePackageName(base, otherName) === normalizePackageName(base, name)
      : otherName === name;
  const out: string[] = [];
  for (const record of records) {
    for (const affected of record.affected ?? []) {
      const pkg = affected.package;
      if (pkg?.name && !same(pkg.name)) continue;
      if (pkg?.ecosystem && (pkg.ecosystem.split(':')[0] ?? '') !== base) continue;
      for (const range of affected.ranges ?? []) {
        if (range.type === 'GIT') continue;
        for (const event of range.events ?? []) {
          if (typeof event.fixed === 'string') out.push(event.fixed);
        }
      }
    }
  }
  return out;
}

function databaseWord(records: readonly OsvEntry[]): string | undefined {
  for (const r of records) {
    const word = r.database_specific?.severity;
    if (typeof word === 'string') return word;
  }
  return undefined;
}

function databaseCwes(records: readonly OsvEntry[]): unknown[] {
  return records.flatMap((r) => {
    const ids = r.database_specific?.cwe_ids;
    return Array.isArray(ids) ? ids : [];
  });
}

function drafts(report: z.output<typeof OsvScannerReport>): FindingDraft[] {
  const results = report.results ?? [];
  const sourcePath = (r: (typeof results)[number]) => r.source?.path ?? r.packageSource?.path ?? '';
  const pathOf = manifestPathResolver(results.map(sourcePath));
  const out: FindingDraft[] = [];
  for (const result of results) {
    const manifestPath = pathOf(sourcePath(result));
    for (const entry of result.packages ?? []) {
      const { name, ecosystem: osvEcosystem } = entry.package;
      // OSV spells Rampart's ecosystems as Rampart does; others (Debian:12, Alpine:v3.19…) stay.
      const ecosystem = ecosystemOf(osvEcosystem) ?? osvEcosystem;
      const version = entry.package.version ?? '';
      const records = entry.vulnerabilities ?? [];
      const groups =
        entry.groups && entry.groups.length > 0
          ? entry.groups
          : records.map((r) => ({
              ids: [r.id],
              aliases: r.aliases ?? [],
              max_severity: undefined,
            }));
      const dev = entry.dependency_groups?.includes('dev') ? true : undefined;
      for (const group of groups) {
        const members = records.filter((r) => group.ids.includes(r.id));
        const ids = [
          ...group.ids,
          ...(group.aliases ?? []),
          ...members.flatMap((r) => r.aliases ?? []),
        ];
        const vectors = members.flatMap((r) =>
          (r.severity ?? [])
            .filter((s) => s.type.startsWith('CVSS_V3') || s.type === 'CVSS_V4')
            .map((s) => s.score),
        );
        const score = Number.parseFloat(group.max_severity ?? '');
        const primary = members[0];
        const published = members.flatMap((r) => (r.published ? [r.published] : [])).sort()[0];
        out.push(
          dependencyFinding({
            tool: TOOL,
            ids,
            summary: members.find((r) => r.summary?.trim())?.summary,
            details: primary?.details,
            severity: chooseSeverity({
              order: 'cvss-first',
              cvss: scoredCvss(vectors, 'highest'),
              scores: [Number.isFinite(score) ? score : undefined],
              word: databaseWord(members),
            }),
            cwes: databaseCwes(members),
            ecosystem,
            name,
            version,
            manifestPath,
            fixedVersions: fixedVersionsOf(members, osvEcosystem, name),
            ...(dev === undefined ? {} : { dev }),
            references: [
              ...members.map((r) => `https://osv.dev/vulnerability/${r.id}`),
              ...members.flatMap((r) => (r.references ?? []).map((ref) => ref.url)),
            ],
            ...(published === undefined ? {} : { properties: { published } }),
          }),
        );
      }
    }
  }
  return out;
}

/** osv-scanner's JSON output (`osv-scanner scan --format json`, v1 and v2). */
export const osvScannerImporter: Importer = {
  id: 'osv-scanner',
  description: 'osv-scanner JSON (`osv-scanner --format json`): one finding per alias group',
  detect(_text, json) {
    if (!isRecord(json) || !Array.isArray(json.results)) return false;
    if (json.results.length === 0) {
      return Object.keys(json).every((k) =>
        ['results', 'experimental_config', 'image_metadata', 'license_summary'].includes(k),
      );
    }
    return json.results.every(
      (r) =>
        isRecord(r) &&
        (isRecord(r.source) || isRecord(r.packageSource)) &&
        (r.packages === undefined || r.packages === null || Array.isArray(r.packages)),
    );
  },
  parse(text, ctx) {
    const report = readJsonReport(text, ctx.file, FORMAT, OsvScannerReport);
    return drafts(report);
  },
};
