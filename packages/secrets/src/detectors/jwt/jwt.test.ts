import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './jwt.cases.js';
import { jwtDetectors } from './jwt.js';

runDetectorCases(jwtDetectors, CASES);
