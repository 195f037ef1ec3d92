import type { LockfileParser } from '../types.js';
import { CARGO_PARSERS } from './cargo/index.js';
import { COMPOSER_PARSERS } from './composer/index.js';
import { GO_PARSERS } from './go/index.js';
import { MAVEN_PARSERS } from './maven/index.js';
import { NPM_PARSERS } from './npm/index.js';
import { NUGET_PARSERS } from './nuget/index.js';
import { PYPI_PARSERS } from './pypi/index.js';
import { RUBYGEMS_PARSERS } from './rubygems/index.js';
import { cyclonedxJsonParser } from './sbom/cyclonedx-json.js';

/** Every lockfile and manifest format Rampart reads. Adding one touches only this list. */
export const PARSERS: readonly LockfileParser[] = [
  ...NPM_PARSERS,
  ...PYPI_PARSERS,
  ...GO_PARSERS,
  ...CARGO_PARSERS,
  ...RUBYGEMS_PARSERS,
  ...COMPOSER_PARSERS,
  ...MAVEN_PARSERS,
  ...NUGET_PARSERS,
  cyclonedxJsonParser,
];

/** The parser with this id (for files whose format was declared, e.g. `--sbom`). */
export function parserById(id: string): LockfileParser | undefined {
  return PARSERS.find((p) => p.id === id);
}

/** The parser for a path, when it is a lockfile or manifest Rampart reads. */
export function parserFor(path: string): LockfileParser | undefined {
  return PARSERS.find((p) => p.matches(path));
}
