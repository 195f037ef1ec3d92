import { Link, useParams } from 'react-router';
import { useTitle } from '../App.js';
import { withQuery } from '../api/client.js';
import type { Project } from '../api/org-types.js';
import { ProjectScorecard } from '../paved-road/ProjectScorecard.js';
import { ProjectFacts } from '../projects/ProjectFacts.js';
import { ProjectRisk } from '../projects/ProjectRisk.js';
import { useProject, useProjects } from '../projects/project-queries.js';
import { ScanHistory } from '../projects/ScanHistory.js';
import { TopOpenFindings } from '../projects/TopOpenFindings.js';
import { DEFINITIONS } from '../teams/definitions.js';
import { Definition } from '../ui/Definition.js';
import { QueryView } from '../ui/states.js';

/** A project: its details, risk summary, most severe open findings and scan history. */
function ProjectPage() {
  const { id = '' } = useParams();
  const project = useProject(id);
  useTitle(project.data?.name ?? 'Project');
  return (
    <QueryView query={project} label="Loading project…">
      {(p) => <ProjectView project={p} />}
    </QueryView>
  );
}

function ProjectView({ project }: { readonly project: Project }) {
  // The risk summary comes with the project list; the team's list is small and shared with
  // the projects page's cache when it shows the same team.
  const summaries = useProjects(project.teamId);
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/projects">Projects</Link> <span aria-hidden="true">/</span>
      </nav>
      <div className="page-head">
        <h1>{project.name}</h1>
        <div className="form-row">
          <Link
            className="button button-secondary"
            to={`/projects/${encodeURIComponent(project.id)}/threat-model`}
          >
            Threat model
          </Link>
          <Link
            className="button"
            to={withQuery('/findings', { project: project.id, status: 'any' })}
          >
            All its findings
          </Link>
        </div>
      </div>
      <div className="grid project-grid">
        <section className="card" aria-labelledby="project-details">
          <h2 id="project-details">Details</h2>
          <ProjectFacts project={project} />
        </section>
        <section className="card" aria-labelledby="project-risk">
          <h2 id="project-risk" className="metric-title">
            Open findings
            <Definition term="open findings">{DEFINITIONS.openNow}</Definition>
          </h2>
          <QueryView query={summaries} label="Loading risk summary…">
            {(list) => <ProjectRisk project={list.find((p) => p.id === project.id) ?? project} />}
          </QueryView>
        </section>
      </div>
      <section className="card project-section" aria-labelledby="project-top-findings">
        <div className="page-head">
          <h2 id="project-top-findings">Most severe open findings</h2>
          <Link
            to={withQuery('/findings', { project: project.id, status: 'open', sort: 'severity' })}
          >
            All open findings
          </Link>
        </div>
        <TopOpenFindings projectId={project.id} />
      </section>
      <ProjectScorecard projectId={project.id} teamId={project.teamId} />
      <section className="card project-section" aria-labelledby="project-scans">
        <h2 id="project-scans">Scan history</h2>
        <ScanHistory projectId={project.id} />
      </section>
    </>
  );
}

export default ProjectPage;
