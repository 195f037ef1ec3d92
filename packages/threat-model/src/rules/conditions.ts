import type { Classification, Element, Flow } from '../model-schema.js';
import type { ElementView } from '../types.js';

/**
 * Small predicates the rules share, so a condition reads like the threat it describes.
 * Every predicate looks at stated values only: an attribute the model leaves out is unknown
 * and never makes a predicate true.
 */

const SENSITIVE: ReadonlySet<Classification> = new Set(['confidential', 'restricted']);

/** True when a classification is `confidential` or `restricted`. */
export function isSensitive(classification: Classification | undefined): boolean {
  return classification !== undefined && SENSITIVE.has(classification);
}

/**
 * True when a flow states that it carries one of `words` in its `data` (case-insensitive),
 * e.g. `carries(flow, 'credentials', 'secrets')`.
 */
export function carries(flow: Flow, ...words: readonly string[]): boolean {
  return flow.data.some((item) => words.includes(item.toLowerCase()));
}

/** True when any inbound flow of the element carries one of `words`. */
export function receives(view: ElementView, ...words: readonly string[]): boolean {
  return view.inbound.some((f) => carries(f.flow, ...words));
}

/** True when any inbound or outbound flow of the element carries one of `words`. */
export function handles(view: ElementView, ...words: readonly string[]): boolean {
  return receives(view, ...words) || view.outbound.some((f) => carries(f.flow, ...words));
}

/**
 * True when input an attacker controls reaches the element directly: it is stated
 * `internetFacing: true`, or an external entity sends it a flow. Input relayed through
 * another of our processes is not counted, so injection rules stay with the first hop,
 * where validation belongs.
 */
export function isExposed(view: ElementView): boolean {
  return (
    view.element.attributes.internetFacing === true ||
    view.inbound.some((f) => f.source.type === 'external-entity')
  );
}

/**
 * True when the element is stated to hold sensitive data, or a flow into or out of it is
 * classified `confidential` or `restricted`.
 */
export function holdsSensitiveData(view: ElementView): boolean {
  return (
    isSensitive(view.element.attributes.dataClassification) ||
    view.inbound.some((f) => isSensitive(f.flow.dataClassification)) ||
    view.outbound.some((f) => isSensitive(f.flow.dataClassification))
  );
}

/** True when the element is stated to be third-party. */
export function isThirdParty(element: Element): boolean {
  return element.attributes.thirdParty === true;
}

/** The address of an OWASP cheat sheet, from its name without the `_Cheat_Sheet` suffix. */
export function cheatSheet(name: string): string {
  return `https://cheatsheetseries.owasp.org/cheatsheets/${name}_Cheat_Sheet.html`;
}
