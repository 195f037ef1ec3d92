import type { Binding, Match } from './evaluate.js';
import { fieldOf, type TreeNode } from './syntax-tree.js';

/** Where tainted data comes from: a source match, or (inside a function summary) a parameter. */
type Origin =
  | { readonly kind: 'source'; readonly start: number; readonly end: number }
  | { readonly kind: 'param'; readonly index: number };

type Taint = ReadonlySet<Origin>;
const CLEAN: Taint = new Set();

/** A source that reached a sink, possibly through a call of a function of the same file. */
export interface TaintFlow {
  readonly sink: Match;
  /** The source matches whose data reaches the sink, in file order. */
  readonly sources: readonly { readonly start: number; readonly end: number }[];
  /** The call sites the data went through, outermost first (UTF-16 offsets). */
  readonly via: readonly number[];
}

/** The parts of a taint rule, evaluated on one file. */
export interface TaintInputs {
  readonly sources: readonly Match[];
  readonly sinks: readonly Match[];
  readonly sanitizers: readonly Match[];
  /** Where each propagator matched: taint of the `from` code flows into the `to` code. */
  readonly propagators: readonly { readonly from: Binding; readonly to: Binding }[];
}

const FUNCTION_KINDS = new Set([
  'function_declaration',
  'generator_function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'method_definition',
  'function_definition',
  'lambda',
]);
const LOOP_KINDS = new Set([
  'for_statement',
  'for_in_statement',
  'while_statement',
  'do_statement',
]);
const CONDITIONAL_KINDS = new Set([
  'if_statement',
  'else_clause',
  'elif_clause',
  'switch_case',
  'switch_default',
  'ternary_expression',
  'conditional_expression',
  'try_statement',
  'catch_clause',
  'except_clause',
]);
/** Methods that put their arguments into the receiver (`list.push(x)`, `d.update(x)`). */
const MUTATORS = new Set([
  'push',
  'unshift',
  'splice',
  'append',
  'extend',
  'insert',
  'add',
  'set',
  'update',
  'setdefault',
  'appendleft',
]);
const COMMENT_KINDS = new Set(['comment', 'decorator', 'type_annotation', 'type']);
const MAX_DEPTH = 1500;

interface Summary {
  /** The origins of the return value: parameters (by index) and sources. */
  returns: Taint;
  /** Sinks that a parameter reaches inside the function. */
  paramSinks: { index: number; sink: Match }[];
}

interface Frame {
  env: Map<string, Taint>;
  returns: Set<Origin>;
  /** How many conditional constructs enclose the current point within this function. */
  conditional: number;
  /** Set while computing a summary: sink hits by parameters are recorded, not reported. */
  summary: Summary | undefined;
}

/** The static access path of an expression (`req.query.id`, `self.x`), if it has one. */
function accessPath(node: TreeNode, text: (n: TreeNode) => string): string | undefined {
  switch (node.kind) {
    case 'identifier':
    case 'this':
    case 'shorthand_property_identifier':
    case 'shorthand_property_identifier_pattern':
      return text(node);
    case 'member_expression':
    case 'attribute': {
      const object = fieldOf(node, 'object');
      const property = fieldOf(node, node.kind === 'attribute' ? 'attribute' : 'property');
      if (!object || !property) return undefined;
      const base = accessPath(object, text);
      return base === undefined ? undefined : `${base}.${text(property)}`;
    }
    case 'subscript_expression':
    case 'subscript': {
      const object = fieldOf(node, node.kind === 'subscript' ? 'value' : 'object');
      const index = fieldOf(node, node.kind === 'subscript' ? 'subscript' : 'index');
      if (!object) return undefined;
      const base = accessPath(object, text);
      if (base === undefined) return undefined;
      const key = index && index.kind === 'string' ? text(index).slice(1, -1) : undefined;
      return key !== undefined && /^[\w$]+$/.test(key) ? `${base}.${key}` : base;
    }
    case 'parenthesized_expression': {
      const inner = node.children[0];
      return inner ? accessPath(inner, text) : undefined;
    }
    default:
      return undefined;
  }
}

