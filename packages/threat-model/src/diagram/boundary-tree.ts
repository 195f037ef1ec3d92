import type { Boundary, ThreatModel } from '../model-schema.js';

/** Where boundaries and elements sit in the drawing: a tree, as ELK's compound nodes need. */
export interface BoundaryTree {
  /** The boundary each boundary is drawn inside, by id; absent for a top-level boundary. */
  readonly parentOf: ReadonlyMap<string, string>;
  /** The boundary each element is drawn inside, by id; absent for an element outside all. */
  readonly homeOf: ReadonlyMap<string, string>;
}

/**
 * Arranges a model's trust boundaries into a tree for drawing.
 *
 * A model's boundaries are sets of elements and may overlap any way they like; a drawing
 * needs every box either inside another or apart from it. So:
 * - boundary A is drawn inside boundary B when A's elements are a subset of B's: inside
 *   the smallest such B, the first listed when several are as small; boundaries with the
 *   same elements nest in listing order (a later one inside the one listed just before);
 * - each element is drawn inside the innermost (deepest in this tree) boundary that lists
 *   it, and between equally deep ones, inside the one listed first. An element in two
 *   boundaries that are not nested is therefore drawn inside only the first one listed;
 *   the other box does not surround it (the threats, which use the model, still count it
 *   inside both);
 * - a boundary left with no element of its own and no boundary inside it is drawn as an
 *   empty box, so every boundary still appears.
 *
 * Element ids a boundary lists that the model does not have are ignored, as are repeats.
 */
export function boundaryTree(model: ThreatModel): BoundaryTree {
  const known = new Set(model.elements.map((element) => element.id));
  const members = new Map<string, ReadonlySet<string>>();
  for (const boundary of model.boundaries) {
    // A repeated boundary id would break the tree; the schema check reports it, we keep the first.
    if (members.has(boundary.id)) continue;
    members.set(boundary.id, new Set(boundary.elements.filter((id) => known.has(id))));
  }
  const boundaries: Boundary[] = model.boundaries.filter(
    (boundary, index) => model.boundaries.findIndex((b) => b.id === boundary.id) === index,
  );
  const sizeOf = (id: string): number => members.get(id)?.size ?? 0;

  const parentOf = new Map<string, string>();
  boundaries.forEach((inner, innerIndex) => {
    const innerSet = members.get(inner.id) ?? new Set<string>();
    let best: { id: string; size: number; index: number } | undefined;
    boundaries.forEach((outer, outerIndex) => {
      if (outer.id === inner.id) return;
      const outerSet = members.get(outer.id) ?? new Set<string>();
      if (![...innerSet].every((id) => outerSet.has(id))) return;
      // Equal sets nest by listing order, which keeps the relation acyclic.
      if (outerSet.size === innerSet.size && outerIndex > innerIndex) return;
      const size = sizeOf(outer.id);
      // The smallest container is the direct parent. Between equally small ones, the first
      // listed, except in a run of equal sets, where the latest listed makes them a chain.
      const tieWins = size === innerSet.size ? outerIndex > (best?.index ?? -1) : false;
      if (!best || size < best.size || (size === best.size && tieWins)) {
        best = { id: outer.id, size, index: outerIndex };
      }
    });
    // An empty boundary is a subset of everything; it is not worth nesting it anywhere.
    if (best && innerSet.size > 0) parentOf.set(inner.id, best.id);
  });

  const depthOf = (id: string): number => {
    let depth = 0;
    for (let at = parentOf.get(id); at !== undefined; at = parentOf.get(at)) depth++;
    return depth;
  };
  const homeOf = new Map<string, string>();
  for (const element of model.elements) {
    let home: { id: string; depth: number } | undefined;
    for (const boundary of boundaries) {
      if (!members.get(boundary.id)?.has(element.id)) continue;
      const depth = depthOf(boundary.id);
      // Strictly deeper wins, so between equally deep boundaries the first listed stays.
      if (!home || depth > home.depth) home = { id: boundary.id, depth };
    }
    if (home) homeOf.set(element.id, home.id);
  }
  return { parentOf, homeOf };
}
