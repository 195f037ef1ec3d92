import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './github.cases.js';
import { githubDetectors } from './github.js';

runDetectorCases(githubDetectors, CASES);
