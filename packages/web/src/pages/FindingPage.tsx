import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useTitle } from '../App.js';
import { api } from '../api/client.js';
import type { SecretInfo, UserInfo } from '../api/finding-types.js';
import { canManageTeam, isOrgReader } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import type { FindingDetail } from '../api/types.js';
import { canAskDesk } from '../desk/permissions.js';
import { Evidence } from '../findings/Evidence.js';
import { SEVERITY_LABELS, scannerLabel, stageLabel } from '../findings/labels.js';
import { useFinding, useTeam } from '../findings/queries.js';
import { type NameOf, Timeline } from '../findings/Timeline.js';
import { TriageActions } from '../findings/TriageActions.js';
import { LearnLink } from '../training/LearnLink.js';
import { SeverityBadge, StatusBadge } from '../ui/Badge.js';
import { formatDateTime } from '../ui/format.js';
import { SafeLink } from '../ui/SafeLink.js';
import { QueryView } from '../ui/states.js';

/** The list the user came from (a search string the list page put in the history state). */
function backToList(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('?') ? `/findings${from}` : '/findings';
}

/** Everyone's names for org readers (who may list users); undefined for the others. */
function useUserNames(enabled: boolean) {
  return useQuery({
    queryKey: ['api', '/api/v1/users'],
    queryFn: ({ signal }) => api<{ users: UserInfo[] }>('/api/v1/users', { signal }),
    enabled,
    staleTime: 5 * 60_000,
  });
}

