import { afterEach, describe, expect, it } from 'vitest';
import { parseSourceMap, sourceMapCheck } from './source-map.js';
import {
  catchAll,
  runCheck,
  type SiteSpec,
  siteContext,
  startSite,
  type TestSite,
} from './test-support.js';

let site: TestSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

async function scan(spec: SiteSpec, paths: string[]) {
  site = await startSite(spec);
  return runCheck(sourceMapCheck, siteContext(site, paths));
}

const JS = { 'content-type': 'application/javascript' };
const MAP = JSON.stringify({
  version: 3,
  file: 'app.js',
  sources: ['src/index.ts', 'src/api.ts'],
  sourcesContent: ['export {}', 'export {}'],
  mappings: 'AAAA,SAAS',
});

describe('dast/source-map-exposed', () => {
  it('reports the map a script declares', async () => {
    const issues = await scan(
      {
        routes: {
          '/assets/app.js': {
            headers: JS,
            body: 'console.log(1);\n//# sourceMappingURL=maps/app.js.map\n',
          },
          '/assets/maps/app.js.map': { headers: { 'content-type': 'application/json' }, body: MAP },
        },
      },
      ['/', '/assets/app.js'],
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      ruleId: 'dast/source-map-exposed',
      url: `${site?.origin}/assets/maps/app.js.map`,
      groupKey: site?.origin,
      details: { how: 'declared', sources: 2, sourcesContent: true },
    });
    expect(issues[0]?.message).toMatch(/2 original source files and their full content/);
  });

  it('guesses <script>.map, and follows a SourceMap header', async () => {
    const issues = await scan(
      {
        routes: {
          '/a.js': { headers: JS, body: 'a()' },
          '/a.js.map': {
            body: JSON.stringify({ version: 3, sources: ['a.ts'], mappings: 'AAAA' }),
          },
          '/b.js': { headers: { ...JS, sourcemap: '/m/b.map' }, body: 'b()' },
          '/m/b.map': { body: MAP },
        },
      },
      ['/a.js?v=3', '/b.js'],
    );
    expect(issues.map((i) => i.details?.how)).toEqual(['guessed', 'declared']);
  });

  it('reports an inline data: map', async () => {
    const inline = Buffer.from(MAP).toString('base64');
    const issues = await scan(
      {
        routes: {
          '/i.js': {
            headers: JS,
            body: `x()\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${inline}`,
          },
        },
      },
      ['/i.js'],
    );
    expect(issues[0]?.details?.how).toBe('inline');
  });

  it.each([
    ['no map', { routes: { '/app.js': { headers: JS, body: 'x()' } } }],
    [
      'an SPA catch-all',
      { routes: { '/app.js': { headers: JS, body: 'x()' } }, fallback: catchAll },
    ],
    [
      'JSON that is not a map',
      {
        routes: {
          '/app.js': { headers: JS, body: 'x()' },
          '/app.js.map': { body: '{"sources":[]}' },
        },
      },
    ],
  ] satisfies [string, SiteSpec][])('does not report %s', async (_name, spec) => {
    expect(await scan(spec, ['/', '/app.js'])).toEqual([]);
  });

  it('does not follow a map declared on another origin', async () => {
    const issues = await scan(
      {
        routes: {
          '/c.js': { headers: JS, body: 'c()\n//# sourceMappingURL=https://cdn.example/c.js.map' },
        },
      },
      ['/c.js'],
    );
    expect(issues).toEqual([]);
    expect(site?.requests).toEqual(['/c.js']);
  });

  it('recognises a map cut at the body limit', () => {
    expect(parseSourceMap('{"version":3,"sources":["a.ts"],"mappings":"AAAA', true)).toEqual({
      sources: -1,
      withContent: false,
    });
    expect(
      parseSourceMap('{"version":3,"sources":["a.ts"],"mappings":"AAAA', false),
    ).toBeUndefined();
  });
});
