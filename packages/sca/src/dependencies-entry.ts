// What other packages need to read a tree's dependencies and compare their versions, without
// the vulnerability database and the matcher (the paved-road checks of @rampart/iac use it).
export { type CollectedDependencies, collectDependencies } from './collect.js';
export { ecosystemOfPurlType, purlFor } from './lockfiles/purl.js';
export { normalizePackageName, primaryId } from './osv/names.js';
export { advisoryTitle } from './osv/title.js';
export { packageLocation } from './package-location.js';
export {
  type Dependency,
  ECOSYSTEMS,
  type Ecosystem,
  isEcosystem,
  type VersionScheme,
} from './types.js';
export { schemeFor } from './version/index.js';
