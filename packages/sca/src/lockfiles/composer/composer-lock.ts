import { posix } from 'node:path';
import type { Node as JsonNode } from 'jsonc-parser';
import type { LockfileParser, PackageNode, ParseResult } from '../../types.js';
// The positioned JSON reader is shared with Pipfile.lock and packages.lock.json.
import { JsonDocument, tryParseJson } from '../support/json-document.js';

/**
 * `composer.lock`: `packages` (runtime) and `packages-dev` (dev), each with its `require`
 * as edges and its `license` array as an SPDX `OR` expression. Versions lose their leading
 * `v` (`v5.4.0` → `5.4.0`). Direct dependencies come from the `composer.json` beside it.
 */
export const composerLockParser: LockfileParser = {
  id: 'packagist-composer-lock',
  ecosystem: 'Packagist',
  description: 'composer.lock (Composer)',
  matches: (path) => posix.basename(path) === 'composer.lock',
  async parse(text, ctx): Promise<ParseResult> {
    const doc: JsonDocument = new JsonDocument(text, ctx.path);
    doc.object(doc.root, 'composer.lock');

    interface Entry {
      readonly name: string;
      readonly version: string;
      readonly dev: boolean;
      readonly line: number;
      readonly requires: readonly string[];
      /** Names this package stands in for (`replace`, `provide`). */
      readonly provides: readonly string[];
      readonly license?: string;
      readonly source?: 'git' | 'path' | 'url';
    }
    const entries: Entry[] = [];
    for (const section of ['packages', 'packages-dev'] as const) {
      const list = doc.get(doc.root, section);
      if (list === undefined || list.type === 'null') continue;
      doc.array(list, `"${section}"`).forEach((item, i) => {
        const what = `${section}[${i}]`;
        doc.object(item, what);
        const name = doc.string(item, 'name', what);
        const version = doc.string(item, 'version', `${what} (${name})`);
        const license = licenseOf(doc, item, `${what} (${name})`);
        const source = sourceOf(doc, item);
        const require = doc.get(item, 'require');
        entries.push({
          name,
          version: /^v\d/.test(version) ? version.slice(1) : version,
          dev: section === 'packages-dev',
          line: doc.line(item),
          requires:
            require === undefined || require.type === 'array' // PHP writes an empty map as []
              ? []
              : doc.entries(require, `${what} (${name}) "require"`).map((e) => e.key.toLowerCase()),
          provides: ['replace', 'provide'].flatMap((key) => {
            const map = doc.get(item, key);
            return map?.type === 'object'
              ? doc.entries(map, key).map((e) => e.key.toLowerCase())
              : [];
          }),
          ...(license === undefined ? {} : { license }),
          ...(source === undefined ? {} : { source }),
        });
      });
    }

    const keyByName = new Map<string, string>();
    for (const e of entries) {
      for (const name of e.provides) keyByName.set(name, `${e.name}@${e.version}`);
    }
    for (const e of entries) keyByName.set(e.name.toLowerCase(), `${e.name}@${e.version}`);
    const notes: string[] = [];
    const manifestText = await ctx.readSibling('composer.json');
    const manifest = manifestText === undefined ? undefined : directOf(tryParseJson(manifestText));
    if (manifestText === undefined) {
      notes.push(
        'No composer.json beside composer.lock: direct dependencies are unknown, so every package is listed as transitive.',
      );
    } else if (manifest === undefined) {
      notes.push(
        'The composer.json beside composer.lock is not valid JSON: direct dependencies are unknown.',
      );
    }
    const packages: PackageNode[] = entries.map((e) => ({
      name: e.name,
      version: e.version,
      direct: manifest?.names.has(e.name.toLowerCase()) ?? false,
      dev: e.dev,
      line: e.line,
      dependsOn: e.requires.flatMap((r) => keyByName.get(r) ?? []),
      ...(e.license === undefined ? {} : { license: e.license }),
      ...(e.source === undefined ? {} : { source: e.source }),
    }));
    return {
      ecosystem: 'Packagist',
      ...(manifest?.rootName === undefined ? {} : { rootName: manifest.rootName }),
      packages,
      notes,
    };
  },
};

/** `["MIT"]` → `MIT`; `["BSD-3-Clause", "GPL-2.0-only"]` → `BSD-3-Clause OR GPL-2.0-only`. */
function licenseOf(doc: JsonDocument, item: JsonNode, what: string): string | undefined {
  const node = doc.get(item, 'license');
  if (node === undefined || node.type === 'null') return undefined;
  if (node.type === 'string') return node.value as string;
  const ids = doc.array(node, `${what} "license"`).map((n) => {
    if (n.type !== 'string') doc.fail(n, `${what}: a "license" entry is not a string`);
    return n.value as string;
  });
  if (ids.length === 0) return undefined;
  return ids.length === 1 ? ids[0] : ids.map((id) => (/\s/.test(id) ? `(${id})` : id)).join(' OR ');
}

/** Dist or source of type `path` is local; a dev branch from git is a git checkout. */
function sourceOf(doc: JsonDocument, item: JsonNode): 'git' | 'path' | undefined {
  const dist = doc.get(item, 'dist');
  if (dist?.type === 'object' && doc.get(dist, 'type')?.value === 'path') return 'path';
  const version = doc.get(item, 'version')?.value;
  const source = doc.get(item, 'source');
  const isDevBranch =
    typeof version === 'string' && (version.startsWith('dev-') || version.endsWith('-dev'));
  if (isDevBranch && source?.type === 'object' && doc.get(source, 'type')?.value === 'git')
    return 'git';
  return undefined;
}

const PLATFORM =
  /^(php(-64bit|-ipv6|-zts|-debug)?|hhvm|ext-.+|lib-.+|composer(-plugin|-runtime)?-api|composer)$/;

/** Package names in `require` and `require-dev` of composer.json, lower-cased. */
function directOf(json: unknown): { names: Set<string>; rootName?: string } | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const record = json as Record<string, unknown>;
  const names = new Set<string>();
  for (const key of ['require', 'require-dev']) {
    const section = record[key];
    if (typeof section !== 'object' || section === null) continue;
    for (const name of Object.keys(section)) {
      if (!PLATFORM.test(name.toLowerCase())) names.add(name.toLowerCase());
    }
  }
  return typeof record.name === 'string' ? { names, rootName: record.name } : { names };
}
