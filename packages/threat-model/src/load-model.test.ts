import { ConfigError } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkThreatModel,
  loadThreatModel,
  parseThreatModel,
  splitThreatId,
  unknownDecisionKeys,
} from './load-model.js';

const fixture = (name: string) => new URL(`fixtures/${name}`, import.meta.url).pathname;

/** The ConfigError `run` throws (fails the test when it throws nothing or something else). */
function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

async function loadError(path: string): Promise<ConfigError> {
  const err: unknown = await loadThreatModel(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

const HEAD = `version: 1
name: Test
elements:
  - id: browser
    type: external-entity
    name: Browser
  - id: api
    type: process
    name: API
  - id: db
    type: data-store
    name: Database
`;

describe('loadThreatModel', () => {
  it('loads the payments example with defaults filled in', async () => {
    const model = await loadThreatModel(fixture('payments.threatmodel.yml'));
    expect(model.name).toBe('Payments');
    expect(model.elements.map((e) => e.id)).toEqual([
      'browser',
      'payment-provider',
      'api-gateway',
      'payments',
      'admin-ui',
      'payments-db',
      'events',
    ]);
    expect(model.flows).toHaveLength(8);
    expect(model.boundaries.map((b) => b.id)).toEqual(['internet', 'internal']);
    expect(model.threats['TM-S-003@admin-ui']?.status).toBe('accepted');
    expect(model.elements.find((e) => e.id === 'browser')?.attributes).toEqual({
      internetFacing: true,
    });
  });

  it('names file, line and column of a mistyped attribute, with did you mean', async () => {
    const path = fixture('broken/unknown-attribute.threatmodel.yml');
    const err = await loadError(path);
    expect(err.message).toContain(`${path}:9:7: elements.0.attributes: unknown key "authenticate"`);
    expect(err.message).toContain('(did you mean "authenticates"?)');
  });

  it('points at a flow end that names no element, with did you mean', async () => {
    const path = fixture('broken/dangling-flow.threatmodel.yml');
    const err = await loadError(path);
    expect(err.message).toBe(
      `${path}:13:9: flows.0.to: "paymnts" is not the id of an element (did you mean "payments"?)`,
    );
    expect(err.position).toEqual({ file: path, line: 13, column: 9 });
  });

  it('points at the second use of an id', async () => {
    const path = fixture('broken/duplicate-id.threatmodel.yml');
    const err = await loadError(path);
    expect(err.message).toBe(
      `${path}:11:9: flows.0.id: "api" is already the id of elements.0; ids must be unique across elements, flows and boundaries`,
    );
  });

  it('points at the key of a decision about an element that does not exist', async () => {
    const path = fixture('broken/bad-decision.threatmodel.yml');
    const err = await loadError(path);
    expect(err.message).toBe(
      `${path}:11:3: threats.TM-S-001@apy: threat TM-S-001@apy: "apy" is not the id of an element or flow (did you mean "api"?)`,
    );
  });

  it('reports invalid YAML with its position', async () => {
    const path = fixture('broken/invalid-yaml.threatmodel.yml');
    const err = await loadError(path);
    expect(err.message).toMatch(new RegExp(`^${path}:\\d+:\\d+: invalid YAML: `));
  });

  it('says a missing file cannot be read, with the not-found code', async () => {
    const err = await loadError(fixture('no-such.threatmodel.yml'));
    expect(err.code).toBe('RAMPART_CONFIG_NOT_FOUND');
    expect(err.message).toContain('cannot read the threat model');
  });
});

describe('parseThreatModel', () => {
  it('rejects a flow from an element to itself', () => {
    const err = configError(() =>
      parseThreatModel(`${HEAD}flows:\n  - id: loop\n    from: api\n    to: api\n`, 'tm.yml'),
    );
    expect(err.message).toBe(
      'tm.yml:16:9: flows.0.to: a flow joins two different elements, but "api" is also its from',
    );
  });

  it('rejects a flow from an unknown element', () => {
    const err = configError(() =>
      parseThreatModel(`${HEAD}flows:\n  - id: f\n    from: brower\n    to: api\n`, 'tm.yml'),
    );
    expect(err.message).toBe(
      'tm.yml:15:11: flows.0.from: "brower" is not the id of an element (did you mean "browser"?)',
    );
  });

  it('rejects ids shared by a boundary and an element', () => {
    const err = configError(() =>
      parseThreatModel(
        `${HEAD}boundaries:\n  - id: db\n    name: Data\n    elements: [db]\n`,
        'tm.yml',
      ),
    );
    expect(err.message).toMatch(
      /^tm\.yml:14:9: boundaries\.0\.id: "db" is already the id of elements\.2/,
    );
  });

  it('rejects a boundary that lists an unknown element, or one element twice', () => {
    const unknown = configError(() =>
      parseThreatModel(
        `${HEAD}boundaries:\n  - id: inside\n    name: Inside\n    elements:\n      - api\n      - nope\n`,
        'tm.yml',
      ),
    );
    expect(unknown.message).toBe(
      'tm.yml:18:9: boundaries.0.elements.1: "nope" is not the id of an element',
    );
    const twice = configError(() =>
      parseThreatModel(
        `${HEAD}boundaries:\n  - id: inside\n    name: Inside\n    elements: [api, db, api]\n`,
        'tm.yml',
      ),
    );
    expect(twice.message).toBe(
      'tm.yml:16:25: boundaries.0.elements.2: "api" is listed twice in boundary inside',
    );
  });

  it('rejects a decision key that is not <rule>@<target>', () => {
    const err = configError(() =>
      parseThreatModel(
        `${HEAD}threats:\n  TM-S-001:\n    status: accepted\n    reason: fine\n`,
        'tm.yml',
      ),
    );
    expect(err.message).toBe(
      'tm.yml:14:3: threats.TM-S-001: "TM-S-001" is not a threat id: expected <rule id>@<element or flow id>, e.g. TM-S-001@api',
    );
  });

  it('accepts decisions about flows as well as elements', () => {
    const model = parseThreatModel(
      `${HEAD}flows:\n  - id: q\n    from: api\n    to: db\nthreats:\n  TM-I-001@q:\n    status: mitigated\n    evidence: TLS\n  TM-S-001@api: { status: open }\n`,
      'tm.yml',
    );
    expect(Object.keys(model.threats)).toEqual(['TM-I-001@q', 'TM-S-001@api']);
  });

  it('counts the further problems in the message', () => {
    const err = configError(() =>
      parseThreatModel(`${HEAD}flows:\n  - id: f\n    from: x\n    to: y\n`, 'tm.yml'),
    );
    expect(err.message).toMatch(
      /flows\.0\.from: "x" is not the id of an element \(and 1 more problem\)$/,
    );
  });

  it('rejects a decision without its evidence, and a wrong status', () => {
    const noEvidence = configError(() =>
      parseThreatModel(`${HEAD}threats:\n  TM-S-001@api:\n    status: mitigated\n`, 'tm.yml'),
    );
    expect(noEvidence.message).toMatch(/^tm\.yml:15:5: threats\.TM-S-001@api\.evidence: /);
    const wrong = configError(() =>
      parseThreatModel(`${HEAD}threats:\n  TM-S-001@api:\n    status: fixed\n`, 'tm.yml'),
    );
    expect(wrong.message).toMatch(/^tm\.yml:15:\d+: threats\.TM-S-001@api\.status: /);
  });

  it('rejects an unknown top-level key with did you mean, and a wrong version', () => {
    expect(configError(() => parseThreatModel(`${HEAD}flow: []\n`, 'tm.yml')).message).toContain(
      'unknown key "flow" (did you mean "flows"?)',
    );
    expect(
      configError(() => parseThreatModel(HEAD.replace('version: 1', 'version: 2'), 'tm.yml'))
        .message,
    ).toMatch(/^tm\.yml:1:10: version: /);
  });

  it('rejects an empty document and a list at the top', () => {
    expect(configError(() => parseThreatModel('', 'tm.yml')).message).toMatch(/^tm\.yml:1:1: /);
    expect(configError(() => parseThreatModel('- a\n', 'tm.yml')).message).toMatch(
      /^tm\.yml:1:1: /,
    );
  });

  it('never throws anything but a ConfigError, whatever the text', () => {
    const yamlish = fc.string({
      unit: fc.constantFrom(
        ...['version: 1\n', 'name: x\n', 'elements:\n', '  - ', 'id: a\n', 'type: process\n'],
        ...[
          'flows:\n',
          'from: a\n',
          'to: b\n',
          'threats:\n',
          '  x@a: {status: open}\n',
          '[',
          '{',
          ':',
          '&a ',
          '*a',
          '\t',
          ' ',
          '\n',
          '"',
          '@',
        ],
      ),
      maxLength: 40,
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), yamlish), (text) => {
        try {
          parseThreatModel(text, 'tm.yml');
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('checkThreatModel', () => {
  it('finds nothing wrong with the payments example', async () => {
    const model = await loadThreatModel(fixture('payments.threatmodel.yml'));
    expect(checkThreatModel(model)).toEqual([]);
  });

  it('lists every problem with its path, for models that come from no file', () => {
    const problems = checkThreatModel({
      version: 1,
      name: 'x',
      elements: [{ id: 'a', type: 'process', name: 'A', attributes: {} }],
      flows: [{ id: 'a', from: 'a', to: 'b', data: [] }],
      boundaries: [],
      threats: {},
    });
    expect(problems.map((p) => p.path.join('.'))).toEqual(['flows.0.id', 'flows.0.to']);
  });
});

describe('unknownDecisionKeys and splitThreatId', () => {
  it('names decisions whose rule is not in the library', async () => {
    const model = await loadThreatModel(fixture('payments.threatmodel.yml'));
    expect(unknownDecisionKeys(model, ['TM-S-003', 'TM-R-004'])).toEqual([
      'TM-I-002@publish-event',
    ]);
    expect(unknownDecisionKeys(model, new Set(['TM-S-003', 'TM-R-004', 'TM-I-002']))).toEqual([]);
  });

  it('splits a threat id at its @', () => {
    expect(splitThreatId('TM-S-001@api')).toEqual({ ruleId: 'TM-S-001', targetId: 'api' });
    expect(splitThreatId('TM-S-001')).toBeUndefined();
    expect(splitThreatId('a@b@c')).toBeUndefined();
    expect(splitThreatId('@b')).toBeUndefined();
  });
});
