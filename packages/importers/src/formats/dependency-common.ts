import {
  type CvssScore,
  type FindingDraft,
  type JsonValue,
  type PackageLocation,
  type Severity,
  severityFromScore,
  tryCvssScore,
} from '@rampart/core';
import {
  advisoryTitle,
  type Ecosystem,
  isEcosystem,
  primaryId,
  purlFor,
  schemeFor,
} from '@rampart/sca/dependencies';
import { PackageURL } from 'packageurl-js';
import { cweIds, distinctStrings, reportPath, type ToolInfo } from '../support/draft-fields.js';

// What the dependency importers share: ecosystem names, advisory ids, severities, fixed
// versions, manifest paths and the one function that turns a vulnerable package into a draft
// shaped like the drafts of Rampart's own `sca` scanner (packages/sca/src/sca-scanner.ts), so
// the same vulnerability gets the same fingerprint whichever tool found it.

/**
 * Each tool's name for a package ecosystem (lower-cased) → OSV's spelling, which Rampart uses:
 * OSV and purl types, Trivy's package types (`Results[].Type`) and Snyk's `packageManager`.
 */
const ECOSYSTEM_NAMES: Readonly<Record<string, Ecosystem>> = {
  // OSV names and purl types.
  npm: 'npm',
  pypi: 'PyPI',
  go: 'Go',
  golang: 'Go',
  'crates.io': 'crates.io',
  cargo: 'crates.io',
  rubygems: 'RubyGems',
  gem: 'RubyGems',
  packagist: 'Packagist',
  composer: 'Packagist',
  maven: 'Maven',
  nuget: 'NuGet',
  // Trivy's lockfile and binary types.
  yarn: 'npm',
  pnpm: 'npm',
  bun: 'npm',
  'node-pkg': 'npm',
  pip: 'PyPI',
  pipenv: 'PyPI',
  poetry: 'PyPI',
  uv: 'PyPI',
  'python-pkg': 'PyPI',
  gomod: 'Go',
  gobinary: 'Go',
  rustbinary: 'crates.io',
  bundler: 'RubyGems',
  gemspec: 'RubyGems',
  'composer-vendor': 'Packagist',
  jar: 'Maven',
  pom: 'Maven',
  gradle: 'Maven',
  sbt: 'Maven',
  'dotnet-core': 'NuGet',
  'packages-props': 'NuGet',
  // Snyk's package managers not named above.
  gomodules: 'Go',
  golangdep: 'Go',
  govendor: 'Go',
  paket: 'NuGet',
};

/**
 * OSV's name of the ecosystem a tool calls `spelling` (`yarn`, `gomod`, `jar`, `pypi`…), or
 * undefined when Rampart has no such ecosystem (OS packages, Conan, CocoaPods…).
 * @example ecosystemOf('poetry') // 'PyPI'
 */
export function ecosystemOf(spelling: string | undefined | null): Ecosystem | undefined {
  if (spelling === undefined || spelling === null) return undefined;
  if (isEcosystem(spelling)) return spelling;
  return ECOSYSTEM_NAMES[spelling.trim().toLowerCase()];
}

/**
 * The package URL Rampart's own scanner gives a package (`purlFor` of
 * @rampart/sca): npm scopes, Go module paths and Packagist vendors are the namespace, Maven
 * names are `group:artifact`. An ecosystem Rampart does not know gets a `generic` purl; an
 * empty version (or a range, which is not a version) is left out.
 * @example purlOf('npm', '@babel/core', '7.0.0') // 'pkg:npm/%40babel/core@7.0.0'
 */
export function purlOf(ecosystem: string, name: string, version: string): string {
  try {
    return isEcosystem(ecosystem)
      ? purlFor(ecosystem, name, version)
      : new PackageURL(
          'generic',
          undefined,
          name,
          version === '' ? undefined : version,
          undefined,
          undefined,
        ).toString();
  } catch {
    // packageurl-js rejects a few odd names; the purl is informative, never part of a fingerprint.
    return `pkg:generic/${encodeURIComponent(name)}`;
  }
}

