#!/usr/bin/env node
// Writes the generated files (JSON Schemas) from the runtime schemas in @rampart/core.
// `npm run gen` runs it after a build; generated-files.test.ts fails when a committed copy is stale.
import { writeFile } from 'node:fs/promises';
import { configJsonSchema, reportJsonSchema } from '@rampart/core';

const root = new URL('../', import.meta.url);
const outputs = [
  ['packages/core/schemas/rampart-config.schema.json', configJsonSchema()],
  ['docs/report-schema.json', reportJsonSchema()],
];
for (const [path, schema] of outputs) {
  await writeFile(new URL(path, root), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${path}`);
}