/** The outermost function nodes under `node` (not `node` itself). */
function nestedFunctions(node: TreeNode): TreeNode[] {
  const out: TreeNode[] = [];
  const stack = [...node.children];
  while (stack.length > 0) {
    const n = stack.pop() as TreeNode;
    if (FUNCTION_KINDS.has(n.kind)) out.push(n);
    else stack.push(...n.children);
  }
  return out;
}

const union = (...taints: Taint[]): Taint => {
  const nonEmpty = taints.filter((t) => t.size > 0);
  if (nonEmpty.length === 0) return CLEAN;
  if (nonEmpty.length === 1) return nonEmpty[0] as Taint;
  const out = new Set<Origin>();
  for (const t of nonEmpty) for (const o of t) out.add(o);
  return out;
};

const inside = (node: TreeNode, m: { start: number; end: number }) =>
  m.start <= node.start && node.end <= m.end;

/**
 * Semgrep-style taint tracking over one file's tree: data from source matches flows
 * through assignments, destructuring, concatenation and template literals, object
 * properties, array elements, return values, calls of functions defined in the same file
 * (through summaries) and calls of other functions (argument or receiver in, result out);
 * sanitizer matches stop it; a tainted expression inside a sink match is a flow.
 *
 * Flow within a function is followed in source order; an assignment inside a branch or
 * a loop adds taint but never removes it, and loops are walked twice.
 */
export class TaintAnalysis {
  private readonly flows = new Map<string, TaintFlow>();
  private readonly functions = new Map<string, TreeNode[]>();
  private readonly summaries = new Map<TreeNode, Summary | 'busy'>();
  private readonly sourceOrigins: Origin[];
  private readonly lastTaint = new Map<TreeNode, Taint>();
  private depth = 0;
  private via: number[] = [];
  /** The function being walked (the whole file at the top). */
  private scope: { start: number; end: number };
  private readonly exactSinks = new Set<Match>();

  constructor(
    private readonly root: TreeNode,
    private readonly source: string,
    private readonly inputs: TaintInputs,
  ) {
    this.sourceOrigins = inputs.sources.map((m) => ({
      kind: 'source',
      start: m.start,
      end: m.end,
    }));
    this.scope = { start: root.start, end: root.end };
    this.indexFunctions(root);
  }

  /** Every source-to-sink flow in the file, one per sink match, in file order. */
  run(): TaintFlow[] {
    this.body(this.root, {
      env: new Map(),
      returns: new Set(),
      conditional: 0,
      summary: undefined,
    });
    return [...this.flows.values()].sort((a, b) => a.sink.start - b.sink.start);
  }

  private text = (node: TreeNode): string => this.source.slice(node.start, node.end);

  /** Functions of the file by the name calls use: `f(...)`, `this.f(...)`, `self.f(...)`. */
  private indexFunctions(root: TreeNode): void {
    const bySpan = new Map<string, Match[]>();
    for (const sink of this.inputs.sinks) {
      const key = `${sink.start}:${sink.end}`;
      bySpan.set(key, [...(bySpan.get(key) ?? []), sink]);
    }
    const stack = [root];
    while (stack.length > 0) {
      const node = stack.pop() as TreeNode;
      for (const sink of bySpan.get(`${node.start}:${node.end}`) ?? []) this.exactSinks.add(sink);
      let name: TreeNode | undefined;
      if (FUNCTION_KINDS.has(node.kind)) name = fieldOf(node, 'name');
      if (node.kind === 'variable_declarator' || node.kind === 'assignment_expression') {
        const value = fieldOf(node, node.kind === 'variable_declarator' ? 'value' : 'right');
        const target = fieldOf(node, node.kind === 'variable_declarator' ? 'name' : 'left');
        if (value && FUNCTION_KINDS.has(value.kind) && target?.kind === 'identifier')
          this.addFunction(this.text(target), value);
      }
      if (name && (name.kind === 'identifier' || name.kind === 'property_identifier'))
        this.addFunction(this.text(name), node);
      stack.push(...node.children);
    }
  }

  private addFunction(name: string, node: TreeNode): void {
    const list = this.functions.get(name) ?? [];
    list.push(node);
    this.functions.set(name, list);
  }

  /** Walks a function body (or the whole file) in a frame. */
  private body(node: TreeNode, frame: Frame): void {
    for (const child of node.children) this.visit(child, frame);
  }

