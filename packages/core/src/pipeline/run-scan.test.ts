import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/config-loader.js';
import type { RampartConfig } from '../config/config-schema.js';
import type { FindingDraft } from '../finding/finding.js';
import { createMemoryLogger } from '../logger.js';
import type { ProgressSink } from '../progress.js';
import type { Scanner, ScanTarget } from '../scanner.js';
import { createBaseline } from '../suppress/baseline.js';
import { codeDraft } from '../test-support/findings.js';
import { runScan } from './run-scan.js';

const files: Record<string, string> = {
  'a.js': [
    'eval(a)',
    'x()',
    'eval(b) // rampart-ignore: js.eval -- reviewed',
    '// rampart-ignore',
    'eval(c)',
  ].join('\n'),
  'b.py': 'exec(q)\n',
};

const target: ScanTarget = {
  root: '/repo',
  files: Object.entries(files).map(([path, text]) => ({
    path,
    absolutePath: `/repo/${path}`,
    size: text.length,
  })),
  skipped: [{ path: 'big.bin', reason: 'binary', detail: 'binary file' }],
  git: undefined,
  readText: async (path) => {
    const text = files[path];
    if (text === undefined) throw new Error(`no ${path}`);
    return text;
  },
};

function at(
  ruleId: string,
  path: string,
  line: number,
  severity: FindingDraft['severity'] = 'high',
): FindingDraft {
  return codeDraft({
    ruleId,
    severity,
    location: {
      kind: 'code',
      path,
      region: { startLine: line, startColumn: 1, endLine: line, endColumn: 5 },
    },
  });
}

function scannerOf(kind: Scanner['kind'], drafts: readonly unknown[], failAfter?: number): Scanner {
  return {
    kind,
    description: `test ${kind}`,
    async *scan(_target, ctx) {
      ctx.progress.setTotal(drafts.length);
      let n = 0;
      for (const d of drafts) {
        if (failAfter !== undefined && n === failAfter) throw new Error('boom');
        n++;
        ctx.progress.advance();
        yield d as FindingDraft;
      }
    },
  };
}

function run(
  scanners: Scanner[],
  extra: Partial<Parameters<typeof runScan>[0]> = {},
  config?: RampartConfig,
) {
  return runScan({
    target,
    scanners,
    config: config ?? defaultConfig('/repo'),
    logger: createMemoryLogger(),
    cacheDir: '/tmp/none',
    ...extra,
  });
}

