import { Link } from 'react-router';
import { useTitle } from '../App.js';
import { TokenManager } from '../account/TokenManager.js';
import { isSecurityOrAdmin } from '../api/permissions.js';
import { useMe } from '../api/session.js';

const GLOBAL_ROLE_TEXT: Record<string, string> = {
  admin: 'Admin: manages users, teams, roles and everything security does.',
  security: 'Security: reads and triages every team, manages SLA policies and webhooks.',
  auditor: 'Auditor: reads everything, changes nothing.',
};

const TEAM_ROLE_TEXT: Record<string, string> = {
  champion: 'Champion',
  developer: 'Developer',
};

/** `/account`: who I am, my teams, my password and my personal API tokens. */
export default function AccountPage() {
  useTitle('Account');
  const me = useMe();
  return (
    <div className="stack account-page">
      <div className="page-head">
        <h1>Account</h1>
      </div>
      <div className="grid">
        <section className="card" aria-labelledby="account-who">
          <h2 id="account-who">Who you are</h2>
          <dl className="facts">
            <dt>Username</dt>
            <dd className="mono">{me.username}</dd>
            <dt>Display name</dt>
            <dd>{me.displayName ?? '—'}</dd>
            <dt>Organisation role</dt>
            <dd>
              {me.globalRole === null ? (
                <span className="muted">None (you see the teams you belong to)</span>
              ) : (
                <>
                  <span className="badge">{me.globalRole}</span>{' '}
                  <span className="muted">{GLOBAL_ROLE_TEXT[me.globalRole]}</span>
                </>
              )}
            </dd>
          </dl>
          <p>
            <Link to="/account/password">Change your password</Link>
            {isSecurityOrAdmin(me) ? (
              <>
                {' · '}
                <Link to="/admin">Administration</Link>
              </>
            ) : null}
          </p>
        </section>
        <section className="card" aria-labelledby="account-teams">
          <h2 id="account-teams">Your teams</h2>
          {me.teams.length === 0 ? (
            <p className="muted">
              You are not in any team.
              {me.globalRole === null ? ' An administrator can add you to one.' : ''}
            </p>
          ) : (
            <ul className="plain-list">
              {me.teams.map((team) => (
                <li key={team.id}>
                  <Link to={`/teams/${encodeURIComponent(team.id)}`}>{team.name}</Link>{' '}
                  <span className="badge">{TEAM_ROLE_TEXT[team.role] ?? team.role}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <section className="card" aria-labelledby="account-tokens">
        <h2 id="account-tokens">Personal API tokens</h2>
        <p className="muted">
          A personal token acts as you (same role, same teams) from scripts and the command line:
          send it as <code>Authorization: Bearer …</code>. Give each use its own token, with an
          expiry, and revoke it when you no longer need it. For uploads from CI, use a project's CI
          token instead.
        </p>
        <TokenManager
          path="/api/v1/me/tokens"
          queryKey={['account', 'tokens']}
          noun="personal token"
          canManage
          placeholder="e.g. laptop CLI"
          usage={
            <p className="muted">
              Use it as <code>Authorization: Bearer &lt;token&gt;</code>, or in{' '}
              <code>RAMPART_TOKEN</code> for the CLI.
            </p>
          }
        />
      </section>
    </div>
  );
}
