// What `rampart sbom` needs, without the database and the matcher (faster to load).
export { addInstalledNpmLicenses, collectDependencies } from './collect.js';
export { type SbomMeta, toCycloneDxJson } from './sbom/cyclonedx.js';
