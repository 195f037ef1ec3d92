import type { DastIssue, DastRule, Exchange, SiteCheck, SiteContext } from '../../types.js';
import { Prober } from './probe.js';

/** Scripts whose source maps are looked for. */
const MAX_SCRIPTS = 20;

/** Source maps of production scripts are served: the original sources can be rebuilt. */
export const SOURCE_MAP_EXPOSED: DastRule = {
  id: 'dast/source-map-exposed',
  title: 'JavaScript source map exposed',
  severity: 'low',
  cwe: ['CWE-540'],
  owasp: 'A05:2021',
  remediation: [
    'Source maps let anyone rebuild the original front-end code, comments and file layout included (and sometimes secrets or internal URLs left in it).',
    '',
    "- Do not deploy `.map` files: webpack `devtool: false` (or `hidden-source-map` and upload maps to your error tracker only), Vite `build.sourcemap: false` (or `'hidden'`), esbuild without `--sourcemap` for production.",
    '- If maps must exist, serve them only to your network (nginx: `location ~ \\.map$ { allow 10.0.0.0/8; deny all; }`).',
    '- Remove the `//# sourceMappingURL=` comment and the `SourceMap` header from production bundles.',
  ].join('\n'),
  references: [
    'https://developer.mozilla.org/en-US/docs/Glossary/Source_map',
    'https://cwe.mitre.org/data/definitions/540.html',
  ],
};

/** The map a script declares (SourceMap header, or its last `sourceMappingURL` comment). */
export function declaredMap(script: Exchange): string | undefined {
  const header =
    script.response.headers.get('sourcemap') ?? script.response.headers.get('x-sourcemap');
  if (header) return header.trim();
  const tail = script.response.body.slice(-2_000);
  const comments = [...tail.matchAll(/\/\/[#@]\s*sourceMappingURL\s*=\s*(\S+)/g)];
  return comments.at(-1)?.[1];
}

/** What a source map holds, or undefined when the text is not one. */
export function parseSourceMap(
  text: string,
  truncated: boolean,
): { sources: number; withContent: boolean } | undefined {
  const json = text.replace(/^\)\]\}'[^\n]*\n/, '');
  try {
    const map: unknown = JSON.parse(json);
    if (typeof map !== 'object' || map === null) return undefined;
    const { mappings, sources, sections, sourcesContent } = map as Record<string, unknown>;
    if (Array.isArray(sections)) return { sources: sections.length, withContent: false };
    if (typeof mappings !== 'string' || !Array.isArray(sources)) return undefined;
    return { sources: sources.length, withContent: Array.isArray(sourcesContent) };
  } catch {
    // A map longer than the body limit is cut: recognise it by its start.
    if (
      truncated &&
      /^\s*\{/.test(json) &&
      /"mappings"\s*:/.test(json) &&
      /"sources"\s*:\s*\[/.test(json)
    ) {
      return { sources: -1, withContent: /"sourcesContent"\s*:/.test(json) };
    }
    return undefined;
  }
}

function scripts(site: SiteContext): string[] {
  const out: string[] = [];
  for (const href of site.urls) {
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      continue;
    }
    if (!/\.(?:m|c)?js$/i.test(url.pathname)) continue;
    url.hash = '';
    if (!out.includes(url.href)) out.push(url.href);
    if (out.length >= MAX_SCRIPTS) break;
  }
  return out;
}

/**
 * For each script seen during discovery (at most 20), fetches the map it declares (or
 * `<script>.map`) and reports maps that are served. Inline `data:` maps are reported too.
 * One finding per origin, listing the maps.
 */
export const sourceMapCheck: SiteCheck = {
  id: 'source-map',
  rules: [SOURCE_MAP_EXPOSED],
  async *run(site: SiteContext): AsyncGenerator<DastIssue> {
    const prober = new Prober(site);
    for (const scriptUrl of scripts(site)) {
      if (prober.stopped) return;
      const script = await prober.get(scriptUrl);
      const declared = script && script.response.status < 300 ? declaredMap(script) : undefined;
      if (script && declared?.startsWith('data:')) {
        const b64 = /^data:application\/json[^,]*;base64,(.+)$/i.exec(declared)?.[1];
        const text = b64 ? Buffer.from(b64, 'base64').toString('utf8') : undefined;
        const map = text === undefined ? undefined : parseSourceMap(text, false);
        if (map) {
          yield issue(site, script, scriptUrl, map, 'inline', declared.slice(0, 60));
        }
        continue;
      }
      let mapUrl: string;
      try {
        mapUrl = new URL(declared ?? `${new URL(scriptUrl).pathname}.map`, scriptUrl).href;
      } catch {
        continue;
      }
      const exchange = await prober.found(mapUrl);
      if (!exchange) continue;
      const map = parseSourceMap(exchange.response.body, exchange.response.truncated);
      if (map) yield issue(site, exchange, scriptUrl, map, declared ? 'declared' : 'guessed');
    }
  },
};

function issue(
  site: SiteContext,
  exchange: Exchange,
  scriptUrl: string,
  map: { sources: number; withContent: boolean },
  how: 'inline' | 'declared' | 'guessed',
  proof?: string,
): DastIssue {
  const count = map.sources < 0 ? 'its' : `${map.sources}`;
  const where =
    how === 'inline'
      ? `${scriptUrl} embeds a source map`
      : `The source map ${exchange.request.url} of ${scriptUrl} is served`;
  return {
    ruleId: SOURCE_MAP_EXPOSED.id,
    method: 'GET',
    url: exchange.request.url,
    confidence: 'high',
    exchange,
    proof: proof ?? exchange.response.body.slice(0, 80),
    groupKey: site.origin,
    message: `${where}: it lists ${count} original source files${map.withContent ? ' and their full content' : ''}.`,
    details: { script: scriptUrl, how, sources: map.sources, sourcesContent: map.withContent },
  };
}
