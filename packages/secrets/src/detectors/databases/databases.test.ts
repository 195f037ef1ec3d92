import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './databases.cases.js';
import { databasesDetectors } from './databases.js';

runDetectorCases(databasesDetectors, CASES);
