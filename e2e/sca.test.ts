import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRampart } from './support/run-cli.js';

const osvDir = fileURLToPath(new URL('../../shared/data/osv', import.meta.url));
const hasOsv = existsSync(join(osvDir, 'npm', 'all.zip'));

// A project whose lockfile pins lodash 4.17.4 (two advisories in the npm OSV data, fixed in
// 4.17.5 and 4.17.11) directly, and jsonwebtoken 4.0.0 only as a dev dependency.
const lock = {
  name: 'shop',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': {
      name: 'shop',
      version: '1.0.0',
      license: 'MIT',
      dependencies: { lodash: '^4.17.4' },
      devDependencies: { jsonwebtoken: '4.0.0' },
    },
    'node_modules/lodash': { version: '4.17.4', license: 'MIT' },
    'node_modules/jsonwebtoken': { version: '4.0.0', dev: true, license: 'MIT' },
  },
};

let dir: string;
let cache: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-e2e-sca-'));
  cache = join(dir, '.cache');
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app', 'package-lock.json'), JSON.stringify(lock, null, 2));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rampart(args: string[], env: Record<string, string> = {}) {
  return runRampart(dir, args, { RAMPART_CACHE_DIR: cache, ...env });
}

/** `rampart scan ARGS --format json --fail-on never`: the exit code and the sorted rule ids. */
function scanIds(args: string[]): { status: number | null; stderr: string; ids: string[] } {
  const { status, stdout, stderr } = rampart([
    'scan',
    ...args,
    '--format',
    'json',
    '--fail-on',
    'never',
  ]);
  const report = JSON.parse(stdout) as { findings: { ruleId: string }[] };
  return { status, stderr, ids: report.findings.map((f) => f.ruleId).sort() };
}

describe('without a database', () => {
  it('fails clearly (exit 2, with the command to run) when sca is asked for by name', () => {
    const { status, stderr } = rampart(['scan', 'app', '--scanners', 'sca']);
    expect(status).toBe(2);
    expect(stderr).toContain('no OSV database');
    expect(stderr).toContain('rampart db update');
  });

  it('warns and goes on when sca only runs by default', () => {
    const { status, stderr } = rampart(['scan', 'app', '--fail-on', 'low']);
    expect(status).toBe(0);
    expect(stderr).toMatch(/2 dependencies were NOT checked/);
  });

  it('db status says there is none (exit 2)', () => {
    const { status, stderr } = rampart(['db', 'status']);
    expect(status).toBe(2);
    expect(stderr).toContain('no OSV database');
  });
});

describe.skipIf(!hasOsv)('with the OSV data imported', () => {
  beforeAll(() => {
    const { status, stderr } = rampart(['db', 'update', '--from', osvDir, '--ecosystems', 'npm']);
    expect(stderr).toContain('npm: 468 added');
    expect(status).toBe(0);
  });

  it('db status lists the ecosystem', () => {
    const { status, stdout } = rampart(['db', 'status', '--format', 'json']);
    expect(status).toBe(0);
    const parsed = JSON.parse(stdout) as {
      ecosystems: { ecosystem: string; advisories: number }[];
    };
    expect(parsed.ecosystems).toMatchObject([{ ecosystem: 'npm', advisories: 468, ageDays: 0 }]);
  });

  it('reports each advisory once per package with the smallest fix, path and location', () => {
    const { status, stdout } = rampart([
      'scan',
      'app',
      '--scanners',
      'sca',
      '--format',
      'json',
      '--fail-on',
      'critical',
    ]);
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as {
      findings: {
        ruleId: string;
        severity: string;
        location: {
          name: string;
          fixedVersions: string[];
          manifestPath: string;
          line?: number;
          dev?: boolean;
        };
        properties: { fixedIn?: string };
      }[];
    };
    const byId = Object.fromEntries(report.findings.map((f) => [f.ruleId, f]));
    expect(Object.keys(byId).sort()).toEqual(['NSWG-ECO-17', 'NSWG-ECO-368', 'NSWG-ECO-493']);
    expect(byId['NSWG-ECO-368']?.properties.fixedIn).toBe('4.17.5');
    expect(byId['NSWG-ECO-493']?.properties.fixedIn).toBe('4.17.11');
    expect(byId['NSWG-ECO-368']?.location).toMatchObject({
      name: 'lodash',
      manifestPath: 'package-lock.json',
      dev: false,
    });
    expect(byId['NSWG-ECO-17']?.location.dev).toBe(true);
    expect(byId['NSWG-ECO-17']?.severity).toBe('high');
  });

  it('downgrades or ignores dev-only findings when rampart.yml says so', () => {
    writeFileSync(join(dir, 'app', 'rampart.yml'), 'sca:\n  devDependencies: ignore\n');
    const { ids } = scanIds(['app', '--scanners', 'sca']);
    rmSync(join(dir, 'app', 'rampart.yml'));
    expect(ids).not.toContain('NSWG-ECO-17');
    expect(ids).toContain('NSWG-ECO-368');
  });

  it('writes an SBOM and scans it as input with the same results', () => {
    const sbom = rampart(['sbom', 'app', '--output', 'bom.out.json']);
    expect(sbom.status).toBe(0);
    const bom = JSON.parse(readFileSync(join(dir, 'bom.out.json'), 'utf8')) as {
      specVersion: string;
      components: { purl: string }[];
    };
    expect(bom.specVersion).toBe('1.6');
    expect(bom.components.map((c) => c.purl).sort()).toEqual([
      'pkg:npm/jsonwebtoken@4.0.0',
      'pkg:npm/lodash@4.17.4',
    ]);
    const scan = scanIds(['--sbom', 'bom.out.json']);
    expect(scan.status).toBe(0);
    expect(scan.ids).toEqual(['NSWG-ECO-17', 'NSWG-ECO-368', 'NSWG-ECO-493']);
  });

  it('names the file and line of a broken lockfile and goes on with the others', () => {
    mkdirSync(join(dir, 'broken'), { recursive: true });
    writeFileSync(
      join(dir, 'broken', 'package-lock.json'),
      '{\n  "lockfileVersion": 3,\n  "packages": {\n',
    );
    const { stderr, ids } = scanIds(['.', '--scanners', 'sca']);
    expect(stderr).toMatch(/broken\/package-lock\.json:\d+/);
    expect(ids).toContain('NSWG-ECO-368');
    rmSync(join(dir, 'broken'), { recursive: true });
  });
});
