// Hub ingest speed: one 10,000-finding SARIF report (40 rules over 500 files, as a SAST
// tool writes it) uploaded to a new project — the first upload creates every finding, its
// scope, its sighting and its `detected` event in one transaction. Run on SQLite, and on
// PostgreSQL when RAMPART_BENCH_DATABASE_URL is set (the target: ≥ 10,000 findings/s there).
// A second measurement re-sends a changed report (every finding seen again, 10 % fixed,
// 10 % new) to the same project: the steady state of a project scanned on every commit.
import { addProject, benchStore, dialects } from './hub-support.mjs';

const FINDINGS = 10_000;

function sarif(count, salt = 0) {
  const rules = Array.from({ length: 40 }, (_, i) => ({
    id: `bench/rule-${i}`,
    shortDescription: { text: `Benchmark rule ${i}` },
    properties: { tags: ['security', `CWE-${79 + i}`] },
  }));
  const results = [];
  for (let i = 0; i < count; i++) {
    const n = i + salt;
    results.push({
      ruleId: `bench/rule-${n % 40}`,
      level: ['error', 'warning', 'note'][n % 3],
      message: { text: `Untrusted data reaches a sink (${n})` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: `src/module-${n % 500}/file-${n % 37}.ts` },
            region: {
              startLine: 1 + (n % 900),
              startColumn: 5,
              snippet: { text: `sink(input${n})` },
            },
          },
        },
      ],
      partialFingerprints: { primaryLocationLineHash: `bench-${n}` },
    });
  }
  return Buffer.from(
    JSON.stringify({
      version: '2.1.0',
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      runs: [{ tool: { driver: { name: 'benchsast', version: '1.0.0', rules } }, results }],
    }),
  );
}

export const benchmark = {
  name: 'hub-ingest',
  async setup({ workDir }) {
    const { ingestScan } = await import('../packages/server/dist/index.js');
    const stores = [];
    for (const dialect of dialects())
      stores.push({ dialect, ...(await benchStore(dialect, workDir)) });
    const first = sarif(FINDINGS);
    const next = sarif(FINDINGS, FINDINGS / 10);
    return {
      size: `${FINDINGS} SARIF findings (${(first.length / 1e6).toFixed(1)} MB), ${stores.map((s) => s.dialect).join(' + ')}`,
      stores,
      ingestScan,
      first,
      next,
      timings: new Map(),
    };
  },
  /** One first upload per store, to a new project; each store's time is recorded apart. */
  async run(ctx) {
    for (const store of ctx.stores) {
      const { projectId } = await addProject(store.hub);
      const start = process.hrtime.bigint();
      const result = await ctx.ingestScan(store.hub, {
        projectId,
        body: ctx.first,
        scanners: ['sast'],
        kind: 'full',
        stage: 'main',
      });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (result.counts.new !== FINDINGS) throw new Error(`expected ${FINDINGS} new findings`);
      const startNext = process.hrtime.bigint();
      const again = await ctx.ingestScan(store.hub, {
        projectId,
        body: ctx.next,
        scanners: ['sast'],
        kind: 'full',
        stage: 'main',
      });
      const msNext = Number(process.hrtime.bigint() - startNext) / 1e6;
      if (again.counts.fixed !== FINDINGS / 10) throw new Error('expected 10 % fixed');
      for (const [key, value] of [
        [`${store.dialect} first`, ms],
        [`${store.dialect} next`, msNext],
      ]) {
        const list = ctx.timings.get(key) ?? [];
        list.push(value);
        ctx.timings.set(key, list);
      }
    }
  },
  report(ctx) {
    const lines = [];
    for (const [key, list] of ctx.timings) {
      const sorted = [...list].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)];
      lines.push(
        `hub-ingest ${key} upload: median ${median.toFixed(0)} ms = ${Math.round((FINDINGS * 1000) / median)} findings/s (${list.length} runs incl. warm-up)`,
      );
    }
    return lines;
  },
  async teardown(ctx) {
    for (const store of ctx.stores) await store.drop();
  },
};
