import { posix } from 'node:path';
import { ParseError } from '@rampart/core';
import type { LockfileParser, PackageNode, ParseResult } from '../../types.js';
import { packageKey } from '../../types.js';

/**
 * Bundler's `Gemfile.lock` (and `gems.locked`): the specs of the GEM, GIT and PATH sections
 * (4 spaces: a gem and its version, 6 spaces: one of its dependencies), DEPENDENCIES for the
 * direct gems (`!` marks a gem from a GIT or PATH source), and platform-specific versions
 * such as `1.13.10-x86_64-linux` read as `1.13.10`. A PATH source at `.` is the project's own
 * gemspec: its gem is the root, its dependencies are direct.
 */
export const gemfileLockParser: LockfileParser = {
  id: 'rubygems-gemfile-lock',
  ecosystem: 'RubyGems',
  description: 'Gemfile.lock (Bundler)',
  matches: (path) => ['Gemfile.lock', 'gems.locked'].includes(posix.basename(path)),
  parse(text, ctx): ParseResult {
    function fail(line: number, message: string): never {
      throw new ParseError({ file: ctx.path, line }, message);
    }
    interface Spec {
      readonly name: string;
      readonly version: string;
      readonly line: number;
      readonly deps: Set<string>;
      readonly source?: 'git' | 'path';
      readonly root: boolean;
    }
    const specs = new Map<string, Spec>();
    const direct = new Set<string>();
    const platforms: string[] = [];
    let bundler: string | undefined;
    let section = '';
    let remote = '';
    let current: Spec | undefined;

    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = i + 1;
      const raw = (lines[i] as string).replace(/\r$/, '');
      if (raw.trim() === '') continue;
      const indent = raw.length - raw.trimStart().length;
      const body = raw.trim();
      if (indent === 0) {
        if (!/^[A-Z][A-Z ]*$/.test(body))
          fail(line, `unexpected line outside a section: "${body}"`);
        section = body;
        remote = '';
        current = undefined;
        continue;
      }
      if (section === '') fail(line, 'indented line before any section');
      if (SOURCES.has(section)) {
        if (indent === 2) {
          const kv = /^([a-z_]+):(?: (.*))?$/.exec(body);
          if (kv === null) fail(line, `expected "key: value" in ${section}, got "${body}"`);
          if (kv[1] === 'remote') remote = kv[2] ?? '';
        } else if (indent === 4) {
          const m = /^([^\s(]+) \(([^)\s]+)\)$/.exec(body);
          if (m === null)
            fail(line, `expected "name (version)" in ${section} specs, got "${body}"`);
          const name = m[1] as string;
          // Bundler's own rule: the version ends at the first "-", the platform follows.
          const version = (m[2] as string).split('-')[0] as string;
          if (version === '') fail(line, `gem ${name} has no version`);
          const root = section === 'PATH' && (remote === '.' || remote === './');
          const key = packageKey(name, version);
          const seen = specs.get(key);
          current = seen ?? {
            name,
            version,
            line,
            deps: new Set(),
            root,
            ...(section === 'GIT' ? { source: 'git' as const } : {}),
            ...(section === 'PATH' ? { source: 'path' as const } : {}),
          };
          if (seen === undefined) specs.set(key, current);
        } else if (indent === 6) {
          const m = /^([^\s(!]+)(?: \([^)]*\))?$/.exec(body);
          if (m === null) fail(line, `expected "name (requirement)" under a gem, got "${body}"`);
          if (current === undefined) fail(line, 'a dependency line before any gem in specs');
          current.deps.add(m[1] as string);
        } else {
          fail(line, `unexpected indentation of ${indent} spaces in ${section}`);
        }
      } else if (section === 'DEPENDENCIES') {
        const m = /^([^\s(!]+)(?: \([^)]*\))?(!)?$/.exec(body);
        if (indent !== 2 || m === null)
          fail(line, `expected "name (requirement)" in DEPENDENCIES, got "${body}"`);
        direct.add(m[1] as string);
      } else if (section === 'PLATFORMS') {
        platforms.push(body);
      } else if (section === 'BUNDLED WITH') {
        bundler = body;
      }
      // RUBY VERSION, CHECKSUMS and sections of future Bundlers list no gems.
    }

    const byName = new Map<string, string[]>();
    for (const [key, s] of specs) byName.set(s.name, [...(byName.get(s.name) ?? []), key]);
    const roots = [...specs.values()].filter((s) => s.root);
    for (const root of roots) for (const dep of root.deps) direct.add(dep);
    const rootKeys = new Set(roots.map((r) => packageKey(r.name, r.version)));
    const packages: PackageNode[] = [...specs.values()]
      .filter((s) => !s.root)
      .map((s) => ({
        name: s.name,
        version: s.version,
        direct: direct.has(s.name),
        line: s.line,
        dependsOn: [...s.deps].flatMap((d) => byName.get(d) ?? []).filter((k) => !rootKeys.has(k)),
        ...(s.source === undefined ? {} : { source: s.source }),
      }));

    const notes = [
      'Gemfile.lock does not record Bundler groups: gems are dev only when the graph says so.',
    ];
    const unlocked = [...direct].filter(
      (name) => !byName.has(name) && !roots.some((r) => r.name === name),
    );
    if (unlocked.length > 0) {
      notes.push(
        `${unlocked.length} gem(s) in DEPENDENCIES have no locked spec (${unlocked.join(', ')}), usually because they only install on other platforms.`,
      );
    }
    if (bundler !== undefined) notes.push(`Bundler ${bundler} itself is not listed as a package.`);
    if (platforms.length > 1) {
      notes.push(
        `Locked for ${platforms.length} platforms; platform-specific gems are listed once per version.`,
      );
    }
    return {
      ecosystem: 'RubyGems',
      ...(roots[0] === undefined ? {} : { rootName: roots[0].name }),
      packages,
      notes,
    };
  },
};

const SOURCES = new Set(['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE', 'SVN']);