/** A package as a purl names it. */
export interface PurlPackage {
  /** OSV's ecosystem when Rampart knows the purl type, else the purl type (`deb`, `apk`…). */
  readonly ecosystem: string;
  /** As the ecosystem spells it: `@scope/name`, `group:artifact`, `github.com/x/y`. */
  readonly name: string;
  /** '' when the purl has none. */
  readonly version: string;
  readonly purl: string;
}

/**
 * The ecosystem, name and version a purl names, or undefined when it is not a valid purl.
 * @example fromPurl('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1')
 *   // { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core', version: '2.14.1', … }
 */
export function fromPurl(text: string | undefined | null): PurlPackage | undefined {
  if (typeof text !== 'string' || !text.startsWith('pkg:')) return undefined;
  let purl: PackageURL;
  try {
    purl = PackageURL.fromString(text);
  } catch {
    return undefined;
  }
  const ecosystem = ecosystemOf(purl.type);
  const ns = purl.namespace;
  const name = ns
    ? ecosystem === 'Maven'
      ? `${ns}:${purl.name}`
      : `${ns}/${purl.name}`
    : purl.name;
  if (name === '') return undefined;
  return { ecosystem: ecosystem ?? purl.type, name, version: purl.version ?? '', purl: text };
}

const GHSA = /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/i;

/**
 * An advisory id as OSV writes it: GHSA ids `GHSA-` then lower case, CVE ids upper case,
 * others trimmed. Tools differ (`ghsa-…`, `cve-…`), fingerprints must not.
 */
export function normalizeAdvisoryId(id: string): string {
  const trimmed = id.trim();
  if (GHSA.test(trimmed)) return `GHSA${trimmed.slice(4).toLowerCase()}`;
  if (/^cve-\d{4}-\d+$/i.test(trimmed)) return trimmed.toUpperCase();
  return trimmed;
}

/**
 * The GitHub advisory a URL points to (`https://github.com/advisories/GHSA-…`, also
 * `github.com/<owner>/<repo>/security/advisories/GHSA-…`), or undefined.
 */
export function ghsaInUrl(url: string | undefined | null): string | undefined {
  if (typeof url !== 'string') return undefined;
  const m =
    /^https?:\/\/github\.com\/(?:[^/?#]+\/[^/?#]+\/security\/)?advisories\/(GHSA(?:-[0-9a-z]{4}){3})(?:[/?#]|$)/i.exec(
      url.trim(),
    );
  return m?.[1] === undefined ? undefined : normalizeAdvisoryId(m[1]);
}

/** The advisory id a finding is known by, and the other ids of the same vulnerability. */
export interface AdvisoryIds {
  readonly id: string;
  readonly aliases: string[];
}

/**
 * The rule id of a dependency finding, chosen exactly as Rampart's scanner chooses it
 * (`primaryId` of @rampart/sca): a GHSA id when one is known, else the ecosystem database's
 * id (GO-, PYSEC-, RUSTSEC-…), else the CVE. `ids` are every id the tool gives for the one
 * vulnerability; blanks are dropped, the rest normalised. Needs at least one id.
 */
export function advisoryIds(ids: readonly (string | undefined | null)[]): AdvisoryIds {
  const all = distinctStrings(ids).map(normalizeAdvisoryId);
  const unique = [...new Set(all)];
  const id = primaryId(unique);
  return { id, aliases: unique.filter((x) => x !== id).sort() };
}

/** Where a finding's severity came from, kept in `properties.severitySource`. */
export type SeveritySource = 'tool' | 'cvss' | 'score' | 'unknown';

/** A severity with its source and, when a vector was given, the scored CVSS. */
export interface SeverityChoice {
  readonly severity: Severity;
  readonly source: SeveritySource;
  readonly cvss?: {
    readonly version: CvssScore['version'];
    readonly vector: string;
    readonly score: number;
  };
}

const SEVERITY_WORDS: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  high: 'high',
  important: 'high',
  moderate: 'medium',
  medium: 'medium',
  low: 'low',
  info: 'info',
  informational: 'info',
  negligible: 'info',
  none: 'info',
};

