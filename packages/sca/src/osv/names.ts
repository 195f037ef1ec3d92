import { normalizePackageName as normalizeName } from '@rampart/core';
import type { Ecosystem } from '../types.js';

/**
 * The form of a package name used to look advisories up (and fingerprinted): core's
 * normalisation, PEP 503 for PyPI, case-insensitive for NuGet and Packagist.
 */
export function normalizePackageName(ecosystem: Ecosystem, name: string): string {
  return normalizeName(ecosystem, name);
}

/**
 * The ecosystem an OSV `affected[].package.ecosystem` value names, when Rampart supports it.
 * OSV may add a suffix after `:` (e.g. `Debian:11`); ours never carry one, but a suffix is
 * tolerated.
 */
export function supportedEcosystem(value: string): Ecosystem | undefined {
  const base = value.split(':')[0] ?? value;
  switch (base) {
    case 'npm':
    case 'PyPI':
    case 'Go':
    case 'crates.io':
    case 'RubyGems':
    case 'Packagist':
    case 'Maven':
    case 'NuGet':
      return base;
    default:
      return undefined;
  }
}

/**
 * The id a merged vulnerability is known by. A GitHub advisory id when one of the merged
 * records is one (GitHub code scanning and most tools show it), else the ecosystem
 * database's own id (GO-, PYSEC-, RUSTSEC-…), else the smallest id: stable across scans
 * because it depends only on which records exist, not on the order they are read.
 */
export function primaryId(ids: readonly string[]): string {
  const sorted = [...ids].sort();
  return (
    sorted.find((id) => id.startsWith('GHSA-')) ??
    sorted.find((id) => !id.startsWith('CVE-')) ??
    (sorted[0] as string)
  );
}
