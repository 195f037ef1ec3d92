// The paved road as policy: what `rampart paved-road check` and the iac scanner use.
export {
  PAVED_ROAD_CHECK_IDS,
  PAVED_ROAD_CHECKS,
  type PavedRoadCheckId,
  type PavedRoadCheckMeta,
} from './paved-road/checks.js';
export {
  type CheckResult,
  type CheckStatus,
  evaluatePavedRoad,
  type PavedRoadInputs,
  type PavedRoadReport,
  type Violation,
  type ViolationSite,
} from './paved-road/evaluate.js';
export { reportDrafts, violationDraft } from './paved-road/findings.js';
export {
  DEFAULT_POLICY_MAX_AGE_MS,
  displayUrl,
  isPolicyUrl,
  type LoadedPolicy,
  type LoadPolicyOptions,
  loadPolicy,
} from './paved-road/load-policy.js';
export {
  type PavedRoadPolicy,
  type PavedRoadPolicyFile,
  PavedRoadPolicySchema,
  parsePolicy,
  pavedRoadJsonSchema,
} from './paved-road/policy.js';
export {
  parseVersionRange,
  satisfiesRange,
  type VersionRange,
} from './paved-road/version-range.js';
