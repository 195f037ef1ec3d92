import { runDetectorCases } from '../../test-support/detector-cases.js';
import { CASES } from './gitlab.cases.js';
import { gitlabDetectors } from './gitlab.js';

runDetectorCases(gitlabDetectors, CASES);
