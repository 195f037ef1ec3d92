// Dependency analysis speed.
// 1. sca-match: a 2,000-package npm lockfile (real name@version pairs taken from the
//    juice-shop and NodeGoat lockfiles in ../shared/data) matched against the whole OSV
//    corpus of ../shared/data/osv, already imported (warm). Timed twice: the whole
//    `rampart scan --scanners sca` process, and in-process parse + match (the library call the
//    hub makes; the goal is under 300 ms). The cold import of the database is reported too.
// 2. sbom: `rampart sbom` of this repository vs @cyclonedx/cyclonedx-npm (installed from npm
//    into bench/.work/peers) on the same tree, and whether both list the same components.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanJson } from './lib.mjs';

const repo = fileURLToPath(new URL('../', import.meta.url));
const shared = join(repo, '..', 'shared', 'data');
const bin = join(repo, 'packages/cli/bin/rampart.js');
const PACKAGES = 2000;

function realPackages() {
  const seen = new Map();
  for (const file of [
    'juice-shop-juice-shop-2026-package-lock.json',
    'OWASP-NodeGoat-package-lock.json',
  ]) {
    const lock = JSON.parse(readFileSync(join(shared, 'lockfiles/npm', file), 'utf8'));
    for (const [path, entry] of Object.entries(lock.packages ?? {})) {
      if (!path.startsWith('node_modules/') || !entry.version || entry.link) continue;
      const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
      const key = `${name}@${entry.version}`;
      if (!seen.has(key)) seen.set(key, { name, version: entry.version });
    }
  }
  return [...seen.values()];
}

/** A lockfile v3 with `PACKAGES` packages; same-name packages nest under a direct one. */
function lockfileOf(packages) {
  const chosen = packages.slice(0, PACKAGES);
  const lock = {
    name: 'bench',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {},
  };
  const root = { name: 'bench', version: '1.0.0', dependencies: {} };
  lock.packages[''] = root;
  const top = new Map();
  let nested = 0;
  for (const p of chosen) {
    if (!top.has(p.name)) {
      top.set(p.name, p);
      root.dependencies[p.name] = p.version;
      lock.packages[`node_modules/${p.name}`] = { version: p.version };
    } else {
      const parent = [...top.keys()][nested++ % top.size];
      lock.packages[`node_modules/${parent}/node_modules/${p.name}`] = { version: p.version };
    }
  }
  return lock;
}

function ensurePeers(peersDir) {
  if (existsSync(join(peersDir, 'node_modules', '.bin', 'cyclonedx-npm'))) return;
  mkdirSync(peersDir, { recursive: true });
  if (!existsSync(join(peersDir, 'package.json')))
    writeFileSync(join(peersDir, 'package.json'), '{"private":true}');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '@cyclonedx/cyclonedx-npm@6'], {
    cwd: peersDir,
    stdio: 'inherit',
  });
}

function componentsOf(bom) {
  const out = new Set();
  const walk = (list) => {
    for (const c of list ?? []) {
      if (typeof c.purl === 'string' && c.purl.startsWith('pkg:npm/')) {
        out.add(decodeURIComponent(c.purl.split('?')[0]));
      }
      walk(c.components);
    }
  };
  walk(bom.components);
  return out;
}

