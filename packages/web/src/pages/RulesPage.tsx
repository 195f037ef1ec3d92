import { Link, useSearchParams } from 'react-router';
import { useTitle } from '../App.js';
import { isOrgReader } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { useRuleStats } from '../feedback/queries.js';
import { type RuleSort, RuleStatsTable } from '../feedback/RuleStatsTable.js';
import { parseWindow, WINDOWS } from '../feedback/types.js';
import { useTeams } from '../teams/team-queries.js';
import { formatDate } from '../ui/format.js';
import { Empty, QueryView } from '../ui/states.js';

/**
 * `/rules`: each scanner rule's false-positive rate from the triage decisions on its
 * findings, beside the feedback champions filed on it. Security, admin and auditors see the
 * organisation's numbers (or one team's); team members their own teams'.
 */
function RulesPage() {
  useTitle('Rules');
  const me = useMe();
  const orgReader = isOrgReader(me);
  const [params, setParams] = useSearchParams();
  const days = parseWindow(params.get('days'));
  const sort: RuleSort = params.get('sort') === 'volume' ? 'volume' : 'fp';
  const allTeams = useTeams();
  const teams = orgReader
    ? (allTeams.data ?? []).map((t) => ({ id: t.id, name: t.name }))
    : me.teams.map((t) => ({ id: t.id, name: t.name }));
  const teamId = params.get('team') || (orgReader ? undefined : me.teams[0]?.id);
  const query = useRuleStats(days, teamId, orgReader || teamId !== undefined);

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
  };

  return (
    <div className="stack">
      <div className="page-head">
        <h1>Rules</h1>
        <Link to="/rules/feedback">My feedback</Link>
      </div>
      <p className="muted">
        {orgReader
          ? 'How each scanner rule fares across the organisation: its findings, how many were triaged as false positives, and the feedback champions filed on it.'
          : 'How each scanner rule fares in your team’s code: its findings, how many were triaged as false positives, and the feedback filed on it. Champions report a noisy or wrong rule from one of its findings.'}
      </p>
      <details className="card">
        <summary>How to read these numbers</summary>
        <ul>
          <li>
            <strong>FP rate</strong> is false positives ÷ findings detected in the window. Findings
            nobody triaged yet count as not false positives, so it is a lower bound.
          </li>
          <li>
            <strong>FP share of triaged</strong> is false positives ÷ findings triaged (false
            positive or accepted risk): telling when few findings get triaged.
          </li>
          <li>
            A finding counts by its status <em>now</em>; <strong>low sample</strong> marks rules
            with fewer than 10 findings, whose rates say little.
          </li>
        </ul>
      </details>

      {!orgReader && me.teams.length === 0 ? (
        <Empty>Rule statistics are shown per team, and you are in none.</Empty>
      ) : (
        <>
          <form
            className="card admin-form"
            aria-label="Rule statistics window"
            onSubmit={(e) => e.preventDefault()}
          >
            <div className="form-row">
              <label>
                Window
                <select value={days} onChange={(e) => setParam('days', e.target.value)}>
                  {WINDOWS.map((w) => (
                    <option key={w} value={w}>
                      Last {w} days
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Team
                <select value={teamId ?? ''} onChange={(e) => setParam('team', e.target.value)}>
                  {orgReader ? <option value="">The whole organisation</option> : null}
                  {teams.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          </form>
          <QueryView query={query} label="Loading the rule statistics…">
            {(answer) =>
              answer.rules.length === 0 ? (
                <Empty>No finding or feedback in this window.</Empty>
              ) : (
                <>
                  <p className="muted small">
                    {answer.total} rules, findings first seen from {formatDate(answer.from)} to{' '}
                    {formatDate(answer.to)}.
                  </p>
                  <RuleStatsTable
                    rules={answer.rules}
                    sort={sort}
                    onSort={(s) => setParam('sort', s === 'fp' ? undefined : s)}
                  />
                </>
              )
            }
          </QueryView>
        </>
      )}
    </div>
  );
}

export default RulesPage;
