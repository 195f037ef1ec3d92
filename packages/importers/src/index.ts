export { type ImportedReport, importerFor, importReport } from './import-report.js';
export type { ImportContext, Importer } from './importer.js';
export { IMPORTERS } from './importers.js';
export { TOOL_COMMANDS, type ToolCommand } from './tools/tool-commands.js';
export { createToolScanner, type ToolSettings, toolScanners } from './tools/tool-scanner.js';
