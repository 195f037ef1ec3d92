export {
  addInstalledNpmLicenses,
  type CollectedDependencies,
  collectDependencies,
  type ManifestError,
  type ManifestSummary,
} from './collect.js';
export { parseLicense, sameLicenseId, satisfies } from './license/spdx.js';
export { buildDependencies } from './lockfiles/graph.js';
export { PARSERS, parserById, parserFor } from './lockfiles/index.js';
export { purlFor } from './lockfiles/purl.js';
export {
  type AdvisorySource,
  matchDependencies,
  type VulnerabilityMatch,
} from './osv/matcher.js';
export { primaryId } from './osv/names.js';
export { databasePath, type EcosystemStatus, OsvStore, type StoredAdvisory } from './osv/store.js';
export {
  DEFAULT_OSV_SOURCE,
  type EcosystemOutcome,
  type UpdateProgress,
  updateDatabase,
} from './osv/update.js';
export { type SbomMeta, toCycloneDxJson } from './sbom/cyclonedx.js';
export { parseScaOptions, ScaOptionsSchema } from './sca-options.js';
export {
  licenseFindings,
  MissingDatabaseError,
  scanDependencies,
  vulnerabilityFinding,
} from './sca-scanner.js';
export { createScaScanner } from './scanner-entry.js';
export * from './types.js';
export { schemeFor } from './version/index.js';
