import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './observability.cases.js';
import { observabilityDetectors } from './observability.js';

runDetectorCases(observabilityDetectors, CASES);
