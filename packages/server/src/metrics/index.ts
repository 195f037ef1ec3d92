export { AGE_BUCKETS, type AgeBucket, ageBucketOf } from './age-buckets.js';
export {
  computeEscapeRate,
  type EscapeCounts,
  type EscapeRateReport,
  type LateDisclosure,
} from './escape-rate.js';
export {
  computeHalfLife,
  type HalfLifePoint,
  type HalfLifeReport,
  type StartedInterval,
  startedIntervals,
} from './half-life.js';
export {
  downsampleCurve,
  kaplanMeier,
  type SurvivalCurve,
  type SurvivalObservation,
  type SurvivalPoint,
} from './kaplan-meier.js';
export { advisoryPublishedAt, isLateDisclosure } from './late-disclosure.js';
export {
  type LifecycleEvent,
  type OpenInterval,
  openIntervalAt,
  openIntervals,
  type TriageState,
  triageStateAt,
} from './lifecycle-model.js';
export { type CellsRefresh, refreshMetricCells } from './metric-cells.js';
export type { MetricsQuery, MetricsScope, MetricsWindow } from './metrics-sql.js';
export { computeMttr, type FixedInterval, fixedIntervals, type MttrReport } from './mttr.js';
export { type AgeBucketCount, computeOpenAge, type OpenAgeReport } from './open-age.js';
export { computePrevented, type PreventedCounts, type PreventedReport } from './prevented.js';
export { computeSla, type SlaBreach, type SlaCounts, type SlaReport } from './sla.js';
export { DEFAULT_SLA_DAYS } from './sla-policy.js';
export { type DurationSummary, percentile, summarize } from './statistics.js';
export { DAY, isoWeekLabel, WEEK, weekStartOf, weeksOverlapping } from './time-units.js';
export { type CweCount, computeTopCwes, type TopCwesReport } from './top-cwes.js';
export { computeTrend, type TrendReport, type TrendWeek } from './trend.js';
