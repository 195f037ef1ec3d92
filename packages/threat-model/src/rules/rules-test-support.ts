import type { z } from 'zod';
import {
  type Boundary,
  type BoundarySchema,
  type ElementSchema,
  type FlowSchema,
  ThreatModelSchema,
} from '../model-schema.js';
import type { ElementView, FlowView, ModelView, ThreatRule } from '../types.js';

/**
 * Test support for the rules: builds a {@link ModelView} from a small model the way
 * `types.ts` documents it, so rule tests do not depend on the loader. The model goes
 * through {@link ThreatModelSchema} first, so every test model is a valid one.
 */

/** An element as written in a model. */
export type ElementInput = z.input<typeof ElementSchema>;
/** A flow as written in a model. */
export type FlowInput = z.input<typeof FlowSchema>;
/** A boundary as written in a model. */
export type BoundaryInput = z.input<typeof BoundarySchema>;

/** The parts of a model a rule test needs. */
export interface ModelInput {
  readonly elements: readonly ElementInput[];
  readonly flows?: readonly FlowInput[];
  readonly boundaries?: readonly BoundaryInput[];
}

type Attributes = NonNullable<ElementInput['attributes']>;

/** A process element named after its id. */
export function proc(id: string, attributes: Attributes = {}): ElementInput {
  return { id, type: 'process', name: id, attributes };
}

/** A data-store element named after its id. */
export function store(id: string, attributes: Attributes = {}): ElementInput {
  return { id, type: 'data-store', name: id, attributes };
}

/** An external-entity element named after its id. */
export function entity(id: string, attributes: Attributes = {}): ElementInput {
  return { id, type: 'external-entity', name: id, attributes };
}

/** A flow with id `<from>-<to>` unless `props.id` says otherwise. */
export function flow(from: string, to: string, props: Partial<FlowInput> = {}): FlowInput {
  return { id: `${from}-${to}`, from, to, ...props };
}

/** A boundary named after its id. */
export function boundary(id: string, elements: readonly string[]): BoundaryInput {
  return { id, name: id, elements: [...elements] };
}

/** True when two lists of boundaries hold exactly the same ids. */
function sameBoundaries(a: readonly Boundary[], b: readonly Boundary[]): boolean {
  const ids = new Set(a.map((x) => x.id));
  return a.length === b.length && b.every((x) => ids.has(x.id));
}

/**
 * Validates a model and builds the views rules see: flows with both ends, `crossesBoundary`
 * when the ends are not inside exactly the same boundaries, and per element its inbound and
 * outbound flows and the boundaries it is inside.
 */
export function view(input: ModelInput): ModelView {
  const model = ThreatModelSchema.parse({
    version: 1,
    name: 'test model',
    elements: input.elements,
    flows: input.flows ?? [],
    boundaries: input.boundaries ?? [],
  });
  const byId = new Map(model.elements.map((e) => [e.id, e]));
  const boundariesOf = (id: string): Boundary[] =>
    model.boundaries.filter((b) => b.elements.includes(id));
  const flows: FlowView[] = model.flows.map((f) => {
    const source = byId.get(f.from);
    const target = byId.get(f.to);
    if (source === undefined || target === undefined) {
      throw new Error(`test model: flow ${f.id} refers to an element that does not exist`);
    }
    return {
      kind: 'flow',
      flow: f,
      source,
      target,
      crossesBoundary: !sameBoundaries(boundariesOf(f.from), boundariesOf(f.to)),
    };
  });
  const elements: ElementView[] = model.elements.map((element) => ({
    kind: 'element',
    element,
    inbound: flows.filter((f) => f.flow.to === element.id),
    outbound: flows.filter((f) => f.flow.from === element.id),
    boundaries: boundariesOf(element.id),
  }));
  return { model, elements, flows };
}

/**
 * Whether `rule` gives a threat for the element or flow `targetId`, as the engine decides
 * it: an element rule only runs on the element types it declares.
 */
export function fires(rule: ThreatRule, model: ModelView, targetId: string): boolean {
  if (rule.target === 'element') {
    const element = model.elements.find((e) => e.element.id === targetId);
    return (
      element !== undefined &&
      rule.elementTypes.includes(element.element.type) &&
      rule.applies(element, model)
    );
  }
  const flowView = model.flows.find((f) => f.flow.id === targetId);
  return flowView !== undefined && rule.applies(flowView, model);
}

/** Every `<rule id>@<target id>` the rules give for a model. */
export function threatIds(rules: readonly ThreatRule[], model: ModelView): string[] {
  const targets = [
    ...model.elements.map((e) => e.element.id),
    ...model.flows.map((f) => f.flow.id),
  ];
  return rules.flatMap((rule) =>
    targets.filter((id) => fires(rule, model, id)).map((id) => `${rule.id}@${id}`),
  );
}
