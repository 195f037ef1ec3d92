// The weekly cells (migrations 0030 and 0032) against the rows alone, on the hub-metrics
// store: every metric that reads the cells is called twice in a row, once as the hub runs
// (whole weeks from the cells) and once with the cells' watermark at 0, so that every week
// is read from finding_intervals and findings as before 0030. Alternating the two keeps the
// machine's drift out of the comparison. The table's time is one round of both; the lines
// under it give each call's median either way and their ratio (< 1: the cells are faster).
import { sql } from 'kysely';
import { benchDialects, DAY, END, openStore } from './hub-metrics.bench.mjs';

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function setWatermark(hub, watermark) {
  await sql`update metric_cells_state set watermark = ${watermark} where id = 1`.execute(hub.db);
}

export const benchmark = {
  name: 'hub-cells',
  async setup({ workDir }) {
    const metrics = await import('../packages/server/dist/index.js');
    const stores = [];
    for (const dialect of benchDialects()) {
      const hub = await openStore(dialect, workDir);
      const { rows } = await sql`select watermark from metric_cells_state`.execute(hub.db);
      stores.push({ dialect, hub, watermark: Number(rows[0]?.watermark ?? 0) });
    }
    return {
      size: `hub-metrics store, ${stores.map((s) => s.dialect).join(' + ')}`,
      stores,
      windows: [
        { label: '90 days, org', from: END - 90 * DAY, to: END, teamIds: null },
        { label: '1 year, org', from: END - 365 * DAY, to: END, teamIds: null },
      ],
      endpoints: [
        ['mttr', (db, q) => metrics.computeMttr(db, q)],
        ['half-life', (db, q) => metrics.computeHalfLife(db, q, { maxPoints: 500 })],
        ['trend', (db, q) => metrics.computeTrend(db, q)],
        ['sla', (db, q) => metrics.computeSla(db, q, { breachLimit: 100 })],
        ['open-age', (db, q) => metrics.computeOpenAge(db, q)],
        ['escape-rate', (db, q) => metrics.computeEscapeRate(db, q, { lateDisclosureLimit: 100 })],
        ['top-cwes', (db, q) => metrics.computeTopCwes(db, q, { limit: 10 })],
      ],
      samples: new Map(),
    };
  },
  async run(ctx) {
    for (const store of ctx.stores)
      for (const w of ctx.windows)
        for (const [name, compute] of ctx.endpoints)
          for (const mode of ['cells', 'rows']) {
            await setWatermark(store.hub, mode === 'cells' ? store.watermark : 0);
            const start = process.hrtime.bigint();
            JSON.stringify(await compute(store.hub.db, w));
            const ms = Number(process.hrtime.bigint() - start) / 1e6;
            const key = `${store.dialect} · ${name} · ${w.label}`;
            const entry = ctx.samples.get(key) ?? { cells: [], rows: [] };
            entry[mode].push(ms);
            ctx.samples.set(key, entry);
          }
    for (const store of ctx.stores) await setWatermark(store.hub, store.watermark);
  },
  report(ctx) {
    const lines = ['hub-cells median per call, rows only → with the cells (ms):'];
    for (const [key, { cells, rows }] of ctx.samples)
      lines.push(
        `  ${key}: ${median(rows).toFixed(0)} → ${median(cells).toFixed(0)} ms (${(median(cells) / median(rows)).toFixed(2)}×) over ${cells.length} calls`,
      );
    return lines;
  },
  async teardown(ctx) {
    for (const store of ctx.stores) {
      await setWatermark(store.hub, store.watermark);
      await store.hub.close();
    }
  },
};
