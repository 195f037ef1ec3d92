import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './aws.cases.js';
import { awsDetectors } from './aws.js';

runDetectorCases(awsDetectors, CASES);
