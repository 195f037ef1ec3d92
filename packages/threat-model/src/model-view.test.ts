import { describe, expect, it } from 'vitest';
import { loadThreatModel } from './load-model.js';
import type { Boundary, Element, Flow, ThreatModel } from './model-schema.js';
import { modelView } from './model-view.js';

const element = (id: string, type: Element['type'] = 'process'): Element => ({
  id,
  type,
  name: id.toUpperCase(),
  attributes: {},
});
const flow = (id: string, from: string, to: string): Flow => ({ id, from, to, data: [] });
const boundary = (id: string, ...elements: string[]): Boundary => ({ id, name: id, elements });

function model(flows: Flow[], boundaries: Boundary[]): ThreatModel {
  return {
    version: 1,
    name: 'm',
    elements: ['a', 'b', 'c', 'd'].map((id) => element(id)),
    flows,
    boundaries,
    threats: {},
  };
}

const crossing = (m: ThreatModel) =>
  Object.fromEntries(modelView(m).flows.map((f) => [f.flow.id, f.crossesBoundary]));

describe('modelView', () => {
  it('resolves each flow to its two elements and lists it on both', async () => {
    const view = modelView(
      await loadThreatModel(new URL('fixtures/payments.threatmodel.yml', import.meta.url).pathname),
    );
    const payments = view.elements.find((e) => e.element.id === 'payments');
    expect(payments?.inbound.map((f) => f.flow.id)).toEqual([
      'gateway-to-payments',
      'admin-refund',
    ]);
    expect(payments?.outbound.map((f) => f.flow.id)).toEqual([
      'charge',
      'store-payment',
      'publish-event',
    ]);
    expect(payments?.boundaries.map((b) => b.id)).toEqual(['internal']);
    const charge = view.flows.find((f) => f.flow.id === 'charge');
    expect(charge?.source.name).toBe('Payments service');
    expect(charge?.target.name).toBe('Card payment provider');
    // The same flow object on both ends, so rules can compare views by identity.
    expect(payments?.outbound[0]).toBe(charge);
  });

  it('marks the flows of the example that cross between internet and internal', async () => {
    const m = await loadThreatModel(
      new URL('fixtures/payments.threatmodel.yml', import.meta.url).pathname,
    );
    expect(crossing(m)).toEqual({
      checkout: true,
      'gateway-to-payments': false,
      charge: true,
      'provider-webhook': true,
      'store-payment': false,
      'publish-event': false,
      'admin-login': true,
      'admin-refund': false,
    });
  });

  it('does not mark a flow inside one boundary, or between two elements in none', () => {
    expect(
      crossing(model([flow('in', 'a', 'b'), flow('out', 'c', 'd')], [boundary('x', 'a', 'b')])),
    ).toEqual({ in: false, out: false });
  });

  it('marks a flow from outside every boundary into one, and out again', () => {
    expect(
      crossing(model([flow('enter', 'c', 'a'), flow('leave', 'a', 'c')], [boundary('x', 'a')])),
    ).toEqual({ enter: true, leave: true });
  });

  it('marks a flow between two boundaries, and into a nested one', () => {
    const boundaries = [
      boundary('outer', 'a', 'b', 'c'),
      boundary('inner', 'b'),
      boundary('y', 'd'),
    ];
    expect(
      crossing(
        model(
          [flow('nested', 'a', 'b'), flow('across', 'c', 'd'), flow('same', 'a', 'c')],
          boundaries,
        ),
      ),
    ).toEqual({ nested: true, across: true, same: false });
  });

  it('does not mark a flow whose ends are in the same several boundaries', () => {
    const view = modelView(
      model([flow('f', 'a', 'b')], [boundary('x', 'a', 'b'), boundary('y', 'b', 'a', 'a')]),
    );
    expect(view.flows[0]?.crossesBoundary).toBe(false);
    // Listed twice in y, still inside it once.
    expect(view.elements[0]?.boundaries.map((b) => b.id)).toEqual(['x', 'y']);
  });

  it('gives an element with no flows and no boundary empty lists', () => {
    const view = modelView(model([], []));
    expect(view.elements[3]).toMatchObject({ inbound: [], outbound: [], boundaries: [] });
  });

  it('refuses a flow to an element the model does not have', () => {
    expect(() => modelView(model([flow('f', 'a', 'zz')], []))).toThrow(/flow f .*\(zz\)/);
  });
});
