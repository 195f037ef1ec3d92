import { posix } from 'node:path';
import type { LockfileParser, PackageNode, ParseResult } from '../../types.js';
import { JsonDocument } from '../support/json-document.js';
import { normalizePypiName } from './pep508.js';
import { directFromPipfile } from './python-manifests.js';

/**
 * `Pipfile.lock` (pipenv, spec 6): `default` packages are runtime, `develop` packages dev;
 * versions are `==x`. The lock has no dependency graph, so direct dependencies come from the
 * `Pipfile` beside it; without one every package is listed as direct.
 */
export const pipfileLockParser: LockfileParser = {
  id: 'pypi-pipfile-lock',
  ecosystem: 'PyPI',
  description: 'Pipfile.lock (pipenv)',
  matches: (path) => posix.basename(path) === 'Pipfile.lock',
  async parse(text, ctx): Promise<ParseResult> {
    const doc: JsonDocument = new JsonDocument(text, ctx.path);
    doc.object(doc.root, 'Pipfile.lock');
    const notes: string[] = [];
    const manifest = await ctx.readSibling('Pipfile');
    const direct = manifest === undefined ? undefined : directFromPipfile(manifest);
    if (direct === undefined) {
      notes.push(
        manifest === undefined
          ? 'No Pipfile beside Pipfile.lock: every locked package is listed as direct (the lock has no dependency graph).'
          : 'The Pipfile beside Pipfile.lock is not valid TOML: every locked package is listed as direct.',
      );
    }
    notes.push('Pipfile.lock records no dependency graph: dependency paths are not available.');

    const byKey = new Map<string, PackageNode>();
    for (const section of ['default', 'develop'] as const) {
      const node = doc.get(doc.root, section);
      if (node === undefined) continue;
      for (const { key: name, keyNode, value } of doc.entries(node, `"${section}"`)) {
        const what = `${section}.${name}`;
        doc.object(value, what);
        const pin = doc.optionalString(value, 'version', what);
        const vcs = doc.get(value, 'git') ?? doc.get(value, 'hg') ?? doc.get(value, 'svn');
        const local = doc.get(value, 'path') ?? doc.get(value, 'file');
        let version = '';
        if (pin !== undefined) {
          const m = /^===?\s*(\S+)$/.exec(pin);
          if (m === null) doc.fail(value, `${what}: version "${pin}" is not an exact "==" pin`);
          version = m[1] as string;
        } else if (vcs === undefined && local === undefined) {
          doc.fail(value, `${what} has no "version"`);
        }
        const id = normalizePypiName(name);
        const dev = section === 'develop';
        const isDirect = direct === undefined || direct.runtime.has(id) || direct.dev.has(id);
        const key = `${id}@${version}`;
        const seen = byKey.get(key);
        if (seen !== undefined) continue; // in both sections: `default` came first, so runtime
        const source = sourceOf(doc.get(value, 'git') !== undefined, vcs !== undefined, local);
        byKey.set(key, {
          name,
          version,
          direct: isDirect,
          dev,
          line: doc.line(keyNode),
          dependsOn: [],
          ...(source === undefined ? {} : { source }),
        });
      }
    }
    return { ecosystem: 'PyPI', packages: [...byKey.values()], notes };
  },
};

function sourceOf(
  git: boolean,
  vcs: boolean,
  local: { readonly value?: unknown } | undefined,
): 'git' | 'path' | 'url' | undefined {
  if (git) return 'git';
  if (vcs) return 'url';
  if (local === undefined) return undefined;
  return typeof local.value === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(local.value)
    ? 'url'
    : 'path';
}
