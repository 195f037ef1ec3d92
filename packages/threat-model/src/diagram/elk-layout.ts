// The bundled build runs the layout in-process (no web worker), which is what a server and
// the CLI want. Its typings are CommonJS with `export default`, so under NodeNext the default
// import is the module object and the constructor is on `.default` (which the bundle also
// sets at run time: `ELKNode.default = ELKNode`).
import ElkModule from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode, ElkPoint } from 'elkjs/lib/elk-api.js';
import type { Element, Flow, ThreatModel } from '../model-schema.js';
import { boundaryTree } from './boundary-tree.js';
import { cleanText, estimateWidth, truncate, wrapText } from './svg-text.js';

/** A box in diagram coordinates (absolute, top-left origin). */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** An element placed, with the lines of its name as drawn. */
export interface PlacedElement extends Box {
  readonly element: Element;
  readonly lines: readonly string[];
}

/** A trust boundary placed, with its name as drawn and its depth (0 = top level). */
export interface PlacedBoundary extends Box {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly depth: number;
}

/** A flow routed: its sections as point lists, and its label lines and box if it has one. */
export interface PlacedFlow {
  readonly flow: Flow;
  readonly source: Element;
  readonly target: Element;
  readonly sections: readonly (readonly ElkPoint[])[];
  readonly lines: readonly string[];
  readonly label?: Box | undefined;
}

/** The laid-out diagram: what the SVG renderer draws. */
export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  readonly boundaries: readonly PlacedBoundary[];
  readonly elements: readonly PlacedElement[];
  readonly flows: readonly PlacedFlow[];
}

/** Sizes the diagram uses, in pixels; the renderer draws with the same ones. */
export const DIAGRAM_METRICS = {
  nameFontSize: 12,
  nameLineHeight: 15,
  labelFontSize: 11,
  labelLineHeight: 13,
  boundaryFontSize: 12,
  elementWidth: 156,
  elementMinHeight: 52,
  elementPadding: 12,
  nameMaxLines: 3,
  labelMaxChars: 32,
  boundaryLabelMaxChars: 48,
  boundaryPaddingTop: 34,
  boundaryPadding: 18,
} as const;

const M = DIAGRAM_METRICS;
const NAME_CHARS = Math.floor(
  (M.elementWidth - 2 * M.elementPadding) / (M.nameFontSize * 0.6), // the estimate's em width
);

/** Flow label lines: its name (or protocol), then the data it carries. */
export function flowLabelLines(flow: Flow): string[] {
  const name = flow.name === undefined ? undefined : cleanText(flow.name);
  const protocol = flow.protocol === undefined ? undefined : cleanText(flow.protocol);
  const first = name && protocol ? `${name} (${protocol})` : (name ?? protocol ?? '');
  const data = cleanText(flow.data.join(', '));
  return [first, data].filter((line) => line !== '').map((line) => truncate(line, M.labelMaxChars));
}

const ROOT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  // Flows cross boundary boxes, so one layout must cover all levels of the hierarchy.
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  // Absolute coordinates for every shape and edge: the renderer draws everything flat.
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
  // The model's order decides ties, so the same model always gives the same picture.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.randomSeed': '1',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.spacing.edgeLabel': '4',
  'elk.spacing.edgeNode': '16',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
} as const;

function boundaryOptions(label: string): Record<string, string> {
  const minWidth = Math.ceil(estimateWidth(label, M.boundaryFontSize) + 2 * M.boundaryPadding);
  return {
    'elk.padding': `[top=${M.boundaryPaddingTop},left=${M.boundaryPadding},bottom=${M.boundaryPadding},right=${M.boundaryPadding}]`,
    // Wide enough for its name, even when its contents are narrow or it is empty.
    'elk.nodeSize.constraints': 'MINIMUM_SIZE',
    'elk.nodeSize.minimum': `(${minWidth}, ${M.boundaryPaddingTop + M.boundaryPadding + 8})`,
  };
}

function elementHeight(lines: number): number {
  return Math.max(M.elementMinHeight, lines * M.nameLineHeight + 2 * M.elementPadding);
}

/** An ELK node, with the shape ELK fills in after layout. */
type LaidNode = ElkNode & { children?: LaidNode[] };

function boxOf(node: LaidNode | undefined): Box {
  return {
    x: node?.x ?? 0,
    y: node?.y ?? 0,
    width: node?.width ?? 0,
    height: node?.height ?? 0,
  };
}

/**
 * Lays out a model's data-flow diagram with ELK (layered, left to right, orthogonal edges,
 * boundaries as compound nodes; see {@link boundaryTree} for how overlapping boundaries are
 * drawn). ELK ids are positional (`e0`, `b0`, `f0`), so no model text reaches the layout
 * engine as an id. Flows naming an element the model does not have are left out: a valid
 * model has none.
 */
