export { type CliIo, type OutputStream, processIo } from './cli-io.js';
export { ExitCode } from './exit-codes.js';
export { buildProgram, type RunCliOptions, runCli } from './main.js';
export { REPORTERS, type RenderContext, type Reporter } from './reporters/index.js';
export { SCANNERS } from './scanners.js';
export { RAMPART_VERSION } from './version.js';
