import { useQuery } from '@tanstack/react-query';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTitle } from '../App.js';
import { api, withQuery } from '../api/client.js';
import { isOrgReader } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import type {
  EscapeRateReport,
  MttrReport,
  OpenAgeReport,
  PreventedReport,
  SlaReport,
  Team,
  TrendReport,
} from '../api/types.js';
import { SEVERITIES } from '../api/types.js';
import { ChartFigure } from '../ui/ChartFigure.js';
import { Definition } from '../ui/Definition.js';
import { PERIODS, useMetricsFilters } from '../ui/filters.js';
import { formatCount, formatDays, formatPercent } from '../ui/format.js';
import { ErrorState, Loading } from '../ui/states.js';

/** One CWE's count in the top-CWEs metric. */
interface TopCwe {
  readonly cwe: string;
  readonly name: string | null;
  readonly findings: number;
  readonly open: number;
}

export const DEFINITIONS = {
  mttr: 'Mean time to remediate: for findings fixed in the period, the time from detection (or reopening) to the fix. The median is shown large; mean and 90th percentile below. False positives are excluded.',
  escape:
    'Escape rate: the share of findings first detected in production among all findings first detected in the period. Late disclosures (advisories published after the code shipped) are counted apart.',
  sla: 'SLA compliance: the share of findings fixed in the period within their SLA (days per severity, from the team policy, else the organisation, else critical 7, high 30, medium 90, low 180).',
  open: 'Open findings at the end of the period, by effective severity (the override when one is set). Accepted risks count; false positives do not.',
  age: 'Open findings at the end of the period by how long they have been open (whole days), by severity.',
  prevented:
    'Findings prevented in pull requests: found by a PR scan and fixed before they ever reached main or production.',
  cwes: 'The weaknesses (CWE) of the findings first detected in the period, most frequent first, with how many are still open.',
  trend: 'Findings opened and fixed per ISO week, and how many were open at the end of each week.',
} as const;

const TOOLTIP_STYLE = {
  contentStyle: { background: 'var(--surface)', border: '1px solid var(--border)' },
  labelStyle: { color: 'var(--text)' },
  itemStyle: { color: 'var(--text)' },
};

function useMetric<T>(name: string, query: Record<string, string>) {
  return useQuery({
    queryKey: ['metrics', name, query],
    queryFn: ({ signal }) => api<T>(withQuery(`/api/v1/metrics/${name}`, query), { signal }),
  });
}

function Stat({
  label,
  value,
  detail,
  definition,
}: {
  readonly label: string;
  readonly value: string;
  readonly detail?: string;
  readonly definition: string;
}) {
  return (
    <div className="card stat">
      <div className="stat-label">
        {label} <Definition term={label}>{definition}</Definition>
      </div>
      <div className="stat-value">{value}</div>
      {detail ? <div className="muted">{detail}</div> : null}
    </div>
  );
}

