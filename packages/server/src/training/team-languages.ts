import type { Language } from '@rampart/training';

// The languages (and file kinds) of a team, as its findings' file paths show them. The paths
// come from `finding_search` (see recommendations.ts), whose text is ASCII-lower-cased, so
// every pattern here ignores case.

/** What a finding says about the file it is in. */
export interface PathSource {
  /** The file's path (relative to the scan root, `/` separators). */
  readonly path: string;
  readonly scanner: string;
  readonly ruleId: string;
}

const YAML = /\.ya?ml$/i;

/**
 * The language of a finding's file, or undefined when the path says none:
 * `.js .jsx .mjs .cjs` javascript; `.ts .tsx .mts .cts` typescript; `.py` python;
 * `Dockerfile`, `Dockerfile.*`, `*.dockerfile` (and Containerfile) dockerfile; `.tf`
 * terraform; `.github/workflows/*.yml|yaml` github-actions; `.gitlab-ci.yml` (and
 * `.gitlab/ci/*.yml`) gitlab-ci; other YAML kubernetes when an IaC scanner reported it or
 * its rule is a `k8s-` check (Rampart's IaC scanner reports YAML only once its content is
 * a Kubernetes manifest), else nothing.
 */
export function languageOfPath(source: PathSource): Language | undefined {
  const path = source.path.replace(/\\/g, '/');
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (/\.(?:js|jsx|mjs|cjs)$/i.test(name)) return 'javascript';
  if (/\.(?:ts|tsx|mts|cts)$/i.test(name)) return 'typescript';
  if (/\.py$/i.test(name)) return 'python';
  if (
    /^(?:dockerfile|containerfile)(?:\..+)?$/i.test(name) ||
    /\.(?:dockerfile|containerfile)$/i.test(name)
  )
    return 'dockerfile';
  if (/\.tf$/i.test(name)) return 'terraform';
  if (/(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(path)) return 'github-actions';
  if (/^\.gitlab-ci\.ya?ml$/i.test(name) || /(?:^|\/)\.gitlab\/ci\/[^/]+\.ya?ml$/i.test(path))
    return 'gitlab-ci';
  if (YAML.test(name) && (source.scanner === 'iac' || /^k8s-/i.test(source.ruleId)))
    return 'kubernetes';
  return undefined;
}
