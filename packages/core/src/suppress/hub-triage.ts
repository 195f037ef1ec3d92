import { z } from 'zod';
import { RampartError } from '../errors.js';
import type { Finding } from '../finding/finding.js';
import { bestTriageRule, type TriageRuleCriteria, triageTargetOf } from './triage-rule-match.js';

// The hub's triage of a project (`GET /api/v1/projects/{id}/triage`) applied to a local
// scan: findings the hub marked false positive or accepted, and findings an organisation rule
// in force covers, are suppressed before the gate, so that CI does not fail on them.

const instant = z.iso.datetime({ offset: true });

/**
 * The hub's answer to `GET /api/v1/projects/{id}/triage`. Fields it may add later are
 * ignored, so an older CLI keeps working against a newer hub.
 */
export const HubTriageSchema = z.object({
  projectId: z.string(),
  /** Fingerprints with a triage decision in force. */
  decisions: z.array(
    z.object({
      fingerprint: z.string().min(1),
      ruleId: z.string(),
      status: z.enum(['false_positive', 'risk_accepted']),
      /** When an accepted risk ends. */
      until: instant.nullable(),
      reason: z.string().nullable(),
      /** The organisation rule that made the decision; null for a person's decision. */
      triageRuleId: z.string().nullable(),
    }),
  ),
  /** The organisation-wide rules in force. */
  rules: z.array(
    z.object({
      id: z.string().min(1),
      kind: z.enum(['accept_advisory', 'false_positive_path']),
      advisory: z.string().nullable(),
      ruleId: z.string().nullable(),
      path: z.string().nullable(),
      reason: z.string(),
      priority: z.number().int(),
      expiresAt: instant.nullable(),
      createdAt: instant,
      active: z.boolean(),
    }),
  ),
});
/** The hub's triage of a project, as it sends it. */
export type HubTriage = z.infer<typeof HubTriageSchema>;

/**
 * Checks the hub's triage answer.
 * @throws RampartError `RAMPART_HUB` when it is not one (the message says where).
 */
export function parseHubTriage(json: unknown, from: string): HubTriage {
  const parsed = HubTriageSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new RampartError(
    'RAMPART_HUB',
    `${from}: not the hub's triage answer at ${issue?.path.map(String).join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`,
    { hint: 'is --server a Rampart hub, of a version that knows `rampart scan --server`?' },
  );
}

/** A finding the hub's triage covers, and why (for reports). */
export interface HubSuppression {
  readonly finding: Finding;
  /** E.g. `accepted risk until 2027-01-31 (hub): not reachable from the internet`. */
  readonly reason: string;
}

/** What {@link applyHubTriage} returns. */
export interface HubTriageResult {
  readonly kept: Finding[];
  readonly suppressed: HubSuppression[];
}

interface RuleInForce extends TriageRuleCriteria {
  readonly reason: string;
  readonly until: string | null;
}

const day = (iso: string) => iso.slice(0, 10);

function because(
  status: 'false_positive' | 'risk_accepted',
  until: string | null,
  byRule: boolean,
  reason: string | null,
): string {
  const what =
    status === 'risk_accepted'
      ? `accepted risk${until === null ? '' : ` until ${day(until)}`}`
      : 'false positive';
  return `${what} (hub${byRule ? ' rule' : ''})${reason ? `: ${reason}` : ''}`;
}

/**
 * Splits findings into those the hub's triage leaves to the gate and those it suppresses.
 * A decision on the fingerprint wins (a person's decision is final on the hub too); else
 * the organisation rule the hub would apply (highest priority, then newest) decides.
 * Decisions and rules that ended before `now` (the hub answered a while ago) do not count.
 */
export function applyHubTriage(
  findings: readonly Finding[],
  triage: HubTriage,
  now: number,
): HubTriageResult {
  const after = (iso: string | null) => iso === null || Date.parse(iso) > now;
  const decisions = new Map(
    triage.decisions
      .filter((d) => d.status === 'false_positive' || after(d.until))
      .map((d) => [d.fingerprint, d]),
  );
  const rules: RuleInForce[] = triage.rules
    .filter((r) => r.active && after(r.expiresAt))
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      advisory: r.advisory,
      ruleId: r.ruleId,
      path: r.path,
      priority: r.priority,
      createdAt: Date.parse(r.createdAt),
      reason: r.reason,
      until: r.expiresAt,
    }));
  const kept: Finding[] = [];
  const suppressed: HubSuppression[] = [];
  for (const finding of findings) {
    const decision = decisions.get(finding.fingerprint);
    if (decision) {
      suppressed.push({
        finding,
        reason: because(
          decision.status,
          decision.until,
          decision.triageRuleId !== null,
          decision.reason,
        ),
      });
      continue;
    }
    const rule = rules.length > 0 ? bestTriageRule(rules, triageTargetOf(finding)) : undefined;
    if (rule) {
      const status = rule.kind === 'accept_advisory' ? 'risk_accepted' : 'false_positive';
      suppressed.push({ finding, reason: because(status, rule.until, true, rule.reason) });
      continue;
    }
    kept.push(finding);
  }
  return { kept, suppressed };
}
