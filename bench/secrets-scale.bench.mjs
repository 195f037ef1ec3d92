// Bounded memory at scale: a repository of 100,000 files, and one 1 GB file, each with
// planted credentials. Times the 100k-file scan (median) and reports, for both, the peak
// resident memory of the whole `rampart scan` process (worker threads included), measured by
// a preload that prints `process.resourceUsage().maxRSS` at exit, and whether the planted
// secrets were found.
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../', import.meta.url));
const FILES = 100_000;
const BIG = 1024 ** 3;
const PRELOAD = `data:text/javascript,process.on('exit',()=>process.stderr.write('RAMPART_MAXRSS_KB='+process.resourceUsage().maxRSS+'\\n'))`;

function scanMeasured(target, workDir) {
  const log = join(workDir, 'scale-stderr.txt');
  const started = process.hrtime.bigint();
  const stdout = execFileSync(
    'sh',
    [
      '-c',
      '"$0" --import "$1" "$2" scan "$3" --scanners secrets --format json --fail-on never --no-progress --quiet 2>"$4"',
      process.execPath,
      PRELOAD,
      join(repo, 'packages/cli/bin/rampart.js'),
      target,
      log,
    ],
    { maxBuffer: 1 << 30, encoding: 'utf8' },
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const rss = Number(/RAMPART_MAXRSS_KB=(\d+)/.exec(readFileSync(log, 'utf8'))?.[1] ?? 'NaN');
  const findings = JSON.parse(stdout).findings.length;
  return { ms, rssMb: rss / 1024, findings };
}

async function writeBigFile(path, planted) {
  const chunk = readFileSync(join(repo, 'packages/core/src/target/walker.ts'), 'utf8');
  const out = createWriteStream(path);
  let written = 0;
  let i = 0;
  while (written < BIG) {
    const text =
      i % 1000 === 999
        ? `${chunk}\nGITHUB_TOKEN=${planted[Math.floor(i / 1000) % planted.length]}\n`
        : chunk;
    written += Buffer.byteLength(text);
    i++;
    if (!out.write(text)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
}

export const benchmark = {
  name: 'secrets-scale',
  async setup({ workDir }) {
    const { checksummedToken } = await import('../packages/secrets/dist/test-support/fake.js');
    const planted = Array.from({ length: 10 }, (_, i) => checksummedToken('ghp_', `scale-${i}`));
    const root = join(tmpdir(), 'rampart-bench-secrets-scale');
    const many = join(root, 'many');
    const big = join(root, 'big', 'huge.log');
    if (!existsSync(join(root, '.ready'))) {
      const sample = readFileSync(join(repo, 'packages/core/src/errors.ts'), 'utf8').slice(0, 900);
      for (let i = 0; i < FILES; i++) {
        const dir = join(many, `d${i % 100}`, `e${Math.floor(i / 100) % 100}`);
        if (i < 10_000) mkdirSync(dir, { recursive: true });
        const body = i % 10_000 === 0 ? `${sample}\ntoken = "${planted[i / 10_000]}"\n` : sample;
        writeFileSync(join(dir, `f${i}.ts`), body);
      }
      mkdirSync(join(root, 'big'), { recursive: true });
      await writeBigFile(big, planted);
      // The default limit (1 MiB) skips such a file, saying so; this corpus raises it.
      writeFileSync(join(root, 'big', 'rampart.yml'), 'maxFileSize: 2GiB\n');
      writeFileSync(join(root, '.ready'), '');
    }
    return { many, big, workDir, size: `${FILES} files of ~1 KB (10 planted)` };
  },
  run({ many, workDir }) {
    scanMeasured(many, workDir);
  },
  report({ many, big, workDir }) {
    const a = scanMeasured(many, workDir);
    const b = scanMeasured(big, workDir);
    return [
      `secrets-scale: ${FILES} files: ${(a.ms / 1000).toFixed(1)} s, peak RSS ${a.rssMb.toFixed(0)} MB, ${a.findings} findings (10 planted)`,
      `secrets-scale: one 1 GiB file: ${(b.ms / 1000).toFixed(1)} s, peak RSS ${b.rssMb.toFixed(0)} MB, ${b.findings} findings (10 distinct planted secrets, each many times)`,
    ];
  },
};