export const benchmark = {
  name: 'sca',
  async setup({ workDir }) {
    const root = join(tmpdir(), 'rampart-bench-sca');
    rmSync(root, { recursive: true, force: true });
    const project = join(root, 'project');
    mkdirSync(project, { recursive: true });
    writeFileSync(
      join(project, 'package-lock.json'),
      JSON.stringify(lockfileOf(realPackages()), null, 2),
    );
    const cache = join(root, 'cache');
    const started = performance.now();
    execFileSync(
      process.execPath,
      [bin, 'db', 'update', '--from', join(shared, 'osv'), '--quiet', '--no-progress'],
      {
        env: { ...process.env, RAMPART_CACHE_DIR: cache },
        stdio: 'inherit',
      },
    );
    const coldImportMs = performance.now() - started;
    let peersReady = true;
    try {
      ensurePeers(join(workDir, 'peers'));
    } catch {
      peersReady = false;
    }
    return {
      project,
      cache,
      coldImportMs,
      peersDir: join(workDir, 'peers'),
      peersReady,
      size: `${PACKAGES}-package lockfile vs all of shared/data/osv (rampart scan --scanners sca, whole process)`,
    };
  },
  run({ project, cache }) {
    scanJson(project, 'sca', { RAMPART_CACHE_DIR: cache });
  },
  async report({ project, cache, coldImportMs, peersDir, peersReady }) {
    const sca = await import('../packages/sca/dist/index.js');
    const { createScanTarget, silentLogger } = await import('../packages/core/dist/index.js');
    const store = sca.OsvStore.open(sca.databasePath(cache), { create: false, readonly: true });
    const logger = silentLogger;
    const samples = [];
    let found = 0;
    let deps = 0;
    for (let i = 0; i < 6; i++) {
      const t = performance.now();
      const target = await createScanTarget(project, {});
      const collected = await sca.collectDependencies(target, logger);
      found = sca.matchDependencies(collected.dependencies, store).length;
      deps = collected.dependencies.length;
      if (i > 0) samples.push(performance.now() - t);
    }
    store.close();
    samples.sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)];
    const lines = [
      `sca: OSV cold import of every ecosystem in shared/data/osv (12,958 records): ${(coldImportMs / 1000).toFixed(1)} s`,
      `sca: in-process parse + match of ${deps} packages, warm: median ${median.toFixed(0)} ms (goal < 300 ms), ${found} vulnerabilities`,
    ];

    // SBOM of this repository: rampart vs cyclonedx-npm.
    const time = (fn) => {
      const t = performance.now();
      fn();
      return performance.now() - t;
    };
    const ours = [];
    let ourBom;
    for (let i = 0; i < 3; i++) {
      ours.push(
        time(() => {
          ourBom = JSON.parse(
            execFileSync(process.execPath, [bin, 'sbom', repo, '--quiet'], {
              maxBuffer: 1 << 30,
              encoding: 'utf8',
            }),
          );
        }),
      );
    }
    ours.sort((a, b) => a - b);
    lines.push(
      `sbom: rampart sbom of this repository: median ${ours[1].toFixed(0)} ms, ${componentsOf(ourBom).size} npm components`,
    );
    if (peersReady) {
      // cyclonedx-npm's default reads the installed tree (npm ls); --package-lock-only reads
      // the lockfile, as rampart does: the component sets are compared in that mode.
      for (const [mode, extra] of [
        ['--package-lock-only', ['--package-lock-only']],
        ['default (installed tree)', []],
      ]) {
        const theirs = [];
        let theirBom;
        for (let i = 0; i < 3; i++) {
          theirs.push(
            time(() => {
              theirBom = JSON.parse(
                execFileSync(
                  join(peersDir, 'node_modules/.bin/cyclonedx-npm'),
                  ['--output-format', 'JSON', '--flatten-components', ...extra],
                  {
                    cwd: repo,
                    maxBuffer: 1 << 30,
                    encoding: 'utf8',
                    stdio: ['ignore', 'pipe', 'ignore'],
                  },
                ),
              );
            }),
          );
        }
        theirs.sort((a, b) => a - b);
        const a = componentsOf(ourBom);
        const b = componentsOf(theirBom);
        const onlyOurs = [...a].filter((x) => !b.has(x));
        const onlyTheirs = [...b].filter((x) => !a.has(x));
        lines.push(
          `sbom: cyclonedx-npm 6 ${mode}: median ${theirs[1].toFixed(0)} ms, ${b.size} npm components → rampart is ${(theirs[1] / ours[1]).toFixed(1)}× faster (goal ≥ 5×); only in rampart's: ${onlyOurs.length}${onlyOurs.length ? ` (e.g. ${onlyOurs.slice(0, 3).join(', ')})` : ''}, only in cyclonedx-npm's: ${onlyTheirs.length}${onlyTheirs.length ? ` (e.g. ${onlyTheirs.slice(0, 3).join(', ')})` : ''}`,
        );
      }
    } else lines.push('sbom: cyclonedx-npm could not be installed; no comparison');
    return lines;
  },
};
