import { useMemo } from 'react';
import { useTitle } from '../App.js';
import type { OpenBySeverity } from '../api/org-types.js';
import type { MttrReport } from '../api/types.js';
import { useProjects } from '../projects/project-queries.js';
import { addOpen } from '../projects/risk.js';
import { useMetric } from '../teams/metric-queries.js';
import { PeriodPicker } from '../teams/PeriodPicker.js';
import { usePeriod } from '../teams/period.js';
import { TeamTable } from '../teams/TeamTable.js';
import { useTeams } from '../teams/team-queries.js';
import { Empty, ErrorState, QueryView } from '../ui/states.js';

/** Teams: each with its champions, its projects' open findings and its MTTR. */
function TeamsPage() {
  useTitle('Teams');
  const [period, setDays] = usePeriod();
  const teams = useTeams();
  const projects = useProjects();
  // One report for every team in the caller's scope: its `byTeam` has each team's MTTR.
  const mttr = useMetric<MttrReport>('mttr', period, undefined);

  const byTeam = useMemo(() => {
    const open = new Map<string, OpenBySeverity>();
    const count = new Map<string, number>();
    for (const p of projects.data ?? []) {
      count.set(p.teamId, (count.get(p.teamId) ?? 0) + 1);
      if (p.summary) open.set(p.teamId, addOpen(open.get(p.teamId) ?? {}, p.summary.open));
    }
    return { open, count };
  }, [projects.data]);
  // Until the projects have loaded, the open counts are unknown, not zero.
  const withSummaries = projects.data !== undefined;

  return (
    <>
      <div className="page-head">
        <h1>Teams</h1>
        <PeriodPicker days={period.days} onChange={setDays} />
      </div>
      {projects.isError ? (
        <ErrorState error={projects.error} retry={() => void projects.refetch()} />
      ) : null}
      {mttr.isError ? <ErrorState error={mttr.error} retry={() => void mttr.refetch()} /> : null}
      <QueryView query={teams} label="Loading teams…">
        {(list) =>
          list.length === 0 ? (
            <Empty>You are not in any team yet. An admin adds people to teams.</Empty>
          ) : (
            <TeamTable
              days={period.days}
              mttrStatus={mttr.status}
              rows={list.map((team) => ({
                team,
                projects: projects.data ? (byTeam.count.get(team.id) ?? 0) : undefined,
                open: withSummaries ? (byTeam.open.get(team.id) ?? {}) : undefined,
                mttr: mttr.data?.byTeam.find((t) => t.teamId === team.id),
              }))}
            />
          )
        }
      </QueryView>
    </>
  );
}

export default TeamsPage;
