import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
import { describeParserConformance } from '../support/parser-conformance.js';
import { PYPI_PARSERS } from './index.js';
import { pipfileLockParser } from './pipfile-lock.js';
import { poetryLockParser } from './poetry-lock.js';
import { requirementsTxtParser } from './requirements.js';
import { uvLockParser } from './uv-lock.js';

const file = (name: string) => () => sharedLockfile('PyPI', name);

describeParserConformance(
  'PyPI',
  PYPI_PARSERS,
  [
    {
      parser: requirementsTxtParser,
      path: 'requirements.txt',
      text: file('CTFd-CTFd-requirements.txt'),
    },
    {
      parser: requirementsTxtParser,
      path: 'docker/poetry_requirements.txt',
      text: file('google-osv.dev-docker_poetry_requirements.txt'),
    },
    { parser: poetryLockParser, path: 'poetry.lock', text: file('OWASP-pytm-poetry.lock') },
    {
      parser: pipfileLockParser,
      path: 'Pipfile.lock',
      text: file('semgrep-semgrep-rules-Pipfile.lock'),
    },
    { parser: uvLockParser, path: 'uv.lock', text: file('zizmorcore-zizmor-uv.lock') },
  ],
  hasSharedData,
);
