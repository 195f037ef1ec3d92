#!/usr/bin/env node
// Writes the generated files (JSON Schemas, rule and detector lists) from their sources.
// `npm run gen` runs it after a build; generated-files.test.ts fails when a committed copy is stale.
import { writeFile } from 'node:fs/promises';
import { configJsonSchema, reportJsonSchema } from '@rampart/core';
import { CHECKS, checksMarkdown, pavedRoadJsonSchema } from '@rampart/iac';
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

/** Each scanner's own `rampart.yml` section, for the published config schema. */
const SECTIONS = {
  sast: SastOptionsSchema,
  secrets: SecretsOptionsSchema,
  sca: ScaOptionsSchema,
};

const root = new URL('../', import.meta.url);
const outputs = [
  [
    'packages/core/schemas/rampart-config.schema.json',
    `${JSON.stringify(configJsonSchema(SECTIONS), null, 2)}\n`,
  ],
  [
    'packages/iac/schemas/paved-road.schema.json',
    `${JSON.stringify(pavedRoadJsonSchema(), null, 2)}\n`,
  ],
  [
    'packages/threat-model/schemas/threatmodel.schema.json',
    `${JSON.stringify(threatModelJsonSchema(), null, 2)}\n`,
  ],
  ['docs/report-schema.json', `${JSON.stringify(reportJsonSchema(), null, 2)}\n`],
  ['docs/secrets-detectors.md', detectorsMarkdown(DETECTORS)],
  ['docs/iac-checks.md', checksMarkdown(CHECKS)],
  ['docs/threat-library.md', threatRulesMarkdown(THREAT_RULES)],
  [
    'docs/sast-rules.md',
    rulesMarkdown(readBuiltInRules(builtInRulesDir(), await ruleFiles(builtInRulesDir()))),
  ],
];
for (const [path, content] of outputs) {
  await writeFile(new URL(path, root), content);
  console.log(`wrote ${path}`);
}
