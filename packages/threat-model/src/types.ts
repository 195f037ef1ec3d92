import type {
  Boundary,
  Element,
  ElementType,
  Flow,
  ThreatDecision,
  ThreatModel,
} from './model-schema.js';

/** The STRIDE categories. */
export const STRIDE = [
  'spoofing',
  'tampering',
  'repudiation',
  'information-disclosure',
  'denial-of-service',
  'elevation-of-privilege',
] as const;
/** One of {@link STRIDE}. */
export type StrideCategory = (typeof STRIDE)[number];

/** How bad a threat is if it happens. */
export type ThreatSeverity = 'critical' | 'high' | 'medium' | 'low';

/** An element with what the model says around it. */
export interface ElementView {
  readonly kind: 'element';
  readonly element: Element;
  /** Flows into and out of it. */
  readonly inbound: readonly FlowView[];
  readonly outbound: readonly FlowView[];
  /** The boundaries it is inside. */
  readonly boundaries: readonly Boundary[];
}

/** A flow with its two ends resolved. */
export interface FlowView {
  readonly kind: 'flow';
  readonly flow: Flow;
  readonly source: Element;
  readonly target: Element;
  /** The two ends are not inside exactly the same boundaries. */
  readonly crossesBoundary: boolean;
}

/** The model as rules see it. */
export interface ModelView {
  readonly model: ThreatModel;
  readonly elements: readonly ElementView[];
  readonly flows: readonly FlowView[];
}

/**
 * One rule of the threat library: a condition over an element's or a flow's attributes
 * (in the spirit of OWASP pytm), with what the threat is and how to mitigate it.
 */
export type ThreatRule = {
  /** Stable: `TM-<S|T|R|I|D|E>-NNN`; decisions and fingerprints use it. */
  readonly id: string;
  readonly title: string;
  readonly stride: StrideCategory;
  readonly severity: ThreatSeverity;
  /** What the threat is, in the model's terms (markdown). */
  readonly description: string;
  /** Concrete mitigations, most effective first. */
  readonly mitigations: readonly string[];
  /** CWE ids (`CWE-287`). */
  readonly cwe: readonly string[];
  /** CAPEC ids (`CAPEC-151`). */
  readonly capec: readonly string[];
  readonly references?: readonly string[] | undefined;
} & (
  | {
      readonly target: 'element';
      /** The element types it applies to. */
      readonly elementTypes: readonly ElementType[];
      applies(element: ElementView, model: ModelView): boolean;
    }
  | {
      readonly target: 'flow';
      applies(flow: FlowView, model: ModelView): boolean;
    }
);

/** A threat the model gives: a rule that applies to one element or flow. */
export interface Threat {
  /** `<rule id>@<element or flow id>`: what decisions in `threats:` refer to. */
  readonly id: string;
  readonly rule: ThreatRule;
  readonly target: {
    readonly kind: 'element' | 'flow';
    readonly id: string;
    readonly name: string;
  };
  /** The decision in the model, or open when there is none. */
  readonly decision: ThreatDecision;
}
