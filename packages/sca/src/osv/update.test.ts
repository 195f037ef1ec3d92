import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { osvRecord, writeOsvArchive } from '../test-support/osv-archives.js';
import { hasSharedData, SHARED_DATA } from '../test-support/shared-data.js';
import { databasePath, OsvStore } from './store.js';
import { updateDatabase } from './update.js';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'rampart-osv-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function openStore(cacheDir: string): OsvStore {
  const store = OsvStore.open(databasePath(cacheDir), { create: false });
  if (!store) throw new Error('no database');
  return store;
}

describe('updateDatabase from a folder', () => {
  it('imports records, skips unchanged ones, updates modified ones and removes gone ones', async () => {
    const src = join(work, 'src');
    const cache = join(work, 'cache');
    writeOsvArchive(src, 'npm', [
      osvRecord('GHSA-aaaa', { aliases: ['CVE-2024-1'] }),
      osvRecord('GHSA-bbbb', { name: 'lodash' }),
    ]);
    const first = await updateDatabase({ cacheDir: cache, from: src, ecosystems: ['npm'] });
    expect(first).toMatchObject([
      { ecosystem: 'npm', outcome: 'imported', counts: { added: 2, updated: 0, removed: 0 } },
    ]);

    writeOsvArchive(src, 'npm', [
      osvRecord('GHSA-aaaa', { aliases: ['CVE-2024-1'] }),
      osvRecord('GHSA-cccc', { name: 'lodash', modified: '2024-02-02T00:00:00Z' }),
    ]);
    const second = await updateDatabase({ cacheDir: cache, from: src, ecosystems: ['npm'] });
    expect(second).toMatchObject([
      { outcome: 'imported', counts: { added: 1, updated: 0, unchanged: 1, removed: 1 } },
    ]);
    const store = openStore(cache);
    expect(store.advisoriesFor('npm', 'lodash').map((a) => a.advisory.id)).toEqual(['GHSA-cccc']);
    expect(store.advisoriesFor('npm', 'left-pad')[0]?.advisory.aliases).toEqual(['CVE-2024-1']);
    expect(store.advisory('GHSA-bbbb')).toBeUndefined();
    expect(store.status()).toMatchObject([
      { ecosystem: 'npm', advisories: 2, packages: 2, newestModified: '2024-02-02T00:00:00Z' },
    ]);
    store.close();
  });

  it('rewrites a record whose modified changed', async () => {
    const src = join(work, 'src');
    const cache = join(work, 'cache');
    writeOsvArchive(src, 'npm', [osvRecord('GHSA-aaaa', { summary: 'old' })]);
    await updateDatabase({ cacheDir: cache, from: src, ecosystems: ['npm'] });
    writeOsvArchive(src, 'npm', [
      osvRecord('GHSA-aaaa', { summary: 'new', modified: '2025-01-01T00:00:00Z' }),
    ]);
    const result = await updateDatabase({ cacheDir: cache, from: src, ecosystems: ['npm'] });
    expect(result[0]).toMatchObject({ counts: { updated: 1 } });
    const store = openStore(cache);
    expect(store.advisory('GHSA-aaaa')?.summary).toBe('new');
    store.close();
  });

  it('normalises PyPI names for lookup and keeps only entries of the archive ecosystem', async () => {
    const src = join(work, 'src');
    const cache = join(work, 'cache');
    const record = osvRecord('PYSEC-1', { ecosystem: 'PyPI', name: 'Django_Rest.Framework' });
    (record.affected as unknown[]).push({
      package: { ecosystem: 'npm', name: 'django-rest-framework' },
      versions: ['1.0.0'],
    });
    writeOsvArchive(src, 'PyPI', [record]);
    await updateDatabase({ cacheDir: cache, from: src, ecosystems: ['PyPI'] });
    const store = openStore(cache);
    expect(store.advisoriesFor('PyPI', 'django-rest-framework')).toHaveLength(1);
    expect(store.advisoriesFor('PyPI', 'DJANGO_REST_FRAMEWORK')).toHaveLength(1);
    expect(store.advisoriesFor('npm', 'django-rest-framework')).toHaveLength(0);
    store.close();
  });

  it('rolls a bad archive back whole, names the entry, and goes on with the next ecosystem', async () => {
    const src = join(work, 'src');
    const cache = join(work, 'cache');
    writeOsvArchive(src, 'npm', [osvRecord('GHSA-good')]);
    writeOsvArchive(src, 'PyPI', [osvRecord('PYSEC-1', { ecosystem: 'PyPI', name: 'x' })]);
    await updateDatabase({ cacheDir: cache, from: src, ecosystems: ['npm', 'PyPI'] });

    writeOsvArchive(src, 'npm', [
      osvRecord('GHSA-new'),
      { name: 'GHSA-broken.json', text: '{"id": "GHSA-broken", "modified": ' },
    ]);
    writeOsvArchive(src, 'PyPI', [
      osvRecord('PYSEC-1', { ecosystem: 'PyPI', name: 'x' }),
      osvRecord('PYSEC-2', { ecosystem: 'PyPI', name: 'y' }),
    ]);
    const result = await updateDatabase({
      cacheDir: cache,
      from: src,
      ecosystems: ['npm', 'PyPI'],
    });
    expect(result[0]).toMatchObject({ ecosystem: 'npm', outcome: 'failed' });
    expect(result[0]?.outcome === 'failed' && result[0].error).toMatch(
      /npm[/\\]all\.zip: GHSA-broken\.json: not valid JSON/,
    );
    expect(result[1]).toMatchObject({ ecosystem: 'PyPI', outcome: 'imported' });
    const store = openStore(cache);
    expect(store.advisoriesFor('npm', 'left-pad').map((a) => a.advisory.id)).toEqual(['GHSA-good']);
    expect(store.advisory('GHSA-new')).toBeUndefined();
    store.close();
  });

  it('rejects a record without the OSV shape, naming the field', async () => {
    const src = join(work, 'src');
    writeOsvArchive(src, 'npm', [
      {
        id: 'GHSA-x',
        modified: '2024-01-01T00:00:00Z',
        affected: [
          {
            package: { ecosystem: 'npm', name: 'a' },
            ranges: [{ type: 'SEMVER', events: [{ introduced: '0', fixed: '1' }] }],
          },
        ],
      },
    ]);
    const [result] = await updateDatabase({
      cacheDir: join(work, 'c'),
      from: src,
      ecosystems: ['npm'],
    });
    expect(result?.outcome === 'failed' && result.error).toMatch(
      /GHSA-x\.json: not an OSV record: GHSA-x\.affected\[0\]\.ranges\[0\]\.events\[0\]: must have exactly one/,
    );
  });

  it('reports a corrupt archive and an absent one', async () => {
    const src = join(work, 'src');
    writeOsvArchive(src, 'npm', [osvRecord('GHSA-a')]);
    writeFileSync(join(src, 'npm', 'all.zip'), 'PK\u0003\u0004 truncated');
    const result = await updateDatabase({
      cacheDir: join(work, 'c'),
      from: src,
      ecosystems: ['npm', 'Go'],
    });
    expect(result[0]).toMatchObject({ outcome: 'failed' });
    expect(result[0]?.outcome === 'failed' && result[0].error).toContain('all.zip');
    expect(result[1]).toMatchObject({ ecosystem: 'Go', outcome: 'missing' });
  });

  it('refuses a --from that is neither a URL nor a folder', async () => {
    await expect(
      updateDatabase({ cacheDir: join(work, 'c'), from: join(work, 'nope') }),
    ).rejects.toMatchObject({ code: 'RAMPART_USAGE' });
  });
});