/**
 * A tool's severity word as Rampart's severity (`MODERATE` → medium, `NEGLIGIBLE` → info),
 * or undefined for `UNKNOWN`, blanks and anything else.
 */
export function severityWord(word: string | undefined | null): Severity | undefined {
  if (typeof word !== 'string') return undefined;
  return SEVERITY_WORDS[word.trim().toLowerCase()];
}

/**
 * The CVSS v3.x or v4.0 vectors among `vectors`, scored by Rampart's own calculator (core's
 * `cvssScore`); v2 and broken vectors are skipped. `pick` chooses the first valid one (the
 * tool's own preference order) or the highest score (as Rampart's matcher does).
 */
export function scoredCvss(
  vectors: readonly (string | undefined | null)[],
  pick: 'first' | 'highest',
): SeverityChoice['cvss'] {
  let best: CvssScore | undefined;
  for (const vector of vectors) {
    if (typeof vector !== 'string' || vector.trim() === '') continue;
    const scored = tryCvssScore(vector);
    if (scored === undefined) continue;
    if (pick === 'first')
      return { version: scored.version, vector: scored.vector, score: scored.score };
    if (best === undefined || scored.score > best.score) best = scored;
  }
  return best === undefined
    ? undefined
    : { version: best.version, vector: best.vector, score: best.score };
}

/** What a report says about how bad a vulnerability is. */
export interface SeverityEvidence {
  /** The tool's own word (`HIGH`, `moderate`…). */
  readonly word?: string | undefined | null;
  /** The CVSS of the vulnerability, scored, when a vector was given. */
  readonly cvss?: SeverityChoice['cvss'];
  /** Bare base scores (0–10) for when no vector is given. */
  readonly scores?: readonly (number | undefined | null)[];
  /**
   * `tool-first` (the default): the tool's word wins, as its users see it; `cvss-first`: the
   * vector wins, as in Rampart's own matcher (for reports that are OSV records).
   */
  readonly order?: 'tool-first' | 'cvss-first';
}

/**
 * The severity of an imported vulnerability. With `tool-first`: the tool's word, else the
 * CVSS vector's rating, else the highest bare score's rating (CVSS table: 9.0+ critical,
 * 7.0+ high, 4.0+ medium, else low), else `medium` marked unknown — the default Rampart's
 * own matcher gives an advisory without any severity. A CVSS rating of 0.0 counts as low,
 * as in Rampart's matcher: a known vulnerability is never `info` because of its score.
 */
export function chooseSeverity(evidence: SeverityEvidence): SeverityChoice {
  const cvss = evidence.cvss;
  const withCvss = cvss === undefined ? {} : { cvss };
  const fromWord = severityWord(evidence.word);
  const fromVector = cvss === undefined ? undefined : atLeastLow(severityFromScore(cvss.score));
  const scores = (evidence.scores ?? []).filter(
    (s): s is number => typeof s === 'number' && Number.isFinite(s) && s >= 0 && s <= 10,
  );
  const fromScore =
    scores.length === 0 ? undefined : atLeastLow(severityFromScore(Math.max(...scores)));
  const order =
    evidence.order === 'cvss-first'
      ? ([
          [fromVector, 'cvss'],
          [fromScore, 'score'],
          [fromWord, 'tool'],
        ] as const)
      : ([
          [fromWord, 'tool'],
          [fromVector, 'cvss'],
          [fromScore, 'score'],
        ] as const);
  for (const [severity, source] of order) {
    if (severity !== undefined) return { severity, source, ...withCvss };
  }
  return { severity: 'medium', source: 'unknown', ...withCvss };
}

function atLeastLow(severity: Severity): Severity {
  return severity === 'info' ? 'low' : severity;
}

