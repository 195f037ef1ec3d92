// A project's threat model in the hub: stored revisions of its threatmodel.yml, evaluated
// against the threat library of @rampart/threat-model.

export { withThreatDecision } from './edit-decision.js';
export { threatModelsMigration } from './migration.js';
export type { ThreatModelOrigin } from './tables.js';
export {
  type DecideThreatOptions,
  decideThreat,
  latestThreatModel,
  listThreatModelRevisions,
  MAX_THREAT_MODEL_SOURCE_BYTES,
  readThreatModel,
  type SaveThreatModelOptions,
  saveThreatModel,
  THREAT_MODEL_FILE,
  type ThreatModelAuthor,
  type ThreatModelRevisionSummary,
  type ThreatModelView,
  type ThreatModelWrite,
  type ThreatView,
  threatModelView,
} from './threat-model-store.js';
