import { Link, useParams, useSearchParams } from 'react-router';
import { useTitle } from '../App.js';
import { isOrgReader, isSecurityOrAdmin } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { FeedbackItem } from '../feedback/FeedbackItem.js';
import { useRule } from '../feedback/queries.js';
import { parseWindow, type RuleStats, WINDOWS } from '../feedback/types.js';
import { formatCount, formatDate, formatPercent } from '../ui/format.js';
import { Empty, QueryView } from '../ui/states.js';

function StatsFacts({ stats }: { readonly stats: RuleStats }) {
  return (
    <dl className="facts">
      <dt>Findings detected</dt>
      <dd>{formatCount(stats.detected)}</dd>
      <dt>Triaged</dt>
      <dd>
        {formatCount(stats.triaged)} ({formatCount(stats.falsePositives)} false positives,{' '}
        {formatCount(stats.acceptedRisks)} accepted risks)
      </dd>
      <dt>FP rate</dt>
      <dd>
        {formatPercent(stats.fpRate)}{' '}
        <span className="muted small">of {formatCount(stats.sampleSize)} findings</span>
        {stats.lowSample ? (
          <span className="badge tone-off rule-low-sample">low sample: read with care</span>
        ) : null}
      </dd>
      <dt>FP share of triaged</dt>
      <dd>{formatPercent(stats.fpShareOfTriaged)}</dd>
      <dt>Open feedback</dt>
      <dd>{formatCount(stats.openFeedback)}</dd>
      <dt>Feedback in the window</dt>
      <dd>
        {formatCount(stats.feedback)}
        {stats.topTeams.length > 0
          ? ` (most from ${stats.topTeams.map((t) => `${t.teamName}: ${t.count}`).join(', ')})`
          : ''}
      </dd>
    </dl>
  );
}

/** `/rules/:scanner/:ruleId`: a rule's numbers and the feedback on it, answered by security. */
function RulePage() {
  const { scanner = '', ruleId = '' } = useParams();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const days = parseWindow(params.get('days'));
  const query = useRule(scanner, ruleId, days);
  useTitle(`Rule ${ruleId}`);
  const security = isSecurityOrAdmin(me);

  return (
    <div className="stack">
      <nav aria-label="Breadcrumb">
        <Link to="/rules">← Rules</Link>
      </nav>
      <div className="page-head">
        <h1 className="rule-title">
          <span className="muted">{scanner} /</span> <span className="mono">{ruleId}</span>
        </h1>
      </div>
      <form className="admin-form" aria-label="Window" onSubmit={(e) => e.preventDefault()}>
        <div className="form-row">
          <label>
            Window
            <select
              value={days}
              onChange={(e) => {
                const next = new URLSearchParams(params);
                next.set('days', e.target.value);
                setParams(next, { replace: true });
              }}
            >
              {WINDOWS.map((w) => (
                <option key={w} value={w}>
                  Last {w} days
                </option>
              ))}
            </select>
          </label>
        </div>
      </form>
      <QueryView query={query} label="Loading the rule…">
        {(answer) => (
          <>
            <section className="card stack" aria-labelledby="rule-stats">
              <h2 id="rule-stats">
                {isOrgReader(me) ? 'Across the organisation' : 'In your teams'},{' '}
                {formatDate(answer.from)} to {formatDate(answer.to)}
              </h2>
              {answer.stats ? (
                <StatsFacts stats={answer.stats} />
              ) : (
                <p className="muted">No finding or feedback of this rule that you can see.</p>
              )}
            </section>
            <section className="stack" aria-labelledby="rule-feedback">
              <h2 id="rule-feedback">Feedback ({answer.total})</h2>
              {answer.feedback.length === 0 ? (
                <Empty>Nobody filed feedback on this rule.</Empty>
              ) : (
                <ul className="rule-feedback-list">
                  {answer.feedback.map((f) => (
                    <FeedbackItem key={f.id} feedback={f} canRespond={security} />
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </QueryView>
    </div>
  );
}

export default RulePage;
