import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { TrendReport } from '../api/types.js';
import { ChartFigure } from '../ui/ChartFigure.js';
import { DEFINITIONS } from './definitions.js';
import { weekTick } from './week-label.js';

/** The team's findings opened and fixed each week (bars) and open at each week's end (line). */
export function TeamTrendChart({ trend }: { readonly trend: TrendReport }) {
  const data = trend.weeks.map((w) => ({
    tick: weekTick(w.weekStart),
    opened: w.opened,
    fixed: w.fixed,
    open: w.openAtEnd,
  }));
  const quiet = trend.openAtStart === 0 && data.every((d) => d.opened === 0 && d.open === 0);
  return (
    <ChartFigure
      title="Open findings, week by week"
      definition={DEFINITIONS.trend}
      empty={quiet ? 'No findings were open in this period.' : undefined}
      table={[
        ['Week', 'Opened', 'Fixed', 'Open at week end'],
        ...data.map((d) => [d.tick, d.opened, d.fixed, d.open]),
      ]}
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis dataKey="tick" stroke="var(--muted)" tick={{ fill: 'var(--muted)' }} />
          <YAxis stroke="var(--muted)" tick={{ fill: 'var(--muted)' }} allowDecimals={false} />
          <Tooltip
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
            labelStyle={{ color: 'var(--text)' }}
          />
          <Legend itemSorter={null} />
          <Bar dataKey="opened" name="Opened" fill="var(--chart-2)" isAnimationActive={false} />
          <Bar dataKey="fixed" name="Fixed" fill="var(--chart-3)" isAnimationActive={false} />
          <Line
            type="linear"
            dataKey="open"
            name="Open at week end"
            stroke="var(--chart-1)"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
