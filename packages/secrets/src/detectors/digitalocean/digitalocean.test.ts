import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './digitalocean.cases.js';
import { digitaloceanDetectors } from './digitalocean.js';

runDetectorCases(digitaloceanDetectors, CASES);
