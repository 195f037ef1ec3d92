import { htmlReporter } from './html-reporter.js';
import { jsonReporter } from './json-reporter.js';
import { junitReporter } from './junit-reporter.js';
import { markdownReporter } from './markdown-reporter.js';
import type { Reporter } from './reporter.js';
import { sarifReporter } from './sarif-reporter.js';
import { textReporter } from './text-reporter.js';

export type { RenderContext, Reporter } from './reporter.js';

/** The output formats of `rampart scan --format`; adding one is one line here. */
export const REPORTERS: readonly Reporter[] = [
  textReporter,
  jsonReporter,
  sarifReporter,
  junitReporter,
  markdownReporter,
  htmlReporter,
];
