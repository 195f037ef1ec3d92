import {
  type FindingDraft,
  packageVersion,
  RampartError,
  type ScanContext,
  type ScanTarget,
  SEVERITIES,
  type Severity,
} from '@rampart/core';
import { addInstalledNpmLicenses, collectDependencies } from './collect.js';
import { parseLicense, sameLicenseId, satisfies } from './license/spdx.js';
import { matchDependencies, type VulnerabilityMatch } from './osv/matcher.js';
import { databasePath, OsvStore } from './osv/store.js';
import { advisoryTitle } from './osv/title.js';
import { packageLocation } from './package-location.js';
import { parseScaOptions, type ScaOptions } from './sca-options.js';
import type { Dependency, Ecosystem } from './types.js';

const TOOL = {
  name: 'rampart',
  version: packageVersion(import.meta.url),
};

const DAY = 24 * 60 * 60 * 1000;
const MAX_REFERENCES = 8;

function lower(severity: Severity): Severity {
  const i = SEVERITIES.indexOf(severity);
  return SEVERITIES[Math.min(i + 1, SEVERITIES.length - 1)] as Severity;
}

/** `name (version)` of the direct dependency that brings `dep` in. */
function directOf(dep: Dependency): string {
  const key = dep.path[0];
  if (key === undefined) return 'the direct dependency';
  const at = key.lastIndexOf('@');
  return at > 0 ? `${key.slice(0, at)} (now ${key.slice(at + 1)})` : key;
}

function remediationFor(m: VulnerabilityMatch): string {
  const dep = m.dependency;
  if (m.fixedIn === undefined) {
    return `No fixed version of ${dep.name} is published for ${m.id}. Replace the package, or limit exposure to the vulnerable code path and follow the advisory for updates.`;
  }
  if (dep.direct) {
    return `Upgrade ${dep.name} from ${dep.version} to ${m.fixedIn} (the smallest version that fixes ${m.id}) in ${dep.manifestPath}.`;
  }
  const via = dep.path.slice(0, -1).join(' → ');
  return `${dep.name}@${dep.version} comes in through ${via}. Upgrade ${directOf(dep)} to a release that depends on ${dep.name} ${m.fixedIn} or later, or force ${dep.name} to ${m.fixedIn} with your package manager's override (npm overrides, yarn resolutions, pip constraints…).`;
}

/**
 * A short title: the advisory's summary, else the first sentence of its details (PyPI and
 * Go records often have no summary), else the id.
 */
export function titleOf(m: Pick<VulnerabilityMatch, 'id' | 'summary' | 'advisories'>): string {
  const details = m.advisories.find((a) => a.details?.trim())?.details;
  return advisoryTitle(m.summary, details, m.id);
}

/** The finding of one vulnerability in one dependency. */
export function vulnerabilityFinding(
  m: VulnerabilityMatch,
  options: ScaOptions,
): FindingDraft | undefined {
  const dep = m.dependency;
  if (dep.dev && options.devDependencies === 'ignore') return undefined;
  const severity =
    dep.dev && options.devDependencies === 'downgrade' ? lower(m.severity) : m.severity;
  const also =
    m.aliases.length > 0
      ? ` (also ${m.aliases.slice(0, 4).join(', ')}${m.aliases.length > 4 ? ', …' : ''})`
      : '';
  const fix = m.fixedIn === undefined ? 'No fixed version is known.' : `Fixed in ${m.fixedIn}.`;
  const chain = dep.direct ? 'a direct dependency' : `via ${dep.path.slice(0, -1).join(' → ')}`;
  return {
    ruleId: m.id,
    scanner: 'sca',
    tool: TOOL,
    title: titleOf(m),
    message: `${dep.name}@${dep.version} (${chain}${dep.dev ? ', dev only' : ''}) is affected by ${m.id}${also}. ${fix}`,
    severity,
    confidence: 'high',
    cwe: m.cwes.filter((c) => /^CWE-[1-9][0-9]*$/.test(c)),
    location: packageLocation(dep, m.fixedVersions),
    remediation: remediationFor(m),
    references: [`https://osv.dev/vulnerability/${m.id}`, ...m.references].slice(0, MAX_REFERENCES),
    tags: [
      'dependency',
      dep.ecosystem,
      dep.direct ? 'direct' : 'transitive',
      ...(dep.dev ? ['dev-dependency'] : []),
      ...(m.severitySource === 'unknown' ? ['severity-unknown'] : []),
    ],
    ...(m.cvss ? { cvss: m.cvss } : {}),
    properties: {
      advisory: m.id,
      aliases: [...m.aliases],
      ...(m.fixedIn === undefined ? {} : { fixedIn: m.fixedIn }),
      ...(m.published === undefined ? {} : { published: m.published }),
      severitySource: m.severitySource,
    },
  };
}

