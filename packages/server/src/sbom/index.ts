// The hub's stored SBOMs and their re-match against the OSV database.

export { sbomMigration } from './migration.js';
export {
  REMATCHED_STAGES,
  type RematchLogger,
  type RematchOptions,
  type RematchOutcome,
  rematchSboms,
  type SbomRematch,
  storeSignature,
} from './rematch.js';
export {
  SBOM_REMATCH_EVERY_MS,
  type SbomRematchJobOptions,
  sbomRematchJob,
} from './rematch-job.js';
export { SBOM_MANIFEST, sbomDependencies } from './sbom-dependencies.js';
export { readSbom, type SbomDocument } from './sbom-document.js';
export { registerSbomRoutes, type SbomRoutesOptions } from './sbom-routes.js';
export { listSboms, type SbomSummary, storeSbom } from './sbom-store.js';
