import type { FindingDraft } from '@rampart/core';
import type { Selectable } from 'kysely';
import type { TriageRuleTable } from './tables.js';

/** A stored organisation-wide triage rule. */
export type TriageRuleRow = Selectable<TriageRuleTable>;

/** What a triage rule looks at in a finding. */
export interface RuleTarget {
  readonly ruleId: string;
  /** The advisory ids of a dependency finding (rule id, advisory, aliases), upper-cased. */
  readonly advisories: readonly string[];
  /** The file (code), manifest (package) or URL path (url) of the finding. */
  readonly path: string | undefined;
}

/** The advisory ids a finding answers to: its advisory and aliases, and the rule id of a package finding. */
export function advisoriesOf(finding: FindingDraft): string[] {
  const ids = new Set<string>();
  const props = finding.properties ?? {};
  if (typeof props.advisory === 'string') ids.add(props.advisory.toUpperCase());
  if (Array.isArray(props.aliases)) {
    for (const alias of props.aliases) if (typeof alias === 'string') ids.add(alias.toUpperCase());
  }
  if (finding.location.kind === 'package' || ids.size > 0) ids.add(finding.ruleId.toUpperCase());
  return [...ids].sort();
}

/** The `advisories` column: `|GHSA-…|CVE-…|`, or '' for a finding without advisories. */
export function advisoriesColumn(ids: readonly string[]): string {
  return ids.length === 0 ? '' : `|${ids.join('|')}|`;
}

/** The path a path rule matches against. */
export function pathOf(finding: FindingDraft): string | undefined {
  const location = finding.location;
  if (location.kind === 'code') return location.path;
  if (location.kind === 'package') return location.manifestPath;
  try {
    return new URL(location.url).pathname.replace(/^\/+/, '');
  } catch {
    return undefined;
  }
}

/** The rule target of a finding. */
export function targetOf(finding: FindingDraft): RuleTarget {
  return { ruleId: finding.ruleId, advisories: advisoriesOf(finding), path: pathOf(finding) };
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
 * @example pathMatches('**\/test/**', 'pkg/test/a.js') // true
 */
export function pathMatches(pattern: string, path: string): boolean {
  const p = normalisePattern(pattern);
  if (p === '' || p === '**') return true;
  if (!/[*?]/.test(p)) return path === p || path.startsWith(`${p}/`);
  return globRegex(p).test(path);
}

/** Whether the rule applies to the target (ignoring whether it is active). */
export function ruleMatches(rule: TriageRuleRow, target: RuleTarget): boolean {
  if (rule.kind === 'accept_advisory') {
    return rule.advisory !== null && target.advisories.includes(rule.advisory.toUpperCase());
  }
  if (rule.rule_id === null || rule.rule_id !== target.ruleId) return false;
  return rule.path === null || (target.path !== undefined && pathMatches(rule.path, target.path));
}

/** Whether a rule is in force at `now`: not revoked, not expired. */
export function isActive(rule: TriageRuleRow, now: number): boolean {
  return (
    rule.revoked_at === null &&
    rule.expired_at === null &&
    (rule.expires_at === null || rule.expires_at > now)
  );
}

/** The rule that decides when several match: highest priority, then the newest. */
export function bestRule(
  rules: readonly TriageRuleRow[],
  target: RuleTarget,
  now: number,
): TriageRuleRow | undefined {
  let best: TriageRuleRow | undefined;
  for (const rule of rules) {
    if (!isActive(rule, now) || !ruleMatches(rule, target)) continue;
    if (
      best === undefined ||
      rule.priority > best.priority ||
      (rule.priority === best.priority &&
        (rule.created_at > best.created_at ||
          (rule.created_at === best.created_at && rule.id > best.id)))
    )
      best = rule;
  }
  return best;
}
