import type { FindingDraft, JsonValue } from '@rampart/core';
import { evidenceOf, redactText } from './evidence.js';
import type { DastIssue, DastRule } from './types.js';

/** How many affected URLs a grouped finding lists. */
const MAX_AFFECTED = 20;

/**
 * Turns issues into findings: the rule gives title, severity, CWE and remediation; issues
 * of one rule with the same group key become one finding that lists the affected URLs;
 * the same rule at the same method, URL and parameter is reported once (the most
 * confident issue wins).
 */
export function issuesToFindings(
  issues: readonly DastIssue[],
  rules: ReadonlyMap<string, DastRule>,
  toolVersion: string,
): FindingDraft[] {
  const groups = new Map<string, DastIssue[]>();
  for (const issue of issues) {
    const key = issue.groupKey
      ? `${issue.ruleId}\0group\0${issue.groupKey}`
      : `${issue.ruleId}\0${issue.method}\0${issue.url}\0${issue.parameter ?? ''}`;
    const list = groups.get(key);
    if (list) list.push(issue);
    else groups.set(key, [issue]);
  }
  const rank = { high: 0, medium: 1, low: 2 } as const;
  const drafts: FindingDraft[] = [];
  for (const list of groups.values()) {
    const best = [...list].sort((a, b) => rank[a.confidence] - rank[b.confidence])[0] as DastIssue;
    const rule = rules.get(best.ruleId);
    if (!rule) throw new Error(`DAST issue of an unregistered rule ${best.ruleId}`);
    const properties: Record<string, JsonValue> = { ...best.details };
    if (best.payload !== undefined) properties.payload = best.payload;
    if (best.groupKey) {
      // A URL can carry a token in its query: findings keep it redacted.
      const urls = [...new Set(list.map((i) => redactText(i.url)))].sort();
      properties.affectedUrls = urls.slice(0, MAX_AFFECTED);
      properties.affectedCount = urls.length;
    }
    const url = best.groupKey ? `${new URL(best.url).origin}/` : best.url;
    drafts.push({
      ruleId: rule.id,
      scanner: 'dast',
      tool: { name: 'rampart', version: toolVersion },
      title: rule.title,
      message:
        best.groupKey && new Set(list.map((i) => i.url)).size > 1
          ? `${best.message} (${new Set(list.map((i) => i.url)).size} URLs)`
          : best.message,
      severity: best.severity ?? rule.severity,
      confidence: best.confidence,
      cwe: [...rule.cwe],
      ...(rule.owasp ? { owasp: rule.owasp } : {}),
      location: {
        kind: 'url',
        method: best.groupKey ? 'GET' : best.method,
        url: best.groupKey ? url : redactText(best.url),
        ...(best.parameter !== undefined ? { parameter: best.parameter } : {}),
        ...(best.exchange ? { evidence: evidenceOf(best.exchange, best.proof) } : {}),
      },
      remediation: rule.remediation,
      references: [...rule.references],
      tags: ['dast'],
      properties,
    });
  }
  return drafts;
}
