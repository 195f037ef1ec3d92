import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTitle } from '../App.js';
import { isSecurityOrAdmin } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { DeskSettingsForm } from '../desk/DeskSettingsForm.js';
import { DeskTabs } from '../desk/DeskTabs.js';
import { mayWaitForMe } from '../desk/permissions.js';
import { QuestionList } from '../desk/QuestionList.js';
import { useQuestions } from '../desk/queries.js';
import { QUESTION_STATUS_LABELS, QUESTION_STATUSES, type QuestionFilters } from '../desk/types.js';
import { useTeams } from '../teams/team-queries.js';
import { Empty, ErrorState, Loading } from '../ui/states.js';

/** The URL's filters (unknown values are left for the hub to refuse). */
function filtersOf(params: URLSearchParams): QuestionFilters {
  const text = (key: string) => params.get(key)?.trim() || undefined;
  return {
    status: text('status'),
    teamId: text('team'),
    tag: text('tag'),
    mine: params.get('mine') === 'true',
    waitingForMe: params.get('waitingFor') === 'me',
    q: text('q'),
  };
}

/**
 * `/desk`: the question desk. The questions the user may read, filtered in the URL
 * (`status`, `team`, `tag`, `mine=true`, `waitingFor=me`, `q` for full text), a page at a
 * time; champions, security and admin get "Waiting for me"; security and admin set the
 * escalation delay here.
 */
function DeskPage() {
  useTitle('Question desk');
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const questions = useQuestions(filters);
  const teams = useTeams();
  const [q, setQ] = useState(filters.q ?? '');
  const [tag, setTag] = useState(filters.tag ?? '');

  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next);
  };
  function search(event: FormEvent) {
    event.preventDefault();
    set({ q: q.trim(), tag: tag.trim().toLowerCase() });
  }
  const list = questions.data?.pages.flatMap((p) => p.questions) ?? [];

  return (
    <>
      <div className="page-head">
        <h1>Question desk</h1>
        <Link to="/desk/ask" className="button desk-ask-link">
          Ask a question
        </Link>
      </div>
      <p className="muted">
        Ask your team&apos;s security champions; unanswered questions go to the security team.
        Answered questions become the organisation&apos;s knowledge base.
      </p>
      <DeskTabs />

      <section className="card stack desk-filters" aria-label="Filters">
        <form className="form-row" onSubmit={search} aria-label="Search questions">
          <label>
            Search
            <input
              type="search"
              value={q}
              maxLength={200}
              placeholder='vault lease, "short lived", -aws'
              onChange={(e) => setQ(e.target.value)}
            />
          </label>
          <label>
            Tag
            <input value={tag} maxLength={64} onChange={(e) => setTag(e.target.value)} />
          </label>
          <button type="submit">Search</button>
        </form>
        <div className="form-row">
          <label>
            Status
            <select value={filters.status ?? ''} onChange={(e) => set({ status: e.target.value })}>
              <option value="">Any</option>
              {QUESTION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {QUESTION_STATUS_LABELS[s]}
                </option>
              ))}
              <option value="open,escalated">Waiting (open or escalated)</option>
            </select>
          </label>
          <label>
            Team
            <select value={filters.teamId ?? ''} onChange={(e) => set({ team: e.target.value })}>
              <option value="">All teams</option>
              {(teams.data ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <label className="choice">
            <input
              type="checkbox"
              checked={filters.mine ?? false}
              onChange={(e) => set({ mine: e.target.checked ? 'true' : undefined })}
            />
            Asked by me
          </label>
          {mayWaitForMe(me) ? (
            <label className="choice">
              <input
                type="checkbox"
                checked={filters.waitingForMe ?? false}
                onChange={(e) => set({ waitingFor: e.target.checked ? 'me' : undefined })}
              />
              Waiting for me
            </label>
          ) : null}
          {params.toString() !== '' ? (
            <button
              type="button"
              className="button-ghost"
              onClick={() => {
                setQ('');
                setTag('');
                setParams({});
              }}
            >
              Clear filters
            </button>
          ) : null}
        </div>
      </section>

      <section className="section-gap" aria-labelledby="desk-questions">
        <h2 id="desk-questions">
          {filters.waitingForMe ? 'Waiting for me' : filters.q ? 'Search results' : 'Questions'}
        </h2>
        {questions.isPending ? (
          <Loading label="Loading questions…" />
        ) : questions.isError ? (
          <ErrorState error={questions.error} retry={() => void questions.refetch()} />
        ) : list.length === 0 ? (
          <Empty>No questions match these filters.</Empty>
        ) : (
          <>
            <QuestionList
              questions={list}
              label="Questions"
              onTag={(t) => {
                setTag(t);
                set({ tag: t });
              }}
            />
            {questions.hasNextPage ? (
              <button
                type="button"
                className="button-secondary section-gap"
                disabled={questions.isFetchingNextPage}
                onClick={() => void questions.fetchNextPage()}
              >
                {questions.isFetchingNextPage ? 'Loading…' : 'More'}
              </button>
            ) : null}
          </>
        )}
      </section>
      {isSecurityOrAdmin(me) ? <DeskSettingsForm /> : null}
    </>
  );
}

export default DeskPage;
