import { Link, Navigate, NavLink, Route, Routes } from 'react-router';
import { useTitle } from '../App.js';
import { ProjectDetail } from '../admin/ProjectDetail.js';
import { ProjectsAdmin } from '../admin/ProjectsAdmin.js';
import { SlaAdmin } from '../admin/SlaAdmin.js';
import { TeamDetail } from '../admin/TeamDetail.js';
import { TeamsAdmin } from '../admin/TeamsAdmin.js';
import { UserDetail } from '../admin/UserDetail.js';
import { UsersAdmin } from '../admin/UsersAdmin.js';
import { WebhookDetail } from '../admin/WebhookDetail.js';
import { WebhooksAdmin } from '../admin/WebhooksAdmin.js';
import { isAdmin, isSecurityOrAdmin } from '../api/permissions.js';
import { useMe } from '../api/session.js';

const SECTIONS = [
  ['/admin/users', 'Users'],
  ['/admin/teams', 'Teams'],
  ['/admin/projects', 'Projects & CI tokens'],
  ['/admin/sla', 'SLA policies'],
  ['/admin/webhooks', 'Webhooks'],
] as const;

function NoAccess() {
  useTitle('Administration');
  return (
    <div className="card">
      <h1>Administration</h1>
      <p role="alert">You do not have access to administration.</p>
      <p className="muted">
        Administrators and the security team manage users, teams, projects, SLA policies and
        webhooks. Your personal tokens are on <Link to="/account">your account page</Link>.
      </p>
    </div>
  );
}

function SectionNotFound() {
  useTitle('Not found · Admin');
  return (
    <div className="card">
      <h2>Nothing here</h2>
      <p>This administration page does not exist. Choose a section from the list.</p>
    </div>
  );
}

/**
 * `/admin/*`: users, teams and their champions, projects and their CI tokens, SLA policies
 * and webhooks, for admin and security (the hub enforces who may change what; security
 * sees users and teams without changing them).
 */
export default function AdminPage() {
  const me = useMe();
  if (!isSecurityOrAdmin(me)) return <NoAccess />;
  return (
    <div className="admin-layout">
      <div className="admin-head">
        <h1>{isAdmin(me) ? 'Administration' : 'Settings'}</h1>
      </div>
      <nav className="admin-nav" aria-label="Administration">
        <ul>
          {SECTIONS.map(([to, label]) => (
            <li key={to}>
              <NavLink to={to}>{label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="admin-content">
        <Routes>
          <Route index element={<Navigate to="/admin/users" replace />} />
          <Route path="users" element={<UsersAdmin />} />
          <Route path="users/:userId" element={<UserDetail />} />
          <Route path="teams" element={<TeamsAdmin />} />
          <Route path="teams/:teamId" element={<TeamDetail />} />
          <Route path="projects" element={<ProjectsAdmin />} />
          <Route path="projects/:projectId" element={<ProjectDetail />} />
          <Route path="sla" element={<SlaAdmin />} />
          <Route path="webhooks" element={<WebhooksAdmin />} />
          <Route path="webhooks/:webhookId" element={<WebhookDetail />} />
          <Route path="*" element={<SectionNotFound />} />
        </Routes>
      </div>
    </div>
  );
}
