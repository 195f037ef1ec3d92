import { readFile } from 'node:fs/promises';
import { configJsonSchema, reportJsonSchema } from '@rampart/core';
import { CHECKS, checksMarkdown, parsePolicy, pavedRoadJsonSchema } from '@rampart/iac';
import {
  builtInRulesDir,
  readBuiltInRules,
  ruleFiles,
  rulesMarkdown,
  SastOptionsSchema,
} from '@rampart/sast';
import { ScaOptionsSchema } from '@rampart/sca';
import { DETECTORS, detectorsMarkdown, SecretsOptionsSchema } from '@rampart/secrets';
import { THREAT_RULES, threatModelJsonSchema, threatRulesMarkdown } from '@rampart/threat-model';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../', import.meta.url);
const SECTIONS = {
  sast: SastOptionsSchema,
  secrets: SecretsOptionsSchema,
  sca: ScaOptionsSchema,
};

describe('generated files', () => {
  it.each([
    ['packages/core/schemas/rampart-config.schema.json', () => configJsonSchema(SECTIONS)],
    ['docs/report-schema.json', reportJsonSchema],
    ['packages/iac/schemas/paved-road.schema.json', pavedRoadJsonSchema],
    ['packages/threat-model/schemas/threatmodel.schema.json', threatModelJsonSchema],
  ])('%s is up to date (run `npm run gen` if this fails)', async (path, generate) => {
    const committed = await readFile(new URL(path, root), 'utf8');
    expect(committed).toBe(`${JSON.stringify(generate(), null, 2)}\n`);
  });

  it('docs/secrets-detectors.md lists every detector (run `npm run gen` if this fails)', async () => {
    const committed = await readFile(new URL('docs/secrets-detectors.md', root), 'utf8');
    expect(committed).toBe(detectorsMarkdown(DETECTORS));
  });

  it('docs/iac-checks.md lists every check (run `npm run gen` if this fails)', async () => {
    const committed = await readFile(new URL('docs/iac-checks.md', root), 'utf8');
    expect(committed).toBe(checksMarkdown(CHECKS));
  });

  it('docs/threat-library.md lists every threat rule (run `npm run gen` if this fails)', async () => {
    const committed = await readFile(new URL('docs/threat-library.md', root), 'utf8');
    expect(committed).toBe(threatRulesMarkdown(THREAT_RULES));
  });

  it('docs/sast-rules.md lists every built-in rule (run `npm run gen` if this fails)', async () => {
    const committed = await readFile(new URL('docs/sast-rules.md', root), 'utf8');
    const dir = builtInRulesDir();
    expect(committed).toBe(rulesMarkdown(readBuiltInRules(dir, await ruleFiles(dir))));
  });
});

describe('the published config schema', () => {
  const ajv = new Ajv.default({ strict: false });
  const validate = ajv.compile(configJsonSchema(SECTIONS));

  it('accepts the repository own rampart.yml and a config using every key', async () => {
    const own = parse(await readFile(new URL('rampart.yml', root), 'utf8'));
    expect(validate(own), ajv.errorsText(validate.errors)).toBe(true);
    const full = {
      version: 1,
      scanners: ['sast', 'secrets'],
      failOn: 'medium',
      exclude: ['dist/'],
      maxFileSize: '2MiB',
      baseline: 'b.json',
      rules: { a: 'off', b: 'low', c: { severity: 'high', exclude: ['t/'] } },
      sast: { builtInRules: false, workers: 0 },
      secrets: { workers: 2, allow: [{ detector: 'generic-secret-assignment', regex: 'x' }] },
      sca: { devDependencies: 'downgrade', licenses: { deny: ['AGPL-3.0-only'] } },
      pavedRoad: 'https://hub.example.com/api/v1/paved-road.yml',
    };
    expect(validate(full), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('rejects what the runtime schema rejects', () => {
    expect(validate({ failOn: 'sometimes' })).toBe(false);
    expect(validate({ exlude: [] })).toBe(false);
    expect(validate({ rules: { a: 12 } })).toBe(false);
    expect(validate({ sca: { devDependencies: 'hide' } })).toBe(false);
    expect(validate({ secrets: { anything: true } })).toBe(false);
    expect(validate({ sast: { workers: 'many' } })).toBe(false);
  });
});

describe('the published paved-road schema', () => {
  const ajv = new Ajv.default({ strict: false });
  const validate = ajv.compile(pavedRoadJsonSchema());

  it("accepts the repository's own paved-road.yml, which the runtime accepts too", async () => {
    const text = await readFile(new URL('paved-road.yml', root), 'utf8');
    expect(validate(parse(text)), ajv.errorsText(validate.errors)).toBe(true);
    expect(parsePolicy(text, 'paved-road.yml').file.scanners).toEqual([
      'sast',
      'secrets',
      'sca',
      'iac',
    ]);
  });

  it('rejects what the runtime schema rejects', () => {
    expect(validate({ version: 2 })).toBe(false);
    expect(validate({ version: 1, baseImage: {} })).toBe(false);
    expect(validate({ version: 1, libraries: { NPM: {} } })).toBe(false);
    expect(
      validate({ version: 1, baseImages: { approved: [{ image: 'x', digest: 'sha1:0' }] } }),
    ).toBe(false);
    expect(validate({ version: 1, scanners: ['lint'] })).toBe(false);
  });
});
