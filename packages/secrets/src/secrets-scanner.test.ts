import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FindingDraft } from '@rampart/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretsScanner } from './secrets-scanner.js';
import { checksummedToken } from './test-support/fake.js';
import { scanFolder } from './test-support/run-scanner.js';

const token = checksummedToken('ghp_', 'scanner-test');
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function scan(
  files: Record<string, string>,
  secrets?: Record<string, unknown>,
): Promise<FindingDraft[]> {
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return scanFolder(createSecretsScanner(), dir, secrets ? { secrets } : {});
}

describe('the secrets scanner', () => {
  it('reports a token with its exact place, a redacted snippet and a salted hash', async () => {
    const [f, ...rest] = await scan({
      'deploy.sh': `#!/bin/sh\nexport GITHUB_TOKEN=${token} # for the release\n`,
    });
    expect(rest).toEqual([]);
    expect(f?.ruleId).toBe('secrets/github-classic-pat');
    expect(f?.location).toEqual({
      kind: 'code',
      path: 'deploy.sh',
      region: { startLine: 2, startColumn: 21, endLine: 2, endColumn: 61 },
      snippet: `export GITHUB_TOKEN=${token.slice(0, 4)}************ # for the release`,
    });
    expect(f?.secret?.preview).toBe('ghp_************');
    expect(f?.secret?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(f)).not.toContain(token);
  });

  it('changes the hash with the configured salt', async () => {
    const [a] = await scan({ 'a.env': `T=${token}\n` });
    const [b] = await scan({ 'a.env': `T=${token}\n` }, { hashSalt: 'our-org-salt-2026' });
    expect(a?.secret?.hash).not.toBe(b?.secret?.hash);
  });

  it('finds a token inside base64-encoded text and reports the encoded run', async () => {
    const encoded = Buffer.from(`{"auth":"${token}","user":"ci-bot"}`).toString('base64');
    const [f] = await scan({ 'config.yml': `dockerconfig: ${encoded}\n` });
    expect(f?.ruleId).toBe('secrets/github-classic-pat');
    expect(f?.properties).toMatchObject({ encoding: 'base64' });
    expect(f?.location.kind === 'code' && f.location.region.startColumn).toBe(15);
    expect(JSON.stringify(f)).not.toContain(encoded);
    expect(
      await scan({ 'config.yml': `dockerconfig: ${encoded}\n` }, { decodeBase64: false }),
    ).toEqual([]);
  });

  it('honours gitleaks:allow and pragma: allowlist secret on the line', async () => {
    expect(
      await scan({
        'a.py': `T = "${token}"  # gitleaks:allow\nU = "${token}"  # pragma: allowlist secret\n`,
      }),
    ).toEqual([]);
  });

  it('honours allow regexes from the config, per detector or for all', async () => {
    const files = { 'a.txt': `T=${token} # ci-fixture\n` };
    expect(await scan(files, { allow: [{ regex: 'ci-fixture' }] })).toEqual([]);
    expect(
      await scan(files, { allow: [{ detector: 'some-other', regex: 'ci-fixture' }] }),
    ).toHaveLength(1);
  });

  it('rejects a broken secrets section naming the setting', async () => {
    await expect(scan({ 'a.txt': 'x' }, { allow: [{ regex: '(' }] })).rejects.toThrow(
      /secrets\.allow\.0\.regex/,
    );
    await expect(scan({ 'a.txt': 'x' }, { hashSalt: 'short' })).rejects.toMatchObject({
      code: 'RAMPART_CONFIG_INVALID',
    });
  });

  it('finds nothing in ordinary files', async () => {
    const integrity = `sha512-${Buffer.alloc(64, 7).toString('base64')}`;
    expect(
      await scan({
        'package-lock.json': `{"integrity": "${integrity}", "resolved": "https://registry.example/x.tgz"}\n`,
        'ids.txt':
          'commit 3f786850e387550fdab836ed7e6dc881de23001b\nid 123e4567-e89b-12d3-a456-426614174000\n',
      }),
    ).toEqual([]);
  });
});
