import { RampartError } from '../errors.js';
import type { Finding, JsonValue, Location } from '../finding/finding.js';
import { FINGERPRINT_KEY } from '../finding/fingerprint.js';
import { type Severity, scoreForSeverity, severityRank } from '../finding/severity.js';
import {
  RAMPART_PROPERTIES_KEY,
  type RampartLocationExtras,
  type RampartResultProperties,
} from './rampart-properties.js';
import {
  SARIF_SCHEMA_URI,
  SARIF_SRCROOT,
  SARIF_VERSION,
  type SarifLevel,
  type SarifLocation,
  type SarifLog,
  type SarifMultiformatMessageString,
  type SarifReportingDescriptor,
  type SarifResult,
  type SarifRun,
  type SarifToolComponent,
} from './sarif-types.js';
import { directoryUri, isAbsoluteUri, pathToUriReference, toAbsoluteUri } from './sarif-uri.js';

/** Richer metadata for a rule than its findings carry; any field left out is derived from them. */
export interface RuleDescriptor {
  readonly id: string;
  /** PascalCase name; derived from the id when absent (`js/sql-injection` → `JsSqlInjection`). */
  readonly name?: string;
  readonly shortDescription: string;
  readonly fullDescription?: string;
  readonly helpMarkdown?: string;
  /** An absolute URI. */
  readonly helpUri?: string;
  /** CWE ids written `CWE-79`. */
  readonly cwe?: readonly string[];
  /** The rule's default severity, written as its `defaultConfiguration.level`. */
  readonly severity?: Severity;
  readonly tags?: readonly string[];
}

/** How {@link toSarif} describes the tool and the run. */
export interface SarifWriteOptions {
  /** The driver's name; `Rampart` when absent. */
  readonly toolName?: string;
  readonly toolVersion: string;
  /** An absolute URI where people can learn about the tool. */
  readonly informationUri?: string;
  readonly rules?: readonly RuleDescriptor[];
  /** `automationDetails.id`: GitHub's category, which keeps runs of different scans apart. */
  readonly automationId?: string;
  /** The scan root, as a `file://` URI or an absolute path; written as `%SRCROOT%`. */
  readonly rootUri?: string;
}

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** The SARIF level of a severity: critical and high are errors, medium a warning, the rest notes. */
export function levelForSeverity(severity: Severity): SarifLevel {
  switch (severity) {
    case 'critical':
    case 'high':
      return 'error';
    case 'medium':
      return 'warning';
    case 'low':
    case 'info':
      return 'note';
  }
}

/** The CodeQL-style tag GitHub recognises for a CWE id: `CWE-79` → `external/cwe/cwe-79`. */
export function cweTag(cwe: string): string {
  return `external/cwe/${cwe.toLowerCase()}`;
}

/**
 * Writes findings as a SARIF 2.1.0 log with one run, shaped as GitHub code scanning reads it.
 * Every Finding field SARIF cannot say natively goes under `result.properties.rampart`, so
 * {@link fromSarif} gives back the same findings. The output depends only on the input:
 * the same findings always serialise to the same bytes.
 * @example writeFile('rampart.sarif', JSON.stringify(toSarif(findings, { toolVersion: '1.2.0' })))
 */
export function toSarif(findings: readonly Finding[], options: SarifWriteOptions): SarifLog {
  if (options.informationUri !== undefined && !isAbsoluteUri(options.informationUri)) {
    throw new RampartError(
      'RAMPART_USAGE',
      `SARIF informationUri must be an absolute URI, got ${JSON.stringify(options.informationUri)}`,
    );
  }
  const descriptors = new Map<string, RuleDescriptor>();
  for (const rule of options.rules ?? []) {
    if (!descriptors.has(rule.id)) descriptors.set(rule.id, rule);
  }

  const byRule = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = byRule.get(finding.ruleId);
    if (group) group.push(finding);
    else byRule.set(finding.ruleId, [finding]);
  }
  const ruleIndex = new Map<string, number>();
  const rules: SarifReportingDescriptor[] = [];
  for (const [id, group] of byRule) {
    ruleIndex.set(id, rules.length);
    rules.push(ruleOf(id, group, descriptors.get(id)));
  }

  const version = options.toolVersion;
  const driver: SarifToolComponent = {
    name: options.toolName ?? 'Rampart',
    ...(SEMVER.test(version) ? { semanticVersion: version } : {}),
    version,
    ...opt('informationUri', options.informationUri),
    rules,
  };
  const run: SarifRun = {
    tool: { driver },
    ...(options.automationId === undefined
      ? {}
      : { automationDetails: { id: options.automationId } }),
    ...(options.rootUri === undefined
      ? {}
      : { originalUriBaseIds: { [SARIF_SRCROOT]: { uri: directoryUri(options.rootUri) } } }),
    columnKind: 'utf16CodeUnits',
    results: findings.map((finding) => resultOf(finding, ruleIndex.get(finding.ruleId) ?? 0)),
  };
  return { $schema: SARIF_SCHEMA_URI, version: SARIF_VERSION, runs: [run] };
}

