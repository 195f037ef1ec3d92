import { type FindingDraft, ParseError, secretInfo } from '@rampart/core';
import { z } from 'zod';
import type { Importer } from '../../importer.js';
import { region, snippetOf, toolRuleId } from '../../support/draft-fields.js';
import { isRecord, jsonPathLine, readJsonReport } from '../../support/json-report.js';
import {
  chooseSeverity,
  dependencyFinding,
  ecosystemOf,
  fromPurl,
  ghsaInUrl,
  manifestPathResolver,
  referenceUrls,
  scoredCvss,
  severityWord,
} from '../dependency-common.js';

// `trivy fs|image|repo --format json` (SchemaVersion 2). Every `Results[]` entry is one target
// (a lockfile, an image's OS, a config file, a scanned file) of one class:
// - `os-pkgs` and `lang-pkgs` → `Vulnerabilities[]` → `sca` findings on packages;
// - `config` → `Misconfigurations[]` → `iac` findings on the target's lines (FAIL only);
// - `secret` → `Secrets[]` → `secrets` findings; the match is hashed and redacted;
// - `license`, `license-file` and `custom` are not findings Rampart imports.
//
// Severity: Trivy's own `Severity` (CRITICAL, HIGH, MEDIUM, LOW; it picked it from the
// vendor named in `SeveritySource`); when that is UNKNOWN, the rating of the first CVSS v3/v4
// vector in `CVSS` (the severity source's vendor first, then NVD, then the others) as
// Rampart's calculator scores it; then a bare `V3Score`; else medium, tagged
// `severity-unknown`. The same vector fills `cvss`.

const FORMAT = 'Trivy JSON report';
const TOOL_NAME = 'trivy';

const text = z.string();
const list = <T extends z.ZodType>(item: T) => z.array(item).nullish();

const CvssEntry = z.object({
  V2Vector: text.nullish(),
  V2Score: z.number().nullish(),
  V3Vector: text.nullish(),
  V3Score: z.number().nullish(),
  V40Vector: text.nullish(),
  V40Score: z.number().nullish(),
});

const Vulnerability = z.object({
  VulnerabilityID: text.min(1),
  VendorIDs: list(text),
  PkgID: text.nullish(),
  PkgName: text.min(1),
  PkgPath: text.nullish(),
  PkgIdentifier: z.object({ PURL: text.nullish() }).nullish(),
  InstalledVersion: text.nullish(),
  FixedVersion: text.nullish(),
  Status: text.nullish(),
  SeveritySource: text.nullish(),
  PrimaryURL: text.nullish(),
  Title: text.nullish(),
  Description: text.nullish(),
  Severity: text.nullish(),
  CweIDs: list(text),
  CVSS: z.record(text, CvssEntry).nullish(),
  References: list(text),
  PublishedDate: text.nullish(),
});

const CodeLines = z
  .object({
    Lines: list(
      z.object({
        Number: z.number().int().nullish(),
        Content: text.nullish(),
        IsCause: z.boolean().nullish(),
      }),
    ),
  })
  .nullish();

const Misconfiguration = z.object({
  Type: text.nullish(),
  ID: text.nullish(),
  AVDID: text.nullish(),
  Title: text.nullish(),
  Description: text.nullish(),
  Message: text.nullish(),
  Namespace: text.nullish(),
  Resolution: text.nullish(),
  Severity: text.nullish(),
  PrimaryURL: text.nullish(),
  References: list(text),
  Status: text.nullish(),
  CauseMetadata: z
    .object({
      Resource: text.nullish(),
      StartLine: z.number().int().nullish(),
      EndLine: z.number().int().nullish(),
      Code: CodeLines,
    })
    .nullish(),
});

const Secret = z.object({
  RuleID: text.min(1),
  Category: text.nullish(),
  Severity: text.nullish(),
  Title: text.nullish(),
  StartLine: z.number().int().nullish(),
  EndLine: z.number().int().nullish(),
  Match: text.nullish(),
  Code: CodeLines,
});

