import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './messaging.cases.js';
import { messagingDetectors } from './messaging.js';

runDetectorCases(messagingDetectors, CASES);
