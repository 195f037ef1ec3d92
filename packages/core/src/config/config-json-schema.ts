import { z } from 'zod';
import { RampartConfigFileSchema } from './config-schema.js';

/** The `$id` of the published config schema. */
export const CONFIG_SCHEMA_ID = 'urn:rampart:schema:config:v1';

/**
 * The JSON Schema of `rampart.yml`, generated from the runtime schema so the two never
 * disagree. `npm run gen` writes it to `packages/core/schemas/`; a test fails when the
 * committed copy is stale. `sections` are the scanners' own option schemas (`secrets:`,
 * `sca:`…), which core does not know; each replaces its section's open object, so editors
 * complete and check those options too.
 */
export function configJsonSchema(
  sections: Readonly<Record<string, z.ZodType>> = {},
): Record<string, unknown> {
  const options = { io: 'input', target: 'draft-7' } as const;
  const schema = z.toJSONSchema(RampartConfigFileSchema, options) as Record<string, unknown> & {
    properties: Record<string, unknown>;
  };
  for (const [name, section] of Object.entries(sections)) {
    const { $schema: _, ...json } = z.toJSONSchema(section, options) as Record<string, unknown>;
    schema.properties[name] = json;
  }
  return { ...schema, $id: CONFIG_SCHEMA_ID, title: 'Rampart configuration (rampart.yml)' };
}
