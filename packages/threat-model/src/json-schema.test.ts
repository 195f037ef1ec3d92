import { readFile } from 'node:fs/promises';
import { parseYamlWithSchema } from '@rampart/core';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { THREAT_MODEL_SCHEMA_ID, threatModelJsonSchema } from './json-schema.js';
import { parseThreatModel } from './load-model.js';

const fixture = new URL('fixtures/payments.threatmodel.yml', import.meta.url);

/** The document as written (before defaults), which is what editors check. */
async function rawFixture(): Promise<Record<string, unknown>> {
  const text = await readFile(fixture, 'utf8');
  return parseYamlWithSchema(text, 'payments.threatmodel.yml', z.record(z.string(), z.unknown()))
    .data;
}

describe('threatModelJsonSchema', () => {
  // `ajv` is CommonJS: the default import is the module, whose `.default` is the class.
  const ajv = new Ajv.default({ strict: false });
  const validate = ajv.compile(threatModelJsonSchema());

  it('says what it is', () => {
    expect(threatModelJsonSchema()).toMatchObject({
      $id: THREAT_MODEL_SCHEMA_ID,
      title: 'Rampart threat model (threatmodel.yml)',
    });
  });

  it('accepts the payments example, which the runtime accepts too', async () => {
    const raw = await rawFixture();
    expect(validate(raw), ajv.errorsText(validate.errors)).toBe(true);
    expect(() => parseThreatModel(JSON.stringify(raw), 'payments.threatmodel.json')).not.toThrow();
  });

  it('rejects what the runtime schema rejects', async () => {
    const raw = await rawFixture();
    const elements = raw.elements as Record<string, unknown>[];
    const first = elements[0] ?? {};
    const variants: Record<string, unknown>[] = [
      { ...raw, version: 2 },
      { ...raw, elements: [] },
      { ...raw, flow: [] },
      { ...raw, elements: [{ ...first, type: 'actor' }] },
      { ...raw, elements: [{ ...first, attributes: { authenticate: true } }] },
      { ...raw, elements: [{ ...first, attributes: { dataClassification: 'secret' } }] },
      { ...raw, elements: [{ ...first, id: 'Not An Id' }] },
      { ...raw, threats: { 'TM-S-001@api': { status: 'mitigated' } } },
      { ...raw, threats: { 'TM-S-001@api': { status: 'accepted', evidence: 'x' } } },
      { ...raw, threats: { 'TM-S-001': { status: 'open' } } },
    ];
    for (const variant of variants) {
      expect(validate(variant), JSON.stringify(variant).slice(0, 200)).toBe(false);
    }
  });

  it('matches the committed copy (run `npm run gen` if this fails)', async () => {
    const committed = await readFile(
      new URL('../schemas/threatmodel.schema.json', import.meta.url),
      'utf8',
    );
    expect(committed).toBe(`${JSON.stringify(threatModelJsonSchema(), null, 2)}\n`);
  });
});
