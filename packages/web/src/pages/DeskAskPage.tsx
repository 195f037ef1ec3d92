import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTitle } from '../App.js';
import { FormError } from '../account/forms.js';
import { isSecurityOrAdmin } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { DeskTabs } from '../desk/DeskTabs.js';
import { parseQuestionTags, useAsk } from '../desk/queries.js';
import { useTeams } from '../teams/team-queries.js';
import { Empty } from '../ui/states.js';

/**
 * `/desk/ask`: asks a question of one of the user's teams (security and admin: any team).
 * A finding page links here with `?findingId=&projectId=&title=`: the question is then
 * linked to the finding, and its team is the finding's project's.
 */
function DeskAskPage() {
  useTitle('Ask a question');
  const me = useMe();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const findingId = params.get('findingId') || undefined;
  const projectId = params.get('projectId') || undefined;
  const linked = findingId !== undefined || projectId !== undefined;
  const anyTeam = isSecurityOrAdmin(me);
  const allTeams = useTeams();
  const teams = anyTeam
    ? (allTeams.data ?? []).map((t) => ({ id: t.id, name: t.name }))
    : me.teams.map((t) => ({ id: t.id, name: t.name }));
  const ask = useAsk();
  const [teamId, setTeamId] = useState(me.teams.length === 1 ? (me.teams[0]?.id ?? '') : '');
  const [title, setTitle] = useState(params.get('title')?.slice(0, 200) ?? '');
  const [body, setBody] = useState('');
  const [tags, setTags] = useState('');
  const [isPrivate, setPrivate] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    ask.mutate(
      {
        title: title.trim(),
        body,
        tags: parseQuestionTags(tags),
        private: isPrivate,
        ...(findingId ? { findingId } : projectId ? { projectId } : { teamId }),
      },
      {
        onSuccess: (question) => navigate(`/desk/questions/${encodeURIComponent(question.id)}`),
      },
    );
  }

  if (!anyTeam && me.teams.length === 0)
    return (
      <>
        <h1>Ask a question</h1>
        <Empty>
          Questions are asked of a team, and you are in none. Search the{' '}
          <Link to="/desk/knowledge-base">knowledge base</Link> instead.
        </Empty>
      </>
    );

  return (
    <>
      <div className="page-head">
        <h1>Ask a question</h1>
      </div>
      <DeskTabs />
      <form className="card admin-form desk-ask" onSubmit={submit} aria-labelledby="ask-heading">
        <h2 id="ask-heading">Your question</h2>
        <p className="muted">
          It goes to your team&apos;s security champions first; if nobody answers in time, to the
          security team.
        </p>
        {linked ? (
          <p>
            About{' '}
            {findingId ? (
              <Link to={`/findings/${encodeURIComponent(findingId)}`}>this finding</Link>
            ) : (
              <Link to={`/projects/${encodeURIComponent(projectId ?? '')}`}>this project</Link>
            )}
            : it is asked of its project&apos;s team.
          </p>
        ) : (
          <label>
            Team
            <select required value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              <option value="">Choose a team…</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Title
          <input
            required
            maxLength={200}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <label>
          Question
          <textarea
            rows={10}
            maxLength={20_000}
            value={body}
            aria-describedby="ask-markdown"
            onChange={(e) => setBody(e.target.value)}
          />
        </label>
        <p id="ask-markdown" className="muted small">
          Markdown is supported: <code>**bold**</code>, <code>`code`</code>, lists, links and fenced
          code blocks. Raw HTML is shown as text.
        </p>
        <label>
          Tags
          <input
            value={tags}
            aria-describedby="ask-tags"
            onChange={(e) => setTags(e.target.value)}
          />
        </label>
        <p id="ask-tags" className="muted small">
          Comma separated, at most 8, lower-case words joined by <code>-</code> (
          <code>crypto, owasp-top-10</code>).
        </p>
        <label className="choice">
          <input
            type="checkbox"
            checked={isPrivate}
            aria-describedby="ask-private"
            onChange={(e) => setPrivate(e.target.checked)}
          />
          Private
        </label>
        <p id="ask-private" className="muted small">
          Private questions never enter the knowledge base: only the team and the
          organisation&apos;s security, admin and auditor users see them.
        </p>
        <FormError error={ask.error ?? (anyTeam ? allTeams.error : null)} />
        <div className="form-actions">
          <button type="submit" disabled={ask.isPending}>
            {ask.isPending ? 'Asking…' : 'Ask'}
          </button>
          <Link to="/desk">Cancel</Link>
        </div>
      </form>
    </>
  );
}

export default DeskAskPage;
