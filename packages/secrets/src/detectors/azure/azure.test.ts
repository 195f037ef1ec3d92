import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './azure.cases.js';
import { azureDetectors } from './azure.js';

runDetectorCases(azureDetectors, CASES);
