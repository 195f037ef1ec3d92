export {
  type Check,
  type CheckMeta,
  type CheckReport,
  defineCheck,
  type IacKind,
  type YamlDoc,
} from './check.js';
export { CHECKS } from './checks/index.js';
export { checksMarkdown } from './checks-doc.js';
export { scanIac } from './iac-scanner.js';
export { PAVED_ROAD_CHECK_IDS, PAVED_ROAD_CHECKS } from './paved-road/checks.js';
export { PavedRoadPolicySchema, parsePolicy, pavedRoadJsonSchema } from './paved-road/policy.js';
export { parseAs, runChecks } from './run-checks.js';
export { createIacScanner } from './scanner-entry.js';
