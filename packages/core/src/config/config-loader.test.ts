import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { findConfigFile, loadConfig, parseConfig, suggestClosest } from './config-loader.js';
import { DEFAULT_MAX_FILE_BYTES, parseByteSize } from './config-schema.js';

function errorOf(text: string): ConfigError {
  try {
    parseConfig(text, 'rampart.yml', '/repo');
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies defaults to an empty file', () => {
    const cfg = parseConfig('', 'rampart.yml', '/repo');
    expect(cfg.failOn).toBe('high');
    expect(cfg.maxFileBytes).toBe(DEFAULT_MAX_FILE_BYTES);
    expect(cfg.exclude).toEqual([]);
    expect(cfg.rules).toEqual({});
    expect(cfg.scanners).toBeUndefined();
  });

  it('reads every documented setting', () => {
    const cfg = parseConfig(
      [
        'version: 1',
        'scanners: [sast, secrets]',
        'failOn: medium',
        'exclude: ["examples/", "**/fixtures/**"]',
        'maxFileSize: 512KiB',
        'baseline: .rampart/baseline.json',
        'rules:',
        '  noisy-rule: off',
        '  another: low',
        '  third: { severity: critical, exclude: ["test/**"] }',
        'secrets:',
        '  entropy: 4.5',
      ].join('\n'),
      '/repo/rampart.yml',
      '/repo',
    );
    expect(cfg.scanners).toEqual(['sast', 'secrets']);
    expect(cfg.failOn).toBe('medium');
    expect(cfg.exclude).toEqual(['examples/', '**/fixtures/**']);
    expect(cfg.maxFileBytes).toBe(512 * 1024);
    expect(cfg.baseline).toBe('/repo/.rampart/baseline.json');
    expect(cfg.rules).toEqual({
      'noisy-rule': { enabled: false, severity: undefined, exclude: [] },
      another: { enabled: true, severity: 'low', exclude: [] },
      third: { enabled: true, severity: 'critical', exclude: ['test/**'] },
    });
    expect(cfg.scannerOptions).toEqual({ secrets: { entropy: 4.5 } });
  });

  it('points at the value of a setting with a wrong value', () => {
    const err = errorOf('scanners: [sast]\nfailOn: hgih\n');
    expect(err.code).toBe('RAMPART_CONFIG_INVALID');
    expect(err.position).toEqual({ file: 'rampart.yml', line: 2, column: 9 });
    expect(err.message).toBe(
      'rampart.yml:2:9: failOn: expected one of critical, high, medium, low, info, never',
    );
  });

  it('points at an unknown key and suggests the likely one', () => {
    const err = errorOf('failOn: high\nexlude: [a]\n');
    expect(err.position).toEqual({ file: 'rampart.yml', line: 2, column: 1 });
    expect(err.message).toContain('unknown key "exlude" (did you mean "exclude"?)');
  });

  it('suggests the keys of a nested rule setting, and names a typo before the key it hides', () => {
    const err = errorOf('rules:\n  my-rule:\n    severty: low\n');
    expect(err.message).toBe(
      'rampart.yml:3:5: rules.my-rule: unknown key "severty" (did you mean "severity"?); expected one of enabled, severity, exclude',
    );
  });

  it('reads the team and the training link, and checks its {module} or {cwe} placeholder', () => {
    const cfg = parseConfig(
      'team:\n  name: payments\n  champion: "@alice"\ntraining:\n  url: https://hub.example.com/training/cwe/{cwe}\n',
      'rampart.yml',
      '/repo',
    );
    expect(cfg.team).toEqual({ name: 'payments', champion: '@alice' });
    expect(cfg.trainingUrl).toBe('https://hub.example.com/training/cwe/{cwe}');
    expect(errorOf('training:\n  url: https://hub.example.com/training\n').message).toBe(
      'rampart.yml:2:8: training.url: expected an http(s) URL with {module} (the training module id) or {cwe} (the CWE number)',
    );
    expect(
      parseConfig(
        'training:\n  url: https://hub.example.com/training/{module}\n',
        'rampart.yml',
        '/repo',
      ).trainingUrl,
    ).toBe('https://hub.example.com/training/{module}');
    expect(errorOf('team:\n  champoin: bob\n').message).toContain(
      'team: unknown key "champoin" (did you mean "champion"?)',
    );
  });

  it('resolves pavedRoad: a path relative to the config, a URL as written, and where it is', () => {
    const local = parseConfig(
      'version: 1\npavedRoad: ../org/paved-road.yml\n',
      'rampart.yml',
      '/repo/svc',
    );
    expect(local.pavedRoad).toEqual({ source: '/repo/org/paved-road.yml', line: 2, column: 12 });
    const url = 'https://hub.example.com/api/v1/paved-road.yml';
    expect(parseConfig(`pavedRoad: ${url}\n`, 'rampart.yml', '/repo').pavedRoad?.source).toBe(url);
    expect(parseConfig('', 'rampart.yml', '/repo').pavedRoad).toBeUndefined();
    expect(errorOf('pavedRoad: ""\n').message).toContain('rampart.yml:1:12: pavedRoad:');
  });

  it('explains a wrong type inside a nested rule setting', () => {
    const err = errorOf('rules:\n  my-rule:\n    severity: huge\n');
    expect(err.position).toEqual({ file: 'rampart.yml', line: 3, column: 15 });
    expect(err.message).toContain('rules.my-rule.severity: expected one of critical, high');
  });

  it('explains the accepted forms of a rule setting that matches none', () => {
    const err = errorOf('rules:\n  my-rule: 12\n');
    expect(err.position).toEqual({ file: 'rampart.yml', line: 2, column: 12 });
    expect(err.message).toContain('rules.my-rule: expected "off", a severity');
  });

  it('reports a YAML syntax error with its line and column on one line', () => {
    const err = errorOf('failOn: high\nexclude: [a, b\nrules: {}\n');
    expect(err.message).toMatch(/^rampart\.yml:\d+:\d+: invalid YAML: /);
    expect(err.message).not.toContain('\n');
  });

  it('rejects duplicate keys', () => {
    const err = errorOf('failOn: high\nfailOn: low\n');
    expect(err.position?.line).toBe(2);
    expect(err.message).toContain('unique');
  });

  it('rejects a top level that is not a mapping', () => {
    expect(errorOf('- a\n- b\n').message).toContain('expected a mapping');
  });

  it('rejects an unknown scanner in the list', () => {
    const err = errorOf('scanners:\n  - sast\n  - antivirus\n');
    expect(err.position).toEqual({ file: 'rampart.yml', line: 3, column: 5 });
  });

  it('never throws anything but a ConfigError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parseConfig(text, 'rampart.yml', '/repo');
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
          expect((err as Error).message).not.toContain('\n');
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseByteSize', () => {
  it('reads units', () => {
    expect(parseByteSize('1MiB')).toBe(1048576);
    expect(parseByteSize('2 MB')).toBe(2_000_000);
    expect(parseByteSize('512kib')).toBe(524288);
    expect(parseByteSize(100)).toBe(100);
    expect(parseByteSize('0')).toBeUndefined();
    expect(parseByteSize('lots')).toBeUndefined();
  });
});

