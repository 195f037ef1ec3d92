import { pathToFileURL } from 'node:url';
import { toSarif } from '@rampart/core';
import type { Reporter } from './reporter.js';

/** SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. */
export const sarifReporter: Reporter = {
  format: 'sarif',
  description: 'SARIF 2.1.0, for GitHub code scanning and IDEs',
  machine: true,
  render(report, ctx) {
    const log = toSarif(report.findings, {
      toolName: 'Rampart',
      toolVersion: report.tool.version,
      automationId: `rampart/${report.scan.stage}/`,
      ...(ctx.rootDir ? { rootUri: pathToFileURL(`${ctx.rootDir}/`).href } : {}),
    });
    return `${JSON.stringify(log, null, 2)}\n`;
  },
};
