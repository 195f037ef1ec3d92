import type { Scanner } from '@rampart/core';
import { createIacScanner } from '@rampart/iac/scanner';
import { createSastScanner } from '@rampart/sast/scanner';
import { createScaScanner } from '@rampart/sca/scanner';
import { createSecretsScanner } from '@rampart/secrets';

/**
 * The scanners this build of the CLI ships. Each scanner package adds one line here;
 * nothing else changes.
 */
export const SCANNERS: readonly Scanner[] = [
  createSastScanner(),
  createSecretsScanner(),
  createScaScanner(),
  createIacScanner(),
];