const Package = z.object({
  ID: text.nullish(),
  Name: text.nullish(),
  Relationship: text.nullish(),
  Indirect: z.boolean().nullish(),
  Dev: z.boolean().nullish(),
  Locations: list(z.object({ StartLine: z.number().int().nullish() })),
});

const Result = z.object({
  Target: text,
  Class: text.nullish(),
  Type: text.nullish(),
  Packages: list(Package),
  Vulnerabilities: list(Vulnerability),
  Misconfigurations: list(Misconfiguration),
  Secrets: list(Secret),
});

const TrivyReport = z.object({
  SchemaVersion: z.number().int(),
  Trivy: z.object({ Version: text.nullish() }).nullish(),
  ArtifactName: text.nullish(),
  ArtifactType: text.nullish(),
  Results: list(Result),
});

type Report = z.output<typeof TrivyReport>;
type ResultEntry = z.output<typeof Result>;
type VulnerabilityEntry = z.output<typeof Vulnerability>;

/** The classes whose `Vulnerabilities` are package findings; absent in reports before 0.20. */
function isPackageClass(cls: string | null | undefined): boolean {
  return cls === undefined || cls === null || cls === 'os-pkgs' || cls === 'lang-pkgs';
}

/**
 * Ids of the one vulnerability: Trivy's id (a CVE, or GHSA-/GO-… when no CVE exists), the
 * vendor's own ids, and the GitHub advisory its references name when exactly one is named
 * (Trivy shows the CVE even when the GitHub advisory database was its source, and the GHSA
 * is what Rampart's own findings use).
 */
function idsOf(v: VulnerabilityEntry): string[] {
  const ghsa = new Set(
    [...(v.References ?? []), v.PrimaryURL].flatMap((url) => ghsaInUrl(url) ?? []),
  );
  return [v.VulnerabilityID, ...(v.VendorIDs ?? []), ...(ghsa.size === 1 ? ghsa : [])];
}

/** The CVSS vectors of a vulnerability, the vendor Trivy took its severity from first. */
function vectorsOf(v: VulnerabilityEntry): { vectors: string[]; scores: number[] } {
  const entries = Object.entries(v.CVSS ?? {});
  const rank = (source: string) =>
    source === v.SeveritySource ? 0 : source === 'nvd' ? 1 : source === 'ghsa' ? 2 : 3;
  entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  const vectors: string[] = [];
  const scores: number[] = [];
  for (const [, entry] of entries) {
    if (entry.V40Vector) vectors.push(entry.V40Vector);
    if (entry.V3Vector) vectors.push(entry.V3Vector);
    if (typeof entry.V3Score === 'number') scores.push(entry.V3Score);
    if (typeof entry.V40Score === 'number') scores.push(entry.V40Score);
  }
  return { vectors, scores };
}

