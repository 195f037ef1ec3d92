import ignore, { type Ignore } from 'ignore';

/**
 * Who wrote a layer's rules: git's ignore files (`.gitignore`, `info/exclude`), or Rampart's
 * own explicit exclusions (`.rampartignore`, the config `exclude` list). Git's rules do not
 * apply to tracked files; Rampart's do.
 */
export type LayerSource = 'git' | 'rampart';

/**
 * One ignore file's rules (or the config `exclude` list) and where they apply. A path
 * relative to the scan root is matched as `prefix + path.slice(base.length)`.
 */
export interface IgnoreLayer {
  /** Who wrote the rules: git's layers do not apply to tracked files. */
  readonly source: LayerSource;
  /** Root-relative folder the rules belong to, `''` or ending in `/`. */
  readonly base: string;
  /** For ignore files above the root: the route from their folder down to the root, ending in `/`. */
  readonly prefix: string;
  /** The verdict of this layer's rules alone for a layer-relative path. */
  readonly matches: (path: string) => Verdict;
}

/** Layers from the highest priority (deepest folder) to the lowest. */
export interface LayerChain {
  readonly layer: IgnoreLayer;
  readonly next: LayerChain | undefined;
}

interface Verdict {
  readonly ignored: boolean;
  readonly unignored: boolean;
}

/** Builds a layer from gitignore-syntax text; case-sensitive, as git is by default. */
export function createLayer(
  patterns: string | readonly string[],
  base: string,
  prefix: string,
  source: LayerSource,
): IgnoreLayer {
  const rules = ignore({ ignorecase: false }).add(patterns);
  return { source, base, prefix, matches: literalMatcher(rules) };
}

/** The same chain with git's layers left out, in the same order. */
export function rampartLayersOf(chain: LayerChain | undefined): LayerChain | undefined {
  if (chain === undefined) return undefined;
  const next = rampartLayersOf(chain.next);
  if (chain.layer.source !== 'rampart') return next;
  return next === chain.next ? chain : { layer: chain.layer, next };
}

/**
 * Decides a root-relative path against a chain of layers, as git does: the highest-priority
 * layer with a rule matching the path itself decides (`true` ignored, `false` re-included),
 * and within a layer the last matching rule; `undefined` when no rule matches. Parent
 * folders are not re-checked: the walker never enters an ignored folder, so everything it
 * asks about sits in folders already known to be kept.
 */
export function decide(
  chain: LayerChain | undefined,
  path: string,
  isDir: boolean,
): boolean | undefined {
  const suffix = isDir ? '/' : '';
  for (let link = chain; link !== undefined; link = link.next) {
    const { layer } = link;
    const verdict = layer.matches(layer.prefix + path.slice(layer.base.length) + suffix);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return undefined;
}

interface RuleListInternals {
  test(path: string, mode: string): Verdict;
}

// Checked once: the internal rule list still answers like git for a path and its folder.
const LITERAL_TEST_WORKS = ((): boolean => {
  const probe = ignore().add('dir/') as unknown as { _rules?: Partial<RuleListInternals> };
  const rules = probe._rules;
  if (typeof rules?.test !== 'function') return false;
  try {
    return (
      rules.test('dir/', 'regex').ignored === true &&
      rules.test('dir/file', 'regex').ignored === false
    );
  } catch {
    return false;
  }
})();

/**
 * `ignore`'s public `test()` also reports a path ignored when the same rule set ignores a
 * parent folder. Git does not: a folder excluded by `/.gitignore` but re-included by
 * `sub/.gitignore` is entered, and its files are judged one by one. So we call the rule list
 * directly (one rule scan per path, no parent walk), falling back to the public method if a
 * new `ignore` version changes its internals; the walker tests fail loudly in that case.
 */
function literalMatcher(rules: Ignore): (path: string) => Verdict {
  const internals = (rules as unknown as { _rules?: Partial<RuleListInternals> })._rules;
  const test = internals?.test;
  if (internals !== undefined && typeof test === 'function' && LITERAL_TEST_WORKS) {
    return (path) => test.call(internals, path, 'regex');
  }
  return (path) => rules.test(path);
}
