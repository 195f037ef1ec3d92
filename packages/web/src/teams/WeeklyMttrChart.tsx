import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { MttrReport } from '../api/types.js';
import { ChartFigure } from '../ui/ChartFigure.js';
import { formatDays } from '../ui/format.js';
import { DEFINITIONS } from './definitions.js';
import { roundDays, weekTick } from './week-label.js';

/** The team's median time to fix, week by week, next to the comparison scope's. */
export function WeeklyMttrChart({
  team,
  other,
  teamLabel,
  otherLabel,
}: {
  readonly team: MttrReport;
  readonly other: MttrReport;
  readonly teamLabel: string;
  readonly otherLabel: string;
}) {
  const others = new Map(other.byWeek.map((w) => [w.week, w]));
  const data = team.byWeek.map((w) => ({
    week: w.week,
    tick: weekTick(w.weekStart),
    team: roundDays(w.median),
    other: roundDays(others.get(w.week)?.median),
    teamFixed: w.count,
    otherFixed: others.get(w.week)?.count ?? 0,
  }));
  const anyFix = data.some((d) => d.teamFixed > 0 || d.otherFixed > 0);
  const title = 'Median time to fix, by week';
  return (
    <ChartFigure
      title={title}
      definition={DEFINITIONS.weeklyMttr}
      empty={anyFix ? undefined : 'No finding was fixed in this period.'}
      table={[
        ['Week', `${teamLabel}: median days`, `${otherLabel}: median days`],
        ...data.map((d) => [d.tick, formatDays(d.team), formatDays(d.other)]),
      ]}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis dataKey="tick" stroke="var(--muted)" tick={{ fill: 'var(--muted)' }} />
          <YAxis
            stroke="var(--muted)"
            tick={{ fill: 'var(--muted)' }}
            allowDecimals={false}
            label={{ value: 'days', angle: -90, position: 'insideLeft', fill: 'var(--muted)' }}
          />
          <Tooltip
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
            labelStyle={{ color: 'var(--text)' }}
            formatter={(value) => (typeof value === 'number' ? `${value} days` : '—')}
          />
          <Legend itemSorter={null} />
          <Line
            type="linear"
            dataKey="team"
            name={teamLabel}
            stroke="var(--chart-1)"
            strokeWidth={2}
            dot={{ r: 3, fill: 'var(--chart-1)' }}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            type="linear"
            dataKey="other"
            name={otherLabel}
            stroke="var(--chart-4)"
            strokeWidth={2}
            strokeDasharray="6 3"
            // Hollow and larger, so the team's dot shows inside it when the two are equal.
            dot={{ r: 6, fill: 'none', strokeDasharray: '' }}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
