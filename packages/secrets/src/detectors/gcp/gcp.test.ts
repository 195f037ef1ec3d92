import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './gcp.cases.js';
import { gcpDetectors } from './gcp.js';

runDetectorCases(gcpDetectors, CASES);