function vulnerabilityDrafts(
  result: ResultEntry,
  tool: FindingDraft['tool'],
  pathOf: (path: string) => string,
): FindingDraft[] {
  const packages = new Map((result.Packages ?? []).flatMap((p) => (p.ID ? [[p.ID, p]] : [])));
  const type = result.Type ?? '';
  const os = result.Class === 'os-pkgs';
  return (result.Vulnerabilities ?? []).map((v) => {
    const purl = fromPurl(v.PkgIdentifier?.PURL);
    // OS packages have no ecosystem in Rampart: they keep Trivy's name of the distro.
    const ecosystem = os
      ? type || (purl?.ecosystem ?? 'os')
      : (ecosystemOf(type) ?? purl?.ecosystem ?? (type || 'unknown'));
    const pkg = v.PkgID ? packages.get(v.PkgID) : undefined;
    const relationship = pkg?.Relationship;
    const direct =
      relationship === 'direct'
        ? true
        : relationship === 'indirect' || pkg?.Indirect === true
          ? false
          : undefined;
    const line = pkg?.Locations?.[0]?.StartLine ?? undefined;
    const { vectors, scores } = vectorsOf(v);
    // Jars and installed packages (image scans) have a path of their own; lockfiles are the target.
    const manifest = !os && v.PkgPath ? v.PkgPath : result.Target;
    return dependencyFinding({
      tool,
      ids: idsOf(v),
      summary: v.Title,
      details: v.Description,
      severity: chooseSeverity({
        word: v.Severity,
        cvss: scoredCvss(vectors, 'first'),
        scores,
      }),
      cwes: v.CweIDs ?? [],
      ecosystem,
      name: v.PkgName,
      version: v.InstalledVersion ?? purl?.version ?? '',
      purl: v.PkgIdentifier?.PURL,
      manifestPath: pathOf(manifest),
      ...(typeof line === 'number' && line >= 1 ? { line } : {}),
      fixedVersions: v.FixedVersion ? [v.FixedVersion] : [],
      ...(direct === undefined ? {} : { direct }),
      ...(pkg?.Dev === true ? { dev: true } : {}),
      references: [v.PrimaryURL, ...(v.References ?? [])],
      tags: os ? ['os-package'] : [],
      properties: {
        ...(v.Status ? { status: v.Status } : {}),
        ...(v.PublishedDate ? { published: v.PublishedDate } : {}),
      },
    });
  });
}

/** The lines Trivy marks as the cause, as one snippet; their last line gives the end column. */
function causeLines(code: z.output<typeof CodeLines>): { snippet?: string; lastLength?: number } {
  const lines = (code?.Lines ?? []).filter(
    (l) => l.IsCause !== false && typeof l.Content === 'string',
  );
  if (lines.length === 0) return {};
  const snippet = snippetOf(lines.map((l) => l.Content).join('\n'));
  const last = lines[lines.length - 1]?.Content ?? '';
  return { ...(snippet === undefined ? {} : { snippet }), lastLength: last.length };
}

function misconfigurationDrafts(
  result: ResultEntry,
  tool: FindingDraft['tool'],
  pathOf: (path: string) => string,
): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const m of result.Misconfigurations ?? []) {
    // PASS and EXCEPTION (waived by a Trivy exception) are not problems.
    if (m.Status && m.Status !== 'FAIL') continue;
    const id = m.ID || m.AVDID || 'misconfiguration';
    const start = m.CauseMetadata?.StartLine ?? 0;
    const end = m.CauseMetadata?.EndLine ?? start;
    const { snippet, lastLength } = causeLines(m.CauseMetadata?.Code);
    const title = m.Title?.trim() || id;
    out.push({
      ruleId: toolRuleId(TOOL_NAME, id),
      scanner: 'iac',
      tool,
      title,
      message: m.Message?.trim() || m.Description?.trim() || title,
      severity: severityWord(m.Severity) ?? 'medium',
      confidence: 'high',
      cwe: [],
      location: {
        kind: 'code',
        path: pathOf(result.Target),
        // Trivy reports a whole-file problem (no USER in a Dockerfile) with no lines: line 1.
        region: region(
          start || 1,
          1,
          end || start || 1,
          lastLength === undefined ? 1 : lastLength + 1,
        ),
        ...(snippet === undefined ? {} : { snippet }),
      },
      ...(m.Resolution?.trim() ? { remediation: m.Resolution.trim() } : {}),
      references: referenceUrls([m.PrimaryURL, ...(m.References ?? [])]),
      tags: ['iac', ...(result.Type ? [result.Type] : [])],
      properties: {
        ...(m.AVDID ? { avdId: m.AVDID } : {}),
        ...(m.Type ? { checkType: m.Type } : {}),
        ...(m.CauseMetadata?.Resource ? { resource: m.CauseMetadata.Resource } : {}),
      },
    });
  }
  return out;
}

/**
 * Secrets: Trivy already replaces the secret in `Match` and `Code` by `*`, but a finding keeps
 * neither (another version or a custom rule might not): only the hash of the match and a
 * redacted preview, as Rampart's own secret findings. The match stands in for the secret in
 * the fingerprint, so a secret keeps its fingerprint while its line moves.
 */
