import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './cloudflare.cases.js';
import { cloudflareDetectors } from './cloudflare.js';

runDetectorCases(cloudflareDetectors, CASES);
