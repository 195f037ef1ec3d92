import { Link, useSearchParams } from 'react-router';
import { useTitle } from '../App.js';
import { isOrgReader, isSecurityOrAdmin } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { ConsultStatusBadge, SlaBadge } from '../consults/Badges.js';
import { ConsultSettingsForm } from '../consults/ConsultSettingsForm.js';
import { useConsults } from '../consults/queries.js';
import {
  CONSULT_KINDS,
  CONSULT_STATUS_LABELS,
  CONSULT_STATUSES,
  type ConsultFilters,
  isClosedStatus,
  KIND_LABELS,
  parseKind,
  parseStatus,
} from '../consults/types.js';
import { useTeams } from '../teams/team-queries.js';
import { formatDate } from '../ui/format.js';
import { Empty, QueryView } from '../ui/states.js';

/**
 * `/consults`: design reviews and threat-modelling sessions teams asked of the security team.
 * Team members see their teams' requests; security, admin and auditors the whole queue, most
 * urgent first (the hub's SLA order). Filters live in the URL.
 */
function ConsultsPage() {
  useTitle('Consults');
  const me = useMe();
  const orgReader = isOrgReader(me);
  const [params, setParams] = useSearchParams();
  const filters: ConsultFilters = {
    status: parseStatus(params.get('status')),
    kind: parseKind(params.get('kind')),
    teamId: params.get('team') || undefined,
    mine: params.get('owner') === 'me',
    open: params.get('open') === 'true',
  };
  const query = useConsults(filters);
  const allTeams = useTeams();
  const teams = orgReader
    ? (allTeams.data ?? []).map((t) => ({ id: t.id, name: t.name }))
    : me.teams.map((t) => ({ id: t.id, name: t.name }));
  const canFile = isSecurityOrAdmin(me) || me.teams.length > 0;

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
  };

  return (
    <div className="stack">
      <div className="page-head">
        <h1>Consults</h1>
        {canFile ? (
          <Link className="button" to="/consults/new">
            Request a consult
          </Link>
        ) : null}
      </div>
      <p className="muted">
        {orgReader
          ? 'Every team’s requests for a design review or a threat-modelling session, most urgent first.'
          : 'Your teams’ requests for a design review or a threat-modelling session with the security team.'}
      </p>

      <form
        className="card admin-form consult-filters"
        aria-label="Filter consults"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="form-row">
          <label>
            Status
            <select
              value={filters.status ?? ''}
              onChange={(e) => setParam('status', e.target.value)}
            >
              <option value="">Any</option>
              {CONSULT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {CONSULT_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Kind
            <select value={filters.kind ?? ''} onChange={(e) => setParam('kind', e.target.value)}>
              <option value="">Any</option>
              {CONSULT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Team
            <select value={filters.teamId ?? ''} onChange={(e) => setParam('team', e.target.value)}>
              <option value="">{orgReader ? 'Every team' : 'All my teams'}</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          {isSecurityOrAdmin(me) ? (
            <label className="choice">
              <input
                type="checkbox"
                checked={filters.mine === true}
                onChange={(e) => setParam('owner', e.target.checked ? 'me' : undefined)}
              />
              Owned by me
            </label>
          ) : null}
          <label className="choice">
            <input
              type="checkbox"
              checked={filters.open === true}
              onChange={(e) => setParam('open', e.target.checked ? 'true' : undefined)}
            />
            Open only
          </label>
        </div>
      </form>

      <QueryView query={query} label="Loading the consults…">
        {(page) =>
          page.consults.length === 0 ? (
            <Empty>No consult matches these filters.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="consult-table">
                <caption className="visually-hidden">Consult requests</caption>
                <thead>
                  <tr>
                    <th scope="col">Service</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Team</th>
                    <th scope="col">Status</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Due</th>
                    <th scope="col">SLA</th>
                  </tr>
                </thead>
                <tbody>
                  {page.consults.map((c) => (
                    <tr key={c.id}>
                      <td className="wrap">
                        <Link to={`/consults/${encodeURIComponent(c.id)}`}>{c.service}</Link>
                      </td>
                      <td>{KIND_LABELS[c.kind]}</td>
                      <td>{c.teamName}</td>
                      <td>
                        <ConsultStatusBadge status={c.status} />
                      </td>
                      <td>{c.owner?.username ?? <span className="muted">nobody</span>}</td>
                      <td>{formatDate(c.sla.completionDueAt)}</td>
                      <td>
                        <SlaBadge state={c.sla.state} closed={isClosedStatus(c.status)} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {page.total > page.consults.length ? (
                <p className="muted small">
                  Showing the first {page.consults.length} of {page.total}; narrow the filters.
                </p>
              ) : null}
            </div>
          )
        }
      </QueryView>

      {isSecurityOrAdmin(me) ? <ConsultSettingsForm /> : null}
    </div>
  );
}

export default ConsultsPage;
