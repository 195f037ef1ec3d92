import { Link } from 'react-router';
import { formatCount, formatPercent } from '../ui/format.js';
import { type RuleStats, rulePath } from './types.js';

export type RuleSort = 'fp' | 'volume';

function SortHeader({
  column,
  label,
  sort,
  onSort,
}: {
  readonly column: RuleSort;
  readonly label: string;
  readonly sort: RuleSort;
  readonly onSort: (column: RuleSort) => void;
}) {
  const active = column === sort;
  return (
    <th scope="col" aria-sort={active ? 'descending' : 'none'}>
      <button type="button" className="sort-button" onClick={() => onSort(column)}>
        {label}
        <span aria-hidden="true" className="sort-arrow">
          {active ? '▼' : '↕'}
        </span>
      </button>
    </th>
  );
}

/** Highest false-positive rate first (rules without findings last), or most findings first. */
export function sortRules(rules: readonly RuleStats[], sort: RuleSort): RuleStats[] {
  const rate = (r: RuleStats) => r.fpRate ?? -1;
  return [...rules].sort((a, b) =>
    sort === 'volume'
      ? b.detected - a.detected || rate(b) - rate(a)
      : rate(b) - rate(a) || b.detected - a.detected,
  );
}

/** The per-rule statistics: every rate beside its sample, low samples marked. */
export function RuleStatsTable({
  rules,
  sort,
  onSort,
}: {
  readonly rules: readonly RuleStats[];
  readonly sort: RuleSort;
  readonly onSort: (sort: RuleSort) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="findings-table rule-stats">
        <caption className="visually-hidden">Rule statistics</caption>
        <thead>
          <tr>
            <th scope="col">Scanner</th>
            <th scope="col">Rule</th>
            <SortHeader column="volume" label="Detected" sort={sort} onSort={onSort} />
            <th scope="col">Triaged</th>
            <th scope="col">False positives</th>
            <SortHeader column="fp" label="FP rate" sort={sort} onSort={onSort} />
            <th scope="col">FP share of triaged</th>
            <th scope="col">Open feedback</th>
          </tr>
        </thead>
        <tbody>
          {sortRules(rules, sort).map((r) => (
            <tr key={`${r.scanner}\u0000${r.ruleId}`}>
              <td>{r.scanner}</td>
              <td className="wrap">
                <Link className="mono" to={rulePath(r.scanner, r.ruleId)}>
                  {r.ruleId}
                </Link>
              </td>
              <td>{formatCount(r.detected)}</td>
              <td>{formatCount(r.triaged)}</td>
              <td>{formatCount(r.falsePositives)}</td>
              <td>
                {formatPercent(r.fpRate)}
                {r.lowSample ? (
                  <span className="badge tone-off rule-low-sample" title="Under 10 findings">
                    low sample
                  </span>
                ) : null}
              </td>
              <td>
                {formatPercent(r.fpShareOfTriaged)}
                {r.triaged > 0 ? <span className="muted small"> of {r.triaged}</span> : null}
              </td>
              <td>{formatCount(r.openFeedback)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
