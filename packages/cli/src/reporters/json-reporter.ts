import type { Reporter } from './reporter.js';

/** The versioned JSON report (docs/report-schema.json). */
export const jsonReporter: Reporter = {
  format: 'json',
  description: 'the versioned Rampart report (docs/report-schema.json)',
  machine: true,
  render(report) {
    return `${JSON.stringify(report, null, 2)}\n`;
  },
};
