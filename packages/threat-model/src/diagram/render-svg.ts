import type { ElkPoint } from 'elkjs/lib/elk-api.js';
import { THREAT_SEVERITIES } from '../evaluate.js';
import type { Element, Flow, ThreatModel } from '../model-schema.js';
import type { Threat, ThreatSeverity } from '../types.js';
import {
  type Box,
  layoutDiagram,
  DIAGRAM_METRICS as M,
  type PlacedBoundary,
  type PlacedElement,
  type PlacedFlow,
} from './elk-layout.js';
import { type OpenThreats, openThreatsByTarget, targetKey } from './open-threats.js';
import { cleanText, escapeXml, xmlText } from './svg-text.js';

/** CSS colouring badges and threatened flows by severity (no custom properties: not every SVG renderer has them). */
function severityRules(colours: Readonly<Record<ThreatSeverity, string>>): string {
  return THREAT_SEVERITIES.map((severity) => {
    const colour = colours[severity];
    return [
      `.tm-badge.tm-sev-${severity} circle{fill:${colour}}`,
      `.tm-threat.tm-sev-${severity} .tm-line{stroke:${colour}}`,
      `.tm-threat.tm-sev-${severity} .tm-arrow{fill:${colour}}`,
    ].join('\n');
  }).join('\n');
}

// Fixed colours, light and dark; the SVG follows the viewer's colour scheme on its own. No
// web fonts: a font name list is not a fetch.
const STYLE = `
.tm-bg{fill:#ffffff}
text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;fill:#1f2328}
.tm-shape{fill:#f6f8fa;stroke:#57606a;stroke-width:1.5}
.tm-store .tm-shape{stroke:none}
.tm-store-lines{fill:none;stroke:#57606a;stroke-width:2}
.tm-name{font-size:${M.nameFontSize}px;text-anchor:middle;dominant-baseline:central}
.tm-boundary-box{fill:none;stroke:#8250df;stroke-width:1.5;stroke-dasharray:6 4}
.tm-boundary-name{font-size:${M.boundaryFontSize}px;font-weight:600;fill:#8250df}
.tm-line{fill:none;stroke:#57606a;stroke-width:1.5}
.tm-arrow{fill:#57606a}
.tm-unencrypted .tm-line{stroke:#cf222e;stroke-dasharray:6 4}
.tm-unencrypted .tm-arrow{fill:#cf222e}
.tm-label-bg{fill:#ffffff;fill-opacity:0.85}
.tm-flow-label{font-size:${M.labelFontSize}px;fill:#424a53}
.tm-badge-count{font-size:11px;font-weight:700;text-anchor:middle;dominant-baseline:central;fill:#ffffff}
.tm-badge circle{stroke:#ffffff;stroke-width:1.5}
.tm-threat .tm-line{stroke-width:2}
${severityRules({ critical: '#8c1d59', high: '#cf222e', medium: '#bc4c00', low: '#7d4e00' })}
@media (prefers-color-scheme:dark){
.tm-bg{fill:#0d1117}
text{fill:#e6edf3}
.tm-shape{fill:#161b22;stroke:#8b949e}
.tm-store-lines{stroke:#8b949e}
.tm-boundary-box{stroke:#a371f7}
.tm-boundary-name{fill:#a371f7}
.tm-line{stroke:#8b949e}
.tm-arrow{fill:#8b949e}
.tm-unencrypted .tm-line{stroke:#ff7b72}
.tm-unencrypted .tm-arrow{fill:#ff7b72}
.tm-label-bg{fill:#0d1117}
.tm-flow-label{fill:#c9d1d9}
.tm-badge-count{fill:#0d1117}
.tm-badge circle{stroke:#0d1117}
${severityRules({ critical: '#f778ba', high: '#ff7b72', medium: '#ffa657', low: '#e3b341' })}
}
`.trim();

const TYPE_LABEL: Readonly<Record<Element['type'], string>> = {
  'external-entity': 'External entity',
  process: 'Process',
  'data-store': 'Data store',
};
const TYPE_CLASS: Readonly<Record<Element['type'], string>> = {
  'external-entity': 'tm-external',
  process: 'tm-process',
  'data-store': 'tm-store',
};
const BADGE_RADIUS = 10;
const ARROW_LENGTH = 9;
const ARROW_HALF_WIDTH = 4.5;

/** A coordinate as written: one decimal, no `-0`, so output is stable and compact. */
function n(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return String(rounded === 0 ? 0 : rounded);
}

function stated(value: boolean | undefined): string {
  return value === undefined ? 'not stated' : value ? 'yes' : 'no';
}

