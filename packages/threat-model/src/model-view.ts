import type { Boundary, Element, ThreatModel } from './model-schema.js';
import type { ElementView, FlowView, ModelView } from './types.js';

/** True when `a` and `b` hold the same boundaries (by id). */
function sameBoundaries(a: readonly Boundary[], b: readonly Boundary[]): boolean {
  if (a.length !== b.length) return false;
  const ids = new Set(a.map((boundary) => boundary.id));
  return b.every((boundary) => ids.has(boundary.id));
}

/**
 * The model as rules see it: each element with its inbound and outbound flows and the
 * boundaries it is inside, each flow with its two ends and whether it crosses a boundary.
 *
 * A flow crosses a boundary when its ends are not inside exactly the same set of
 * boundaries. Elements inside no boundary share the same "outside", so a flow between two
 * of them crosses nothing, while one from outside into any boundary does.
 *
 * The model must be valid ({@link parseThreatModel} or {@link checkThreatModel}): a flow
 * that names an element the model does not have is a programming error here.
 *
 * @example
 * const view = modelView(parseThreatModel(text, 'threatmodel.yml'));
 * view.flows.filter((f) => f.crossesBoundary);
 */
export function modelView(model: ThreatModel): ModelView {
  const byId = new Map<string, Element>(model.elements.map((element) => [element.id, element]));
  const boundariesOf = new Map<string, Boundary[]>(model.elements.map((e) => [e.id, []]));
  for (const boundary of model.boundaries) {
    // A boundary that lists an element twice still puts it inside only once.
    for (const id of new Set(boundary.elements)) boundariesOf.get(id)?.push(boundary);
  }
  const flows: FlowView[] = model.flows.map((flow) => {
    const source = byId.get(flow.from);
    const target = byId.get(flow.to);
    if (!source || !target) {
      throw new Error(
        `flow ${flow.id} names an element the model does not have (${source ? flow.to : flow.from}); check the model with checkThreatModel first`,
      );
    }
    return {
      kind: 'flow',
      flow,
      source,
      target,
      crossesBoundary: !sameBoundaries(
        boundariesOf.get(source.id) ?? [],
        boundariesOf.get(target.id) ?? [],
      ),
    };
  });
  const elements: ElementView[] = model.elements.map((element) => ({
    kind: 'element',
    element,
    inbound: flows.filter((f) => f.target.id === element.id),
    outbound: flows.filter((f) => f.source.id === element.id),
    boundaries: boundariesOf.get(element.id) ?? [],
  }));
  return { model, elements, flows };
}
