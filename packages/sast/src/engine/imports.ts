import type { SgNode } from '@ast-grep/napi';

/**
 * The modules a file imports and the local names they go by, so that a pattern written
 * `child_process.exec(...)` also finds `cp.exec(x)` after `const cp = require('child_process')`
 * and `run(x)` after `import { exec as run } from 'child_process'`.
 */
export interface ImportTable {
  /** Module → local names bound to the whole module (`cp`, `sp`, `ET`). */
  readonly namespaces: ReadonlyMap<string, readonly string[]>;
  /** `module.member` → local names bound to that member (`run`, `call`). */
  readonly members: ReadonlyMap<string, readonly string[]>;
  /** Modules the file `require`s (JavaScript), for `require('m').f(...)`. */
  readonly requireable: ReadonlySet<string>;
}

export const EMPTY_IMPORTS: ImportTable = {
  namespaces: new Map(),
  members: new Map(),
  requireable: new Set(),
};

class Builder {
  readonly namespaces = new Map<string, string[]>();
  readonly members = new Map<string, string[]>();
  readonly requireable = new Set<string>();

  namespace(module: string, local: string): void {
    const list = this.namespaces.get(module) ?? [];
    if (!list.includes(local)) list.push(local);
    this.namespaces.set(module, list);
  }

  member(module: string, name: string, local: string): void {
    const key = `${module}.${name}`;
    const list = this.members.get(key) ?? [];
    if (!list.includes(local)) list.push(local);
    this.members.set(key, list);
  }
}

/** `node:fs` and `fs` are the same module; names that cannot head a dotted pattern are kept too. */
const moduleName = (quoted: string) => quoted.replace(/^['"`]|['"`]$/g, '').replace(/^node:/, '');

/** `{ a, b: c, d = 1 }` (JS destructuring) or `{ a, b as c }` (import clause) → [name, local]. */
function namedPairs(clause: string, separator: RegExp): [string, string][] {
  const inner = clause.replace(/^\s*\{|\}\s*$/g, '');
  const out: [string, string][] = [];
  for (const part of inner.split(',')) {
    const item = part.replace(/=.*$/s, '').trim();
    if (item === '' || item.startsWith('...')) continue;
    const [name, local] = item.split(separator).map((s) => s.trim());
    if (name && /^[A-Za-z_$][\w$]*$/.test(name)) {
      const l = local ?? name;
      if (/^[A-Za-z_$][\w$]*$/.test(l)) out.push([name.replace(/^type\s+/, ''), l]);
    }
  }
  return out;
}

function javascriptImports(root: SgNode, source: string): ImportTable {
  const b = new Builder();
  const rules = [
    ...(source.includes('import') ? [{ kind: 'import_statement' }] : []),
    ...(source.includes('require') ? [{ pattern: 'require($M)' }] : []),
  ];
  if (rules.length === 0) return b;
  // One walk for both kinds of import.
  for (const node of root.findAll({ rule: { any: rules } } as never)) {
    if (node.kind() === 'import_statement') esImport(b, node.text());
    else commonJsRequire(b, node);
  }
  return b;
}

/** `import x, * as y, { a as b } from 'm'`. */
function esImport(b: Builder, text: string): void {
  const from = /from\s*(['"][^'"]+['"])/.exec(text) ?? /^import\s*(['"][^'"]+['"])/.exec(text);
  if (!from) return;
  const module = moduleName(from[1] as string);
  const clause = text.slice(6, from.index).replace(/^\s*type\s+/, '');
  const star = /\*\s*as\s+([A-Za-z_$][\w$]*)/.exec(clause);
  if (star) b.namespace(module, star[1] as string);
  const def = /^\s*([A-Za-z_$][\w$]*)\s*(?:,|$)/.exec(clause);
  if (def) b.namespace(module, def[1] as string);
  const braces = /\{[^}]*\}/.exec(clause);
  if (braces) {
    for (const [name, local] of namedPairs(braces[0], /\s+as\s+/)) {
      if (name === 'default') b.namespace(module, local);
      else b.member(module, name, local);
    }
  }
}

/** `const cp = require('m')`, `const { a: b } = require('m')`, `x = require('m').a`. */
function commonJsRequire(b: Builder, call: SgNode): void {
  const arg = call.getMatch('M');
  if (!arg) return;
  if (arg.kind() !== 'string') return;
  const module = moduleName(arg.text());
  b.requireable.add(module);
  let value: SgNode = call;
  let member: string | undefined;
  const parent = call.parent();
  if (parent?.kind() === 'member_expression') {
    member = parent.field('property')?.text();
    value = parent;
  }
  const holder = value.parent();
  if (!holder) return;
  let target: SgNode | null = null;
  if (holder.kind() === 'variable_declarator') target = holder.field('name');
  else if (holder.kind() === 'assignment_expression') target = holder.field('left');
  if (!target) return;
  if (target.kind() === 'identifier') {
    if (member === undefined) b.namespace(module, target.text());
    else b.member(module, member, target.text());
  } else if (target.kind() === 'object_pattern' && member === undefined) {
    for (const [name, local] of namedPairs(target.text(), /\s*:\s*/)) b.member(module, name, local);
  }
}

function pythonImports(root: SgNode): ImportTable {
  const b = new Builder();
  for (const node of root.findAll({
    rule: { any: [{ kind: 'import_statement' }, { kind: 'import_from_statement' }] },
  })) {
    const text = node.text().replace(/[()\\\n]/g, ' ');
    const from = /^from\s+([\w.]+)\s+import\s+(.+)$/s.exec(text.trim());
    if (from) {
      const module = from[1] as string;
      for (const part of (from[2] as string).split(',')) {
        const m = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
        if (m) b.member(module, m[1] as string, (m[2] ?? m[1]) as string);
      }
      continue;
    }
    const imp = /^import\s+(.+)$/s.exec(text.trim());
    if (!imp) continue;
    for (const part of (imp[1] as string).split(',')) {
      const m = /^\s*([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
      if (m?.[2]) b.namespace(m[1] as string, m[2]);
    }
  }
  return b;
}

/** Reads the import table of a parsed file. */
export function importTable(root: SgNode, source: string, language: string): ImportTable {
  if (language === 'python') {
    return source.includes('import') ? pythonImports(root) : EMPTY_IMPORTS;
  }
  return javascriptImports(root, source);
}
