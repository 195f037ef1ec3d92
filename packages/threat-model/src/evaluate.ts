import { RuleError } from '@rampart/core';
import type { ThreatDecision, ThreatModel } from './model-schema.js';
import { modelView } from './model-view.js';
import type { Threat, ThreatRule, ThreatSeverity } from './types.js';

/** Severities, worst first: the order threats are listed in. */
export const THREAT_SEVERITIES = [
  'critical',
  'high',
  'medium',
  'low',
] as const satisfies readonly ThreatSeverity[];

const OPEN: ThreatDecision = { status: 'open' };

function compareText(a: string, b: string): number {
  // Code-unit order, not the locale's: the list must be the same on every machine.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Worst severity first, then rule id, then target id. */
function compareThreats(a: Threat, b: Threat): number {
  return (
    THREAT_SEVERITIES.indexOf(a.rule.severity) - THREAT_SEVERITIES.indexOf(b.rule.severity) ||
    compareText(a.rule.id, b.rule.id) ||
    compareText(a.target.id, b.target.id)
  );
}

function applies(rule: ThreatRule, run: () => boolean, targetId: string): boolean {
  try {
    return run();
  } catch (cause) {
    // A rule that throws is a bug in the rule: name it rather than fail somewhere vague.
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new RuleError(rule.id, `failed on ${targetId}: ${message}`, { cause });
  }
}

/**
 * The threats a model gives: each element rule on each element of the types it lists, each
 * flow rule on each flow. A threat's id is `<rule id>@<element or flow id>`; its decision
 * is the model's entry in `threats:` for that id, or open when there is none. Listed worst
 * severity first, then by rule id and target id.
 *
 * The model must be valid ({@link parseThreatModel}); rule ids must be unique (a
 * {@link RuleError} otherwise, as for a rule that throws).
 *
 * @example
 * const threats = evaluateThreats(await loadThreatModel('threatmodel.yml'), THREAT_RULES);
 * threats.filter((t) => t.decision.status === 'open');
 */
export function evaluateThreats(model: ThreatModel, rules: readonly ThreatRule[]): Threat[] {
  const view = modelView(model);
  const ruleIds = new Set<string>();
  const threats: Threat[] = [];
  const decisionFor = (id: string): ThreatDecision =>
    // Own keys only: a threat id must never pick up something from Object.prototype.
    (Object.hasOwn(model.threats, id) ? model.threats[id] : undefined) ?? OPEN;
  for (const rule of rules) {
    if (ruleIds.has(rule.id)) throw new RuleError(rule.id, 'two rules have this id');
    ruleIds.add(rule.id);
    if (rule.target === 'element') {
      for (const element of view.elements) {
        const { id, name, type } = element.element;
        if (!rule.elementTypes.includes(type)) continue;
        if (!applies(rule, () => rule.applies(element, view), id)) continue;
        const threatId = `${rule.id}@${id}`;
        threats.push({
          id: threatId,
          rule,
          target: { kind: 'element', id, name },
          decision: decisionFor(threatId),
        });
      }
    } else {
      for (const flow of view.flows) {
        const { id } = flow.flow;
        if (!applies(rule, () => rule.applies(flow, view), id)) continue;
        const threatId = `${rule.id}@${id}`;
        threats.push({
          id: threatId,
          rule,
          target: {
            kind: 'flow',
            id,
            name: flowName(flow.flow.name, flow.source.name, flow.target.name),
          },
          decision: decisionFor(threatId),
        });
      }
    }
  }
  return threats.sort(compareThreats);
}

/** A flow's name, or `Source → Target` when the model gives it none. */
function flowName(name: string | undefined, source: string, target: string): string {
  return name ?? `${source} → ${target}`;
}

/** How many threats there are, by decision, and how many open ones by severity. */
export interface ThreatSummary {
  readonly total: number;
  readonly byStatus: Readonly<Record<ThreatDecision['status'], number>>;
  /** Open threats only: what a CI gate looks at. */
  readonly openBySeverity: Readonly<Record<ThreatSeverity, number>>;
}

/**
 * Counts threats by decision and open ones by severity.
 *
 * @example
 * summarizeThreats(threats).openBySeverity.high; // 2
 */
export function summarizeThreats(threats: readonly Threat[]): ThreatSummary {
  const byStatus = { open: 0, mitigated: 0, accepted: 0 };
  const openBySeverity = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const threat of threats) {
    byStatus[threat.decision.status]++;
    if (threat.decision.status === 'open') openBySeverity[threat.rule.severity]++;
  }
  return { total: threats.length, byStatus, openBySeverity };
}

/**
 * The decisions in `threats:` that match none of `threats` (the threats the model gives
 * with the current library): the rule no longer applies, or was renamed. The CLI warns
 * about them so decisions do not rot silently.
 */
export function unmatchedDecisionKeys(model: ThreatModel, threats: readonly Threat[]): string[] {
  const ids = new Set(threats.map((threat) => threat.id));
  return Object.keys(model.threats).filter((key) => !ids.has(key));
}