  private sourceTaint(node: TreeNode): Taint {
    let out: Set<Origin> | undefined;
    this.inputs.sources.forEach((m, i) => {
      if (inside(node, m)) {
        out ??= new Set();
        out.add(this.sourceOrigins[i] as Origin);
      }
    });
    return out ?? CLEAN;
  }

  /**
   * True when a sanitizer match holds the node. A match that holds the whole function
   * being walked (`lookup(() => { ... })`) sanitizes that call's value, not the code of the
   * functions written inside it.
   */
  private sanitized(node: TreeNode): boolean {
    const scope = this.scope;
    return this.inputs.sanitizers.some(
      (m) => inside(node, m) && scope.start <= m.start && m.end <= scope.end,
    );
  }

  /** The taint of a node's value, binding what it assigns on the way. */
  private visit(node: TreeNode, frame: Frame): Taint {
    if (COMMENT_KINDS.has(node.kind)) return CLEAN;
    if (this.depth > MAX_DEPTH) return CLEAN;
    this.depth++;
    try {
      let taint: Taint;
      if (this.sanitized(node)) {
        // The value is clean, but functions written inside it still run.
        for (const fn of nestedFunctions(node)) this.closure(fn, frame);
        taint = CLEAN;
      } else {
        const direct = this.sourceTaint(node);
        taint =
          direct.size > 0 ? union(direct, this.compute(node, frame)) : this.compute(node, frame);
      }
      if (taint.size > 0) {
        this.lastTaint.set(node, taint);
        this.checkSinks(node, taint, frame);
      }
      return taint;
    } finally {
      this.depth--;
    }
  }

  /**
   * A sink is reached when the code it matches is tainted: the node with exactly its
   * range, as in Semgrep (so `f(g(x))` is not reached when `g` returns clean data). A sink
   * that is no single node (a regex match) is reached by any tainted code inside it.
   */
  private checkSinks(node: TreeNode, taint: Taint, frame: Frame): void {
    for (const sink of this.inputs.sinks) {
      const reached = this.exactSinks.has(sink)
        ? node.start === sink.start && node.end === sink.end
        : inside(node, sink);
      if (!reached) continue;
      const sources: { start: number; end: number }[] = [];
      for (const origin of taint) {
        if (origin.kind === 'source') sources.push({ start: origin.start, end: origin.end });
        else frame.summary?.paramSinks.push({ index: origin.index, sink });
      }
      if (sources.length > 0) this.record(sink, sources);
    }
  }

  private record(sink: Match, sources: { start: number; end: number }[]): void {
    const key = `${sink.start}:${sink.end}`;
    const known = this.flows.get(key);
    const all = [...(known?.sources ?? []), ...sources].filter(
      (s, i, list) => list.findIndex((o) => o.start === s.start && o.end === s.end) === i,
    );
    all.sort((a, b) => a.start - b.start);
    this.flows.set(key, { sink, sources: all, via: known?.via ?? [...this.via] });
  }

  private lookup(path: string, frame: Frame): Taint {
    const found: Taint[] = [];
    const parts = path.split('.');
    for (let i = 1; i <= parts.length; i++) {
      const t = frame.env.get(parts.slice(0, i).join('.'));
      if (t) found.push(t);
    }
    const prefix = `${path}.`;
    for (const [key, t] of frame.env) if (key.startsWith(prefix)) found.push(t);
    return union(...found);
  }

