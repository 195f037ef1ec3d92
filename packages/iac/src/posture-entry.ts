// The repository's posture for the JSON report: what `rampart scan` sends the hub's scorecards.
export { collectPosture, pavedRoadOutcomeOf } from './posture/collect-posture.js';
export {
  type PavedRoadEvaluation,
  pavedRoadEvaluationOf,
  pavedRoadOutcome,
} from './posture/paved-road-outcome.js';
export {
  type CollectFactsOptions,
  collectRepositoryFacts,
  type FileFact,
  factOfFile,
  MAX_SOURCE_BYTES,
} from './posture/repository-facts.js';
