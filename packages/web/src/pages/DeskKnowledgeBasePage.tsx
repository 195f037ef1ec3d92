import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTitle } from '../App.js';
import { DeskTabs } from '../desk/DeskTabs.js';
import { AnswerExcerpt } from '../desk/Excerpt.js';
import { QuestionList } from '../desk/QuestionList.js';
import { useKnowledgeBase } from '../desk/queries.js';
import { Empty, ErrorState, Loading } from '../ui/states.js';

/**
 * `/desk/knowledge-base`: every answered, public question of the organisation, searched in
 * full text (`?q=`, `?tag=` in the URL), best match first.
 */
function DeskKnowledgeBasePage() {
  useTitle('Knowledge base');
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() || undefined;
  const tag = params.get('tag')?.trim() || undefined;
  const results = useKnowledgeBase(q, tag);
  const [text, setText] = useState(q ?? '');
  const [tagText, setTagText] = useState(tag ?? '');
  const apply = (next: { q?: string | undefined; tag?: string | undefined }) => {
    const out = new URLSearchParams();
    if (next.q) out.set('q', next.q);
    if (next.tag) out.set('tag', next.tag);
    setParams(out);
  };
  function search(event: FormEvent) {
    event.preventDefault();
    apply({ q: text.trim(), tag: tagText.trim().toLowerCase() });
  }
  const list = results.data?.pages.flatMap((p) => p.questions) ?? [];
  const excerpts = new Map(list.map((question) => [question.id, question.excerpt]));
  return (
    <>
      <div className="page-head">
        <h1>Knowledge base</h1>
        <Link to="/desk/ask" className="button desk-ask-link">
          Ask a question
        </Link>
      </div>
      <p className="muted">
        Every answered question that is not private, from every team. The search covers titles,
        questions and every answer.
      </p>
      <DeskTabs />
      <form className="card stack" onSubmit={search} aria-label="Search the knowledge base">
        <div className="form-row">
          <label className="desk-grow">
            Search
            <input
              type="search"
              value={text}
              maxLength={200}
              onChange={(e) => setText(e.target.value)}
              aria-describedby="kb-syntax"
            />
          </label>
          <label>
            Tag
            <input value={tagText} maxLength={64} onChange={(e) => setTagText(e.target.value)} />
          </label>
          <button type="submit">Search</button>
        </div>
        <p id="kb-syntax" className="muted small">
          Words: all must match (<code>vault lease</code>); <code>"short lived"</code>: that phrase;{' '}
          <code>-aws</code>: without it; <code>vault or kms</code>: either. Common words and
          punctuation are ignored; <em>leasing</em> also finds <em>leases</em>.
        </p>
      </form>

      <section className="section-gap" aria-labelledby="kb-results">
        <h2 id="kb-results">{q ? `Results for “${q}”` : 'Newest answers'}</h2>
        {tag ? (
          <p role="status">
            Tagged <strong>{tag}</strong>.{' '}
            <button
              type="button"
              className="button-ghost"
              onClick={() => {
                setTagText('');
                apply({ q });
              }}
            >
              Any tag
            </button>
          </p>
        ) : null}
        {results.isPending ? (
          <Loading label="Searching…" />
        ) : results.isError ? (
          <ErrorState error={results.error} retry={() => void results.refetch()} />
        ) : list.length === 0 ? (
          <Empty>
            Nothing found. <Link to="/desk/ask">Ask a question</Link>.
          </Empty>
        ) : (
          <>
            <QuestionList
              questions={list}
              label="Knowledge base results"
              onTag={(t) => {
                setTagText(t);
                apply({ q, tag: t });
              }}
              excerpt={(question) => <AnswerExcerpt excerpt={excerpts.get(question.id) ?? ''} />}
            />
            {results.hasNextPage ? (
              <button
                type="button"
                className="button-secondary section-gap"
                disabled={results.isFetchingNextPage}
                onClick={() => void results.fetchNextPage()}
              >
                {results.isFetchingNextPage ? 'Loading…' : 'More'}
              </button>
            ) : null}
          </>
        )}
      </section>
    </>
  );
}

export default DeskKnowledgeBasePage;
