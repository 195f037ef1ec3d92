import type { Scanner } from '@rampart/core';

/**
 * The scanners this build of the CLI ships. Each scanner package adds one line here
 * (e.g. `secretsScanner` from `@rampart/secrets`); nothing else changes.
 */
export const SCANNERS: readonly Scanner[] = [];
