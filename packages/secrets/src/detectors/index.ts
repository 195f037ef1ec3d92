import type { Detector } from '../detector.js';
import { githubDetectors } from './github/github.js';

/**
 * Every built-in detector. A family of detectors lives in `detectors/<family>/` (the
 * declarations, a README, and their cases); adding one touches that folder and this list.
 */
export const DETECTORS: readonly Detector[] = [...githubDetectors];