function FindingView({ finding }: { readonly finding: FindingDetail }) {
  const me = useMe();
  const teamId = finding.teamId;
  const team = useTeam(teamId);
  const users = useUserNames(isOrgReader(me));

  const nameOf: NameOf = useCallback(
    (userId: string) => {
      if (userId === me.id) return `${me.displayName ?? me.username} (me)`;
      const member = team.data?.members.find((m) => m.userId === userId);
      if (member) return member.displayName ?? member.username;
      const user = users.data?.users.find((u) => u.id === userId);
      if (user) return user.displayName ?? user.username;
      return userId;
    },
    [me, team.data, users.data],
  );

  const reported = finding.finding;
  const secret = (reported as { secret?: SecretInfo } | null)?.secret;
  const overridden = finding.severityOverride !== null;

  return (
    <article className="stack finding-page">
      <header className="stack finding-head">
        <h1 className="finding-title">{finding.title}</h1>
        <div className="finding-badges">
          <SeverityBadge severity={finding.severity} />
          {overridden ? (
            <span className="muted small">
              overridden; reported as{' '}
              {SEVERITY_LABELS[finding.reportedSeverity] ?? finding.reportedSeverity}
            </span>
          ) : null}
          <StatusBadge status={finding.status} />
          {finding.status === 'risk_accepted' && finding.acceptedUntil ? (
            <span className="muted small">until {formatDateTime(finding.acceptedUntil)}</span>
          ) : null}
          <span className="muted small">
            Assignee: {finding.assigneeId === null ? 'nobody' : nameOf(finding.assigneeId)}
          </span>
          {canAskDesk(me, teamId) ? (
            <Link
              className="small"
              to={`/desk/ask?${new URLSearchParams({ findingId: finding.id, projectId: finding.projectId, title: finding.title.slice(0, 200) })}`}
            >
              Ask about this finding
            </Link>
          ) : null}
          {canManageTeam(me, teamId) ? (
            <Link
              className="small"
              to={`/rules/feedback/new?${new URLSearchParams({ scanner: finding.scanner, ruleId: finding.ruleId, findingId: finding.id, teamId })}`}
            >
              Report this rule
            </Link>
          ) : null}
          <LearnLink cwes={reported?.cwe} />
        </div>
      </header>

      <div className="finding-layout">
        <div className="stack finding-main">
          <section className="card stack" aria-labelledby="finding-message">
            <h2 id="finding-message">What is wrong</h2>
            {reported?.message ? (
              <p className="prewrap">{reported.message}</p>
            ) : (
              <p className="muted">No message was reported.</p>
            )}
          </section>

          <section className="card stack" aria-labelledby="finding-evidence">
            <h2 id="finding-evidence">Evidence</h2>
            <Evidence location={finding.location} secret={secret} />
          </section>

          <section className="card stack" aria-labelledby="finding-remediation">
            <h2 id="finding-remediation">How to fix it</h2>
            {reported?.remediation ? (
              <p className="prewrap">{reported.remediation}</p>
            ) : (
              <p className="muted">No remediation was reported.</p>
            )}
            {reported?.references && reported.references.length > 0 ? (
              <>
                <h3>References</h3>
                <ul className="references">
                  {reported.references.map((href, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: references may repeat
                    <li key={i}>
                      <SafeLink href={href} />
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>

          <section className="card stack" aria-labelledby="finding-timeline">
            <h2 id="finding-timeline">Timeline</h2>
            <Timeline events={finding.events} nameOf={nameOf} />
          </section>
        </div>

        <aside className="stack finding-side" aria-label="Details and triage">
          <TriageActions
            finding={finding}
            teamId={teamId}
            team={team.data}
            me={me}
            nameOf={nameOf}
          />
          <section className="card stack" aria-labelledby="finding-facts">
            <h2 id="finding-facts">Details</h2>
            <dl className="facts">
              <dt>Project</dt>
              <dd>
                <Link to={`/projects/${encodeURIComponent(finding.projectId)}`}>
                  {finding.projectName}
                </Link>
              </dd>
              <dt>Rule</dt>
              <dd className="mono">{finding.ruleId}</dd>
              <dt>Scanner</dt>
              <dd>{scannerLabel(finding.scanner)}</dd>
              <dt>Tool</dt>
              <dd>
                {reported?.tool ? `${reported.tool.name} ${reported.tool.version}`.trim() : '—'}
              </dd>
              <dt>CWE</dt>
              <dd>{reported?.cwe && reported.cwe.length > 0 ? reported.cwe.join(', ') : '—'}</dd>
              <dt>OWASP</dt>
              <dd>{reported?.owasp ?? '—'}</dd>
              <dt>Confidence</dt>
              <dd className="capitalize">{reported?.confidence ?? '—'}</dd>
              {reported?.cvss ? (
                <>
                  <dt>CVSS {reported.cvss.version}</dt>
                  <dd>
                    {reported.cvss.score} <span className="mono small">{reported.cvss.vector}</span>
                  </dd>
                </>
              ) : null}
              <dt>First seen</dt>
              <dd>
                {formatDateTime(finding.firstSeenAt)} · {stageLabel(finding.firstSeenStage)}
              </dd>
              <dt>Last seen</dt>
              <dd>{formatDateTime(finding.lastSeenAt)}</dd>
              <dt>Seen at</dt>
              <dd>
                {finding.seenAtStages.length > 0
                  ? finding.seenAtStages.map(stageLabel).join(', ')
                  : '—'}
              </dd>
              {finding.fixedAt ? (
                <>
                  <dt>Fixed</dt>
                  <dd>{formatDateTime(finding.fixedAt)}</dd>
                </>
              ) : null}
              {finding.triageRuleId ? (
                <>
                  <dt>Triage rule</dt>
                  <dd className="mono">{finding.triageRuleId}</dd>
                </>
              ) : null}
              {reported?.tags && reported.tags.length > 0 ? (
                <>
                  <dt>Tags</dt>
                  <dd>{reported.tags.join(', ')}</dd>
                </>
              ) : null}
              <dt>Fingerprint</dt>
              <dd className="mono small">{finding.fingerprint}</dd>
            </dl>
          </section>
        </aside>
      </div>
    </article>
  );
}

/** `/findings/:id`: one finding, its evidence and history, and the triage the user may do. */
export default function FindingPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const query = useFinding(id);
  useTitle(query.data?.title ?? 'Finding');
  return (
    <div className="stack">
      <nav aria-label="Breadcrumb" className="finding-breadcrumb">
        <Link to={backToList(location.state)}>← Findings</Link>
      </nav>
      <QueryView query={query} label="Loading the finding…">
        {(finding) => <FindingView finding={finding} />}
      </QueryView>
    </div>
  );
}