/** Licence findings for one dependency under the policy, if any. */
export function licenseFindings(dep: Dependency, options: ScaOptions): FindingDraft[] {
  const { allow, deny, unknown } = options.licenses;
  if (allow === undefined && deny.length === 0) return [];
  const base = {
    scanner: 'sca' as const,
    tool: TOOL,
    confidence: 'high' as const,
    cwe: [],
    location: packageLocation(dep, []),
    references: [],
    tags: ['license', dep.ecosystem, ...(dep.dev ? ['dev-dependency'] : [])],
  };
  if (dep.license === undefined || dep.license.trim() === '') {
    if (unknown === 'ignore') return [];
    return [
      {
        ...base,
        ruleId: 'sca/license-unknown',
        title: 'Dependency licence unknown',
        message: `${dep.name}@${dep.version}: no licence is stated in ${dep.manifestPath} or in installed package metadata.`,
        severity: 'low',
        remediation:
          'Check the package licence by hand and add it to the allow list, or replace the package.',
      },
    ];
  }
  const license = parseLicense(dep.license);
  const isDenied = (id: string) => deny.some((d) => sameLicenseId(d, id));
  if (deny.length > 0 && !satisfies(license, (id) => !isDenied(id))) {
    return [
      {
        ...base,
        ruleId: 'sca/license-denied',
        title: 'Dependency under a denied licence',
        message: `${dep.name}@${dep.version} is licensed ${license.declared}, which the policy denies.`,
        severity: 'high',
        remediation: `Replace ${dep.name} with a package under an allowed licence, or get a legal review and an exception.`,
      },
    ];
  }
  if (
    allow !== undefined &&
    !satisfies(license, (id) => allow.some((a) => sameLicenseId(a, id)) && !isDenied(id))
  ) {
    return [
      {
        ...base,
        ruleId: 'sca/license-not-allowed',
        title: 'Dependency licence not on the allow list',
        message: `${dep.name}@${dep.version} is licensed ${license.declared}, which is not on the allow list.`,
        severity: 'medium',
        remediation: `Replace ${dep.name}, or add its licence to sca.licenses.allow after review.`,
      },
    ];
  }
  return [];
}

/** A scan needs the database but none has been imported. */
export class MissingDatabaseError extends RampartError {
  constructor(path: string) {
    super(
      'RAMPART_DATABASE_MISSING',
      `no OSV database at ${path}: dependency vulnerabilities cannot be checked`,
      {
        hint: 'run `rampart db update` (or `rampart db update --from DIR` offline) first',
      },
    );
    this.name = 'MissingDatabaseError';
  }
}

/**
 * The `sca` scanner's work: reads every lockfile and manifest of the target, matches the
 * dependencies against the local OSV database, and applies the licence policy.
 */
export async function* scanDependencies(
  target: ScanTarget,
  ctx: ScanContext,
  options: { now?: () => Date } = {},
): AsyncIterable<FindingDraft> {
  const sca = parseScaOptions(ctx.config.scannerOptions.sca, ctx.config.path);
  const collected = await collectDependencies(target, ctx.logger, ctx.signal);
  let deps = collected.dependencies;
  ctx.progress.setTotal(collected.manifests.length + collected.errors.length);
  ctx.progress.advance(collected.manifests.length + collected.errors.length);
  for (const m of collected.manifests) {
    for (const note of m.notes) ctx.logger.info(`${m.path}: ${note}`);
  }
  ctx.logger.debug('sca: dependencies', {
    manifests: collected.manifests.length,
    dependencies: deps.length,
  });
  if (deps.length === 0) return;

  if (sca.licenses.allow !== undefined || sca.licenses.deny.length > 0) {
    deps = await addInstalledNpmLicenses(target.root, deps);
    for (const dep of deps) yield* licenseFindings(dep, sca);
  }

  const path = databasePath(ctx.cacheDir);
  const store = OsvStore.open(path, { create: false, readonly: true });
  if (store === undefined) {
    if (ctx.requested === true) throw new MissingDatabaseError(path);
    ctx.logger.warn(
      `sca: no OSV database yet, so ${deps.length} dependencies were NOT checked for known vulnerabilities; run \`rampart db update\``,
    );
    return;
  }
  try {
    checkFreshness(store, deps, sca, ctx, options.now?.() ?? new Date());
    for (const match of matchDependencies(deps, store)) {
      const finding = vulnerabilityFinding(match, sca);
      if (finding) yield finding;
    }
  } finally {
    store.close();
  }
}

function checkFreshness(
  store: OsvStore,
  deps: readonly Dependency[],
  options: ScaOptions,
  ctx: ScanContext,
  now: Date,
): void {
  const imported = store.importedAt();
  const needed = new Set<Ecosystem>(deps.map((d) => d.ecosystem));
  for (const eco of needed) {
    const at = imported.get(eco);
    if (at === undefined) {
      ctx.logger.warn(
        `sca: the OSV database has no ${eco} advisories, so ${eco} dependencies were NOT checked; run \`rampart db update\``,
      );
      continue;
    }
    const days = Math.floor((now.getTime() - Date.parse(at)) / DAY);
    if (days > options.maxDatabaseAgeDays) {
      ctx.logger.warn(
        `sca: the ${eco} advisories were last updated ${days} days ago (${at.slice(0, 10)}); run \`rampart db update\` (sca.maxDatabaseAgeDays: ${options.maxDatabaseAgeDays})`,
      );
    }
  }
}
