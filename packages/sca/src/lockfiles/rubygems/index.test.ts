import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
// The conformance suite lives with the PyPI parsers, the first folder that needed it.
import { describeParserConformance } from '../support/parser-conformance.js';
import { gemfileLockParser } from './gemfile-lock.js';
import { RUBYGEMS_PARSERS } from './index.js';

describeParserConformance(
  'RubyGems',
  RUBYGEMS_PARSERS,
  [
    {
      parser: gemfileLockParser,
      path: 'Gemfile.lock',
      text: () => sharedLockfile('RubyGems', 'OWASP-railsgoat-Gemfile.lock'),
    },
  ],
  hasSharedData,
);