  /** Binds a target (name, path, destructuring pattern) to a taint. */
  private bind(target: TreeNode, taint: Taint, frame: Frame, strong: boolean): void {
    const own = this.sanitized(target) ? CLEAN : this.sourceTaint(target);
    const value = own.size > 0 ? union(taint, own) : taint;
    switch (target.kind) {
      case 'object_pattern':
      case 'array_pattern':
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'expression_list':
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
      case 'rest_pattern':
      case 'as_pattern_target':
      case 'required_parameter':
      case 'optional_parameter':
      case 'typed_parameter':
      case 'default_parameter':
      case 'typed_default_parameter':
        for (const child of target.children) {
          // A default value is not the target: `{ a = 1 }`, `def f(b=2)`.
          if (child.field === 'value') continue;
          this.bind(child, value, frame, strong);
        }
        return;
      case 'pair_pattern': {
        const inner = fieldOf(target, 'value');
        if (inner) this.bind(inner, value, frame, strong);
        return;
      }
      case 'assignment_pattern':
      case 'object_assignment_pattern': {
        const left = fieldOf(target, 'left') ?? target.children[0];
        if (left) this.bind(left, value, frame, strong);
        return;
      }
      default:
        break;
    }
    const path = accessPath(target, this.text);
    if (path === undefined) return;
    const isWhole =
      target.kind === 'identifier' || target.kind === 'shorthand_property_identifier_pattern';
    const update =
      strong &&
      frame.conditional === 0 &&
      (isWhole || target.kind === 'member_expression' || target.kind === 'attribute');
    // `a[i] = x` taints `a` itself (accessPath drops a non-constant index).
    if (update) {
      if (value.size === 0) {
        frame.env.delete(path);
        for (const k of [...frame.env.keys()]) if (k.startsWith(`${path}.`)) frame.env.delete(k);
      } else frame.env.set(path, value);
    } else if (value.size > 0) {
      frame.env.set(path, union(frame.env.get(path) ?? CLEAN, value));
    }
  }

  private compute(node: TreeNode, frame: Frame): Taint {
    const k = node.kind;
    if (FUNCTION_KINDS.has(k)) {
      this.closure(node, frame);
      return CLEAN;
    }
    switch (k) {
      case 'identifier':
      case 'shorthand_property_identifier':
        return this.lookup(this.text(node), frame);
      case 'property_identifier':
      case 'string_fragment':
      case 'string_content':
      case 'string_start':
      case 'string_end':
      case 'escape_sequence':
      case 'number':
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'null':
      case 'undefined':
      case 'none':
      case 'regex':
        return CLEAN;
      case 'member_expression':
      case 'attribute': {
        const object = fieldOf(node, 'object');
        const base = object ? this.visit(object, frame) : CLEAN;
        const path = accessPath(node, this.text);
        return path === undefined ? base : union(base, this.lookup(path, frame));
      }
      case 'subscript_expression':
      case 'subscript': {
        const object = fieldOf(node, k === 'subscript' ? 'value' : 'object');
        const index = fieldOf(node, k === 'subscript' ? 'subscript' : 'index');
        if (index) this.visit(index, frame);
        const base = object ? this.visit(object, frame) : CLEAN;
        const path = accessPath(node, this.text);
        return path === undefined ? base : union(base, this.lookup(path, frame));
      }
      case 'variable_declarator': {
        const value = fieldOf(node, 'value');
        const name = fieldOf(node, 'name');
        const t = value ? this.visit(value, frame) : CLEAN;
        if (name) this.bind(name, t, frame, true);
        return CLEAN;
      }
      case 'assignment_expression':
      case 'assignment': {
        const right = fieldOf(node, 'right');
        const left = fieldOf(node, 'left');
        const t = right ? this.visit(right, frame) : CLEAN;
        if (left) {
          this.visitTargetParts(left, frame);
          this.bind(
            left,
            t,
            frame,
            left.kind !== 'subscript_expression' && left.kind !== 'subscript',
          );
        }
        return t;
      }
      case 'augmented_assignment_expression':
      case 'augmented_assignment': {
        const right = fieldOf(node, 'right');
        const left = fieldOf(node, 'left');
        const t = union(
          right ? this.visit(right, frame) : CLEAN,
          left ? this.visit(left, frame) : CLEAN,
        );
        if (left) this.bind(left, t, frame, false);
        return t;
      }
      case 'as_pattern': {
        const value = node.children[0];
        const target = node.children[node.children.length - 1];
        const t = value ? this.visit(value, frame) : CLEAN;
        if (target && target !== value) this.bind(target, t, frame, true);
        return t;
      }
      case 'call_expression':
      case 'call':
      case 'new_expression':
        return this.call(node, frame);
      case 'return_statement':
      case 'yield_expression':
      case 'yield': {
        const t = union(...node.children.map((c) => this.visit(c, frame)));
        for (const o of t) frame.returns.add(o);
        return CLEAN;
      }
      case 'for_in_statement':
      case 'for_statement': {
        const right = fieldOf(node, 'right');
        const left = fieldOf(node, 'left');
        frame.conditional++;
        try {
          const t = right ? this.visit(right, frame) : CLEAN;
          if (left && right) this.bind(left, t, frame, false);
          const rest = node.children.filter((c) => c !== left && c !== right);
          for (let pass = 0; pass < 2; pass++) for (const c of rest) this.visit(c, frame);
        } finally {
          frame.conditional--;
        }
        return CLEAN;
      }
      default:
        break;
    }
    if (LOOP_KINDS.has(k)) {
      frame.conditional++;
      try {
        for (let pass = 0; pass < 2; pass++) for (const c of node.children) this.visit(c, frame);
      } finally {
        frame.conditional--;
      }
      return CLEAN;
    }
    if (CONDITIONAL_KINDS.has(k)) {
      // The condition runs unconditionally; the branches may not.
      const [first, ...rest] = node.children;
      const out: Taint[] = [];
      if (first) out.push(this.visit(first, frame));
      frame.conditional++;
      try {
        for (const c of rest) out.push(this.visit(c, frame));
      } finally {
        frame.conditional--;
      }
      // A conditional's value is one of its branches: `c ? a : b` (JS), `a if c else b` (Python).
      if (k === 'ternary_expression') return union(out[1] ?? CLEAN, out[2] ?? CLEAN);
      if (k === 'conditional_expression') return union(out[0] ?? CLEAN, out[2] ?? CLEAN);
      return CLEAN;
    }
    if (k === 'keyword_argument') {
      const value = fieldOf(node, 'value');
      return value ? this.visit(value, frame) : CLEAN;
    }
    if (k === 'pair') {
      const value = fieldOf(node, 'value');
      const key = fieldOf(node, 'key');
      if (key && key.kind === 'computed_property_name') this.visit(key, frame);
      return value ? this.visit(value, frame) : CLEAN;
    }
    return union(...node.children.map((c) => this.visit(c, frame)));
  }

