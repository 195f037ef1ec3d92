import type { OpenBySeverity } from '../api/org-types.js';
import { severityCounts } from './risk.js';

/**
 * Open findings by severity as a compact row of counted badges (severities with none are
 * left out); screen readers hear the same counts as a sentence.
 */
export function RiskSummary({ open }: { readonly open: OpenBySeverity | undefined }) {
  if (open === undefined) return <span className="muted">—</span>;
  const counts = severityCounts(open).filter(([, n]) => n > 0);
  if (counts.length === 0) return <span className="muted">No open findings</span>;
  return (
    <ul className="risk-summary" aria-label="Open findings by severity">
      {counts.map(([severity, n]) => (
        <li key={severity} className={`badge severity-${severity}`}>
          <span className="risk-count">{n.toLocaleString()}</span> {severity}
        </li>
      ))}
    </ul>
  );
}
