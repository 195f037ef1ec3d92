import { Link, useParams } from 'react-router';
import { useTitle } from '../App.js';
import { ApiError } from '../api/client.js';
import { canDecideThreat } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { useProject } from '../projects/project-queries.js';
import { Diagram } from '../threat-models/Diagram.js';
import { ORIGIN_LABELS } from '../threat-models/labels.js';
import { NoThreatModel } from '../threat-models/NoThreatModel.js';
import { useThreatModel } from '../threat-models/queries.js';
import { ThreatList } from '../threat-models/ThreatList.js';
import type { ThreatModelView } from '../threat-models/types.js';
import { formatDateTime } from '../ui/format.js';
import { ErrorState, Loading } from '../ui/states.js';
import '../threat-models/threat-models.css';

/** `/projects/:id/threat-model`: the data-flow diagram with the threat list beside it. */
export default function ThreatModelPage() {
  const { id = '' } = useParams();
  const model = useThreatModel(id);
  const project = useProject(id);
  useTitle(model.data ? `Threat model: ${model.data.name}` : 'Threat model');
  const projectName = project.data?.name;
  return (
    <div className="stack">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/projects">Projects</Link> <span aria-hidden="true">/</span>{' '}
        <Link to={`/projects/${encodeURIComponent(id)}`}>{projectName ?? 'Project'}</Link>{' '}
        <span aria-hidden="true">/</span>
      </nav>
      {model.isPending ? (
        <Loading label="Loading the threat model…" />
      ) : model.isError ? (
        model.error instanceof ApiError && model.error.status === 404 ? (
          <>
            <h1>Threat model</h1>
            <NoThreatModel projectId={id} />
          </>
        ) : (
          <ErrorState error={model.error} retry={() => void model.refetch()} />
        )
      ) : (
        <ModelView
          projectId={id}
          teamId={project.data?.teamId}
          view={model.data}
          refreshing={model.isFetching}
        />
      )}
    </div>
  );
}

function ModelView({
  projectId,
  teamId,
  view,
  refreshing,
}: {
  readonly projectId: string;
  readonly teamId: string | undefined;
  readonly view: ThreatModelView;
  readonly refreshing: boolean;
}) {
  const me = useMe();
  const { summary } = view;
  return (
    <>
      <header className="stack tm-head">
        <h1>
          {view.name} <span className="muted tm-revision">revision {view.revision}</span>
        </h1>
        <p className="muted small">
          Saved {formatDateTime(view.createdAt)} {ORIGIN_LABELS[view.origin] ?? ''}
          {refreshing ? ' · refreshing…' : ''}
        </p>
        <p className="tm-summary">
          {summary.total} {summary.total === 1 ? 'threat' : 'threats'}: {summary.byStatus.open} open
          ({summary.openBySeverity.critical} critical, {summary.openBySeverity.high} high),{' '}
          {summary.byStatus.mitigated} mitigated, {summary.byStatus.accepted} accepted.
        </p>
        {view.model.description ? <p className="prewrap">{view.model.description}</p> : null}
      </header>
      <div className="tm-layout">
        <section className="card stack tm-diagram-card" aria-labelledby="tm-diagram-heading">
          <h2 id="tm-diagram-heading">Data-flow diagram</h2>
          <Diagram projectId={projectId} revision={view.revision} name={view.name} />
        </section>
        <section className="card stack tm-threats-card" aria-labelledby="tm-threats-heading">
          <h2 id="tm-threats-heading">Threats</h2>
          <ThreatList
            projectId={projectId}
            threats={view.threats}
            mayDecide={(status) => teamId !== undefined && canDecideThreat(me, teamId, status)}
          />
          {view.unmatchedDecisions.length > 0 ? (
            <p className="muted small">
              Decisions in the model that match no threat any more:{' '}
              <span className="mono">{view.unmatchedDecisions.join(', ')}</span>
            </p>
          ) : null}
        </section>
      </div>
    </>
  );
}