function secretDrafts(
  result: ResultEntry,
  tool: FindingDraft['tool'],
  pathOf: (path: string) => string,
): FindingDraft[] {
  return (result.Secrets ?? []).map((s) => {
    const title = s.Title?.trim() || s.RuleID;
    const info = secretInfo(s.Match?.trim() || `${s.RuleID}:${s.StartLine ?? 0}`);
    const start = s.StartLine ?? 1;
    // Only the length of the (masked) line is read from Trivy's code lines, never their text.
    const { lastLength } = causeLines(s.Code);
    return {
      ruleId: toolRuleId(TOOL_NAME, s.RuleID),
      scanner: 'secrets',
      tool,
      title,
      message: `${title} (${info.preview}). Revoke and rotate it: deleting it from the code does not make it safe, it stays in the git history.`,
      severity: severityWord(s.Severity) ?? 'high',
      confidence: 'high',
      cwe: ['CWE-798'],
      owasp: 'A07:2021',
      location: {
        kind: 'code',
        path: pathOf(result.Target),
        region: region(start, 1, s.EndLine ?? start, lastLength === undefined ? 1 : lastLength + 1),
      },
      remediation:
        'Revoke the credential where it was issued and create a new one; load it at run time from a secret manager or the environment, never from the repository. Removing it from the file does not remove it from the git history.',
      references: [],
      tags: ['secret', ...(s.Category ? [s.Category] : [])],
      secret: info,
      properties: { ...(s.Category ? { category: s.Category } : {}) },
    };
  });
}

function drafts(report: Report): FindingDraft[] {
  const tool = { name: TOOL_NAME, version: report.Trivy?.Version ?? '' };
  const results = report.Results ?? [];
  // `trivy fs DIR` names the scanned directory: absolute targets under it lose it.
  const root =
    report.ArtifactType === 'filesystem' || report.ArtifactType === 'repository'
      ? (report.ArtifactName ?? undefined)
      : undefined;
  const paths = results.flatMap((r) => [
    ...(r.Class === 'os-pkgs' ? [] : [r.Target]),
    ...(r.Vulnerabilities ?? []).flatMap((v) => (v.PkgPath ? [v.PkgPath] : [])),
  ]);
  const pathOf = manifestPathResolver(paths, root);
  return results.flatMap((r) => {
    if (r.Class === 'config') return misconfigurationDrafts(r, tool, pathOf);
    if (r.Class === 'secret') return secretDrafts(r, tool, pathOf);
    // An OS target is the image and its distro (`app:1.0 (alpine 3.19.1)`), not a path.
    if (r.Class === 'os-pkgs') return vulnerabilityDrafts(r, tool, (target) => target);
    if (isPackageClass(r.Class)) return vulnerabilityDrafts(r, tool, pathOf);
    return [];
  });
}

/** Trivy's JSON report (SchemaVersion 2): vulnerabilities, misconfigurations and secrets. */
export const trivyImporter: Importer = {
  id: 'trivy',
  description:
    'Trivy JSON (`trivy fs|image|repo --format json`): vulnerabilities, misconfigurations and secrets',
  detect(_text, json) {
    return (
      isRecord(json) &&
      typeof json.SchemaVersion === 'number' &&
      (Array.isArray(json.Results) ||
        (json.Results === undefined && typeof json.ArtifactName === 'string'))
    );
  },
  parse(text, ctx) {
    const report = readJsonReport(text, ctx.file, FORMAT, TrivyReport);
    if (report.SchemaVersion !== 2) {
      throw new ParseError(
        { file: ctx.file, line: jsonPathLine(text, ['SchemaVersion']) },
        `not a ${FORMAT} Rampart reads: SchemaVersion is ${report.SchemaVersion}, expected 2 (Trivy 0.20 and later); re-run Trivy with a current version`,
      );
    }
    return drafts(report);
  },
};
