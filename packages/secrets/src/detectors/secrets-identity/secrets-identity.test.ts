import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './secrets-identity.cases.js';
import { secretsIdentityDetectors } from './secrets-identity.js';

runDetectorCases(secretsIdentityDetectors, CASES);
