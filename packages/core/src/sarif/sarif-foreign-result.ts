import { createHash } from 'node:crypto';
import type { ScannerKind } from '../finding/finding.js';
import {
  codeFingerprint,
  FINGERPRINT_KEY,
  normalizeCode,
  urlFingerprint,
} from '../finding/fingerprint.js';
import { type Severity, severityFromScore } from '../finding/severity.js';
import {
  arr,
  int,
  isRecord,
  type Json,
  nonEmpty,
  positive,
  str,
  strings,
  text,
  unique,
} from './sarif-json.js';
import { type RunContext, resolvePath } from './sarif-run-context.js';
import { cweFromTag, owaspFromTag } from './sarif-tags.js';

/** Maps another tool's result as well as its SARIF allows. */
export function foreignFinding(
  result: Json,
  context: RunContext,
  scanner: ScannerKind,
): Record<string, unknown> | string {
  const rule = ruleOf(result, context);
  const ruleId =
    str(result.ruleId) ??
    (isRecord(result.rule) ? str(result.rule.id) : undefined) ??
    str(rule?.id);
  if (ruleId === undefined || ruleId === '') return 'has no ruleId';

  const ruleProps = isRecord(rule?.properties) ? rule.properties : {};
  const resultProps = isRecord(result.properties) ? result.properties : {};
  const title = text(rule?.shortDescription) ?? nonEmpty(str(rule?.name)) ?? ruleId;
  const message = messageOf(result, rule) ?? title;

  const score =
    securitySeverity(resultProps['security-severity']) ??
    securitySeverity(ruleProps['security-severity']);
  const defaultConfig = isRecord(rule?.defaultConfiguration) ? rule.defaultConfiguration : {};
  const severity =
    score === undefined
      ? severityOfLevel(str(result.level) ?? str(defaultConfig.level) ?? 'warning')
      : severityFromScore(score);

  const tags = unique([...strings(ruleProps.tags), ...strings(resultProps.tags)]);
  const cwe = unique(
    [...tags, ...strings(ruleProps.cwe), ...strings(resultProps.cwe)].flatMap((tag) => {
      const id = cweFromTag(tag);
      return id === undefined ? [] : [id];
    }),
  );
  const owasp = tags.map(owaspFromTag).find((o) => o !== undefined);

  const location = foreignLocation(result, context);
  if (typeof location === 'string') return location;
  const fingerprint = foreignFingerprint(result, ruleId, location, context);

  const help = isRecord(rule?.help) ? rule.help : undefined;
  const remediation = nonEmpty(str(help?.markdown)) ?? nonEmpty(str(help?.text));
  const helpUri = str(rule?.helpUri);
  const novelty =
    result.baselineState === 'new'
      ? 'new'
      : result.baselineState === 'unchanged' || result.baselineState === 'updated'
        ? 'existing'
        : undefined;

  return {
    ruleId,
    scanner,
    tool: { name: context.toolName, version: context.toolVersion },
    title,
    message,
    severity,
    confidence: confidenceOf(str(ruleProps.precision)),
    cwe,
    ...(owasp === undefined ? {} : { owasp }),
    location,
    ...(remediation === undefined ? {} : { remediation }),
    references: helpUri === undefined ? [] : [helpUri],
    tags: tags.filter((tag) => cweFromTag(tag) === undefined),
    fingerprint,
    ...(novelty === undefined ? {} : { novelty }),
  };
}

/** The rule a result refers to: by index (into the driver or an extension), else by id. */
function ruleOf(result: Json, context: RunContext): Json | undefined {
  const tool = context.run.tool as Json;
  const extensions = arr(tool.extensions);
  const ref = isRecord(result.rule) ? result.rule : undefined;
  const componentRef = isRecord(ref?.toolComponent) ? ref.toolComponent : undefined;
  const componentIndex = int(componentRef?.index);
  const component =
    componentIndex === undefined ? (tool.driver as Json) : extensions[componentIndex];
  const id = str(result.ruleId) ?? str(ref?.id);
  const index = int(ref?.index) ?? int(result.ruleIndex);
  if (isRecord(component) && index !== undefined) {
    const byIndex = arr(component.rules)[index];
    if (isRecord(byIndex) && (id === undefined || byIndex.id === id)) return byIndex;
  }
  return id === undefined ? undefined : context.rulesById.get(id);
}

function messageOf(result: Json, rule: Json | undefined): string | undefined {
  const message = isRecord(result.message) ? result.message : {};
  const direct = nonEmpty(str(message.text)) ?? nonEmpty(str(message.markdown));
  if (direct !== undefined) return direct;
  const id = str(message.id);
  const strings = isRecord(rule?.messageStrings) ? rule.messageStrings : {};
  const template = id === undefined ? undefined : text(strings[id]);
  if (template === undefined) return undefined;
  const args = arr(message.arguments);
  return nonEmpty(
    template.replace(/\{(\d+)\}/g, (whole, n: string) => str(args[Number(n)]) ?? whole),
  );
}

