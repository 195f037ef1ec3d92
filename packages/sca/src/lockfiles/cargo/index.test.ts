import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
// The conformance suite lives with the PyPI parsers, the first folder that needed it.
import { describeParserConformance } from '../support/parser-conformance.js';
import { cargoLockParser } from './cargo-lock.js';
import { CARGO_PARSERS } from './index.js';

describeParserConformance(
  'crates.io',
  CARGO_PARSERS,
  [
    {
      parser: cargoLockParser,
      path: 'Cargo.lock',
      text: () => sharedLockfile('crates.io', 'ast-grep-ast-grep-Cargo.lock'),
    },
  ],
  hasSharedData,
);
