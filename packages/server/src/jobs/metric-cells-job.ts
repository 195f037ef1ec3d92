import { refreshMetricCells } from '../metrics/metric-cells.js';
import type { JobDefinition } from './job-definition.js';

/**
 * `metric-cells`: keeps the metrics' weekly cells (metrics/metric-cells.ts) up to date:
 * rebuilds the weeks that changes marked dirty and builds the weeks that have ended. Until
 * it has, the metrics read those weeks from the rows, so a late run costs speed, never
 * correctness. Outcome: `{ built, rebuilt }`.
 */
export const metricCellsJob: JobDefinition = {
  name: 'metric-cells',
  everyMs: 60_000,
  cron: '* * * * *',
  async run(hub, clock) {
    const { built, rebuilt } = await refreshMetricCells(hub.db, clock());
    return { built, rebuilt };
  },
};