function threatsLine(open: OpenThreats | undefined): string {
  if (!open) return 'Open threats: none';
  return `Open threats: ${open.count} (worst: ${open.worst})`;
}

/** `<text>` with one `<tspan>` per line, centred vertically on `cy`. */
function textLines(
  className: string,
  lines: readonly string[],
  x: number,
  cy: number,
  lineHeight: number,
): string {
  const top = cy - ((lines.length - 1) * lineHeight) / 2;
  const spans = lines
    .map((line, i) => `<tspan x="${n(x)}" y="${n(top + i * lineHeight)}">${xmlText(line)}</tspan>`)
    .join('');
  return `<text class="${className}">${spans}</text>`;
}

function renderBoundary(boundary: PlacedBoundary): string {
  return [
    `<g class="tm-boundary" data-boundary-id="${xmlText(boundary.id)}">`,
    `<title>${xmlText(`Trust boundary: ${boundary.name}`)}</title>`,
    `<rect class="tm-boundary-box" x="${n(boundary.x)}" y="${n(boundary.y)}" width="${n(boundary.width)}" height="${n(boundary.height)}" rx="6"/>`,
    `<text class="tm-boundary-name" x="${n(boundary.x + 10)}" y="${n(boundary.y + 20)}">${xmlText(boundary.label)}</text>`,
    '</g>',
  ].join('');
}

function elementShape(placed: PlacedElement): string {
  const { x, y, width, height } = placed;
  const box = `x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${n(height)}"`;
  switch (placed.element.type) {
    case 'external-entity':
      return `<rect class="tm-shape" ${box}/>`;
    case 'process':
      return `<rect class="tm-shape" ${box} rx="${n(Math.min(22, height / 2))}"/>`;
    case 'data-store':
      // The classic DFD store: an open box, lines above and below only.
      return [
        `<rect class="tm-shape" ${box}/>`,
        `<path class="tm-store-lines" d="M${n(x)} ${n(y)}H${n(x + width)}M${n(x)} ${n(y + height)}H${n(x + width)}"/>`,
      ].join('');
  }
}

function renderBadge(open: OpenThreats, x: number, y: number): string {
  const label = `${open.count} open threat${open.count === 1 ? '' : 's'}, worst ${open.worst}`;
  return [
    `<g class="tm-badge tm-sev-${open.worst}" data-open-threats="${open.count}">`,
    `<title>${escapeXml(label)}</title>`,
    `<circle cx="${n(x)}" cy="${n(y)}" r="${BADGE_RADIUS}"/>`,
    `<text class="tm-badge-count" x="${n(x)}" y="${n(y)}">${open.count > 99 ? '99+' : open.count}</text>`,
    '</g>',
  ].join('');
}

function renderElement(placed: PlacedElement, open: OpenThreats | undefined): string {
  const { element } = placed;
  const details = [
    element.name,
    TYPE_LABEL[element.type],
    ...(element.description ? [element.description] : []),
    ...(open ? [threatsLine(open)] : []),
  ].join('\n');
  return [
    `<g class="tm-element ${TYPE_CLASS[element.type]}" data-element-id="${xmlText(element.id)}">`,
    `<title>${xmlText(details, true)}</title>`,
    elementShape(placed),
    textLines(
      'tm-name',
      placed.lines,
      placed.x + placed.width / 2,
      placed.y + placed.height / 2,
      M.nameLineHeight,
    ),
    open ? renderBadge(open, placed.x + placed.width - 4, placed.y + 4) : '',
    '</g>',
  ].join('');
}

function flowDetails(
  flow: Flow,
  source: Element,
  target: Element,
  open: OpenThreats | undefined,
  withThreats: boolean,
): string {
  return [
    flow.name ?? `${source.name} → ${target.name}`,
    `From: ${source.name}`,
    `To: ${target.name}`,
    ...(flow.protocol ? [`Protocol: ${flow.protocol}`] : []),
    ...(flow.data.length > 0 ? [`Data: ${flow.data.join(', ')}`] : []),
    ...(flow.dataClassification ? [`Classification: ${flow.dataClassification}`] : []),
    `Encrypted: ${stated(flow.encrypted)}`,
    `Authenticated: ${stated(flow.authenticated)}`,
    `Integrity protected: ${stated(flow.integrityProtected)}`,
    ...(withThreats ? [threatsLine(open)] : []),
  ].join('\n');
}

