import type { FindingDraft } from '../finding/finding.js';

// How an organisation-wide triage rule of the hub matches a finding. The hub applies its
// rules at ingest and `rampart scan --server` applies the same rules before the gate: both
// call these functions, so a finding the hub would accept is the finding the CLI accepts.

/** What a triage rule looks at in a finding. */
export interface TriageTarget {
  readonly ruleId: string;
  /** The advisory ids of a dependency finding (rule id, advisory, aliases), upper-cased. */
  readonly advisories: readonly string[];
  /** The file (code), manifest (package) or URL path (url) of the finding. */
  readonly path: string | undefined;
}

/** What matching needs of an organisation-wide triage rule (the hub stores more). */
export interface TriageRuleCriteria {
  readonly id: string;
  /** `accept_advisory`: advisory X accepted everywhere; `false_positive_path`: rule R under path P is a false positive. */
  readonly kind: 'accept_advisory' | 'false_positive_path';
  readonly advisory: string | null;
  readonly ruleId: string | null;
  /** A path prefix (`src/legacy`) or glob (`**\/test/**`); null: every path. */
  readonly path: string | null;
  /** Higher wins when several rules match one finding. */
  readonly priority: number;
  /** Epoch milliseconds; the newest wins among rules of equal priority. */
  readonly createdAt: number;
}

/** The advisory ids a finding answers to: its advisory and aliases, and the rule id of a package finding. */
export function advisoryIdsOf(finding: FindingDraft): string[] {
  const ids = new Set<string>();
  const props = finding.properties ?? {};
  if (typeof props.advisory === 'string') ids.add(props.advisory.toUpperCase());
  if (Array.isArray(props.aliases)) {
    for (const alias of props.aliases) if (typeof alias === 'string') ids.add(alias.toUpperCase());
  }
  if (finding.location.kind === 'package' || ids.size > 0) ids.add(finding.ruleId.toUpperCase());
  return [...ids].sort();
}

/** The path a path rule matches against: the file, the manifest, or the URL's path. */
export function triagePathOf(finding: FindingDraft): string | undefined {
  const location = finding.location;
  if (location.kind === 'code') return location.path;
  if (location.kind === 'package') return location.manifestPath;
  try {
    return new URL(location.url).pathname.replace(/^\/+/, '');
  } catch {
    return undefined;
  }
}

/** The triage target of a finding. */
export function triageTargetOf(finding: FindingDraft): TriageTarget {
  return {
    ruleId: finding.ruleId,
    advisories: advisoryIdsOf(finding),
    path: triagePathOf(finding),
  };
}

function normalisePattern(pattern: string): string {
  return pattern
    .trim()
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '')
    .replace(/\/+$/, '');
}

function globRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A glob naming a folder matches everything under it, like a plain path does.
  return new RegExp(`^${out}(?:/.*)?$`);
}

/**
 * Whether a finding's path is under a rule's path: a plain path matches itself and
 * everything below it (`src/legacy` matches `src/legacy/a.js`); with `*`, `**` or `?` it is
 * a glob (`**` crosses folders, `*` does not), also matching everything under what it names.
 * @example triagePathMatches('**\/test/**', 'pkg/test/a.js') // true
 */
export function triagePathMatches(pattern: string, path: string): boolean {
  const p = normalisePattern(pattern);
  if (p === '' || p === '**') return true;
  if (!/[*?]/.test(p)) return path === p || path.startsWith(`${p}/`);
  return globRegex(p).test(path);
}

/** Whether the rule applies to the target (whether it is in force is the caller's business). */
export function triageRuleMatches(rule: TriageRuleCriteria, target: TriageTarget): boolean {
  if (rule.kind === 'accept_advisory') {
    return rule.advisory !== null && target.advisories.includes(rule.advisory.toUpperCase());
  }
  if (rule.ruleId === null || rule.ruleId !== target.ruleId) return false;
  return (
    rule.path === null || (target.path !== undefined && triagePathMatches(rule.path, target.path))
  );
}

/**
 * The rule that decides among the rules in force when several match: the highest priority,
 * then the newest (then the greatest id, so the choice never depends on order).
 */
export function bestTriageRule<R extends TriageRuleCriteria>(
  rules: readonly R[],
  target: TriageTarget,
): R | undefined {
  let best: R | undefined;
  for (const rule of rules) {
    if (!triageRuleMatches(rule, target)) continue;
    if (
      best === undefined ||
      rule.priority > best.priority ||
      (rule.priority === best.priority &&
        (rule.createdAt > best.createdAt ||
          (rule.createdAt === best.createdAt && rule.id > best.id)))
    )
      best = rule;
  }
  return best;
}
