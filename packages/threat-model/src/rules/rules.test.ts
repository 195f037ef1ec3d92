import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLASSIFICATIONS,
  ELEMENT_TYPES,
  type ElementAttributes,
  ElementAttributesSchema,
} from '../model-schema.js';
import { STRIDE, type StrideCategory } from '../types.js';
import { DENIAL_OF_SERVICE_RULES } from './denial-of-service.js';
import { ELEVATION_OF_PRIVILEGE_RULES } from './elevation-of-privilege.js';
import { THREAT_RULES, threatRulesMarkdown } from './index.js';
import { INFORMATION_DISCLOSURE_RULES } from './information-disclosure.js';
import { REPUDIATION_RULES } from './repudiation.js';
import { RULE_CASES } from './rules.cases.js';
import {
  boundary,
  entity,
  type FlowInput,
  fires,
  flow,
  type ModelInput,
  proc,
  store,
  threatIds,
  view,
} from './rules-test-support.js';
import { SPOOFING_RULES } from './spoofing.js';
import { TAMPERING_RULES } from './tampering.js';

const LETTER: Record<StrideCategory, string> = {
  spoofing: 'S',
  tampering: 'T',
  repudiation: 'R',
  'information-disclosure': 'I',
  'denial-of-service': 'D',
  'elevation-of-privilege': 'E',
};

/** Rules documented to fire on the shape of the diagram alone (element types, no attributes). */
const STRUCTURAL_RULES = new Set(['TM-T-010']);

function rule(id: string) {
  const found = THREAT_RULES.find((r) => r.id === id);
  if (found === undefined) throw new Error(`no rule ${id}`);
  return found;
}

/** The same model with every stated attribute, flow property and data word removed. */
function stripped(input: ModelInput): ModelInput {
  return {
    elements: input.elements.map((e) => ({ ...e, attributes: {} })),
    flows: (input.flows ?? []).map((f) => ({ id: f.id, from: f.from, to: f.to })),
    boundaries: input.boundaries ?? [],
  };
}

describe('rule cases', () => {
  it.each(THREAT_RULES.map((r) => r.id))('%s has a firing and a quiet case', (id) => {
    expect(RULE_CASES[id], `add a case for ${id} to rules.cases.ts`).toBeDefined();
  });

  it('has no case for a rule that does not exist', () => {
    const ids = new Set(THREAT_RULES.map((r) => r.id));
    expect(Object.keys(RULE_CASES).filter((id) => !ids.has(id))).toEqual([]);
  });

  describe.each(Object.entries(RULE_CASES))('%s', (id, testCase) => {
    it('fires on its case', () => {
      expect(fires(rule(id), view(testCase.model(true)), testCase.target)).toBe(true);
    });

    it('stays quiet on the near-identical case', () => {
      expect(fires(rule(id), view(testCase.model(false)), testCase.target)).toBe(false);
    });

    it.skipIf(STRUCTURAL_RULES.has(id))('stays quiet when the model states nothing', () => {
      expect(threatIds([rule(id)], view(stripped(testCase.model(true))))).toEqual([]);
    });
  });
});

