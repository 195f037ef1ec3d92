import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
// The conformance suite lives with the PyPI parsers, the first folder that needed it.
import { describeParserConformance } from '../support/parser-conformance.js';
import { NUGET_PARSERS } from './index.js';
import { packagesLockParser } from './packages-lock.js';

describeParserConformance(
  'NuGet',
  NUGET_PARSERS,
  [
    {
      parser: packagesLockParser,
      path: 'packages.lock.json',
      text: () => sharedLockfile('NuGet', 'bitwarden-server-src_Api_packages.lock.json'),
    },
  ],
  hasSharedData,
);
