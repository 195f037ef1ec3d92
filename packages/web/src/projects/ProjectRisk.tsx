import { Link } from 'react-router';
import { withQuery } from '../api/client.js';
import type { ProjectWithSummary } from '../api/org-types.js';
import { formatCount, formatDateTime } from '../ui/format.js';
import { stageLabel } from './labels.js';
import { severityCounts, totalOpen } from './risk.js';

/** A project's open findings by severity (each a link to them) and its last scan. */
export function ProjectRisk({ project }: { readonly project: ProjectWithSummary }) {
  const summary = project.summary;
  if (summary === undefined) {
    return <p className="muted">The hub did not send a risk summary for this project.</p>;
  }
  const findings = (severity?: string) =>
    withQuery('/findings', { project: project.id, status: 'open', severity });
  const last = summary.lastScan;
  return (
    <>
      <div className="stats risk-stats">
        <div className="card">
          <div className="stat-value">
            <Link to={findings()}>{formatCount(totalOpen(summary.open))}</Link>
          </div>
          <div className="stat-label">All open</div>
        </div>
        {severityCounts(summary.open).map(([severity, n]) => (
          <div className={`card risk-stat severity-${severity}`} key={severity}>
            <div className="stat-value">
              <Link to={findings(severity)} aria-label={`${n} open ${severity} findings`}>
                {formatCount(n)}
              </Link>
            </div>
            <div className="stat-label">{severity}</div>
          </div>
        ))}
      </div>
      {summary.riskAccepted > 0 ? (
        <p>
          <Link to={withQuery('/findings', { project: project.id, status: 'risk_accepted' })}>
            {formatCount(summary.riskAccepted)} accepted{' '}
            {summary.riskAccepted === 1 ? 'risk' : 'risks'}
          </Link>{' '}
          <span className="muted">(not counted as open)</span>
        </p>
      ) : null}
      <p>
        Last scan:{' '}
        {last ? (
          <>
            {formatDateTime(last.ranAt)} ({stageLabel(last.stage)}
            {last.branch ? `, ${last.branch}` : ''})
          </>
        ) : (
          <span className="muted">never</span>
        )}
      </p>
    </>
  );
}