describe('where one rule ends and the next begins', () => {
  it('does not treat an unauthenticated flow inside one boundary as crossing it', () => {
    const model = view({
      elements: [proc('api'), store('db')],
      flows: [flow('api', 'db', { authenticated: false })],
      boundaries: [boundary('app', ['api', 'db'])],
    });
    expect(fires(rule('TM-S-002'), model, 'api-db')).toBe(false);
  });

  it('leaves unauthenticated third-party callbacks to TM-S-006, not TM-S-002', () => {
    const model = view({
      elements: [entity('psp', { thirdParty: true }), proc('api')],
      flows: [flow('psp', 'api', { authenticated: false })],
      boundaries: [boundary('app', ['api'])],
    });
    expect(threatIds([rule('TM-S-002'), rule('TM-S-006')], model)).toEqual(['TM-S-006@psp-api']);
  });

  it('leaves credentials in clear text to TM-I-001, not TM-I-002', () => {
    const model = view({
      elements: [proc('api'), store('db', { dataClassification: 'restricted' })],
      flows: [
        flow('api', 'db', {
          encrypted: false,
          data: ['Credentials', 'pii'],
          dataClassification: 'restricted',
        }),
      ],
    });
    expect(threatIds([rule('TM-I-001'), rule('TM-I-002')], model)).toEqual(['TM-I-001@api-db']);
  });

  it('leaves administrative logins to TM-S-003, not TM-S-010', () => {
    const model = view({
      elements: [entity('ops'), proc('admin', { isAdminInterface: true, mfa: false })],
      flows: [flow('ops', 'admin', { data: ['credentials'] })],
    });
    expect(threatIds([rule('TM-S-003'), rule('TM-S-010')], model)).toEqual(['TM-S-003@admin']);
  });

  it('leaves administrative interfaces to TM-R-004, not TM-R-005', () => {
    const model = view({
      elements: [proc('admin', { isAdminInterface: true, hasAuditTrail: false }), store('db')],
      flows: [flow('admin', 'db', { data: ['payment'] })],
    });
    expect(threatIds([rule('TM-R-004'), rule('TM-R-005')], model)).toEqual(['TM-R-004@admin']);
  });

  it('leaves payment flows to third parties to TM-R-005, not TM-R-006', () => {
    const model = view({
      elements: [proc('checkout', { hasAuditTrail: false }), entity('psp', { thirdParty: true })],
      flows: [flow('checkout', 'psp', { data: ['payment'], dataClassification: 'restricted' })],
    });
    expect(threatIds([rule('TM-R-005'), rule('TM-R-006')], model)).toEqual(['TM-R-005@checkout']);
  });

  it('sees integrity loss in transit when only integrity protection is stated missing', () => {
    const model = (props: Partial<FlowInput>) =>
      view({
        elements: [entity('partner'), proc('api')],
        flows: [flow('partner', 'api', props)],
        boundaries: [boundary('app', ['api'])],
      });
    const t007 = rule('TM-T-007');
    expect(fires(t007, model({ encrypted: true, integrityProtected: false }), 'partner-api')).toBe(
      true,
    );
    expect(fires(t007, model({ encrypted: false, integrityProtected: true }), 'partner-api')).toBe(
      false,
    );
  });

  it('counts input relayed by another process as not directly exposed', () => {
    const model = view({
      elements: [
        entity('user'),
        proc('gateway', { internetFacing: true }),
        proc('runner', { executesCommands: true }),
      ],
      flows: [flow('user', 'gateway'), flow('gateway', 'runner')],
    });
    expect(fires(rule('TM-T-002'), model, 'runner')).toBe(false);
  });

  it('finds sensitive data in a data store from the flows that reach it', () => {
    const model = view({
      elements: [proc('api'), store('db', { encryptsAtRest: false })],
      flows: [flow('api', 'db', { dataClassification: 'confidential' })],
    });
    expect(fires(rule('TM-I-003'), model, 'db')).toBe(true);
  });
});

describe('test views', () => {
  it('marks a flow as crossing when its ends are inside different sets of boundaries', () => {
    const model = view({
      elements: [proc('a'), proc('b'), proc('c')],
      flows: [flow('a', 'b'), flow('b', 'c')],
      boundaries: [boundary('outer', ['a', 'b', 'c']), boundary('inner', ['c'])],
    });
    expect(model.flows.map((f) => [f.flow.id, f.crossesBoundary])).toEqual([
      ['a-b', false],
      ['b-c', true],
    ]);
    const c = model.elements.find((e) => e.element.id === 'c');
    expect(c?.boundaries.map((b) => b.id)).toEqual(['outer', 'inner']);
    expect(c?.inbound.map((f) => f.flow.id)).toEqual(['b-c']);
  });
});