describe('suggestClosest', () => {
  it('suggests only near misses', () => {
    expect(suggestClosest('failon', ['failOn', 'exclude'])).toBe('failOn');
    expect(suggestClosest('zzzzzz', ['failOn', 'exclude'])).toBeUndefined();
  });
});

describe('loadConfig', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds rampart.yml in a parent folder up to the repository top', async () => {
    await mkdir(join(dir, '.git'));
    await mkdir(join(dir, 'src', 'deep'), { recursive: true });
    await writeFile(join(dir, 'rampart.yml'), 'failOn: low\n');
    expect(await findConfigFile(join(dir, 'src', 'deep'))).toBe(join(dir, 'rampart.yml'));
    const cfg = await loadConfig({ root: join(dir, 'src', 'deep') });
    expect(cfg.failOn).toBe('low');
    expect(cfg.baseDir).toBe(dir);
  });

  it('does not look above the repository top', async () => {
    await writeFile(join(dir, 'rampart.yml'), 'failOn: low\n');
    await mkdir(join(dir, 'repo', '.git'), { recursive: true });
    expect(await findConfigFile(join(dir, 'repo'))).toBeUndefined();
    expect((await loadConfig({ root: join(dir, 'repo') })).path).toBeUndefined();
  });

  it('fails with RAMPART_CONFIG_NOT_FOUND for a missing --config file', async () => {
    await expect(
      loadConfig({ root: dir, configFile: join(dir, 'nope.yml') }),
    ).rejects.toMatchObject({
      code: 'RAMPART_CONFIG_NOT_FOUND',
    });
  });
});
