import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './cloud-platforms.cases.js';
import { cloudPlatformsDetectors } from './cloud-platforms.js';

runDetectorCases(cloudPlatformsDetectors, CASES);
