import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './private-keys.cases.js';
import { privateKeysDetectors } from './private-keys.js';

runDetectorCases(privateKeysDetectors, CASES);
