import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './ai.cases.js';
import { aiDetectors } from './ai.js';

runDetectorCases(aiDetectors, CASES);
