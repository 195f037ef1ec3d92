import type { Ecosystem, VersionScheme } from '../types.js';
import { goScheme } from './go.js';
import { mavenScheme } from './maven.js';
import { nugetScheme } from './nuget.js';
import { packagistScheme } from './packagist.js';
import { pep440Scheme } from './pep440.js';
import { rubygemsScheme } from './rubygems.js';
import { semverScheme } from './semver.js';

export { goScheme } from './go.js';
export { mavenScheme } from './maven.js';
export { nugetScheme } from './nuget.js';
export { packagistScheme } from './packagist.js';
export { pep440Scheme } from './pep440.js';
export { rubygemsScheme } from './rubygems.js';
export { semverScheme } from './semver.js';

/** Every version scheme, one per distinct ordering (npm and crates.io share `semver`). */
export const SCHEMES: readonly VersionScheme[] = [
  semverScheme,
  goScheme,
  pep440Scheme,
  mavenScheme,
  rubygemsScheme,
  packagistScheme,
  nugetScheme,
];

const BY_ECOSYSTEM: Readonly<Record<Ecosystem, VersionScheme>> = {
  npm: semverScheme,
  'crates.io': semverScheme,
  Go: goScheme,
  PyPI: pep440Scheme,
  Maven: mavenScheme,
  RubyGems: rubygemsScheme,
  Packagist: packagistScheme,
  NuGet: nugetScheme,
};

/**
 * The version ordering OSV uses for `ecosystem`'s SEMVER and ECOSYSTEM ranges.
 *
 * @example schemeFor('PyPI').compare('1.0', '1.0.0') // 0
 */
export function schemeFor(ecosystem: Ecosystem): VersionScheme {
  return BY_ECOSYSTEM[ecosystem];
}