/** An arrowhead at the end of `points`, pointing along the last segment. */
function arrowhead(points: readonly ElkPoint[]): string {
  const end = points[points.length - 1];
  const before = points[points.length - 2];
  if (!end || !before) return '';
  const dx = end.x - before.x;
  const dy = end.y - before.y;
  const length = Math.hypot(dx, dy);
  if (length === 0) return '';
  const ux = dx / length;
  const uy = dy / length;
  const bx = end.x - ux * ARROW_LENGTH;
  const by = end.y - uy * ARROW_LENGTH;
  const left = `${n(bx - uy * ARROW_HALF_WIDTH)} ${n(by + ux * ARROW_HALF_WIDTH)}`;
  const right = `${n(bx + uy * ARROW_HALF_WIDTH)} ${n(by - ux * ARROW_HALF_WIDTH)}`;
  return `<path class="tm-arrow" d="M${n(end.x)} ${n(end.y)}L${left}L${right}Z"/>`;
}

function renderFlow(
  placed: PlacedFlow,
  open: OpenThreats | undefined,
  withThreats: boolean,
): string {
  const { flow } = placed;
  const classes = ['tm-flow'];
  if (flow.encrypted === false) classes.push('tm-unencrypted');
  if (open) classes.push('tm-threat', `tm-sev-${open.worst}`);
  const paths = placed.sections
    .map(
      (points) =>
        `<path class="tm-line" d="${points.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(p.x)} ${n(p.y)}`).join('')}"/>`,
    )
    .join('');
  const last = placed.sections[placed.sections.length - 1];
  const label = placed.label;
  return [
    `<g class="${classes.join(' ')}" data-flow-id="${xmlText(flow.id)}"${open ? ` data-open-threats="${open.count}"` : ''}>`,
    `<title>${xmlText(flowDetails(flow, placed.source, placed.target, open, withThreats), true)}</title>`,
    paths,
    last ? arrowhead(last) : '',
    label ? renderFlowLabel(placed.lines, label) : '',
    '</g>',
  ].join('');
}

function renderFlowLabel(lines: readonly string[], box: Box): string {
  return [
    `<rect class="tm-label-bg" x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="3"/>`,
    // Baselines: the first line's sits one line height (less descent) below the top.
    `<text class="tm-flow-label">${lines
      .map(
        (line, i) =>
          `<tspan x="${n(box.x + 4)}" y="${n(box.y + 2 + (i + 1) * M.labelLineHeight - 3)}">${xmlText(line)}</tspan>`,
      )
      .join('')}</text>`,
  ].join('');
}

/**
 * The model's data-flow diagram as a standalone SVG document, laid out by ELK left to right.
 *
 * External entities are rectangles, processes rounded rectangles, data stores open boxes
 * (lines above and below); trust boundaries are dashed boxes around their elements (see
 * `boundaryTree` for overlapping boundaries). Flows are arrows labelled with their
 * name or protocol and data; unencrypted ones (`encrypted: false`) are dashed red. Given
 * `threats`, each element with open threats gets a badge with their count, coloured by the
 * worst severity, and flows with open threats take that colour. Every element and flow has
 * a `<title>` tooltip with its full details.
 *
 * Safe to serve to browsers: model text only ever appears escaped, as text or as the value of
 * a fixed attribute (`data-element-id`, ...); there are no scripts, links, `foreignObject` or
 * external references, and styling is by fixed classes (light and dark colour schemes). The
 * output is the same for the same model and threats, so it can be cached and compared.
 *
 * @example
 * const model = await loadThreatModel('threatmodel.yml');
 * const svg = await renderThreatModelSvg(model, evaluateThreats(model, THREAT_RULES));
 */
export async function renderThreatModelSvg(
  model: ThreatModel,
  threats?: readonly Threat[],
): Promise<string> {
  const layout = await layoutDiagram(model);
  const open = openThreatsByTarget(threats ?? []);
  const withThreats = threats !== undefined;
  const title = `Data-flow diagram: ${cleanText(model.name)}`;
  const width = Math.ceil(layout.width);
  const height = Math.ceil(layout.height);
  // Outer boxes before inner ones, so an inner box is drawn on top.
  const boundaries = [...layout.boundaries].sort((a, b) => a.depth - b.depth);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="tm-diagram" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<style>${STYLE}</style>`,
    `<rect class="tm-bg" x="0" y="0" width="${width}" height="${height}"/>`,
    `<g class="tm-boundaries">${boundaries.map(renderBoundary).join('')}</g>`,
    `<g class="tm-flows">${layout.flows
      .map((flow) => renderFlow(flow, open.get(targetKey('flow', flow.flow.id)), withThreats))
      .join('')}</g>`,
    `<g class="tm-elements">${layout.elements
      .map((placed) => renderElement(placed, open.get(targetKey('element', placed.element.id))))
      .join('')}</g>`,
    '</svg>',
    '',
  ].join('\n');
}
