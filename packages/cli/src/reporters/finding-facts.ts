import {
  cweName,
  type Finding,
  owaspCategory,
  type ScannerKind,
  type ScanReport,
  type Severity,
} from '@rampart/core';
import { safeHttpUrl } from './escape.js';
import type { TrainingLookup } from './reporter.js';

/** Severity names as reports show them. */
export const SEVERITY_LABEL: Readonly<Record<Severity, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

/** An emoji per severity, always shown next to {@link SEVERITY_LABEL} (never alone). */
export const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = {
  critical: '🔴',
  high: '🟠',
  medium: '🟡',
  low: '🔵',
  info: '⚪',
};

/** `1 file`, `2 files`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Where a finding is, in one line: `src/a.js:4:3`, `lodash@4.17.15 in package-lock.json:120`,
 * `GET http://host/path [q]`.
 */
export function locationLabel(f: Finding): string {
  const loc = f.location;
  switch (loc.kind) {
    case 'code':
      return `${loc.path}:${loc.region.startLine}:${loc.region.startColumn}`;
    case 'package':
      return `${loc.name}@${loc.version} in ${loc.manifestPath}${loc.line ? `:${loc.line}` : ''}`;
    case 'url':
      return `${loc.method} ${loc.url}${loc.parameter ? ` [${loc.parameter}]` : ''}`;
  }
}

/** Why a finding does or does not fail the gate. */
export type GateStatus = 'fails' | 'existing' | 'below' | 'off';

/** Reads the gate's decision about one finding from the report. */
export function gateStatus(
  f: Finding,
  report: ScanReport,
  failing: ReadonlySet<string>,
): GateStatus {
  if (failing.has(f.fingerprint)) return 'fails';
  if (report.gate.threshold === 'never') return 'off';
  if (f.novelty === 'existing') return 'existing';
  return 'below';
}

/** A sentence saying why a finding that is reported does not fail the gate. */
export function notGatingReason(status: Exclude<GateStatus, 'fails'>, report: ScanReport): string {
  switch (status) {
    case 'off':
      return 'reported only: the gate is off (--fail-on never)';
    case 'existing':
      return 'existing finding (baseline or diff base): the gate counts only new ones';
    case 'below':
      return `below the gate: it fails on ${report.gate.threshold} and above`;
  }
}

/** Whether the report marks findings as new or existing (a baseline or a diff base was used). */
export function hasNovelty(report: ScanReport): boolean {
  return report.findings.some((f) => f.novelty !== undefined);
}

/** The scanners of a report: those that ran, then any other kind a finding names. */
export function scannerKinds(report: ScanReport): ScannerKind[] {
  const kinds = report.scan.scanners.map((s) => s.kind);
  for (const f of report.findings) if (!kinds.includes(f.scanner)) kinds.push(f.scanner);
  return kinds;
}

/** Counts findings by a key (severity, scanner) with their new/existing split. */
export function countBy<K extends string>(
  findings: readonly Finding[],
  keyOf: (f: Finding) => K,
  keys: readonly K[],
): { key: K; total: number; new: number; existing: number }[] {
  const rows = new Map(keys.map((key) => [key, { key, total: 0, new: 0, existing: 0 }]));
  for (const f of findings) {
    const row = rows.get(keyOf(f));
    if (!row) continue;
    row.total++;
    if (f.novelty === 'new') row.new++;
    if (f.novelty === 'existing') row.existing++;
  }
  return [...rows.values()];
}

/** `CWE-79 Improper Neutralization…` (the id alone when the name is unknown). */
export function cweLabel(id: string): string {
  const name = cweName(id);
  return name ? `${id} ${name}` : id;
}

/** `OWASP A03:2021 Injection`. */
export function owaspLabel(id: string): string {
  return `OWASP ${id} ${owaspCategory(id)?.name ?? ''}`.trim();
}

/**
 * The training links of a finding: the template from rampart.yml (`training.url`) with `{cwe}`
 * replaced by each CWE's number, for http(s) results only.
 * @example trainingLinks(['CWE-79'], 'https://hub/training/{cwe}') // [{ cwe: 'CWE-79', url: 'https://hub/training/79' }]
 */
export function trainingLinks(
  cwes: readonly string[],
  template: string | undefined,
): { cwe: string; url: string }[] {
  if (!template?.includes('{cwe}')) return [];
  const links: { cwe: string; url: string }[] = [];
  for (const cwe of new Set(cwes)) {
    const number = /^CWE-(\d+)$/.exec(cwe)?.[1];
    const url =
      number === undefined ? undefined : safeHttpUrl(template.replaceAll('{cwe}', number));
    if (url) links.push({ cwe, url });
  }
  return links;
}

/** Where a finding sends its reader to learn: a link, or the `rampart learn` command. */
export interface TrainingPointer {
  /** `SQL injection (15 min)` for a module, `CWE-79` for a per-CWE page. */
  readonly label: string;
  readonly url?: string;
  /** `rampart learn sql-injection`, when there is no link to give. */
  readonly command?: string;
}

/**
 * The just-in-time training of a finding. With `training.url` holding `{module}`, a link to
 * the module of its CWEs in Rampart's catalog (the hub's training page); with `{cwe}`, a link
 * per CWE (the organisation's own pages); with neither, the module's `rampart learn` command,
 * which works offline.
 */
export function trainingPointers(
  cwes: readonly string[],
  ctx: {
    readonly trainingUrl?: string | undefined;
    readonly training?: TrainingLookup | undefined;
  },
): TrainingPointer[] {
  const module = ctx.training?.(cwes);
  const label = module && `${module.title} (${module.minutes} min)`;
  const template = ctx.trainingUrl;
  if (template?.includes('{module}')) {
    if (!module || !label) return [];
    const number = /^CWE-(\d+)$/.exec(cwes[0] ?? '')?.[1] ?? '';
    const url = safeHttpUrl(
      template.replaceAll('{module}', encodeURIComponent(module.id)).replaceAll('{cwe}', number),
    );
    return url ? [{ label, url }] : [];
  }
  if (template) return trainingLinks(cwes, template).map((l) => ({ label: l.cwe, url: l.url }));
  return module && label ? [{ label, command: `rampart learn ${module.id}` }] : [];
}

// Weaknesses whose findings show a credential: scanners mask them in snippets and messages.
const CREDENTIAL_CWES = new Set(['CWE-798', 'CWE-259', 'CWE-321', 'CWE-547', 'CWE-522']);

/** Whether a finding is about a secret: its file must never be shown beyond its snippet. */
export function isSecretFinding(f: Pick<Finding, 'secret' | 'scanner' | 'cwe'>): boolean {
  return (
    f.secret !== undefined || f.scanner === 'secrets' || f.cwe.some((c) => CREDENTIAL_CWES.has(c))
  );
}

const SECRET_RULE =
  /^secrets\/|secret|password|passwd|credential|hard-?coded|token|private-?key|api-?key/i;

/**
 * Paths of files known to hold a secret: those of secret findings, reported or suppressed
 * (a suppressed secret is still in the file). Reporters never read these files.
 */
export function secretPaths(report: ScanReport): Set<string> {
  const paths = new Set<string>();
  for (const f of report.findings) {
    if (f.location.kind === 'code' && isSecretFinding(f)) paths.add(f.location.path);
  }
  for (const s of report.suppressed) {
    // The suppressed list keeps only the rule and `path:line` (describeLocation): judge by the
    // rule id, erring towards hiding a file.
    if (SECRET_RULE.test(s.ruleId)) paths.add(s.location.replace(/:\d+$/, ''));
  }
  return paths;
}
