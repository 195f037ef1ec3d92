import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './generic.cases.js';
import { genericDetectors } from './generic.js';

runDetectorCases(genericDetectors, CASES);