/** A `security-severity` value as a CVSS-style score, or undefined when it is not one. */
function securitySeverity(value: unknown): number | undefined {
  const score =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : Number.NaN;
  return Number.isFinite(score) && score >= 0 && score <= 10 ? score : undefined;
}

function severityOfLevel(level: string): Severity {
  switch (level) {
    case 'error':
      return 'high';
    case 'note':
      return 'low';
    case 'none':
      return 'info';
    default:
      return 'medium';
  }
}

function confidenceOf(precision: string | undefined): 'high' | 'medium' | 'low' {
  switch (precision) {
    case 'very-high':
    case 'high':
      return 'high';
    case 'low':
      return 'low';
    default:
      return 'medium';
  }
}

type ForeignLocation =
  | {
      readonly kind: 'code';
      readonly path: string;
      readonly region: {
        readonly startLine: number;
        readonly startColumn: number;
        readonly endLine: number;
        readonly endColumn: number;
      };
      readonly snippet?: string;
    }
  | { readonly kind: 'url'; readonly method: string; readonly url: string };

function foreignLocation(result: Json, context: RunContext): ForeignLocation | string {
  for (const location of arr(result.locations)) {
    if (!isRecord(location) || !isRecord(location.physicalLocation)) continue;
    const physical = location.physicalLocation;
    const artifact = isRecord(physical.artifactLocation) ? physical.artifactLocation : undefined;
    const uri = nonEmpty(str(artifact?.uri));
    if (uri === undefined) continue;
    if (/^https?:\/\//i.test(uri)) {
      // DAST tools (ZAP) write the URL they probed as the artifact.
      const request = isRecord(result.webRequest) ? result.webRequest : {};
      return { kind: 'url', method: (str(request.method) ?? 'GET').toUpperCase(), url: uri };
    }
    const region = isRecord(physical.region) ? physical.region : {};
    const startLine = positive(region.startLine) ?? 1;
    const startColumn = positive(region.startColumn) ?? 1;
    const endLine = Math.max(positive(region.endLine) ?? startLine, startLine);
    const endColumn = positive(region.endColumn) ?? (endLine === startLine ? startColumn : 1);
    const snippet = isRecord(region.snippet) ? str(region.snippet.text) : undefined;
    return {
      kind: 'code',
      path: resolvePath(uri, str(artifact?.uriBaseId), context).replace(/^(?:\.\/)+/, ''),
      region: { startLine, startColumn, endLine, endColumn },
      ...(snippet === undefined ? {} : { snippet }),
    };
  }
  return 'has no physical location with a file or URL';
}

/**
 * Our fingerprint when the log carries it; else one derived from the tool's own
 * fingerprints (with the tool, rule and place, since partial fingerprints are partial);
 * else computed as Rampart computes a code or URL fingerprint.
 */
function foreignFingerprint(
  result: Json,
  ruleId: string,
  location: ForeignLocation,
  context: RunContext,
): string {
  const partial = isRecord(result.partialFingerprints) ? result.partialFingerprints : {};
  const ours = nonEmpty(str(partial[FINGERPRINT_KEY]));
  if (ours !== undefined) return ours;

  const full = isRecord(result.fingerprints) ? result.fingerprints : {};
  const entries = stringEntries(full).length > 0 ? stringEntries(full) : stringEntries(partial);
  const place = location.kind === 'code' ? location.path : `${location.method} ${location.url}`;
  if (entries.length > 0) {
    const base = digest([context.toolName, ruleId, place, ...entries.flat()]);
    const seen = context.derived.get(base) ?? 0;
    context.derived.set(base, seen + 1);
    // Some tools' partial fingerprints are shared by several results (gitleaks: the commit).
    return seen === 0 ? base : digest([base, String(seen)]);
  }
  if (location.kind === 'url')
    return urlFingerprint(ruleId, location.method, location.url, undefined);
  const key = `${ruleId}\0${location.path}\0${normalizeCode(location.snippet ?? '')}`;
  const occurrence = context.occurrences.get(key) ?? 0;
  context.occurrences.set(key, occurrence + 1);
  return codeFingerprint(ruleId, location.path, location.snippet ?? '', occurrence);
}

function digest(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of ['sarif', ...parts]) {
    hash.update(`${Buffer.byteLength(part)}:`);
    hash.update(part);
  }
  return hash.digest('hex').slice(0, 32);
}

function stringEntries(bag: Json): [string, string][] {
  return Object.keys(bag)
    .sort()
    .flatMap((key) => {
      const value = bag[key];
      return typeof value === 'string' && value !== '' ? [[key, value] as [string, string]] : [];
    });
}