export async function layoutDiagram(model: ThreatModel): Promise<DiagramLayout> {
  const tree = boundaryTree(model);
  const boundaries = model.boundaries.filter(
    (boundary, index) => model.boundaries.findIndex((b) => b.id === boundary.id) === index,
  );
  const boundaryNode = new Map<string, LaidNode>();
  const boundaryLabel = new Map<string, string>();
  boundaries.forEach((boundary, index) => {
    const label = truncate(cleanText(boundary.name), M.boundaryLabelMaxChars);
    boundaryLabel.set(boundary.id, label);
    boundaryNode.set(boundary.id, {
      id: `b${index}`,
      layoutOptions: boundaryOptions(label),
      children: [],
    });
  });
  const root: LaidNode = { id: 'root', layoutOptions: { ...ROOT_OPTIONS }, children: [] };
  const containerOf = (boundaryId: string | undefined): LaidNode =>
    (boundaryId === undefined ? undefined : boundaryNode.get(boundaryId)) ?? root;
  // Boundaries first (outer before inner, in listing order), then elements in model order.
  for (const boundary of boundaries) {
    const node = boundaryNode.get(boundary.id);
    if (node) containerOf(tree.parentOf.get(boundary.id)).children?.push(node);
  }
  const elementIndex = new Map<string, number>();
  const elementLines: string[][] = [];
  model.elements.forEach((element, index) => {
    if (!elementIndex.has(element.id)) elementIndex.set(element.id, index);
    const lines = wrapText(cleanText(element.name), NAME_CHARS, M.nameMaxLines);
    elementLines.push(lines);
    containerOf(tree.homeOf.get(element.id)).children?.push({
      id: `e${index}`,
      width: M.elementWidth,
      height: elementHeight(lines.length),
    });
  });

  const edges: ElkExtendedEdge[] = [];
  const drawnFlows: { flow: Flow; source: Element; target: Element; lines: string[] }[] = [];
  for (const flow of model.flows) {
    const from = elementIndex.get(flow.from);
    const to = elementIndex.get(flow.to);
    const source = from === undefined ? undefined : model.elements[from];
    const target = to === undefined ? undefined : model.elements[to];
    if (!source || !target) continue;
    const lines = flowLabelLines(flow);
    const width = Math.max(0, ...lines.map((line) => estimateWidth(line, M.labelFontSize)));
    edges.push({
      id: `f${drawnFlows.length}`,
      sources: [`e${from}`],
      targets: [`e${to}`],
      labels:
        lines.length === 0
          ? []
          : [
              {
                text: `f${drawnFlows.length}`,
                width: Math.ceil(width + 8),
                height: lines.length * M.labelLineHeight + 4,
              },
            ],
    });
    drawnFlows.push({ flow, source, target, lines });
  }
  root.edges = edges;

  const elk = new ElkModule.default();
  const laid: LaidNode = await elk.layout(root);

  const nodes = new Map<string, LaidNode>();
  const depth = new Map<string, number>();
  const visit = (node: LaidNode, level: number): void => {
    for (const child of node.children ?? []) {
      nodes.set(child.id, child);
      depth.set(child.id, level);
      visit(child, level + 1);
    }
  };
  visit(laid, 0);

  const placedBoundaries: PlacedBoundary[] = boundaries.map((boundary, index) => ({
    ...boxOf(nodes.get(`b${index}`)),
    id: boundary.id,
    name: boundary.name,
    label: boundaryLabel.get(boundary.id) ?? '',
    depth: depth.get(`b${index}`) ?? 0,
  }));
  const placedElements: PlacedElement[] = model.elements.map((element, index) => ({
    ...boxOf(nodes.get(`e${index}`)),
    element,
    lines: elementLines[index] ?? [],
  }));
  const laidEdges = new Map((laid.edges ?? []).map((edge) => [edge.id, edge]));
  const placedFlows: PlacedFlow[] = drawnFlows.map((drawn, index) => {
    const edge = laidEdges.get(`f${index}`);
    const sections = (edge?.sections ?? []).map((section) => [
      section.startPoint,
      ...(section.bendPoints ?? []),
      section.endPoint,
    ]);
    const label = edge?.labels?.[0];
    return {
      ...drawn,
      sections,
      label: label ? boxOf({ id: 'label', ...label }) : undefined,
    };
  });
  return {
    width: laid.width ?? 0,
    height: laid.height ?? 0,
    boundaries: placedBoundaries,
    elements: placedElements,
    flows: placedFlows,
  };
}
