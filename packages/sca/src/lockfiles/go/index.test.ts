import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
// The conformance suite lives with the PyPI parsers, the first folder that needed it.
import { describeParserConformance } from '../support/parser-conformance.js';
import { goModParser } from './go-mod.js';
import { GO_PARSERS } from './index.js';

describeParserConformance(
  'Go',
  GO_PARSERS,
  [
    {
      parser: goModParser,
      path: 'go.mod',
      text: () => sharedLockfile('Go', 'gitleaks-gitleaks-go.mod'),
    },
  ],
  hasSharedData,
);
