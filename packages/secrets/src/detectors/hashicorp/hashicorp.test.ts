import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './hashicorp.cases.js';
import { hashicorpDetectors } from './hashicorp.js';

runDetectorCases(hashicorpDetectors, CASES);
