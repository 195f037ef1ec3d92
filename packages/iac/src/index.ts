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
export { parseAs, runChecks } from './run-checks.js';
export { createIacScanner } from './scanner-entry.js';
