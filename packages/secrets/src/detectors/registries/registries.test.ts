import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './registries.cases.js';
import { registriesDetectors } from './registries.js';

runDetectorCases(registriesDetectors, CASES);
