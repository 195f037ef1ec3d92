import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTitle } from '../App.js';
import { FormError } from '../account/forms.js';
import { isSecurityOrAdmin } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { useFileFeedback } from '../feedback/queries.js';
import { FEEDBACK_KIND_LABELS, FEEDBACK_KINDS, type FeedbackKind } from '../feedback/types.js';
import { useTeams } from '../teams/team-queries.js';
import { Empty } from '../ui/states.js';

/**
 * `/rules/feedback/new`: a team's champion (or security) tells the security team a scanner
 * rule is noisy, wrong or unclear. A finding page links here with
 * `?scanner=&ruleId=&findingId=&teamId=` filled in.
 */
function RuleFeedbackNewPage() {
  useTitle('Report a rule');
  const me = useMe();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const findingId = params.get('findingId') || undefined;
  const security = isSecurityOrAdmin(me);
  const allTeams = useTeams();
  const teams = security
    ? (allTeams.data ?? []).map((t) => ({ id: t.id, name: t.name }))
    : me.teams.filter((t) => t.role === 'champion').map((t) => ({ id: t.id, name: t.name }));
  const file = useFileFeedback();
  const [scanner, setScanner] = useState(params.get('scanner') ?? '');
  const [ruleId, setRuleId] = useState(params.get('ruleId') ?? '');
  const [teamId, setTeamId] = useState(
    params.get('teamId') ?? (teams.length === 1 ? (teams[0]?.id ?? '') : ''),
  );
  const [kind, setKind] = useState<FeedbackKind>('noisy');
  const [body, setBody] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    file.mutate(
      {
        scanner: scanner.trim(),
        ruleId: ruleId.trim(),
        teamId,
        kind,
        body,
        ...(findingId ? { findingId } : {}),
      },
      { onSuccess: () => navigate('/rules/feedback') },
    );
  }

  if (!security && teams.length === 0)
    return (
      <>
        <h1>Report a rule</h1>
        <Empty>
          Your team&apos;s champion reports rules to the security team: ask them. See the{' '}
          <Link to="/champions">champions</Link>.
        </Empty>
      </>
    );

  return (
    <>
      <div className="page-head">
        <h1>Report a rule</h1>
      </div>
      <form className="card admin-form" aria-label="Report a rule" onSubmit={submit}>
        <p className="muted">
          Tell the security team when a scanner rule is noisy, wrong or unclear in your team&apos;s
          code. They answer here, and you see the answer under{' '}
          <Link to="/rules/feedback">My feedback</Link>.
        </p>
        {findingId ? (
          <p>
            Shown by <Link to={`/findings/${encodeURIComponent(findingId)}`}>this finding</Link>.
          </p>
        ) : null}
        <div className="form-row">
          <label>
            Scanner
            <input
              required
              maxLength={32}
              value={scanner}
              readOnly={findingId !== undefined}
              onChange={(e) => setScanner(e.target.value)}
            />
          </label>
          <label className="grow">
            Rule
            <input
              required
              maxLength={200}
              value={ruleId}
              readOnly={findingId !== undefined}
              onChange={(e) => setRuleId(e.target.value)}
            />
          </label>
          <label>
            Team
            <select required value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              <option value="">Choose a team…</option>
              {teams.some((t) => t.id === teamId) || teamId === '' ? null : (
                <option value={teamId}>This team</option>
              )}
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label>
          What is wrong
          <select value={kind} onChange={(e) => setKind(e.target.value as FeedbackKind)}>
            {FEEDBACK_KINDS.map((k) => (
              <option key={k} value={k}>
                {FEEDBACK_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Details
          <textarea
            required
            rows={6}
            maxLength={5000}
            value={body}
            aria-describedby="feedback-help"
            onChange={(e) => setBody(e.target.value)}
          />
        </label>
        <p id="feedback-help" className="muted small">
          Markdown: where the rule misfires and why, or what it missed. Raw HTML is shown as text.
        </p>
        <FormError error={file.error ?? (security ? allTeams.error : null)} />
        <div className="form-actions">
          <button type="submit" disabled={file.isPending}>
            {file.isPending ? 'Sending…' : 'Send feedback'}
          </button>
          <Link to="/rules">Cancel</Link>
        </div>
      </form>
    </>
  );
}

export default RuleFeedbackNewPage;
