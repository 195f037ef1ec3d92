import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateThreats, THREAT_SEVERITIES } from '../evaluate.js';
import { loadThreatModel } from '../load-model.js';
import { type ThreatModel, ThreatModelSchema } from '../model-schema.js';
import { THREAT_RULES } from '../rules/index.js';
import type { Threat } from '../types.js';
import { boundaryTree, renderThreatModelSvg } from './index.js';
import { cleanText, escapeXml, truncate, wrapText } from './svg-text.js';

const FIXTURE = new URL('../fixtures/payments.threatmodel.yml', import.meta.url).pathname;

/** One parsed XML element: its tag, attributes, children and own text. */
interface Node {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly Node[];
  readonly text: string;
}

type Raw = Record<string, unknown>;

function toNodes(raw: unknown): Node[] {
  if (!Array.isArray(raw)) return [];
  const nodes: Node[] = [];
  for (const item of raw as Raw[]) {
    const tag = Object.keys(item).find((key) => key !== ':@' && key !== '#text');
    if (tag === undefined) continue;
    const body = item[tag];
    const children = toNodes(body);
    const text = Array.isArray(body)
      ? (body as Raw[])
          .filter((part) => '#text' in part)
          .map((part) => String(part['#text']))
          .join('')
      : '';
    const attrs = (item[':@'] ?? {}) as Record<string, string>;
    nodes.push({ tag, attrs, children, text });
  }
  return nodes;
}

/** Parses the SVG into a tree, entities decoded: what a browser would show. */
function parseSvg(svg: string): Node {
  expect(XMLValidator.validate(svg)).toBe(true);
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    htmlEntities: true,
    trimValues: false,
  });
  const [root] = toNodes(parser.parse(svg));
  expect(root?.tag).toBe('svg');
  return root as Node;
}

function all(node: Node): Node[] {
  return [node, ...node.children.flatMap(all)];
}

function classes(node: Node): string[] {
  return (node.attrs.class ?? '').split(' ');
}

function byClass(root: Node, className: string): Node[] {
  return all(root).filter((node) => classes(node).includes(className));
}

function textOf(node: Node): string {
  return all(node)
    .map((n) => n.text)
    .join('');
}

