import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTitle } from '../App.js';
import { FormError } from '../account/forms.js';
import { isSecurityOrAdmin } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { useCreateConsult } from '../consults/queries.js';
import { CONSULT_KINDS, type ConsultKind, KIND_LABELS, parseLinks } from '../consults/types.js';
import { useProjects } from '../findings/queries.js';
import { useTeams } from '../teams/team-queries.js';
import { Empty } from '../ui/states.js';

/** `/consults/new`: a team asks the security team for a design review or a threat model. */
function ConsultNewPage() {
  useTitle('Request a consult');
  const me = useMe();
  const navigate = useNavigate();
  const anyTeam = isSecurityOrAdmin(me);
  const allTeams = useTeams();
  const projects = useProjects();
  const teams = anyTeam
    ? (allTeams.data ?? []).map((t) => ({ id: t.id, name: t.name }))
    : me.teams.map((t) => ({ id: t.id, name: t.name }));
  const create = useCreateConsult();
  const [teamId, setTeamId] = useState(me.teams.length === 1 ? (me.teams[0]?.id ?? '') : '');
  const [projectId, setProjectId] = useState('');
  const [kind, setKind] = useState<ConsultKind>('design_review');
  const [service, setService] = useState('');
  const [description, setDescription] = useState('');
  const [wantedBy, setWantedBy] = useState('');
  const [linksText, setLinksText] = useState('');
  const [linksError, setLinksError] = useState<string | undefined>();
  const teamProjects = (projects.data?.projects ?? []).filter((p) => p.teamId === teamId);

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseLinks(linksText);
    setLinksError(parsed.error);
    if (parsed.error !== undefined) return;
    create.mutate(
      {
        teamId,
        ...(projectId ? { projectId } : {}),
        kind,
        service: service.trim(),
        description,
        ...(wantedBy ? { wantedBy } : {}),
        links: parsed.links,
      },
      { onSuccess: (consult) => navigate(`/consults/${encodeURIComponent(consult.id)}`) },
    );
  }

  if (!anyTeam && me.teams.length === 0)
    return (
      <>
        <h1>Request a consult</h1>
        <Empty>Consults are requested for a team, and you are in none.</Empty>
      </>
    );

  return (
    <>
      <div className="page-head">
        <h1>Request a consult</h1>
      </div>
      <form
        className="card admin-form consult-form"
        aria-label="Request a consult"
        onSubmit={submit}
      >
        <p className="muted">
          Ask the security team for a design review or a threat-modelling session: say what you are
          building, by when you need it, and link the design documents.
        </p>
        <div className="form-row">
          <label>
            Team
            <select
              required
              value={teamId}
              onChange={(e) => {
                setTeamId(e.target.value);
                setProjectId('');
              }}
            >
              <option value="">Choose a team…</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Project (optional)
            <select value={projectId} onChange={(e) => setProjectId(e.target.value)}>
              <option value="">None</option>
              {teamProjects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Kind
            <select value={kind} onChange={(e) => setKind(e.target.value as ConsultKind)}>
              {CONSULT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="form-row">
          <label className="grow">
            Service
            <input
              required
              maxLength={120}
              value={service}
              onChange={(e) => setService(e.target.value)}
            />
          </label>
          <label>
            Wanted by
            <input type="date" value={wantedBy} onChange={(e) => setWantedBy(e.target.value)} />
          </label>
        </div>
        <label>
          Description
          <textarea
            required
            rows={10}
            maxLength={20_000}
            value={description}
            aria-describedby="consult-markdown"
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
        <p id="consult-markdown" className="muted small">
          Markdown is supported: what the service does, its data, who uses it, what worries you. Raw
          HTML is shown as text.
        </p>
        <label>
          Links
          <textarea
            rows={3}
            value={linksText}
            aria-describedby="consult-links-help"
            aria-invalid={linksError !== undefined}
            onChange={(e) => setLinksText(e.target.value)}
          />
        </label>
        <p id="consult-links-help" className="muted small">
          Design documents, tickets: one http(s) URL a line, at most 10.
        </p>
        {linksError ? (
          <p role="alert" className="state state-error form-message">
            {linksError}
          </p>
        ) : null}
        <FormError error={create.error ?? (anyTeam ? allTeams.error : null)} />
        <div className="form-actions">
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Requesting…' : 'Request the consult'}
          </button>
          <Link to="/consults">Cancel</Link>
        </div>
      </form>
    </>
  );
}

export default ConsultNewPage;
