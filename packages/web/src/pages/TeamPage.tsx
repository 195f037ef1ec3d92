import { Link, useParams } from 'react-router';
import { useTitle } from '../App.js';
import { withQuery } from '../api/client.js';
import type { TeamDetail, TopCwesReport } from '../api/org-types.js';
import { isOrgReader } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import type {
  EscapeRateReport,
  MttrReport,
  OpenAgeReport,
  PreventedReport,
  SlaReport,
  TrendReport,
} from '../api/types.js';
import { Awaiting } from '../teams/Awaiting.js';
import { DEFINITIONS } from '../teams/definitions.js';
import { MetricCard } from '../teams/MetricCard.js';
import { useCompared, useMetric } from '../teams/metric-queries.js';
import { OpenBySeverityTable } from '../teams/OpenBySeverityTable.js';
import { PeriodPicker } from '../teams/PeriodPicker.js';
import { type MetricsWindow, usePeriod } from '../teams/period.js';
import { SlaBreaches } from '../teams/SlaBreaches.js';
import { TeamTrendChart } from '../teams/TeamTrendChart.js';
import { TopCwes } from '../teams/TopCwes.js';
import { championsOf, useTeam } from '../teams/team-queries.js';
import { WeeklyMttrChart } from '../teams/WeeklyMttrChart.js';
import { TeamTrainingCard } from '../training/TeamTrainingCard.js';
import { formatCount, formatDays, formatPercent } from '../ui/format.js';
import { QueryView } from '../ui/states.js';

/** A team: its champions and its metrics next to the organisation's, over a period. */
function TeamPage() {
  const { id = '' } = useParams();
  const team = useTeam(id);
  useTitle(team.data?.name ?? 'Team');
  return (
    <QueryView query={team} label="Loading team…">
      {(t) => <TeamView team={t} />}
    </QueryView>
  );
}

function TeamView({ team }: { readonly team: TeamDetail }) {
  const me = useMe();
  const [period, setDays] = usePeriod();
  const champions = championsOf(team);
  // The hub's metrics without a team cover the caller's scope: the whole organisation for
  // admin, security and auditors, else only the caller's own teams. Say which.
  const orgWide = isOrgReader(me);
  const otherLabel = orgWide ? 'Organisation' : 'Your teams';
  const onlyTeam = !orgWide && me.teams.length === 1 && me.teams[0]?.id === team.id;
  const labels = { teamLabel: team.name, otherLabel };
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/teams">Teams</Link> <span aria-hidden="true">/</span>
      </nav>
      <div className="page-head">
        <h1>{team.name}</h1>
        <div className="form-row">
          <Link to={withQuery('/projects', { team: team.id })}>Its projects</Link>
          <Link to={withQuery('/findings', { team: team.id, status: 'open' })}>
            Its open findings
          </Link>
          <PeriodPicker days={period.days} onChange={setDays} />
        </div>
      </div>
      <p>
        {champions.length === 0 ? (
          <span className="muted">No champion yet.</span>
        ) : (
          <>
            {champions.length === 1 ? 'Champion' : 'Champions'}:{' '}
            <strong>{champions.join(', ')}</strong>
          </>
        )}{' '}
        <span className="muted">
          · {team.members.length} {team.members.length === 1 ? 'member' : 'members'}
        </span>
      </p>
      <p className="muted">
        The last {period.days} days, this team next to{' '}
        {orgWide ? 'the whole organisation' : 'all the teams you are in'}.
        {onlyTeam ? ' You are in this team only, so both columns count the same findings.' : null}
      </p>
      <TeamMetrics teamId={team.id} period={period} {...labels} />
      <TeamTrainingCard teamId={team.id} />
    </>
  );
}

function TeamMetrics({
  teamId,
  period,
  teamLabel,
  otherLabel,
}: {
  readonly teamId: string;
  readonly period: MetricsWindow;
  readonly teamLabel: string;
  readonly otherLabel: string;
}) {
  const labels = { teamLabel, otherLabel };
  const mttr = useCompared<MttrReport>('mttr', period, teamId);
  // Only the counts are shown: list one late disclosure / breach for the comparison.
  const escapeRate = useCompared<EscapeRateReport>('escape-rate', period, teamId, { limit: 1 });
  const sla = useCompared<SlaReport>('sla', period, teamId, { limit: 10 }, { limit: 1 });
  const openAge = useCompared<OpenAgeReport>('open-age', period, teamId);
  const prevented = useCompared<PreventedReport>('prevented', period, teamId);
  const trend = useMetric<TrendReport>('trend', period, teamId);
  const topCwes = useMetric<TopCwesReport>('top-cwes', period, teamId, { limit: 10 });

  return (
    <>
      <div className="stats metric-grid">
        <MetricCard
          title="MTTR, median"
          definition={DEFINITIONS.mttr}
          {...mttr}
          {...labels}
          read={(r) => ({
            value: formatDays(r.overall.median),
            detail: `${formatCount(r.overall.count)} fixed`,
          })}
        />
        <MetricCard
          title="MTTR, mean"
          definition={DEFINITIONS.mttr}
          {...mttr}
          {...labels}
          read={(r) => ({
            value: formatDays(r.overall.mean),
            detail: `p90 ${formatDays(r.overall.p90)}`,
          })}
        />
        <MetricCard
          title="Escape rate"
          definition={DEFINITIONS.escapeRate}
          {...escapeRate}
          {...labels}
          read={(r) => ({
            value: formatPercent(r.rate),
            detail: `${formatCount(r.escaped)} of ${formatCount(r.findings)} new`,
          })}
        />
        <MetricCard
          title="SLA compliance"
          definition={DEFINITIONS.sla}
          {...sla}
          {...labels}
          read={(r) => ({
            value: formatPercent(r.compliance),
            detail: `${formatCount(r.withinSla)} of ${formatCount(r.fixed)} in time`,
          })}
        />
        <MetricCard
          title="Open findings"
          definition={DEFINITIONS.open}
          {...openAge}
          {...labels}
          read={(r) => ({ value: formatCount(r.total), detail: 'at the end of the period' })}
        />
        <MetricCard
          title="Prevented in PRs"
          definition={DEFINITIONS.prevented}
          {...prevented}
          {...labels}
          read={(r) => ({
            value: formatCount(r.prevented),
            detail: `${formatCount(r.pending)} pending`,
          })}
        />
      </div>
      <div className="grid team-charts">
        <Awaiting queries={[mttr.team, mttr.other]} label="Loading the weekly MTTR…">
          {mttr.team.data && mttr.other.data ? (
            <WeeklyMttrChart team={mttr.team.data} other={mttr.other.data} {...labels} />
          ) : null}
        </Awaiting>
        <Awaiting queries={[trend]} label="Loading the trend…">
          {trend.data ? <TeamTrendChart trend={trend.data} /> : null}
        </Awaiting>
      </div>
      <div className="grid team-details">
        <OpenBySeverityTable {...openAge} {...labels} />
        <TopCwes teamId={teamId} query={topCwes} />
        <SlaBreaches query={sla.team} />
      </div>
    </>
  );
}

export default TeamPage;
