import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanReportSchema } from '@rampart/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './main.js';
import { captureIo, markerScanner } from './test-support/marker-scanner.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-cli-'));
  await mkdir(join(dir, 'src'));
  await writeFile(join(dir, 'src', 'a.js'), 'ok()\nrun() // VULN(high)\n');
  await writeFile(join(dir, 'src', 'b.js'), 'x() // VULN(medium)\n');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const scanners = [markerScanner('sast')];

describe('rampart scan', () => {
  it('prints findings and fails the gate with exit 1 on a high finding', async () => {
    const io = captureIo(dir);
    expect(await runCli(['scan'], { io, scanners })).toBe(1);
    const out = io.stdout.text();
    expect(out).toContain('src/a.js:2:10');
    expect(out).toContain('✖ fails gate');
    expect(out).toContain('CWE-94 Improper Control of Generation of Code');
    expect(out).toContain('gate failed: 1 finding at or above high (1 high)');
    expect(out).not.toContain('\x1b['); // not a TTY: no colours
  });

  it('passes with exit 0 when findings are below --fail-on', async () => {
    const io = captureIo(dir);
    expect(await runCli(['scan', '--fail-on', 'critical'], { io, scanners })).toBe(0);
    expect(io.stdout.text()).toContain('gate passed');
  });

  it('writes a JSON report that matches the documented schema, with the summary on stderr', async () => {
    const io = captureIo(dir);
    expect(await runCli(['scan', '--format', 'json', '--stage', 'pr'], { io, scanners })).toBe(1);
    const report = ScanReportSchema.parse(JSON.parse(io.stdout.text()));
    expect(report.summary.total).toBe(2);
    expect(report.scan.stage).toBe('pr');
    expect(report.gate.failing).toHaveLength(1);
    expect(io.stderr.text()).toContain('gate failed');
  });

  it('writes the report to --output and says so on stderr', async () => {
    const io = captureIo(dir);
    await runCli(['scan', '--format', 'json', '--output', 'out.json'], { io, scanners });
    expect(io.stdout.text()).toBe('');
    expect(JSON.parse(await readFile(join(dir, 'out.json'), 'utf8')).schemaVersion).toBe(1);
    expect(io.stderr.text()).toContain('wrote json report to out.json');
  });

  it('hides baseline findings: baseline create, then scan --baseline reports only new ones', async () => {
    const io = captureIo(dir);
    expect(await runCli(['baseline', 'create'], { io, scanners })).toBe(0);
    expect(io.stderr.text()).toContain('wrote 2 finding(s)');
    await writeFile(join(dir, 'src', 'c.js'), 'VULN(low)\n');
    const io2 = captureIo(dir);
    expect(
      await runCli(['scan', '--format', 'json', '--baseline', 'rampart-baseline.json'], {
        io: io2,
        scanners,
      }),
    ).toBe(0);
    const report = ScanReportSchema.parse(JSON.parse(io2.stdout.text()));
    expect(
      report.findings.map((f) => [f.location.kind === 'code' && f.location.path, f.novelty]),
    ).toEqual([['src/c.js', 'new']]);
    expect(report.suppressed.map((s) => s.kind)).toEqual(['baseline', 'baseline']);
  });

  it('applies rampart.yml: failOn, excludes and per-rule severity', async () => {
    await writeFile(join(dir, 'rampart.yml'), 'failOn: medium\nexclude: [src/a.js]\n');
    const io = captureIo(dir);
    expect(await runCli(['scan'], { io, scanners })).toBe(1);
    expect(io.stdout.text()).not.toContain('src/a.js');
    await writeFile(join(dir, 'rampart.yml'), 'failOn: medium\nrules:\n  sast.test.marker: low\n');
    expect(await runCli(['scan'], { io: captureIo(dir), scanners })).toBe(0);
  });

  it('exits 2 with a one-line file:line:column error for a broken rampart.yml', async () => {
    await writeFile(join(dir, 'rampart.yml'), 'failOn: hgih\n');
    const io = captureIo(dir);
    expect(await runCli(['scan'], { io, scanners })).toBe(2);
    expect(io.stderr.text()).toBe(
      `rampart: ${join(dir, 'rampart.yml')}:1:9: failOn: expected one of critical, high, medium, low, info, never\n`,
    );
  });

  it('exits 2 naming file, line and column for a broken --baseline file', async () => {
    await writeFile(join(dir, 'broken.json'), '{\n  "version": 1,\n  oops\n}\n');
    const io = captureIo(dir);
    expect(await runCli(['scan', '--baseline', 'broken.json'], { io, scanners })).toBe(2);
    expect(io.stderr.text()).toContain(`${join(dir, 'broken.json')}:3:3: invalid JSON`);
  });

  it('exits 2 for usage errors: unknown scanner, bad --fail-on, missing path', async () => {
    const cases = [
      ['scan', '--scanners', 'antivirus'],
      ['scan', '--scanners', 'secrets'],
      ['scan', '--fail-on', 'severe'],
      ['scan', 'no/such/folder'],
      ['scan', '--format', 'pdf'],
      ['frobnicate'],
      ['scan', '--history', '--staged'],
      ['scan', '--history-since', 'no-such-ref'],
    ];
    for (const argv of cases) {
      const io = captureIo(dir);
      expect(await runCli(argv, { io, scanners }), argv.join(' ')).toBe(2);
      expect(io.stderr.text().length, argv.join(' ')).toBeGreaterThan(0);
    }
  });

  it('exits 3 and still reports the other findings when a scanner crashes', async () => {
    const io = captureIo(dir);
    const crashing = [markerScanner('sast', { failOn: 'b.js' }), markerScanner('iac')];
    expect(await runCli(['scan', '--fail-on', 'never'], { io, scanners: crashing })).toBe(3);
    expect(io.stdout.text()).toContain('scanner sast failed: cannot scan src/b.js');
    expect(io.stdout.text()).toContain('iac.test.marker');
  });

  it('shows progress on a TTY, and not in CI or with --no-progress', async () => {
    const tty = captureIo(dir, {}, true);
    await runCli(['scan', '--format', 'json'], { io: tty, scanners });
    expect(tty.stderr.text()).toContain('scanning: sast');
    for (const [env, argv] of [
      [{ CI: 'true' }, []],
      [{}, ['--no-progress']],
    ] as const) {
      const io = captureIo(dir, env, true);
      await runCli(['scan', '--format', 'json', ...argv], { io, scanners });
      expect(io.stderr.text()).not.toContain('scanning:');
    }
    const pipe = captureIo(dir, {}, false);
    await runCli(['scan', '--format', 'json'], { io: pipe, scanners });
    expect(pipe.stderr.text()).not.toContain('scanning:');
  });

  it('scans only files changed since --diff-base in a real git repository', async () => {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
        cwd: dir,
        stdio: 'pipe',
      });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-qm', 'base');
    git('checkout', '-qb', 'feature');
    await writeFile(join(dir, 'src', 'new.js'), 'VULN(critical)\n');
    git('add', '.');
    git('commit', '-qm', 'change');
    const io = captureIo(dir);
    expect(
      await runCli(['scan', '--format', 'json', '--diff-base', 'main'], { io, scanners }),
    ).toBe(1);
    const report = ScanReportSchema.parse(JSON.parse(io.stdout.text()));
    expect(report.findings.map((f) => f.location.kind === 'code' && f.location.path)).toEqual([
      'src/new.js',
    ]);
    expect(report.scan.diffBase).toBe('main');
    expect(report.scan.git?.branch).toBe('feature');
    expect(report.scan.git?.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('honours rampart-ignore comments and .rampartignore', async () => {
    await writeFile(
      join(dir, 'src', 'a.js'),
      'ok()\n// rampart-ignore: sast.test.marker -- reviewed\nrun() // VULN(high)\n',
    );
    await writeFile(join(dir, '.rampartignore'), 'src/b.js\n');
    const io = captureIo(dir);
    expect(await runCli(['scan', '--format', 'json'], { io, scanners })).toBe(0);
    const report = ScanReportSchema.parse(JSON.parse(io.stdout.text()));
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toEqual([
      expect.objectContaining({ kind: 'inline', reason: 'reviewed', location: 'src/a.js:3' }),
    ]);
    expect(report.scan.filesScanned).toBe(2); // a.js and .rampartignore itself
  });
});
