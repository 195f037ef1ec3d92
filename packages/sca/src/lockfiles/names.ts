/** Lockfile and manifest names that some parser reads (kept light: no parser is loaded). */
const NAMES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  'poetry.lock',
  'Pipfile.lock',
  'uv.lock',
  'go.mod',
  'Cargo.lock',
  'Gemfile.lock',
  'gems.locked',
  'composer.lock',
  'pom.xml',
  'gradle.lockfile',
  'packages.lock.json',
]);

/**
 * Whether a path may be a file some parser reads: true for every path a parser matches
 * (a test checks this against the registry). Lets the scanner skip loading the parsers,
 * the database and the matcher for a tree without any.
 */
export function mayBeManifest(path: string): boolean {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  if (NAMES.has(base)) return true;
  const lower = base.toLowerCase();
  if (/\.(txt|in)$/.test(lower)) {
    return lower.includes('requirements') || /(^|\/)requirements\/[^/]+$/i.test(path);
  }
  return /(^|\/)(bom|sbom)\.json$|\.(cdx|bom|sbom)\.json$/.test(path);
}
