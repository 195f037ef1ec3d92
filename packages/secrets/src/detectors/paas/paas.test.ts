import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './paas.cases.js';
import { paasDetectors } from './paas.js';

runDetectorCases(paasDetectors, CASES);
