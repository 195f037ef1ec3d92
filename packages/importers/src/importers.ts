import { CODE_IMPORTERS } from './formats/code-importers.js';
import { DEPENDENCY_IMPORTERS } from './formats/dependency-importers.js';
import type { Importer } from './importer.js';

/**
 * Every importer, in detection order (the most specific first). Each importer is one module
 * under `formats/`, registered in one of the two lists.
 */
export const IMPORTERS: readonly Importer[] = [...DEPENDENCY_IMPORTERS, ...CODE_IMPORTERS];