/**
 * Fixed versions as a report lists them, made a clean list: split on commas (Trivy joins
 * several with `, `), a leading `>=`/`=`/`^`/`~` dropped (older Trivy wrote `>=4.17.11`),
 * blanks and duplicates removed, and sorted by the ecosystem's version order when Rampart
 * knows it (the order Rampart's own findings list them in).
 */
export function cleanFixedVersions(
  ecosystem: string,
  values: readonly (string | undefined | null)[],
): string[] {
  const out = new Set<string>();
  for (const value of values) {
    if (typeof value !== 'string') continue;
    for (const part of value.split(',')) {
      const version = part.trim().replace(/^(>=|=|\^|~)\s*/, '');
      if (version !== '' && !/[\s<>|]/.test(version)) out.add(version);
    }
  }
  const list = [...out];
  if (!isEcosystem(ecosystem)) return list;
  const scheme = schemeFor(ecosystem);
  const valid = list.filter((v) => scheme.isValid(v)).sort((a, b) => scheme.compare(a, b));
  return [...valid, ...list.filter((v) => !scheme.isValid(v))];
}

/**
 * The version to upgrade to: the smallest fixed version above the installed one when the
 * ecosystem's version order is known (Rampart's rule), else the first one listed.
 */
export function fixFor(
  ecosystem: string,
  installed: string,
  fixed: readonly string[],
): string | undefined {
  if (fixed.length === 0) return undefined;
  if (!isEcosystem(ecosystem)) return fixed[0];
  const scheme = schemeFor(ecosystem);
  if (!scheme.isValid(installed)) return fixed[0];
  return (
    fixed.find((f) => scheme.isValid(f) && scheme.compare(f, installed) > 0) ??
    fixed.find((f) => !scheme.isValid(f)) ??
    fixed[fixed.length - 1]
  );
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:\//.test(path);
}

function slashed(path: string): string {
  return reportPath(path).replace(/\/{2,}/g, '/');
}

/**
 * Makes a report's manifest paths relative to the scan root, with `/`, so that they equal the
 * `manifestPath` Rampart's own scanner gives the same lockfile (a fingerprint input):
 * - a relative path is kept (`./` and `\` normalised);
 * - an absolute path under the root the report states (`statedRoot`: Trivy's scanned
 *   directory, Snyk's `path`) loses that root;
 * - other absolute paths lose the longest directory prefix that all the report's absolute
 *   paths share: a report of `/ci/repo/package-lock.json` and
 *   `/ci/repo/web/package-lock.json` gives `package-lock.json` and `web/package-lock.json`,
 *   and a single absolute path gives its file name. The report does not say where the
 *   repository root was, so a report whose only lockfile sits in a sub-folder loses that
 *   folder: import such a report from a scan run at the repository root with relative paths.
 * @example manifestPathResolver(['/ci/r/a/yarn.lock', '/ci/r/b/yarn.lock'])('/ci/r/a/yarn.lock') // 'a/yarn.lock'
 */
export function manifestPathResolver(
  paths: readonly string[],
  statedRoot?: string,
): (path: string) => string {
  const root = statedRoot === undefined ? undefined : slashed(statedRoot).replace(/\/+$/, '');
  const underRoot = (path: string): string | undefined =>
    root !== undefined && root !== '' && isAbsolute(root) && path.startsWith(`${root}/`)
      ? path.slice(root.length + 1)
      : undefined;
  const absolute = paths
    .map(slashed)
    .filter((p) => isAbsolute(p) && underRoot(p) === undefined)
    .map((p) => p.split('/'));
  let common: string[] | undefined;
  for (const segments of absolute) {
    const dirs = segments.slice(0, -1);
    if (common === undefined) common = dirs;
    else {
      let n = 0;
      while (n < common.length && n < dirs.length && common[n] === dirs[n]) n++;
      common = common.slice(0, n);
    }
  }
  const prefix = common ?? [];
  return (raw) => {
    const path = slashed(raw);
    const fromRoot = underRoot(path);
    if (fromRoot !== undefined) return fromRoot === '' ? path : fromRoot;
    if (!isAbsolute(path)) return path === '' ? raw : path;
    const segments = path.split('/');
    const shares = prefix.every((segment, i) => segments[i] === segment);
    const rest = (shares ? segments.slice(prefix.length) : segments.slice(-1)).join('/');
    return rest === '' ? path : rest;
  };
}