function ruleOf(
  id: string,
  findings: readonly Finding[],
  descriptor: RuleDescriptor | undefined,
): SarifReportingDescriptor {
  // Never empty: a rule exists because a finding named it.
  const first = findings[0] as Finding;
  if (descriptor?.helpUri !== undefined && !isAbsoluteUri(descriptor.helpUri)) {
    throw new RampartError(
      'RAMPART_USAGE',
      `rule ${id}: helpUri must be an absolute URI, got ${JSON.stringify(descriptor.helpUri)}`,
    );
  }
  const name = descriptor?.name ?? pascalCase(id);
  const shortDescription = descriptor?.shortDescription ?? first.title;
  const fullDescription = descriptor?.fullDescription ?? shortDescription;
  const helpMarkdown = descriptor?.helpMarkdown ?? helpOf(first);
  const helpUri =
    descriptor?.helpUri ?? first.references.map(toAbsoluteUri).find((uri) => uri !== undefined);
  const mostSevere = findings.reduce<Severity>(
    (worst, f) => (severityRank(f.severity) > severityRank(worst) ? f.severity : worst),
    'info',
  );
  const cvssScores = findings.flatMap((f) => (f.cvss ? [f.cvss.score] : []));
  const score = cvssScores.length > 0 ? Math.max(...cvssScores) : scoreForSeverity(mostSevere);
  const tags = unique([
    'security',
    ...(descriptor?.tags ?? first.tags),
    ...(descriptor?.cwe ?? first.cwe).map(cweTag),
  ]);
  const help: SarifMultiformatMessageString | undefined =
    helpMarkdown === undefined ? undefined : { text: helpMarkdown, markdown: helpMarkdown };
  return {
    id,
    ...(name === '' ? {} : { name }),
    shortDescription: { text: shortDescription },
    fullDescription: { text: fullDescription },
    defaultConfiguration: { level: levelForSeverity(descriptor?.severity ?? mostSevere) },
    ...opt('help', help),
    ...opt('helpUri', helpUri),
    properties: {
      tags,
      precision: first.confidence,
      'security-severity': score.toFixed(1),
    },
  };
}

function resultOf(finding: Finding, ruleIndex: number): SarifResult {
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: levelForSeverity(finding.severity),
    message: { text: finding.message },
    locations: [locationOf(finding.location)],
    ...(finding.location.kind === 'url'
      ? { webRequest: { method: finding.location.method, target: finding.location.url } }
      : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    properties: { [RAMPART_PROPERTIES_KEY]: rampartPropertiesOf(finding) },
  };
}

