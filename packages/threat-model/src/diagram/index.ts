export { type BoundaryTree, boundaryTree } from './boundary-tree.js';
export {
  type Box,
  type DiagramLayout,
  layoutDiagram,
  type PlacedBoundary,
  type PlacedElement,
  type PlacedFlow,
} from './elk-layout.js';
export { type OpenThreats, openThreatsByTarget } from './open-threats.js';
export { renderThreatModelSvg } from './render-svg.js';