  /**
   * Visits the expressions an assignment target reads (`a[i]`'s `i`, `o[k][p]`'s `o[k]`,
   * `f().x`'s call), so sinks among them are checked (`obj[req.query.k][p] = v`).
   */
  private visitTargetParts(target: TreeNode, frame: Frame): void {
    const subscript = target.kind === 'subscript_expression' || target.kind === 'subscript';
    if (subscript) {
      const index = fieldOf(target, target.kind === 'subscript' ? 'subscript' : 'index');
      if (index) this.visit(index, frame);
    }
    if (subscript || target.kind === 'member_expression' || target.kind === 'attribute') {
      const object = fieldOf(target, target.kind === 'subscript' ? 'value' : 'object');
      if (object && object.kind !== 'identifier') this.visit(object, frame);
    }
  }

  /** A nested function: analysed where it is defined, seeing the variables around it. */
  private closure(node: TreeNode, frame: Frame): void {
    const inner: Frame = {
      env: new Map(frame.env),
      returns: new Set(),
      conditional: 0,
      summary: undefined,
    };
    const outer = this.scope;
    this.scope = { start: node.start, end: node.end };
    try {
      for (const param of this.parameters(node)) this.bind(param, CLEAN, inner, true);
      const body = fieldOf(node, 'body');
      if (!body) return;
      if (body.kind === 'statement_block' || body.kind === 'block' || body.kind === 'class_body')
        this.body(body, inner);
      else this.visit(body, inner);
    } finally {
      this.scope = outer;
    }
  }

  private parameters(fn: TreeNode): TreeNode[] {
    const single = fieldOf(fn, 'parameter');
    if (single) return [single];
    const list = fieldOf(fn, 'parameters');
    return list ? list.children.filter((c) => !COMMENT_KINDS.has(c.kind)) : [];
  }

