import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './devtools.cases.js';
import { devtoolsDetectors } from './devtools.js';

runDetectorCases(devtoolsDetectors, CASES);
