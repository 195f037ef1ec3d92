import { z } from 'zod';
import { ThreatModelSchema } from './model-schema.js';

/** The `$id` of the published threat-model schema. */
export const THREAT_MODEL_SCHEMA_ID = 'urn:rampart:schema:threat-model:v1';

/**
 * The JSON Schema of `threatmodel.yml`, generated from the runtime schema so editors
 * complete and check the file with it. `npm run gen` writes it to
 * `packages/threat-model/schemas/threatmodel.schema.json`. It checks the shape only: that
 * ids are unique and references resolve is checked by {@link parseThreatModel}.
 */
export function threatModelJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ThreatModelSchema, { io: 'input', target: 'draft-7' });
  const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
  const threats = properties?.threats;
  if (threats) {
    // The runtime checks the key form semantically (with a better message); editors can
    // only learn it from the schema.
    threats.propertyNames = { pattern: '^[^@\\s]+@[^@\\s]+$' };
    threats.description =
      'Decisions by threat id (`<rule id>@<element or flow id>`): mitigated with evidence, accepted with a reason, or open.';
  }
  return {
    ...schema,
    $id: THREAT_MODEL_SCHEMA_ID,
    title: 'Rampart threat model (threatmodel.yml)',
    description:
      'A data-flow model of a system (elements, flows, trust boundaries) and the decisions about the threats Rampart derives from it.',
  };
}
