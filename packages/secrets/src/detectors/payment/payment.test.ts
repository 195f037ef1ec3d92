import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './payment.cases.js';
import { paymentDetectors } from './payment.js';

runDetectorCases(paymentDetectors, CASES);
