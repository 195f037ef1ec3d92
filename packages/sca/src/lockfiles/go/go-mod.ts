import { posix } from 'node:path';
import { ParseError } from '@rampart/core';
import type { LockfileParser, PackageNode, ParseContext, ParseResult } from '../../types.js';
import { packageKey } from '../../types.js';

/**
 * `go.mod`: `require` lines and blocks (`// indirect` marks transitive modules), `replace`
 * directives applied, `exclude`/`retract` ignored, the `module` path as the root. Go's minimal
 * version selection records every module the build needs in go.mod (Go 1.17+), but not which
 * one requires which, so there are no edges. A `go.sum` beside it is only checked for the
 * presence of every module.
 */
export const goModParser: LockfileParser = {
  id: 'go-mod',
  ecosystem: 'Go',
  description: 'go.mod (Go modules)',
  matches: (path) => posix.basename(path) === 'go.mod',
  parse: (text, ctx) => parseGoMod(text, ctx),
};

/** One directive line: its verb (from the block it sits in), arguments, comment and line. */
interface Directive {
  readonly verb: string;
  readonly args: readonly string[];
  readonly comment: string;
  readonly line: number;
}

interface Replacement {
  readonly oldVersion: string | undefined;
  readonly path: string;
  readonly version: string | undefined;
}

const VERBS = new Set([
  'module',
  'go',
  'toolchain',
  'godebug',
  'require',
  'replace',
  'exclude',
  'retract',
  'tool',
  'ignore',
]);
const VERSION = /^v\d+(\.\d+){0,2}([-+][0-9A-Za-z.+-]*)?$/;
const LOCAL = /^(\.{1,2}[/\\]|\/|[A-Za-z]:[/\\])|^\.{1,2}$/;

async function parseGoMod(text: string, ctx: ParseContext): Promise<ParseResult> {
  function fail(line: number, message: string): never {
    throw new ParseError({ file: ctx.path, line }, message);
  }
  let moduleName: string | undefined;
  const notes: string[] = [];
  const requires: { path: string; version: string; indirect: boolean; line: number }[] = [];
  const replaces = new Map<string, Replacement[]>();

  for (const d of directives(text, fail)) {
    switch (d.verb) {
      case 'module':
        if (d.args.length !== 1) fail(d.line, 'usage: module module/path');
        moduleName = d.args[0];
        break;
      case 'go':
      case 'toolchain':
        if (d.args.length !== 1) fail(d.line, `usage: ${d.verb} <version>`);
        notes.push(
          `${d.verb} ${d.args[0]}: the Go standard library and toolchain are not listed as packages; check them separately (e.g. with govulncheck).`,
        );
        break;
      case 'require': {
        if (d.args.length !== 2) fail(d.line, 'usage: require module/path v1.2.3');
        const [path, version] = d.args as [string, string];
        if (!VERSION.test(version)) fail(d.line, `invalid version "${version}" of ${path}`);
        requires.push({ path, version, indirect: isIndirect(d.comment), line: d.line });
        break;
      }
      case 'replace': {
        const arrow = d.args.indexOf('=>');
        const left = d.args.slice(0, arrow);
        const right = d.args.slice(arrow + 1);
        if (
          arrow === -1 ||
          left.length < 1 ||
          left.length > 2 ||
          right.length < 1 ||
          right.length > 2
        ) {
          fail(
            d.line,
            'usage: replace module/path [v1.2.3] => other/module v1.4.5 (or ./local/dir)',
          );
        }
        const to = right[0] as string;
        if (right.length === 1 && !LOCAL.test(to)) {
          fail(d.line, `replacement module ${to} needs a version (or a ./local path)`);
        }
        for (const v of [left[1], right[1]]) {
          if (v !== undefined && !VERSION.test(v)) fail(d.line, `invalid version "${v}"`);
        }
        const from = left[0] as string;
        replaces.set(from, [
          ...(replaces.get(from) ?? []),
          { oldVersion: left[1], path: to, version: right[1] },
        ]);
        break;
      }
      default:
        break; // exclude, retract, godebug, tool, ignore: nothing to list
    }
  }

  const byKey = new Map<string, PackageNode>();
  const replaced: string[] = [];
  for (const req of requires) {
    const options = replaces.get(req.path) ?? [];
    const rule =
      options.find((r) => r.oldVersion === req.version) ??
      options.find((r) => r.oldVersion === undefined);
    let node: PackageNode = {
      name: req.path,
      version: req.version,
      direct: !req.indirect,
      dev: false,
      line: req.line,
      dependsOn: [],
    };
    if (rule !== undefined) {
      const local = rule.version === undefined;
      node = local
        ? { ...node, version: '', source: 'path' }
        : { ...node, name: rule.path, version: rule.version as string };
      replaced.push(`${req.path}@${req.version} => ${rule.path}${local ? '' : `@${rule.version}`}`);
    }
    const key = packageKey(node.name, node.version);
    const seen = byKey.get(key);
    if (seen === undefined) byKey.set(key, node);
    else if (node.direct && !seen.direct) byKey.set(key, { ...seen, direct: true });
  }
  if (replaced.length > 0) {
    notes.push(
      `Applied replace directives: ${replaced.join(', ')}; local replacements have no version.`,
    );
  }
  notes.push(
    'go.mod does not record which module requires which: dependency paths are not available.',
  );

  const sum = await ctx.readSibling('go.sum');
  if (sum !== undefined) {
    const listed = new Set<string>();
    for (const line of sum.split('\n')) {
      const [path, version] = line.trim().split(/\s+/);
      if (path && version) listed.add(`${path} ${version.replace(/\/go\.mod$/, '')}`);
    }
    const missing = [...byKey.values()].filter(
      (n) => n.source !== 'path' && !listed.has(`${n.name} ${n.version}`),
    );
    if (missing.length > 0) {
      notes.push(
        `${missing.length} module(s) are missing from go.sum (${missing
          .slice(0, 5)
          .map((n) => `${n.name}@${n.version}`)
          .join(', ')}${missing.length > 5 ? ', …' : ''}): run \`go mod tidy\`.`,
      );
    }
  }

  return {
    ecosystem: 'Go',
    ...(moduleName === undefined ? {} : { rootName: moduleName }),
    packages: [...byKey.values()],
    notes,
  };
}

