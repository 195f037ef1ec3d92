import type { Importer } from '../importer.js';
import { cyclonedxImporter } from './cyclonedx/cyclonedx-importer.js';
import { dependencyCheckImporter } from './dependency-check/dependency-check-importer.js';
import { npmAuditImporter } from './npm-audit/npm-audit-importer.js';
import { osvScannerImporter } from './osv-scanner/osv-scanner-importer.js';
import { snykImporter } from './snyk/snyk-importer.js';
import { trivyImporter } from './trivy/trivy-importer.js';
import { yarnAuditImporter } from './yarn-audit/yarn-audit-importer.js';

/** Importers of dependency scanners' reports (findings with package locations). */
export const DEPENDENCY_IMPORTERS: readonly Importer[] = [
  trivyImporter,
  npmAuditImporter,
  yarnAuditImporter,
  osvScannerImporter,
  snykImporter,
  dependencyCheckImporter,
  cyclonedxImporter,
];