describe('updateDatabase over HTTP (a loopback server)', () => {
  const servers: Server[] = [];
  afterAll(() => {
    for (const s of servers) s.close();
  });

  async function serve(dir: string): Promise<{ url: string; requests: string[] }> {
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url} ${req.headers['if-none-match'] ?? '-'}`);
      const file = join(dir, decodeURIComponent(req.url ?? '/'));
      let body: Buffer;
      try {
        // rampart-ignore: js-path-traversal-fs -- a loopback test server of the test's own files
        body = readFileSync(file);
      } catch {
        res.writeHead(404).end();
        return;
      }
      const etag = `"${body.length}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, { etag, 'content-length': body.length }).end(body);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
  }

  it('downloads, then asks conditionally and skips an unchanged archive', async () => {
    const src = join(work, 'src');
    writeOsvArchive(src, 'npm', [osvRecord('GHSA-a'), osvRecord('GHSA-b', { name: 'b' })]);
    const { url, requests } = await serve(src);
    const cache = join(work, 'cache');
    const first = await updateDatabase({ cacheDir: cache, from: url, ecosystems: ['npm', 'Go'] });
    expect(first).toMatchObject([
      { ecosystem: 'npm', outcome: 'imported', counts: { added: 2 } },
      { ecosystem: 'Go', outcome: 'missing' },
    ]);
    const second = await updateDatabase({ cacheDir: cache, from: `${url}/`, ecosystems: ['npm'] });
    expect(second).toMatchObject([{ ecosystem: 'npm', outcome: 'unchanged' }]);
    expect(requests[0]).toBe('GET /npm/all.zip -');
    expect(requests[2]).toMatch(/^GET \/npm\/all\.zip "\d+"$/);
    const store = openStore(cache);
    expect(store.status()[0]?.source).toBe(`${url}/npm/all.zip`);
    store.close();
  });

  it('reports a server error as a failure of that ecosystem', async () => {
    const server = createServer((_req, res) => res.writeHead(500).end());
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const [result] = await updateDatabase({
      cacheDir: join(work, 'c'),
      from: url,
      ecosystems: ['npm'],
    });
    expect(result?.outcome === 'failed' && result.error).toContain('HTTP 500');
  });
});

