import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRampart } from './support/run-cli.js';
import { githubToken } from './support/tokens.js';

const planted = [githubToken('planted-one'), githubToken('planted-two')];
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-e2e-secrets-'));
  writeFileSync(join(dir, '.env'), `GITHUB_TOKEN=${planted[0]}\n`);
  writeFileSync(
    join(dir, 'deploy.yml'),
    `steps:\n  - run: gh auth login --with-token <<< "${planted[1]}"\n`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rampart(args: string[]) {
  return runRampart(dir, args);
}

describe('rampart scan with the secrets scanner', () => {
  it('fails the gate on committed tokens', () => {
    const { status, stdout } = rampart(['scan', '--scanners', 'secrets']);
    expect(status).toBe(1);
    expect(stdout).toContain('secrets/github-classic-pat');
    expect(stdout).toContain('.env:1:14');
  });

  it.each(['text', 'json', 'sarif', 'junit', 'markdown', 'html'])(
    'never prints a planted secret in the %s report, nor in verbose logs',
    (format) => {
      const { stdout, stderr } = rampart(['scan', '--format', format, '--verbose']);
      for (const secret of planted) {
        expect(stdout).not.toContain(secret);
        expect(stderr).not.toContain(secret);
      }
    },
  );

  it('never writes a planted secret into a baseline or a report file', () => {
    rampart(['baseline', 'create', '--output', 'baseline.json']);
    rampart(['scan', '--format', 'sarif', '--output', 'out.sarif']);
    for (const file of ['baseline.json', 'out.sarif']) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const secret of planted) expect(text).not.toContain(secret);
    }
  });
});