function locationOf(location: Location): SarifLocation {
  switch (location.kind) {
    case 'code': {
      const { startLine, startColumn, endLine, endColumn } = location.region;
      return {
        physicalLocation: {
          artifactLocation: { uri: pathToUriReference(location.path), uriBaseId: SARIF_SRCROOT },
          region: {
            startLine,
            startColumn,
            endLine,
            endColumn,
            ...(location.snippet === undefined ? {} : { snippet: { text: location.snippet } }),
          },
        },
      };
    }
    case 'package':
      return {
        physicalLocation: {
          artifactLocation: {
            uri: pathToUriReference(location.manifestPath),
            uriBaseId: SARIF_SRCROOT,
          },
          region: { startLine: location.line ?? 1 },
        },
        // 'package' is not in the spec's list of kinds, and none of them ('module',
        // 'namespace'…) describes a dependency; the spec allows another value then.
        logicalLocations: [{ name: location.purl, kind: 'package' }],
      };
    case 'url':
      // The URL is the artifact, as DAST tools (ZAP) write it: viewers show it and link it;
      // the method and parameter are the logical location.
      return {
        ...(absoluteUri(location.url) === undefined
          ? {}
          : {
              physicalLocation: { artifactLocation: { uri: absoluteUri(location.url) as string } },
            }),
        logicalLocations: [
          {
            fullyQualifiedName: `${location.method} ${location.url}${location.parameter === undefined ? '' : ` (${location.parameter})`}`,
            kind: 'resource',
          },
        ],
      };
  }
}

/** The URL percent-encoded as a URI, or undefined when it is not an absolute URL. */
function absoluteUri(url: string): string | undefined {
  try {
    // The URL parser leaves a stray `%` as it is; a URI must not contain one.
    return new URL(url).href.replace(/%(?![0-9A-Fa-f]{2})/g, '%25');
  } catch {
    return undefined;
  }
}

function rampartPropertiesOf(f: Finding): RampartResultProperties {
  // Fields are picked one by one, never spread: an object typed as a Finding may carry
  // more at run time (a raw secret, say), and none of that may reach the report.
  return {
    scanner: f.scanner,
    tool: { name: f.tool.name, version: f.tool.version },
    title: f.title,
    severity: f.severity,
    confidence: f.confidence,
    cwe: [...f.cwe],
    ...opt('owasp', f.owasp),
    ...opt('remediation', f.remediation),
    references: [...f.references],
    tags: [...f.tags],
    ...(f.secret === undefined
      ? {}
      : {
          secret: {
            hash: f.secret.hash,
            preview: f.secret.preview,
            ...opt('validated', f.secret.validated),
          },
        }),
    ...(f.cvss === undefined
      ? {}
      : { cvss: { version: f.cvss.version, vector: f.cvss.vector, score: f.cvss.score } }),
    ...opt('novelty', f.novelty),
    ...(f.properties === undefined
      ? {}
      : { properties: canonicalJson(f.properties) as { [key: string]: JsonValue } }),
    location: locationExtrasOf(f.location),
  };
}

function locationExtrasOf(location: Location): RampartLocationExtras {
  switch (location.kind) {
    case 'code':
      return { kind: 'code' };
    case 'package':
      return {
        kind: 'package',
        ecosystem: location.ecosystem,
        name: location.name,
        version: location.version,
        ...opt('line', location.line),
        fixedVersions: [...location.fixedVersions],
        ...(location.dependencyPath === undefined
          ? {}
          : { dependencyPath: [...location.dependencyPath] }),
        ...opt('direct', location.direct),
        ...opt('dev', location.dev),
      };
    case 'url':
      return {
        kind: 'url',
        method: location.method,
        url: location.url,
        ...opt('parameter', location.parameter),
        ...(location.evidence === undefined
          ? {}
          : {
              evidence: {
                ...opt('request', location.evidence.request),
                ...opt('response', location.evidence.response),
                ...opt('proof', location.evidence.proof),
              },
            }),
      };
  }
}

/** The help of a rule derived from a finding: its remediation, then its references as a list. */
function helpOf(f: Finding): string | undefined {
  const parts: string[] = [];
  if (f.remediation !== undefined && f.remediation !== '') parts.push(f.remediation);
  if (f.references.length > 0) {
    parts.push(['## References', '', ...f.references.map((r) => `- ${r}`)].join('\n'));
  }
  return parts.length === 0 ? undefined : parts.join('\n\n');
}

function pascalCase(id: string): string {
  return id
    .split(/[^\p{L}\p{N}]+/u)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** A deep copy with object keys sorted, so equal extras always serialise identically. */
function canonicalJson(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(canonicalJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonicalJson(value[key] as JsonValue)]),
    );
  }
  return value;
}

/** `{ key: value }` when value is defined, `{}` otherwise: optional fields stay absent. */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