describe.skipIf(!hasSharedData)('the real OSV archives in ../shared/data/osv', () => {
  it('imports every ecosystem with the record counts the data README gives', async () => {
    const cache = join(work, 'cache');
    const result = await updateDatabase({ cacheDir: cache, from: join(SHARED_DATA, 'osv') });
    expect(result.every((r) => r.outcome === 'imported')).toBe(true);
    const store = openStore(cache);
    const counts = Object.fromEntries(store.status().map((s) => [s.ecosystem, s.advisories]));
    expect(counts).toEqual({
      Go: 4291,
      PyPI: 2661,
      Packagist: 1592,
      RubyGems: 1234,
      'crates.io': 1206,
      npm: 468,
      Maven: 5,
      NuGet: 1,
    });
    const log4j = store.advisoriesFor('Maven', 'org.apache.logging.log4j:log4j-core');
    expect(log4j.map((a) => a.advisory.id)).toContain('GHSA-jfh8-c2jp-5v3q');
    store.close();
  }, 120_000);

  it('imports the same archives served over HTTP by a loopback server', async () => {
    const dir = join(SHARED_DATA, 'osv');
    const server = createServer((req, res) => {
      const path = decodeURIComponent(req.url ?? '/');
      try {
        // rampart-ignore: js-path-traversal-fs -- a loopback test server of the shared test data
        const body = readFileSync(join(dir, path));
        res.writeHead(200, { 'content-length': body.length }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const cache = join(work, 'cache');
      const result = await updateDatabase({
        cacheDir: cache,
        from: url,
        ecosystems: ['npm', 'Maven'],
      });
      expect(result).toMatchObject([
        { ecosystem: 'npm', outcome: 'imported', counts: { added: 468 } },
        { ecosystem: 'Maven', outcome: 'imported', counts: { added: 5 } },
      ]);
      const store = openStore(cache);
      expect(store.advisoriesFor('npm', 'lodash').length).toBeGreaterThan(0);
      store.close();
    } finally {
      server.close();
    }
  }, 60_000);
});
