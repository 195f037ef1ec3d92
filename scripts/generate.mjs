#!/usr/bin/env node
// Writes the generated files (JSON Schemas) from the runtime schemas in @rampart/core.
// `npm run gen` runs it after a build; generated-files.test.ts fails when a committed copy is stale.
import { writeFile } from 'node:fs/promises';
import { configJsonSchema, reportJsonSchema } from '@rampart/core';
import { SastOptionsSchema } from '@rampart/sast';
import { ScaOptionsSchema } from '@rampart/sca';
import { DETECTORS, detectorsMarkdown, SecretsOptionsSchema } from '@rampart/secrets';

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
  ['docs/report-schema.json', `${JSON.stringify(reportJsonSchema(), null, 2)}\n`],
  ['docs/secrets-detectors.md', detectorsMarkdown(DETECTORS)],
];
for (const [path, content] of outputs) {
  await writeFile(new URL(path, root), content);
  console.log(`wrote ${path}`);
}
