import type { ThreatRule } from '../types.js';
import { DENIAL_OF_SERVICE_RULES } from './denial-of-service.js';
import { ELEVATION_OF_PRIVILEGE_RULES } from './elevation-of-privilege.js';
import { INFORMATION_DISCLOSURE_RULES } from './information-disclosure.js';
import { REPUDIATION_RULES } from './repudiation.js';
import { SPOOFING_RULES } from './spoofing.js';
import { TAMPERING_RULES } from './tampering.js';

export { DENIAL_OF_SERVICE_RULES } from './denial-of-service.js';
export { ELEVATION_OF_PRIVILEGE_RULES } from './elevation-of-privilege.js';
export { INFORMATION_DISCLOSURE_RULES } from './information-disclosure.js';
export { REPUDIATION_RULES } from './repudiation.js';
export { SPOOFING_RULES } from './spoofing.js';
export { TAMPERING_RULES } from './tampering.js';

/**
 * The whole threat library, sorted by id so generated threats and docs come out in a stable
 * order. Adding a rule means adding it to its category's file, nothing else.
 */
export const THREAT_RULES: readonly ThreatRule[] = [
  ...SPOOFING_RULES,
  ...TAMPERING_RULES,
  ...REPUDIATION_RULES,
  ...INFORMATION_DISCLOSURE_RULES,
  ...DENIAL_OF_SERVICE_RULES,
  ...ELEVATION_OF_PRIVILEGE_RULES,
].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** Makes a value safe inside a markdown table cell. */
function cell(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll(/\r?\n/g, ' ');
}

/** What a rule is evaluated against, for humans: `flow`, or its element types. */
function appliesTo(rule: ThreatRule): string {
  return rule.target === 'flow' ? 'flow' : rule.elementTypes.join(', ');
}

/** Ids as a cell, or an em dash when there are none. */
function ids(list: readonly string[]): string {
  return list.length === 0 ? '—' : list.join(', ');
}

/**
 * A markdown table of rules for the docs: id, STRIDE category, severity, title, what it
 * applies to, and CWE/CAPEC ids, one row per rule in the order given.
 *
 * @example
 * writeFileSync('docs/threat-rules.md', threatRulesMarkdown(THREAT_RULES));
 */
export function threatRulesMarkdown(rules: readonly ThreatRule[]): string {
  const lines = [
    '| ID | STRIDE | Severity | Title | Applies to | CWE | CAPEC |',
    '|---|---|---|---|---|---|---|',
    ...rules.map(
      (rule) =>
        `| ${cell(rule.id)} | ${rule.stride} | ${rule.severity} | ${cell(rule.title)} | ${appliesTo(rule)} | ${ids(rule.cwe)} | ${ids(rule.capec)} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
