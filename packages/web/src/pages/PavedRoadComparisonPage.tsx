import { useSearchParams } from 'react-router';
import { useTitle } from '../App.js';
import { PavedRoadNav } from '../paved-road/PavedRoadNav.js';
import { useComparison } from '../paved-road/queries.js';
import { TeamFilter, useTeamParam } from '../paved-road/TeamFilter.js';
import type { Comparison, ComparisonGroup } from '../paved-road/types.js';
import { formatCount, formatDate, formatDays, formatPercent } from '../ui/format.js';
import { QueryView } from '../ui/states.js';

const WINDOWS = [90, 180, 365] as const;
const DEFAULT_THRESHOLD = 80;
const DEFAULT_DAYS = 180;

function intParam(value: string | null, fallback: number, min: number, max: number): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n >= min && n <= max ? n : fallback;
}

/** Whether a group is too small to say much (the hub's flag, else < 5 projects or < 10 fixed). */
function isLow(group: ComparisonGroup): boolean {
  return group.lowSample ?? (group.projects < 5 || group.fixed < 10);
}

/**
 * Does the road pay off? Projects on it (score ≥ threshold) against those off it: findings
 * per thousand lines, time to fix, escapes to production, with sample sizes. Threshold and
 * window are in the URL.
 */
function PavedRoadComparisonPage() {
  useTitle('Does the paved road pay off?');
  const [params, setParams] = useSearchParams();
  const threshold = intParam(params.get('threshold'), DEFAULT_THRESHOLD, 0, 100);
  const days = intParam(params.get('days'), DEFAULT_DAYS, 1, 730);
  const [team] = useTeamParam();
  const comparison = useComparison(threshold, days, team);
  const set = (key: string, value: number, fallback: number) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (value === fallback) next.delete(key);
      else next.set(key, String(value));
      return next;
    });
  return (
    <>
      <PavedRoadNav />
      <div className="page-head">
        <h1>Does the paved road pay off?</h1>
      </div>
      <form
        className="toolbar paved-controls"
        aria-label="Comparison settings"
        onSubmit={(e) => e.preventDefault()}
      >
        <label>
          On the road from score
          <input
            type="number"
            min={0}
            max={100}
            step={5}
            className="input-days"
            value={threshold}
            onChange={(e) =>
              set(
                'threshold',
                intParam(e.target.value, DEFAULT_THRESHOLD, 0, 100),
                DEFAULT_THRESHOLD,
              )
            }
          />
        </label>
        <label>
          Window
          <select value={days} onChange={(e) => set('days', Number(e.target.value), DEFAULT_DAYS)}>
            {(WINDOWS as readonly number[]).includes(days) ? null : (
              <option value={days}>{days} days</option>
            )}
            {WINDOWS.map((d) => (
              <option key={d} value={d}>
                last {d} days
              </option>
            ))}
          </select>
        </label>
        <TeamFilter />
      </form>
      <QueryView query={comparison} label="Comparing…">
        {(c) => <ComparisonView comparison={c} />}
      </QueryView>
    </>
  );
}

function ComparisonView({ comparison: c }: { readonly comparison: Comparison }) {
  const low = c.lowSample === true || isLow(c.onRoad) || isLow(c.offRoad);
  const rows: readonly [string, (g: ComparisonGroup) => string][] = [
    ['Projects', (g) => formatCount(g.projects)],
    ['Lines of code', (g) => formatCount(g.linesOfCode)],
    ['Findings detected', (g) => formatCount(g.findings)],
    [
      'Findings per 1,000 lines',
      (g) => (g.findingsPerKloc === null ? '—' : g.findingsPerKloc.toFixed(2)),
    ],
    ['Findings fixed', (g) => formatCount(g.fixed)],
    ['Time to fix, mean', (g) => formatDays(g.mttrDays?.mean)],
    ['Time to fix, median', (g) => formatDays(g.mttrDays?.median)],
    [
      'Escaped to production',
      (g) =>
        `${formatCount(g.escape.production)} of ${formatCount(g.escape.production + g.escape.pipeline)}`,
    ],
    ['Escape rate', (g) => formatPercent(g.escape.rate)],
  ];
  return (
    <section className="card paved-block" aria-labelledby="paved-comparison">
      <h2 id="paved-comparison">
        Score ≥ {c.threshold} against below, {formatDate(c.from)} to {formatDate(c.to)}
      </h2>
      {low ? (
        <p className="notice paved-low-sample" role="note">
          <strong>Small sample:</strong> a group has fewer than 5 projects or 10 fixed findings, so
          the difference may be chance. Widen the window or lower the threshold.
        </p>
      ) : null}
      <div className="table-wrap">
        <table aria-label="On the road against off the road" className="paved-comparison">
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">
                On the road (score ≥ {c.threshold})
                {isLow(c.onRoad) ? <span className="paved-low-mark"> · small sample</span> : null}
              </th>
              <th scope="col">
                Off the road (score &lt; {c.threshold})
                {isLow(c.offRoad) ? <span className="paved-low-mark"> · small sample</span> : null}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{value(c.onRoad)}</td>
                <td>{value(c.offRoad)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        {c.unmeasured.projects} project{c.unmeasured.projects === 1 ? ' has' : 's have'} no score
        yet and {c.unmeasured.projects === 1 ? 'is' : 'are'} left out. Findings are those detected
        in the window; the escape rate is the share of them first found in production.
      </p>
      <p className="paved-caveat">
        This is a correlation, not proof: teams that adopt the road may differ in other ways (size,
        age, kind of service). Use it as the organisation&apos;s own evidence, not as a controlled
        experiment.
      </p>
    </section>
  );
}

export default PavedRoadComparisonPage;
