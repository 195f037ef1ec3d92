import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
// The conformance suite lives with the PyPI parsers, the first folder that needed it.
import { describeParserConformance } from '../support/parser-conformance.js';
import { composerLockParser } from './composer-lock.js';
import { COMPOSER_PARSERS } from './index.js';

describeParserConformance(
  'Packagist',
  COMPOSER_PARSERS,
  [
    {
      parser: composerLockParser,
      path: 'composer.lock',
      text: () => sharedLockfile('Packagist', 'BookStackApp-BookStack-composer.lock'),
    },
  ],
  hasSharedData,
);
