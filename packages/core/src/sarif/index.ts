export {
  RAMPART_PROPERTIES_KEY,
  type RampartLocationExtras,
  type RampartResultProperties,
} from './rampart-properties.js';
export {
  fromSarif,
  type SarifReadError,
  type SarifReadOptions,
  type SarifReadResult,
} from './sarif-reader.js';
export type * from './sarif-types.js';
export { SARIF_SCHEMA_URI, SARIF_SRCROOT, SARIF_VERSION } from './sarif-types.js';
export {
  cweTag,
  levelForSeverity,
  type RuleDescriptor,
  type SarifWriteOptions,
  toSarif,
} from './sarif-writer.js';
