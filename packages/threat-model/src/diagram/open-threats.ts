import { THREAT_SEVERITIES } from '../evaluate.js';
import type { Threat, ThreatSeverity } from '../types.js';

/** The open threats on one element or flow: how many, and the worst severity among them. */
export interface OpenThreats {
  readonly count: number;
  readonly worst: ThreatSeverity;
}

/** The key {@link openThreatsByTarget} files a target under. */
export function targetKey(kind: 'element' | 'flow', id: string): string {
  return `${kind}:${id}`;
}

/** Open threats by target (`element:<id>` or `flow:<id>`); targets without any are absent. */
export function openThreatsByTarget(threats: readonly Threat[]): ReadonlyMap<string, OpenThreats> {
  const byTarget = new Map<string, OpenThreats>();
  for (const threat of threats) {
    if (threat.decision.status !== 'open') continue;
    const key = targetKey(threat.target.kind, threat.target.id);
    const severity = threat.rule.severity;
    const seen = byTarget.get(key);
    const worst =
      seen && THREAT_SEVERITIES.indexOf(seen.worst) <= THREAT_SEVERITIES.indexOf(severity)
        ? seen.worst
        : severity;
    byTarget.set(key, { count: (seen?.count ?? 0) + 1, worst });
  }
  return byTarget;
}