export default function OverviewPage() {
  useTitle('Overview');
  const me = useMe();
  const filters = useMetricsFilters();
  const query: Record<string, string> = {
    from: filters.from,
    to: filters.to,
    ...(filters.team ? { team: filters.team } : {}),
  };
  const teams = useQuery({
    queryKey: ['teams'],
    queryFn: ({ signal }) => api<{ teams: Team[] }>('/api/v1/teams', { signal }),
  });
  const mttr = useMetric<MttrReport>('mttr', query);
  const escapeRate = useMetric<EscapeRateReport>('escape-rate', query);
  const sla = useMetric<SlaReport>('sla', query);
  const openAge = useMetric<OpenAgeReport>('open-age', query);
  const prevented = useMetric<PreventedReport>('prevented', query);
  const trend = useMetric<TrendReport>('trend', query);
  const cwes = useMetric<{ cwes: TopCwe[] }>('top-cwes', { ...query, limit: '10' });

  const scopeLabel = filters.team
    ? (teams.data?.teams.find((t) => t.id === filters.team)?.name ?? 'Team')
    : isOrgReader(me)
      ? 'Organisation'
      : 'Your teams';

  return (
    <div className="stack">
      <div className="page-head">
        <h1>Overview · {scopeLabel}</h1>
        <form
          className="toolbar"
          aria-label="Overview filters"
          onSubmit={(e) => e.preventDefault()}
        >
          <label>
            Team
            <select value={filters.team} onChange={(e) => filters.set('team', e.target.value)}>
              <option value="">{isOrgReader(me) ? 'All teams' : 'All my teams'}</option>
              {(teams.data?.teams ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Period
            <select
              value={String(filters.period)}
              onChange={(e) => filters.set('period', e.target.value)}
            >
              {PERIODS.map((p) => (
                <option key={p.days} value={p.days}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
        </form>
      </div>

      <section className="stats" aria-label="Key numbers">
        <Stat
          label="MTTR (median)"
          value={mttr.data ? formatDays(mttr.data.overall.median) : '…'}
          detail={
            mttr.data
              ? `mean ${formatDays(mttr.data.overall.mean)} · p90 ${formatDays(mttr.data.overall.p90)} · ${formatCount(mttr.data.overall.count)} fixed`
              : ''
          }
          definition={DEFINITIONS.mttr}
        />
        <Stat
          label="Escape rate"
          value={escapeRate.data ? formatPercent(escapeRate.data.rate) : '…'}
          detail={
            escapeRate.data
              ? `${formatCount(escapeRate.data.escaped)} of ${formatCount(escapeRate.data.findings)} found in production`
              : ''
          }
          definition={DEFINITIONS.escape}
        />
        <Stat
          label="SLA compliance"
          value={sla.data ? formatPercent(sla.data.compliance) : '…'}
          detail={
            sla.data
              ? `${formatCount(sla.data.withinSla)} of ${formatCount(sla.data.fixed)} fixed in time · ${formatCount(sla.data.breaches.total)} breaching now`
              : ''
          }
          definition={DEFINITIONS.sla}
        />
        <Stat
          label="Open findings"
          value={openAge.data ? formatCount(openAge.data.total) : '…'}
          definition={DEFINITIONS.open}
        />
        <Stat
          label="Prevented in PRs"
          value={prevented.data ? formatCount(prevented.data.prevented) : '…'}
          detail={prevented.data ? `${formatCount(prevented.data.pending)} still open in PRs` : ''}
          definition={DEFINITIONS.prevented}
        />
      </section>

      <div className="grid">
        {mttr.isPending ? (
          <Loading />
        ) : mttr.isError ? (
          <ErrorState error={mttr.error} retry={() => void mttr.refetch()} />
        ) : (
          <ChartFigure
            title="MTTR trend"
            definition={DEFINITIONS.mttr}
            empty={
              mttr.data.overall.count === 0 ? 'No finding was fixed in this period.' : undefined
            }
            table={[
              ['Week', 'Median days', 'Mean days', 'Fixed'],
              ...mttr.data.byWeek.map((w) => [w.week, w.median ?? '—', w.mean ?? '—', w.count]),
            ]}
          >
            <ResponsiveContainer>
              <LineChart data={mttr.data.byWeek.map((w) => ({ ...w, week: w.week.slice(5) }))}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="week" />
                <YAxis unit=" d" />
                <Tooltip {...TOOLTIP_STYLE} />
                <Legend />
                <Line
                  type="monotone"
                  dataKey="mean"
                  name="Mean"
                  stroke="var(--chart-4)"
                  strokeDasharray="5 4"
                  connectNulls
                  isAnimationActive={false}
                />
                <Line
                  type="monotone"
                  dataKey="median"
                  name="Median"
                  stroke="var(--chart-1)"
                  connectNulls
                  isAnimationActive={false}
                />
              </LineChart>
            </ResponsiveContainer>
          </ChartFigure>
        )}

        {escapeRate.isPending ? (
          <Loading />
        ) : escapeRate.isError ? (
          <ErrorState error={escapeRate.error} retry={() => void escapeRate.refetch()} />
        ) : (
          <ChartFigure
            title="Escape-rate trend"
            definition={DEFINITIONS.escape}
            empty={
              escapeRate.data.findings === 0
                ? 'No finding was first detected in this period.'
                : undefined
            }
            table={[
              ['Week', 'Escape rate', 'Escaped', 'Found'],
              ...escapeRate.data.byWeek.map((w) => [
                w.week,
                formatPercent(w.rate),
                w.escaped,
                w.findings,
              ]),
            ]}
          >
            <ResponsiveContainer>
              <LineChart
                data={escapeRate.data.byWeek.map((w) => ({
                  week: w.week.slice(5),
                  rate: w.rate === null ? null : Math.round(w.rate * 1000) / 10,
                }))}
              >
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="week" />
                <YAxis unit="%" domain={[0, 100]} />
                <Tooltip {...TOOLTIP_STYLE} />
                <Line
                  type="monotone"
                  dataKey="rate"
                  name="Escape rate"
                  stroke="var(--chart-2)"
                  connectNulls
                  isAnimationActive={false}
                />
              </LineChart>
            </ResponsiveContainer>
          </ChartFigure>
        )}

        {sla.isPending ? (
          <Loading />
        ) : sla.isError ? (
          <ErrorState error={sla.error} retry={() => void sla.refetch()} />
        ) : (
          <ChartFigure
            title="SLA compliance by severity"
            definition={DEFINITIONS.sla}
            empty={sla.data.fixed === 0 ? 'No finding was fixed in this period.' : undefined}
            table={[
              ['Severity', 'Compliance', 'Within SLA', 'Fixed'],
              ...sla.data.bySeverity.map((s) => [
                s.severity,
                formatPercent(s.compliance),
                s.withinSla,
                s.fixed,
              ]),
            ]}
          >
            <ResponsiveContainer>
              <BarChart
                data={sla.data.bySeverity.map((s) => ({
                  severity: s.severity,
                  compliance: s.compliance === null ? 0 : Math.round(s.compliance * 1000) / 10,
                }))}
              >
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="severity" />
                <YAxis unit="%" domain={[0, 100]} />
                <Tooltip {...TOOLTIP_STYLE} />
                <Bar
                  dataKey="compliance"
                  name="Compliance"
                  fill="var(--chart-3)"
                  isAnimationActive={false}
                />
              </BarChart>
            </ResponsiveContainer>
          </ChartFigure>
        )}

        {openAge.isPending ? (
          <Loading />
        ) : openAge.isError ? (
          <ErrorState error={openAge.error} retry={() => void openAge.refetch()} />
        ) : (
          <ChartFigure
            title="Open findings by severity"
            definition={DEFINITIONS.open}
            empty={openAge.data.total === 0 ? 'Nothing open. Well done.' : undefined}
            table={[
              ['Severity', 'Open'],
              ...openAge.data.bySeverity.map((s) => [s.severity, s.count]),
            ]}
          >
            <ResponsiveContainer>
              <BarChart
                data={SEVERITIES.map((severity) => ({
                  severity,
                  count: openAge.data.bySeverity.find((s) => s.severity === severity)?.count ?? 0,
                }))}
              >
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="severity" />
                <YAxis allowDecimals={false} />
                <Tooltip {...TOOLTIP_STYLE} />
                <Bar dataKey="count" name="Open" fill="var(--chart-2)" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </ChartFigure>
        )}

        {openAge.data ? (
          <ChartFigure
            title="Open findings by age"
            definition={DEFINITIONS.age}
            empty={openAge.data.total === 0 ? 'Nothing open.' : undefined}
            table={[
              ['Age', ...SEVERITIES],
              ...openAge.data.buckets.map((b) => [
                b.bucket,
                ...SEVERITIES.map((s) => b.bySeverity[s] ?? 0),
              ]),
            ]}
          >
            <ResponsiveContainer>
              <BarChart
                data={openAge.data.buckets.map((b) => ({ bucket: b.bucket, ...b.bySeverity }))}
              >
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="bucket" />
                <YAxis allowDecimals={false} />
                <Tooltip {...TOOLTIP_STYLE} />
                <Legend />
                {SEVERITIES.map((s) => (
                  <Bar
                    key={s}
                    dataKey={s}
                    stackId="age"
                    name={s}
                    fill={`var(--${s})`}
                    isAnimationActive={false}
                  />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </ChartFigure>
        ) : null}

        {cwes.isPending ? (
          <Loading />
        ) : cwes.isError ? (
          <ErrorState error={cwes.error} retry={() => void cwes.refetch()} />
        ) : (
          <ChartFigure
            title="Top CWEs"
            definition={DEFINITIONS.cwes}
            empty={
              cwes.data.cwes.length === 0 ? 'No finding with a CWE in this period.' : undefined
            }
            table={[
              ['CWE', 'Found', 'Still open'],
              ...cwes.data.cwes.map((c) => [c.cwe, c.findings, c.open]),
            ]}
          >
            <ResponsiveContainer>
              <BarChart layout="vertical" data={cwes.data.cwes}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis type="number" allowDecimals={false} />
                <YAxis type="category" dataKey="cwe" width={80} />
                <Tooltip {...TOOLTIP_STYLE} />
                <Legend />
                <Bar
                  dataKey="findings"
                  name="Found"
                  fill="var(--chart-1)"
                  isAnimationActive={false}
                />
                <Bar
                  dataKey="open"
                  name="Still open"
                  fill="var(--chart-2)"
                  isAnimationActive={false}
                />
              </BarChart>
            </ResponsiveContainer>
          </ChartFigure>
        )}

        {trend.isPending ? (
          <Loading />
        ) : trend.isError ? (
          <ErrorState error={trend.error} retry={() => void trend.refetch()} />
        ) : (
          <ChartFigure
            title="Opened and fixed per week"
            definition={DEFINITIONS.trend}
            table={[
              ['Week', 'Opened', 'Fixed', 'Open at end'],
              ...trend.data.weeks.map((w) => [w.week, w.opened, w.fixed, w.openAtEnd]),
            ]}
          >
            <ResponsiveContainer>
              <BarChart data={trend.data.weeks.map((w) => ({ ...w, week: w.week.slice(5) }))}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="week" />
                <YAxis allowDecimals={false} />
                <Tooltip {...TOOLTIP_STYLE} />
                <Legend />
                <Bar
                  dataKey="opened"
                  name="Opened"
                  fill="var(--chart-2)"
                  isAnimationActive={false}
                />
                <Bar dataKey="fixed" name="Fixed" fill="var(--chart-3)" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </ChartFigure>
        )}

        {prevented.data ? (
          <ChartFigure
            title="Prevented in PRs by severity"
            definition={DEFINITIONS.prevented}
            empty={
              prevented.data.prevented + prevented.data.pending === 0
                ? 'No finding was caught in a pull request in this period.'
                : undefined
            }
            table={[
              ['Severity', 'Prevented', 'Pending'],
              ...prevented.data.bySeverity.map((s) => [s.severity, s.prevented, s.pending]),
            ]}
          >
            <ResponsiveContainer>
              <BarChart data={prevented.data.bySeverity}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="severity" />
                <YAxis allowDecimals={false} />
                <Tooltip {...TOOLTIP_STYLE} />
                <Legend />
                <Bar
                  dataKey="prevented"
                  name="Prevented"
                  fill="var(--chart-3)"
                  isAnimationActive={false}
                />
                <Bar
                  dataKey="pending"
                  name="Pending"
                  fill="var(--chart-4)"
                  isAnimationActive={false}
                />
              </BarChart>
            </ResponsiveContainer>
          </ChartFigure>
        ) : null}
      </div>
    </div>
  );
}