function child(node: Node, tag: string, className?: string): Node {
  const found = node.children.find(
    (c) => c.tag === tag && (className === undefined || classes(c).includes(className)),
  );
  if (!found) throw new Error(`no <${tag}> ${className ?? ''} in ${JSON.stringify(node.attrs)}`);
  return found;
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

function rectOf(node: Node): Rect {
  return {
    x: Number(node.attrs.x),
    y: Number(node.attrs.y),
    width: Number(node.attrs.width),
    height: Number(node.attrs.height),
  };
}

function inside(inner: Rect, outer: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

function elementBox(root: Node, id: string): Rect {
  const group = byClass(root, 'tm-element').find((g) => g.attrs['data-element-id'] === id);
  if (!group) throw new Error(`no element ${id}`);
  return rectOf(child(group, 'rect', 'tm-shape'));
}

function boundaryBox(root: Node, id: string): Rect {
  const group = byClass(root, 'tm-boundary').find((g) => g.attrs['data-boundary-id'] === id);
  if (!group) throw new Error(`no boundary ${id}`);
  return rectOf(child(group, 'rect', 'tm-boundary-box'));
}

const model = (input: unknown): ThreatModel => ThreatModelSchema.parse(input);

describe('renderThreatModelSvg on the payments model', () => {
  let payments: ThreatModel;
  let threats: Threat[];
  let svg: string;
  let root: Node;

  beforeAll(async () => {
    payments = await loadThreatModel(FIXTURE);
    threats = evaluateThreats(payments, THREAT_RULES);
    svg = await renderThreatModelSvg(payments, threats);
    root = parseSvg(svg);
  });

  it('is a well-formed standalone SVG with a size and a title', () => {
    expect(root.attrs.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(Number(root.attrs.width)).toBeGreaterThan(0);
    expect(Number(root.attrs.height)).toBeGreaterThan(0);
    expect(child(root, 'title').text).toBe('Data-flow diagram: Payments');
  });

  it('draws one group per element, shaped by type, named in full in its tooltip', () => {
    const groups = byClass(root, 'tm-element');
    expect(groups.map((g) => g.attrs['data-element-id'])).toEqual(
      payments.elements.map((e) => e.id),
    );
    const shapeClass = {
      'external-entity': 'tm-external',
      process: 'tm-process',
      'data-store': 'tm-store',
    };
    payments.elements.forEach((element, i) => {
      const group = groups[i] as Node;
      expect(classes(group)).toContain(shapeClass[element.type]);
      expect(child(group, 'title').text.split('\n')[0]).toBe(element.name);
    });
    const store = groups.find((g) => g.attrs['data-element-id'] === 'payments-db') as Node;
    expect(child(store, 'path', 'tm-store-lines')).toBeDefined();
    const process = groups.find((g) => g.attrs['data-element-id'] === 'payments') as Node;
    expect(Number(child(process, 'rect').attrs.rx)).toBeGreaterThan(0);
  });

  it('draws one arrow per flow, labelled, with its details in a tooltip', () => {
    const groups = byClass(root, 'tm-flow');
    expect(groups.map((g) => g.attrs['data-flow-id'])).toEqual(payments.flows.map((f) => f.id));
    for (const group of groups) {
      expect(
        group.children.filter((c) => c.tag === 'path' && classes(c).includes('tm-line')),
      ).not.toHaveLength(0);
      expect(child(group, 'path', 'tm-arrow')).toBeDefined();
    }
    const charge = groups.find((g) => g.attrs['data-flow-id'] === 'charge') as Node;
    expect(textOf(child(charge, 'text', 'tm-flow-label'))).toBe(
      'Charge card (https)payment, secrets',
    );
    const title = child(charge, 'title').text;
    expect(title).toContain('From: Payments service');
    expect(title).toContain('To: Card payment provider');
    expect(title).toContain('Encrypted: yes');
  });

  it('draws one dashed box per boundary, around each of its elements', () => {
    const groups = byClass(root, 'tm-boundary');
    expect(groups.map((g) => g.attrs['data-boundary-id'])).toEqual(
      payments.boundaries.map((b) => b.id),
    );
    for (const boundary of payments.boundaries) {
      const box = boundaryBox(root, boundary.id);
      for (const id of boundary.elements) expect(inside(elementBox(root, id), box)).toBe(true);
    }
    expect(svg).toMatch(/\.tm-boundary-box\{[^}]*stroke-dasharray/);
    const [internet, internal] = payments.boundaries.map((b) => boundaryBox(root, b.id));
    expect(inside(internet as Rect, internal as Rect)).toBe(false);
  });

  it('badges each element with its open threats, coloured by the worst', () => {
    for (const element of payments.elements) {
      const open = threats.filter(
        (t) =>
          t.decision.status === 'open' && t.target.kind === 'element' && t.target.id === element.id,
      );
      const group = byClass(root, 'tm-element').find(
        (g) => g.attrs['data-element-id'] === element.id,
      ) as Node;
      const badge = byClass(group, 'tm-badge')[0];
      if (open.length === 0) {
        expect(badge).toBeUndefined();
        continue;
      }
      const worst = THREAT_SEVERITIES.find((s) => open.some((t) => t.rule.severity === s));
      expect(badge?.attrs['data-open-threats']).toBe(String(open.length));
      expect(textOf(child(badge as Node, 'text'))).toBe(String(open.length));
      expect(classes(badge as Node)).toContain(`tm-sev-${worst}`);
    }
    // The fixture has open element threats (TM-R-004@admin-ui among them), so badges appear.
    expect(byClass(root, 'tm-badge').length).toBeGreaterThan(0);
  });

  it('colours flows with open threats and leaves the others plain', () => {
    for (const flow of payments.flows) {
      const open = threats.filter(
        (t) => t.decision.status === 'open' && t.target.kind === 'flow' && t.target.id === flow.id,
      );
      const group = byClass(root, 'tm-flow').find(
        (g) => g.attrs['data-flow-id'] === flow.id,
      ) as Node;
      expect(classes(group).includes('tm-threat')).toBe(open.length > 0);
    }
  });

  it('dashes the unencrypted flow, and only it', () => {
    const dashed = byClass(root, 'tm-unencrypted').map((g) => g.attrs['data-flow-id']);
    expect(dashed).toEqual(payments.flows.filter((f) => f.encrypted === false).map((f) => f.id));
    expect(dashed).toEqual(['publish-event']);
    expect(svg).toMatch(/\.tm-unencrypted \.tm-line\{[^}]*stroke-dasharray/);
  });

  it('gives the same SVG for the same model', async () => {
    expect(await renderThreatModelSvg(payments, threats)).toBe(svg);
  });

  it('draws no badges without threats', async () => {
    const plain = parseSvg(await renderThreatModelSvg(payments));
    expect(byClass(plain, 'tm-badge')).toHaveLength(0);
    expect(byClass(plain, 'tm-threat')).toHaveLength(0);
  });
});

describe('renderThreatModelSvg on hostile text', () => {
  const hostile = [
    '<script>alert(1)</script>',
    '" onload="x',
    "' onmouseover='x",
    'Tom & Jerry',
    ']]><svg onload=alert(1)>',
    'bell\u0007 and \u202Ereversed',
  ];
  const xss = model({
    version: 1,
    name: '<script>alert(1)</script>',
    description: '</style><script>alert(1)</script>',
    elements: hostile.map((name, i) => ({
      id: `e${i}`,
      type: (['external-entity', 'process', 'data-store'] as const)[i % 3],
      name,
      description: `<img src=x onerror=alert(1)> ${name}`,
    })),
    flows: hostile.slice(1).map((name, i) => ({
      id: `f${i}`,
      from: `e${i}`,
      to: `e${i + 1}`,
      name,
      protocol: '<b>"x"</b>',
      data: [name, '<i>&</i>'],
      encrypted: false,
    })),
    boundaries: [
      { id: 'b0', name: '<script>alert(1)</script>', elements: ['e0', 'e1'] },
      { id: 'b1', name: '" onload="x & <x>', elements: ['e2'] },
    ],
  });

  it('shows model text escaped, never as markup', async () => {
    const svg = await renderThreatModelSvg(xss, evaluateThreats(xss, THREAT_RULES));
    const root = parseSvg(svg);
    expect(svg).not.toMatch(/<script/i);
    expect(svg).not.toMatch(/<img/i);
    expect(svg).not.toMatch(/\son[a-z]+\s*=\s*["']/i);
    expect(svg).not.toMatch(/javascript:/i);
    const tags = new Set(all(root).map((n) => n.tag));
    for (const tag of ['script', 'foreignObject', 'a', 'image', 'use', 'iframe', 'img', 'b', 'i']) {
      expect(tags.has(tag)).toBe(false);
    }
    const allowedAttributes = new Set([
      'xmlns',
      'class',
      'width',
      'height',
      'viewBox',
      'role',
      'aria-label',
      'x',
      'y',
      'rx',
      'cx',
      'cy',
      'r',
      'd',
      'data-element-id',
      'data-flow-id',
      'data-boundary-id',
      'data-open-threats',
    ]);
    for (const node of all(root)) {
      for (const name of Object.keys(node.attrs)) expect(allowedAttributes).toContain(name);
    }
    // The text arrives intact, as text: decoded, a tooltip holds exactly the name.
    const groups = byClass(root, 'tm-element');
    hostile.forEach((name, i) => {
      const title = child(groups[i] as Node, 'title').text;
      expect(title.split('\n')[0]).toBe(cleanText(name));
    });
    expect(child(groups[0] as Node, 'title').text.split('\n')[0]).toBe('<script>alert(1)</script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('&quot; onload=&quot;x');
    expect(svg).toContain('Tom &amp; Jerry');
  });

  it('keeps characters XML forbids out of the document', async () => {
    const svg = await renderThreatModelSvg(xss);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking they are gone.
    expect(svg).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u202E]/);
    parseSvg(svg);
  });
});

describe('renderThreatModelSvg on small and odd models', () => {
  it('draws a model with no flows and no boundaries', async () => {
    const svg = await renderThreatModelSvg(
      model({
        version: 1,
        name: 'Lonely',
        elements: [{ id: 'app', type: 'process', name: 'App' }],
      }),
      [],
    );
    const root = parseSvg(svg);
    expect(byClass(root, 'tm-element')).toHaveLength(1);
    expect(byClass(root, 'tm-flow')).toHaveLength(0);
    expect(byClass(root, 'tm-boundary')).toHaveLength(0);
  });

  it('draws an element in two non-nested boundaries inside the first one listed', async () => {
    const overlapping = model({
      version: 1,
      name: 'Overlap',
      elements: [
        { id: 'x', type: 'process', name: 'X' },
        { id: 'shared', type: 'data-store', name: 'Shared' },
        { id: 'z', type: 'process', name: 'Z' },
      ],
      flows: [
        { id: 'x-shared', from: 'x', to: 'shared' },
        { id: 'z-shared', from: 'z', to: 'shared' },
      ],
      boundaries: [
        { id: 'left', name: 'Left', elements: ['x', 'shared'] },
        { id: 'right', name: 'Right', elements: ['shared', 'z'] },
      ],
    });
    const root = parseSvg(await renderThreatModelSvg(overlapping));
    const left = boundaryBox(root, 'left');
    const right = boundaryBox(root, 'right');
    expect(inside(elementBox(root, 'x'), left)).toBe(true);
    expect(inside(elementBox(root, 'shared'), left)).toBe(true);
    expect(inside(elementBox(root, 'z'), right)).toBe(true);
    expect(inside(elementBox(root, 'shared'), right)).toBe(false);
  });

  it('draws nested boundaries inside one another', async () => {
    const nested = model({
      version: 1,
      name: 'Nested',
      elements: [
        { id: 'web', type: 'process', name: 'Web' },
        { id: 'db', type: 'data-store', name: 'Database' },
        { id: 'user', type: 'external-entity', name: 'User' },
      ],
      flows: [
        { id: 'use', from: 'user', to: 'web', encrypted: true },
        { id: 'query', from: 'web', to: 'db' },
      ],
      // The inner one is listed first: nesting follows the sets, not the order.
      boundaries: [
        { id: 'data', name: 'Data tier', elements: ['db'] },
        { id: 'cloud', name: 'Cloud account', elements: ['web', 'db'] },
      ],
    });
    const root = parseSvg(await renderThreatModelSvg(nested));
    expect(inside(boundaryBox(root, 'data'), boundaryBox(root, 'cloud'))).toBe(true);
    expect(inside(elementBox(root, 'db'), boundaryBox(root, 'data'))).toBe(true);
    expect(inside(elementBox(root, 'web'), boundaryBox(root, 'cloud'))).toBe(true);
    expect(inside(elementBox(root, 'web'), boundaryBox(root, 'data'))).toBe(false);
    expect(inside(elementBox(root, 'user'), boundaryBox(root, 'cloud'))).toBe(false);
  });

  it('trims a long name on the element and keeps it whole in the tooltip', async () => {
    const long = `Payments ${'reconciliation '.repeat(12)}service`;
    const root = parseSvg(
      await renderThreatModelSvg(
        model({ version: 1, name: 'Long', elements: [{ id: 'p', type: 'process', name: long }] }),
      ),
    );
    const group = byClass(root, 'tm-element')[0] as Node;
    const lines = child(group, 'text', 'tm-name').children.map((span) => span.text);
    expect(lines).toHaveLength(3);
    expect(lines[2]?.endsWith('…')).toBe(true);
    expect(child(group, 'title').text.split('\n')[0]).toBe(cleanText(long));
  });
});

describe('boundaryTree', () => {
  const elements = ['a', 'b', 'c'].map((id) => ({ id, type: 'process', name: id }));

  it('nests equal boundaries by listing order and puts elements in the deepest', () => {
    const tree = boundaryTree(
      model({
        version: 1,
        name: 't',
        elements,
        boundaries: [
          { id: 'outer', name: 'Outer', elements: ['a', 'b', 'c'] },
          { id: 'same1', name: 'Same 1', elements: ['a', 'b'] },
          { id: 'same2', name: 'Same 2', elements: ['b', 'a'] },
        ],
      }),
    );
    expect(Object.fromEntries(tree.parentOf)).toEqual({ same1: 'outer', same2: 'same1' });
    expect(Object.fromEntries(tree.homeOf)).toEqual({ a: 'same2', b: 'same2', c: 'outer' });
  });
  it('nests a boundary inside the first listed of two equally small containers', () => {
    const tree = boundaryTree(
      model({
        version: 1,
        name: 't',
        elements,
        boundaries: [
          { id: 'left', name: 'Left', elements: ['a', 'b'] },
          { id: 'right', name: 'Right', elements: ['b', 'c'] },
          { id: 'inner', name: 'Inner', elements: ['b'] },
        ],
      }),
    );
    expect(Object.fromEntries(tree.parentOf)).toEqual({ inner: 'left' });
    expect(Object.fromEntries(tree.homeOf)).toEqual({ a: 'left', b: 'inner', c: 'right' });
  });
});

describe('diagram text helpers', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('wraps at spaces, cuts long words and ends with an ellipsis when text is left', () => {
    expect(wrapText('Customer browser', 17, 3)).toEqual(['Customer browser']);
    expect(wrapText('Card payment provider', 17, 3)).toEqual(['Card payment', 'provider']);
    expect(wrapText('abcdefghij', 4, 3)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('one two three four', 5, 2)).toEqual(['one', 'two…']);
  });

  it('truncates by characters, not UTF-16 units', () => {
    expect(truncate('😀😀😀😀', 3)).toBe('😀😀…');
    expect(truncate('short', 10)).toBe('short');
  });
});