/** `// indirect` or `// indirect; other notes`, as the go command reads it. */
function isIndirect(comment: string): boolean {
  const c = comment.trim();
  return c === 'indirect' || c.startsWith('indirect;');
}

/** The directives of a go.mod, with block members (`require ( ... )`) expanded. */
function directives(text: string, fail: (line: number, message: string) => never): Directive[] {
  const out: Directive[] = [];
  let block: { verb: string; line: number } | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const { tokens, comment } = tokenize(lines[i] as string, line, fail);
    if (tokens.length === 0) continue;
    if (block !== undefined) {
      if (tokens[0] === ')') {
        if (tokens.length > 1) fail(line, 'unexpected text after ")"');
        block = undefined;
        continue;
      }
      if (tokens.includes('(') || tokens.includes(')')) fail(line, 'unexpected parenthesis');
      out.push({ verb: block.verb, args: tokens, comment, line });
      continue;
    }
    const verb = tokens[0] as string;
    if (!VERBS.has(verb)) fail(line, `unknown directive: ${verb}`);
    if (tokens[1] === '(') {
      if (tokens.length > 2) fail(line, 'unexpected text after "("');
      block = { verb, line };
      continue;
    }
    const args = tokens.slice(1);
    if (args.includes('(') || args.includes(')')) fail(line, 'unexpected parenthesis');
    out.push({ verb, args, comment, line });
  }
  if (block !== undefined) fail(block.line, `the ${block.verb} block is never closed with ")"`);
  return out;
}

/** Splits a line into tokens (quoted strings unquoted, `(`/`)` separate) and its comment. */
function tokenize(
  raw: string,
  line: number,
  fail: (line: number, message: string) => never,
): { tokens: string[]; comment: string } {
  const tokens: string[] = [];
  let i = 0;
  while (i < raw.length) {
    const c = raw[i] as string;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (raw.startsWith('//', i)) {
      return { tokens, comment: raw.slice(i + 2) };
    } else if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
    } else if (c === '"' || c === '`') {
      let j = i + 1;
      let value = '';
      while (j < raw.length && raw[j] !== c) {
        if (c === '"' && raw[j] === '\\' && j + 1 < raw.length) j++;
        value += raw[j];
        j++;
      }
      if (j >= raw.length) fail(line, 'unterminated quoted string');
      tokens.push(value);
      i = j + 1;
    } else {
      let j = i;
      while (j < raw.length && !/[\s()"`]/.test(raw[j] as string) && !raw.startsWith('//', j)) j++;
      tokens.push(raw.slice(i, j));
      i = j;
    }
  }
  return { tokens, comment: '' };
}