const MAX_REFERENCES = 10;

/** A short title, as Rampart's own scanner titles its findings (see `advisoryTitle`). */
export const titleFrom = advisoryTitle;

/**
 * Distinct http(s) URLs among `values`, in first-seen order, at most 10 (Rampart's own
 * findings keep 8; a tool's list can run to a hundred mirrors of the same advisory).
 */
export function referenceUrls(values: readonly (string | undefined | null)[]): string[] {
  return distinctStrings(values)
    .filter((url) => /^https?:\/\/\S+$/i.test(url))
    .slice(0, MAX_REFERENCES);
}

/** One vulnerability in one package, as an importer read it from a report. */
export interface VulnerableDependency {
  readonly tool: ToolInfo;
  /** Every id the tool gives for this vulnerability (its own, aliases, CVEs, GHSA…). */
  readonly ids: readonly (string | undefined | null)[];
  readonly summary?: string | undefined | null;
  readonly details?: string | undefined | null;
  readonly severity: SeverityChoice;
  /** CWE ids in any spelling the tool uses (`CWE-79`, `79`, `cwe-79`). */
  readonly cwes: readonly unknown[];
  /** OSV's spelling for Rampart's ecosystems; the tool's name for others (`alpine`, `deb`). */
  readonly ecosystem: string;
  /** As the ecosystem spells it (Maven `group:artifact`). */
  readonly name: string;
  /** The installed version; npm 7+ audits state none, then a range (`versionIsRange`). */
  readonly version: string;
  readonly versionIsRange?: boolean;
  /** The tool's purl when it gives one; else one is built as Rampart builds its own. */
  readonly purl?: string | undefined | null;
  /** Relative to the scan root with `/` (see {@link manifestPathResolver}). */
  readonly manifestPath: string;
  readonly line?: number | undefined;
  /** Fixed versions as the tool lists them (cleaned by {@link cleanFixedVersions}). */
  readonly fixedVersions: readonly string[];
  /** From a direct dependency down to this package (the project itself left out). */
  readonly dependencyPath?: readonly string[] | undefined;
  readonly direct?: boolean | undefined;
  readonly dev?: boolean | undefined;
  /** The tool's links, its primary one first. */
  readonly references: readonly (string | undefined | null)[];
  /** A sentence the tool adds to the fix (Snyk's upgrade path, npm's `fixAvailable`). */
  readonly fixHint?: string | undefined;
  readonly tags?: readonly string[];
  /** Tool-specific extras, added after Rampart's own keys. */
  readonly properties?: Readonly<Record<string, JsonValue>>;
}

function remediationFor(v: VulnerableDependency, id: string, fix: string | undefined): string {
  const hint = v.fixHint === undefined || v.fixHint === '' ? '' : ` ${v.fixHint}`;
  if (fix === undefined) {
    return `No fixed version of ${v.name} is known for ${id}. Replace the package, or limit exposure to the vulnerable code path and follow the advisory for updates.${hint}`;
  }
  const via = v.dependencyPath ?? [];
  if (v.direct !== true && via.length > 1) {
    // `express@4.17.1` → `express (now 4.17.1)`, as Rampart's own remediation reads.
    const first = via[0] as string;
    const at = first.lastIndexOf('@');
    const top = at > 0 ? `${first.slice(0, at)} (now ${first.slice(at + 1)})` : first;
    return `${v.name} comes in through ${via.slice(0, -1).join(' → ')}. Upgrade ${top} to a release that depends on ${v.name} ${fix} or later, or force ${v.name} to ${fix} with your package manager's override (npm overrides, yarn resolutions, pip constraints…).${hint}`;
  }
  const from = v.versionIsRange || v.version === '' ? '' : ` from ${v.version}`;
  return `Upgrade ${v.name}${from} to ${fix} (the smallest version that fixes ${id}) in ${v.manifestPath}.${hint}`;
}