describe('runScan', () => {
  it('merges the findings of concurrent scanners, most severe first', async () => {
    const result = await run([
      scannerOf('sast', [at('js.eval', 'a.js', 1, 'medium')]),
      scannerOf('secrets', [at('py.exec', 'b.py', 1, 'critical')]),
    ]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['py.exec', 'js.eval']);
    expect(result.scanners.map((s) => [s.kind, s.findings, s.error])).toEqual([
      ['sast', 1, undefined],
      ['secrets', 1, undefined],
    ]);
    expect(result.filesScanned).toBe(2);
    expect(result.skipped).toHaveLength(1);
  });

  it('honours rampart-ignore on the line and on the line above, keeping the reason', async () => {
    const result = await run([
      scannerOf('sast', [
        at('js.eval', 'a.js', 1),
        at('js.eval', 'a.js', 3),
        at('js.eval', 'a.js', 5),
      ]),
    ]);
    expect(
      result.findings.map((f) => (f.location.kind === 'code' ? f.location.region.startLine : 0)),
    ).toEqual([1]);
    expect(result.suppressed.map((s) => [s.kind, s.reason])).toEqual([
      ['inline', 'reviewed'],
      ['inline', undefined],
    ]);
  });

  it('hides baseline findings and marks the others new', async () => {
    const first = await run([scannerOf('sast', [at('js.eval', 'a.js', 1)])]);
    const second = await run(
      [scannerOf('sast', [at('js.eval', 'a.js', 1), at('py.exec', 'b.py', 1)])],
      {
        baseline: createBaseline(first.findings),
      },
    );
    expect(second.findings.map((f) => [f.ruleId, f.novelty])).toEqual([['py.exec', 'new']]);
    expect(second.suppressed.map((s) => s.kind)).toEqual(['baseline']);
  });

  it("suppresses what the hub's triage covers before the gate, with its reason", async () => {
    const scanners = [scannerOf('sast', [at('js.eval', 'a.js', 1), at('py.exec', 'b.py', 1)])];
    const plain = await run(scanners);
    expect(plain.gate.passed).toBe(false);
    const evalFinding = plain.findings.find((f) => f.ruleId === 'js.eval');
    const result = await run(scanners, {
      now: () => Date.parse('2026-01-01T00:00:00Z'),
      hubTriage: {
        projectId: 'p',
        decisions: [
          {
            fingerprint: evalFinding?.fingerprint ?? '',
            ruleId: 'js.eval',
            status: 'risk_accepted',
            until: '2026-03-01T00:00:00.000Z',
            reason: 'internal tool',
            triageRuleId: null,
          },
        ],
        rules: [
          {
            id: 'r1',
            kind: 'false_positive_path',
            advisory: null,
            ruleId: 'py.exec',
            path: '*.py',
            reason: 'generated',
            priority: 0,
            expiresAt: null,
            createdAt: '2025-01-01T00:00:00.000Z',
            active: true,
          },
        ],
      },
    });
    expect(result.findings).toEqual([]);
    expect(result.gate.passed).toBe(true);
    expect(result.suppressed.map((s) => [s.finding.ruleId, s.kind, s.reason])).toEqual([
      ['js.eval', 'hub', 'accepted risk until 2026-03-01 (hub): internal tool'],
      ['py.exec', 'hub', 'false positive (hub rule): generated'],
    ]);
  });

  it('applies per-rule settings from the config before gating', async () => {
    const config: RampartConfig = {
      ...defaultConfig('/repo'),
      rules: {
        'js.eval': { enabled: false, severity: undefined, exclude: [] },
        'py.exec': { enabled: true, severity: 'low', exclude: [] },
      },
    };
    const result = await run(
      [scannerOf('sast', [at('js.eval', 'a.js', 1), at('py.exec', 'b.py', 1, 'critical')])],
      {},
      config,
    );
    expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([['py.exec', 'low']]);
    expect(result.gate.passed).toBe(true);
    expect(result.suppressed.map((s) => s.kind)).toEqual(['rule-disabled']);
  });

  it('fails the gate at the --fail-on threshold, which overrides the config', async () => {
    const scanners = [scannerOf('sast', [at('js.eval', 'a.js', 1, 'medium')])];
    expect((await run(scanners)).gate.passed).toBe(true);
    const strict = await run(scanners, { failOn: 'medium' });
    expect(strict.gate.passed).toBe(false);
    expect(strict.gate.failing).toHaveLength(1);
  });

  it('keeps the other scanners and the findings so far when one scanner fails', async () => {
    const result = await run([
      scannerOf('sast', [at('js.eval', 'a.js', 1), at('js.eval', 'a.js', 5)], 1),
      scannerOf('secrets', [at('py.exec', 'b.py', 1)]),
    ]);
    expect(result.scanners[0]?.error).toBe('boom');
    expect(result.findings.map((f) => f.ruleId).sort()).toEqual(['js.eval', 'py.exec']);
  });

  it('drops findings that break the schema and counts them', async () => {
    const logger = createMemoryLogger();
    const result = await run(
      [scannerOf('sast', [{ ruleId: 'broken' }, at('js.eval', 'a.js', 1)])],
      { logger },
    );
    expect(result.findings).toHaveLength(1);
    expect(result.scanners[0]?.invalidFindings).toBe(1);
    expect(
      logger.records.some((r) => r.level === 'error' && r.message.includes('invalid finding')),
    ).toBe(true);
  });

  it('de-duplicates findings with the same fingerprint', async () => {
    // The same rule at the same place twice (e.g. two overlapping patterns) is one finding…
    const result = await run([
      scannerOf('sast', [at('py.exec', 'b.py', 1), at('py.exec', 'b.py', 1)]),
    ]);
    expect(result.findings).toHaveLength(1);
    // …and so is a finding that arrives twice with the same given fingerprint.
    const twice = await run([
      scannerOf('sast', [codeDraft({ fingerprint: 'same' }), codeDraft({ fingerprint: 'same' })]),
    ]);
    expect(twice.findings).toHaveLength(1);
  });

  it('reports progress per scanner to the sink and finishes it', async () => {
    const updates: string[] = [];
    let finished = false;
    const sink: ProgressSink = {
      update: (task, done, total) => updates.push(`${task} ${done}/${total}`),
      finish: () => {
        finished = true;
      },
    };
    await run([scannerOf('sast', [at('js.eval', 'a.js', 1), at('py.exec', 'b.py', 1)])], {
      progress: sink,
    });
    expect(updates).toEqual(['sast 0/2', 'sast 1/2', 'sast 2/2']);
    expect(finished).toBe(true);
  });
});
