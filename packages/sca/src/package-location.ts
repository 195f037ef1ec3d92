import type { PackageLocation } from '@rampart/core';
import type { Dependency } from './types.js';

/** Where a finding about a dependency points: the package, its manifest line and its chain. */
export function packageLocation(
  dep: Dependency,
  fixedVersions: readonly string[],
): PackageLocation {
  return {
    kind: 'package' as const,
    purl: dep.purl,
    ecosystem: dep.ecosystem,
    name: dep.name,
    version: dep.version,
    manifestPath: dep.manifestPath,
    ...(dep.line === undefined ? {} : { line: dep.line }),
    fixedVersions: [...fixedVersions],
    dependencyPath: [...dep.path],
    direct: dep.direct,
    dev: dep.dev,
  };
}
