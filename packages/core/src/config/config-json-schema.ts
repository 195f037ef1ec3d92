import { z } from 'zod';
import { RampartConfigFileSchema } from './config-schema.js';

/** The `$id` of the published config schema. */
export const CONFIG_SCHEMA_ID = 'urn:rampart:schema:config:v1';

/**
 * The JSON Schema of `rampart.yml`, generated from the runtime schema so the two never
 * disagree. `npm run gen` writes it to `packages/core/schemas/`; a test fails when the
 * committed copy is stale.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(RampartConfigFileSchema, {
    io: 'input',
    target: 'draft-7',
  }) as Record<string, unknown>;
  return { ...schema, $id: CONFIG_SCHEMA_ID, title: 'Rampart configuration (rampart.yml)' };
}