  private call(node: TreeNode, frame: Frame): Taint {
    const callee = fieldOf(node, node.kind === 'new_expression' ? 'constructor' : 'function');
    const argsNode = fieldOf(node, 'arguments');
    const args = argsNode ? argsNode.children.filter((c) => !COMMENT_KINDS.has(c.kind)) : [];
    const argTaints = args.map((a) => this.visit(a, frame));
    let receiver = CLEAN;
    let method: string | undefined;
    let receiverNode: TreeNode | undefined;
    let calleeName: string | undefined;
    if (callee && (callee.kind === 'member_expression' || callee.kind === 'attribute')) {
      receiverNode = fieldOf(callee, 'object');
      const property = fieldOf(callee, callee.kind === 'attribute' ? 'attribute' : 'property');
      method = property ? this.text(property) : undefined;
      receiver = receiverNode ? this.visit(receiverNode, frame) : CLEAN;
      const self = receiverNode ? this.text(receiverNode) : '';
      if (self === 'this' || self === 'self' || self === 'cls') calleeName = method;
    } else if (callee) {
      if (callee.kind === 'identifier') calleeName = this.text(callee);
      else receiver = this.visit(callee, frame);
    }
    // A function of this file: its summary says what flows from the arguments.
    const definitions = calleeName === undefined ? undefined : this.functions.get(calleeName);
    if (definitions && definitions.length > 0) {
      const out: Taint[] = [];
      for (const fn of definitions) {
        const summary = this.summary(fn);
        const params = this.parameters(fn);
        const offset = receiverNode && params[0] && this.text(params[0]) === 'self' ? 1 : 0;
        const argFor = (index: number) => argTaints[index - offset] ?? CLEAN;
        for (const o of summary.returns) {
          out.push(o.kind === 'param' ? argFor(o.index) : new Set([o]));
        }
        for (const { index, sink } of summary.paramSinks) {
          const t = argFor(index);
          if (t.size === 0) continue;
          const sources = [...t].filter(
            (o): o is Extract<Origin, { kind: 'source' }> => o.kind === 'source',
          );
          this.via.push(node.start);
          if (sources.length > 0) this.record(sink, sources);
          this.via.pop();
          for (const o of t)
            if (o.kind === 'param') frame.summary?.paramSinks.push({ index: o.index, sink });
        }
      }
      return union(...out);
    }
    // Mutating methods put their arguments into the receiver.
    const all = union(...argTaints);
    if (method !== undefined && receiverNode && MUTATORS.has(method) && all.size > 0) {
      this.bind(receiverNode, all, frame, false);
    }
    if (
      calleeName === undefined &&
      callee &&
      method === 'assign' &&
      this.text(callee) === 'Object.assign'
    ) {
      const target = args[0];
      if (target) this.bind(target, union(...argTaints.slice(1)), frame, false);
    }
    this.propagate(node, frame);
    return union(all, receiver);
  }

  /** `pattern-propagators`: taint of `from` flows into `to` where a propagator matches. */
  private propagate(node: TreeNode, frame: Frame): void {
    for (const p of this.inputs.propagators) {
      if (p.from.start < node.start || p.from.end > node.end) continue;
      let t: Taint = CLEAN;
      for (const [n, taint] of this.lastTaint) {
        if (n.start === p.from.start && n.end === p.from.end) t = union(t, taint);
      }
      if (t.size === 0) continue;
      const target = this.nodeAt(node, p.to.start, p.to.end);
      if (target) this.bind(target, t, frame, false);
    }
  }

  private nodeAt(scope: TreeNode, start: number, end: number): TreeNode | undefined {
    let node: TreeNode | undefined = scope;
    while (node) {
      if (node.start === start && node.end === end) return node;
      node = node.children.find((c) => c.start <= start && end <= c.end);
    }
    return undefined;
  }

  /** What a function of this file does with its parameters, computed once. */
  private summary(fn: TreeNode): Summary {
    const known = this.summaries.get(fn);
    if (known === 'busy') return { returns: CLEAN, paramSinks: [] };
    if (known) return known;
    this.summaries.set(fn, 'busy');
    const summary: Summary = { returns: CLEAN, paramSinks: [] };
    const frame: Frame = { env: new Map(), returns: new Set(), conditional: 0, summary };
    this.parameters(fn).forEach((param, index) => {
      this.bind(param, new Set([{ kind: 'param', index }]), frame, true);
    });
    const body = fieldOf(fn, 'body');
    const outer = this.scope;
    this.scope = { start: fn.start, end: fn.end };
    if (body) {
      if (body.kind === 'statement_block' || body.kind === 'block') this.body(body, frame);
      else for (const o of this.visit(body, frame)) frame.returns.add(o);
    }
    this.scope = outer;
    summary.returns = frame.returns;
    this.summaries.set(fn, summary);
    return summary;
  }
}
