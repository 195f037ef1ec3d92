import type { Importer } from '../importer.js';
import { banditImporter } from './bandit/bandit-importer.js';
import { checkovImporter } from './checkov/checkov-importer.js';
import { gitleaksImporter } from './gitleaks/gitleaks-importer.js';
import { nucleiImporter } from './nuclei/nuclei-importer.js';
import { sarifImporter } from './sarif/sarif-importer.js';
import { semgrepImporter } from './semgrep/semgrep-importer.js';
import { trufflehogImporter } from './trufflehog/trufflehog-importer.js';
import { zapImporter } from './zap/zap-importer.js';

/**
 * Importers of code, secret, IaC and DAST tools' reports, most specific detection first:
 * SARIF, which any tool may write, comes last.
 */
export const CODE_IMPORTERS: readonly Importer[] = [
  semgrepImporter,
  banditImporter,
  checkovImporter,
  zapImporter,
  nucleiImporter,
  trufflehogImporter,
  gitleaksImporter,
  sarifImporter,
];
