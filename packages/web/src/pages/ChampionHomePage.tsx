import { Link, Navigate, useParams } from 'react-router';
import { useTitle } from '../App.js';
import { useMe } from '../api/session.js';
import { useChampionHome } from '../champions/queries.js';
import type { HomeFinding, HomeMetrics, HomeSlaFinding } from '../champions/types.js';
import { SeverityBadge } from '../ui/Badge.js';
import { formatCount, formatDate, formatDays, formatPercent } from '../ui/format.js';
import { Empty, QueryView } from '../ui/states.js';

/**
 * A champion's home page for one of their teams (`/champions/home/:teamId`; without a team,
 * their first): findings waiting for triage, SLA due dates coming up and passed, and the
 * team's numbers next to the organisation's.
 */
function ChampionHomePage() {
  const me = useMe();
  const { teamId } = useParams();
  const teams = me.teams.filter((t) => t.role === 'champion');
  const current = teamId ?? teams[0]?.id;
  useTitle('Champion home');
  const home = useChampionHome(current);
  if (teamId === undefined && current !== undefined)
    return <Navigate to={`/champions/home/${encodeURIComponent(current)}`} replace />;
  if (current === undefined)
    return (
      <Empty>
        You are not a champion of any team. <Link to="/champions">See who is</Link>.
      </Empty>
    );
  return (
    <>
      <div className="page-head">
        <h1>Champion home{home.data ? `: ${home.data.teamName}` : ''}</h1>
        {teams.length > 1 ? (
          <nav aria-label="Your teams">
            <ul className="tag-list">
              {teams.map((t) => (
                <li key={t.id}>
                  <Link
                    to={`/champions/home/${encodeURIComponent(t.id)}`}
                    aria-current={t.id === current ? 'page' : undefined}
                  >
                    {t.name}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </div>
      <QueryView query={home} label="Loading your team…">
        {(page) => (
          <>
            <section className="grid" aria-label="Numbers over the last 90 days">
              <Compare
                title="Fixed (90 days)"
                read={(m) => formatCount(m.fixed)}
                page={page.metrics}
              />
              <Compare
                title="Median days to fix"
                read={(m) => formatDays(m.mttrMedianDays)}
                page={page.metrics}
              />
              <Compare
                title="SLA compliance"
                read={(m) => formatPercent(m.slaCompliance)}
                page={page.metrics}
              />
              <Compare
                title="Open findings"
                read={(m) => formatCount(m.open)}
                page={page.metrics}
              />
              <Compare
                title="Past their SLA"
                read={(m) => formatCount(m.breaches)}
                page={page.metrics}
              />
            </section>
            <FindingList
              id="triage"
              title="Waiting for triage"
              total={page.triage.total}
              items={page.triage.items}
              empty="Every open finding has been looked at: assigned, decided or commented."
              detail={(f) => `${f.projectName} · open since ${formatDate(f.openedAt)}`}
            />
            <FindingList
              id="sla-soon"
              title="SLA ends within 14 days"
              total={page.slaDueSoon.total}
              items={page.slaDueSoon.items}
              empty="No SLA ends in the next 14 days."
              detail={(f) => `${f.projectName} · due ${formatDate((f as HomeSlaFinding).dueAt)}`}
            />
            <FindingList
              id="sla-breached"
              title="Past their SLA"
              total={page.slaBreached.total}
              items={page.slaBreached.items}
              empty="No open finding is past its SLA."
              detail={(f) =>
                `${f.projectName} · was due ${formatDate((f as HomeSlaFinding).dueAt)}`
              }
            />
            <section className="card" aria-labelledby="questions">
              <h2 id="questions">
                Questions waiting for an answer ({formatCount(page.questions.total)})
              </h2>
              {page.questions.items.length === 0 ? (
                <Empty>No question of the team waits for an answer.</Empty>
              ) : (
                <ul className="breach-list">
                  {page.questions.items.map((q) => (
                    <li key={q.questionId}>
                      <Link to={`/desk/questions/${encodeURIComponent(q.questionId)}`}>
                        {q.title}
                      </Link>
                      <div className="muted">
                        {q.status === 'escalated' ? 'escalated to the security team · ' : ''}waiting
                        since {formatDate(q.waitingSince)}
                      </div>
                    </li>
                  ))}
                </ul>
              )}
              {page.questions.total > page.questions.items.length ? (
                <p className="muted">
                  {formatCount(page.questions.total - page.questions.items.length)} more:{' '}
                  <Link to="/desk?waitingFor=me">the desk</Link>.
                </p>
              ) : null}
            </section>
            <p className="muted">
              <Link to={`/teams/${encodeURIComponent(page.teamId)}`}>
                The team&apos;s metrics in full
              </Link>
            </p>
          </>
        )}
      </QueryView>
    </>
  );
}

function Compare({
  title,
  read,
  page,
}: {
  readonly title: string;
  readonly read: (m: HomeMetrics) => string;
  readonly page: { readonly team: HomeMetrics; readonly organisation: HomeMetrics };
}) {
  return (
    <section className="card metric-card" aria-label={title}>
      <h2 className="stat-label metric-title">{title}</h2>
      <dl className="metric-compare">
        <div className="metric-side metric-primary">
          <dt>Team</dt>
          <dd>{read(page.team)}</dd>
        </div>
        <div className="metric-side">
          <dt>Organisation</dt>
          <dd>{read(page.organisation)}</dd>
        </div>
      </dl>
    </section>
  );
}

function FindingList({
  id,
  title,
  total,
  items,
  empty,
  detail,
}: {
  readonly id: string;
  readonly title: string;
  readonly total: number;
  readonly items: readonly HomeFinding[];
  readonly empty: string;
  readonly detail: (f: HomeFinding) => string;
}) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>
        {title} ({formatCount(total)})
      </h2>
      {items.length === 0 ? (
        <Empty>{empty}</Empty>
      ) : (
        <ul className="breach-list">
          {items.map((f) => (
            <li key={f.findingId}>
              <SeverityBadge severity={f.severity} />{' '}
              <Link to={`/findings/${encodeURIComponent(f.findingId)}`}>{f.title}</Link>
              <div className="muted">{detail(f)}</div>
            </li>
          ))}
        </ul>
      )}
      {total > items.length ? (
        <p className="muted">{formatCount(total - items.length)} more not shown.</p>
      ) : null}
    </section>
  );
}

export default ChampionHomePage;
