import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './urls-and-configs.cases.js';
import { urlsAndConfigsDetectors } from './urls-and-configs.js';

runDetectorCases(urlsAndConfigsDetectors, CASES);