describe('the library', () => {
  it('has at least 40 rules', () => {
    expect(THREAT_RULES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(STRIDE)('has at least 5 %s rules', (category) => {
    expect(THREAT_RULES.filter((r) => r.stride === category).length).toBeGreaterThanOrEqual(5);
  });

  it('holds every rule of every category file exactly once', () => {
    const all = [
      ...SPOOFING_RULES,
      ...TAMPERING_RULES,
      ...REPUDIATION_RULES,
      ...INFORMATION_DISCLOSURE_RULES,
      ...DENIAL_OF_SERVICE_RULES,
      ...ELEVATION_OF_PRIVILEGE_RULES,
    ];
    expect(THREAT_RULES.length).toBe(all.length);
    expect(new Set(THREAT_RULES).size).toBe(all.length);
  });

  it.each([
    ['spoofing', SPOOFING_RULES],
    ['tampering', TAMPERING_RULES],
    ['repudiation', REPUDIATION_RULES],
    ['information-disclosure', INFORMATION_DISCLOSURE_RULES],
    ['denial-of-service', DENIAL_OF_SERVICE_RULES],
    ['elevation-of-privilege', ELEVATION_OF_PRIVILEGE_RULES],
  ] as const)('keeps only %s rules in its file', (category, rules) => {
    expect(rules.every((r) => r.stride === category)).toBe(true);
  });

  it('has unique ids and titles, sorted by id', () => {
    const ids = THREAT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(THREAT_RULES.map((r) => r.title)).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
  });

  describe.each(THREAT_RULES.map((r) => [r.id, r] as const))('%s', (_id, r) => {
    it('has an id of its STRIDE letter', () => {
      expect(r.id).toMatch(/^TM-[STRIDE]-\d{3}$/);
      expect(r.id.charAt(3)).toBe(LETTER[r.stride]);
    });

    it('names well-formed, distinct CWE and CAPEC ids', () => {
      expect(r.cwe.length).toBeGreaterThan(0);
      for (const cwe of r.cwe) expect(cwe).toMatch(/^CWE-[1-9]\d*$/);
      for (const capec of r.capec) expect(capec).toMatch(/^CAPEC-[1-9]\d*$/);
      expect(new Set(r.cwe).size).toBe(r.cwe.length);
      expect(new Set(r.capec).size).toBe(r.capec.length);
    });

    it('has 2 to 4 mitigations, a description in the model’s terms and https references', () => {
      expect(r.mitigations.length).toBeGreaterThanOrEqual(2);
      expect(r.mitigations.length).toBeLessThanOrEqual(4);
      for (const m of r.mitigations) expect(m.trim().length).toBeGreaterThan(10);
      expect(r.title.trim()).not.toBe('');
      expect(r.description).toMatch(/`[A-Za-z-]+(: [a-z]+)?`/);
      expect(r.references?.length ?? 0).toBeGreaterThan(0);
      for (const ref of r.references ?? []) expect(ref).toMatch(/^https:\/\/\S+$/);
    });

    it.runIf(r.target === 'element')('declares the element types it applies to', () => {
      if (r.target !== 'element') return;
      expect(r.elementTypes.length).toBeGreaterThan(0);
      for (const t of r.elementTypes) expect(ELEMENT_TYPES).toContain(t);
      expect(new Set(r.elementTypes).size).toBe(r.elementTypes.length);
    });
  });
});

describe('threatRulesMarkdown', () => {
  it('renders a header and one row per rule with what it applies to and its ids', () => {
    const markdown = threatRulesMarkdown(THREAT_RULES);
    const lines = markdown.trimEnd().split('\n');
    expect(lines[0]).toBe('| ID | STRIDE | Severity | Title | Applies to | CWE | CAPEC |');
    expect(lines).toHaveLength(THREAT_RULES.length + 2);
    expect(lines).toContain(
      '| TM-T-001 | tampering | critical | SQL injection through queries built from strings | process | CWE-89 | CAPEC-66 |',
    );
    expect(markdown).toMatch(/\| TM-S-002 \| spoofing \| high \| [^|]+ \| flow \|/);
    expect(markdown).toMatch(/\| TM-I-004 \|[^\n]*\| process, data-store \|/);
    expect(markdown).toMatch(/\| TM-R-006 \|[^\n]*\| CWE-778 \| — \|$/m);
  });

  it('escapes pipes in titles so the table stays intact', () => {
    const base = rule('TM-D-003');
    const markdown = threatRulesMarkdown([{ ...base, title: 'a | b' }]);
    expect(markdown).toContain('| a \\| b |');
  });
});

// Attribute objects drawn from the schema's own keys, so a new attribute is covered here
// the moment it is added to the vocabulary.
const attributeKeys = Object.keys(ElementAttributesSchema.shape);
const attributesArb: fc.Arbitrary<ElementAttributes> = fc
  .record(
    Object.fromEntries(
      attributeKeys.map((key) => [
        key,
        key === 'dataClassification' ? fc.constantFrom(...CLASSIFICATIONS) : fc.boolean(),
      ]),
    ),
    { requiredKeys: [] },
  )
  .map((a) => ElementAttributesSchema.parse(a));

const DATA_WORDS = [
  'credentials',
  'tokens',
  'pii',
  'payment',
  'secrets',
  'Credentials',
  'telemetry',
];

const modelArb: fc.Arbitrary<ModelInput> = fc.integer({ min: 1, max: 6 }).chain((n) => {
  const ids = Array.from({ length: n }, (_, i) => `e${i}`);
  const elementsArb = fc.tuple(
    ...ids.map((id) =>
      fc
        .record({ type: fc.constantFrom(...ELEMENT_TYPES), attributes: attributesArb })
        .map((e) => ({ id, name: id, ...e })),
    ),
  );
  const flowArb = fc.record(
    {
      from: fc.constantFrom(...ids),
      to: fc.constantFrom(...ids),
      protocol: fc.constantFrom('https', 'http', 'file', 'SMB', 'sql', 'amqp'),
      authenticated: fc.boolean(),
      encrypted: fc.boolean(),
      integrityProtected: fc.boolean(),
      data: fc.subarray(DATA_WORDS),
      dataClassification: fc.constantFrom(...CLASSIFICATIONS),
    },
    { requiredKeys: ['from', 'to'] },
  );
  const flowsArb = fc
    .array(flowArb, { maxLength: 8 })
    .map((flows) => flows.map((f, i) => ({ id: `f${i}`, ...f })));
  const boundariesArb = fc
    .array(fc.subarray(ids, { minLength: 1 }), { maxLength: 3 })
    .map((sets) => sets.map((elements, i) => boundary(`b${i}`, elements)));
  return fc.record({ elements: elementsArb, flows: flowsArb, boundaries: boundariesArb });
});

describe('on arbitrary valid models', () => {
  it('never throws and always answers true or false', () => {
    fc.assert(
      fc.property(modelArb, (input) => {
        const model = view(input);
        for (const r of THREAT_RULES) {
          // Every element, including types the rule does not declare: a rule must not rely
          // on the engine's filtering to stay safe.
          const results =
            r.target === 'element'
              ? model.elements.map((e) => r.applies(e, model))
              : model.flows.map((f) => r.applies(f, model));
          for (const result of results) expect(typeof result).toBe('boolean');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives only structural threats when nothing is stated', () => {
    fc.assert(
      fc.property(modelArb, (input) => {
        const ids = threatIds(THREAT_RULES, view(stripped(input)));
        expect(ids.filter((id) => !STRUCTURAL_RULES.has(id.split('@')[0] ?? ''))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
