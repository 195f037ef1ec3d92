import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './bitbucket.cases.js';
import { bitbucketDetectors } from './bitbucket.js';

runDetectorCases(bitbucketDetectors, CASES);
