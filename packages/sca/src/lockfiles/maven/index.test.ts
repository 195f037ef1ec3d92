import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
// The conformance suite lives with the PyPI parsers, the first folder that needed it.
import { describeParserConformance } from '../support/parser-conformance.js';
import { gradleLockfileParser } from './gradle-lockfile.js';
import { MAVEN_PARSERS } from './index.js';
import { pomParser } from './pom.js';

describeParserConformance(
  'Maven',
  MAVEN_PARSERS,
  [
    {
      parser: pomParser,
      path: 'pom.xml',
      text: () => sharedLockfile('Maven', 'WebGoat-WebGoat-pom.xml'),
    },
    {
      parser: gradleLockfileParser,
      path: 'gradle.lockfile',
      text: () => sharedLockfile('Maven', 'DataDog-vulnerable-java-application-gradle.lockfile'),
    },
  ],
  hasSharedData,
);
