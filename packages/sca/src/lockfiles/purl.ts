import { PackageURL } from 'packageurl-js';
import type { Ecosystem } from '../types.js';

const PURL_TYPE: Record<Ecosystem, string> = {
  npm: 'npm',
  PyPI: 'pypi',
  Go: 'golang',
  'crates.io': 'cargo',
  RubyGems: 'gem',
  Packagist: 'composer',
  Maven: 'maven',
  NuGet: 'nuget',
};

/** Splits `name` at its last `sep` into namespace and name. */
function splitLast(name: string, sep: string): [string | undefined, string] {
  const at = name.lastIndexOf(sep);
  return at <= 0 ? [undefined, name] : [name.slice(0, at), name.slice(at + 1)];
}

/**
 * The package URL of a package, per the purl spec's type rules: npm scopes and Go module
 * paths and Packagist vendors become the namespace; Maven names are `group:artifact`.
 */
export function purlFor(
  ecosystem: Ecosystem,
  name: string,
  version: string,
  namespaceOverride?: string,
): string {
  let namespace: string | undefined;
  let short = name;
  if (namespaceOverride !== undefined) namespace = namespaceOverride;
  else if (ecosystem === 'Maven') [namespace, short] = splitLast(name, ':');
  else if (ecosystem === 'npm' || ecosystem === 'Go' || ecosystem === 'Packagist') {
    [namespace, short] = splitLast(name, '/');
  }
  return new PackageURL(
    PURL_TYPE[ecosystem],
    namespace,
    short,
    version === '' ? undefined : version,
    undefined,
    undefined,
  ).toString();
}

/** The OSV ecosystem of a purl type, when Rampart knows it. */
export function ecosystemOfPurlType(type: string): Ecosystem | undefined {
  for (const [eco, t] of Object.entries(PURL_TYPE)) if (t === type) return eco as Ecosystem;
  return undefined;
}