/**
 * The draft of one vulnerable dependency, shaped as Rampart's own `sca` findings are: rule id
 * = the advisory ({@link advisoryIds}), package location (purl, ecosystem, name, version,
 * manifest path, fixed versions), remediation naming the version to upgrade to, references
 * deduplicated, and `properties.advisory`/`aliases`/`fixedIn`/`severitySource`. Two reports
 * of the same vulnerability in the same package and lockfile get the same fingerprint.
 */
export function dependencyFinding(v: VulnerableDependency): FindingDraft {
  const { id, aliases } = advisoryIds(v.ids);
  const fixed = cleanFixedVersions(v.ecosystem, v.fixedVersions);
  const fix = fixFor(v.ecosystem, v.versionIsRange ? '' : v.version, fixed);
  const shown = v.versionIsRange || v.version === '' ? v.name : `${v.name}@${v.version}`;
  const via = v.dependencyPath ?? [];
  const chain =
    v.direct === true
      ? 'a direct dependency'
      : via.length > 1
        ? `via ${via.slice(0, -1).join(' → ')}`
        : v.direct === false
          ? 'a transitive dependency'
          : undefined;
  const parts = [
    v.versionIsRange && v.version !== '' ? `versions ${v.version}` : undefined,
    chain,
    v.dev === true ? 'dev only' : undefined,
  ].filter((p) => p !== undefined);
  const also =
    aliases.length > 0
      ? ` (also ${aliases.slice(0, 4).join(', ')}${aliases.length > 4 ? ', …' : ''})`
      : '';
  const location: PackageLocation = {
    kind: 'package',
    purl:
      typeof v.purl === 'string' && v.purl.startsWith('pkg:')
        ? v.purl
        : purlOf(v.ecosystem, v.name, v.versionIsRange ? '' : v.version),
    ecosystem: v.ecosystem,
    name: v.name,
    version: v.version,
    manifestPath: v.manifestPath,
    ...(v.line === undefined ? {} : { line: v.line }),
    fixedVersions: fixed,
    ...(via.length === 0 ? {} : { dependencyPath: [...via] }),
    ...(v.direct === undefined ? {} : { direct: v.direct }),
    ...(v.dev === undefined ? {} : { dev: v.dev }),
  };
  return {
    ruleId: id,
    scanner: 'sca',
    tool: { name: v.tool.name, version: v.tool.version },
    title: titleFrom(v.summary, v.details, id),
    message: `${shown}${parts.length > 0 ? ` (${parts.join(', ')})` : ''} is affected by ${id}${also}. ${
      fix === undefined ? 'No fixed version is known.' : `Fixed in ${fix}.`
    }`,
    severity: v.severity.severity,
    confidence: 'high',
    cwe: cweIds(v.cwes),
    location,
    remediation: remediationFor(v, id, fix),
    references: referenceUrls(v.references),
    tags: [
      ...new Set([
        'dependency',
        v.ecosystem,
        ...(v.direct === undefined ? [] : [v.direct ? 'direct' : 'transitive']),
        ...(v.dev === true ? ['dev-dependency'] : []),
        ...(v.severity.source === 'unknown' ? ['severity-unknown'] : []),
        ...(v.tags ?? []),
      ]),
    ],
    ...(v.severity.cvss === undefined ? {} : { cvss: { ...v.severity.cvss } }),
    properties: {
      advisory: id,
      aliases,
      ...(fix === undefined ? {} : { fixedIn: fix }),
      severitySource: v.severity.source,
      ...(v.versionIsRange ? { versionIsRange: true } : {}),
      ...v.properties,
    },
  };
}
