// No imports on purpose: a plain table, read once per file name.

/**
 * File extensions of programming languages, for the lines-of-code count behind "findings per
 * thousand lines". Broader than the SAST engine's table (`LANGUAGE_BY_EXTENSION` in
 * @rampart/sast: only the languages it analyses), since secrets, dependency and pipeline
 * findings come from projects in any language. Markup, data and configuration (HTML, CSS,
 * JSON, YAML, Markdown) are not code.
 */
const SOURCE_EXTENSIONS: ReadonlySet<string> = new Set([
  // JavaScript and TypeScript
  'js',
  'mjs',
  'cjs',
  'jsx',
  'ts',
  'mts',
  'cts',
  'tsx',
  'vue',
  'svelte',
  // JVM
  'java',
  'kt',
  'kts',
  'scala',
  'groovy',
  'clj',
  // .NET
  'cs',
  'fs',
  'vb',
  // Systems
  'c',
  'h',
  'cc',
  'cpp',
  'cxx',
  'hpp',
  'hh',
  'hxx',
  'm',
  'mm',
  'go',
  'rs',
  'swift',
  'zig',
  // Scripting
  'py',
  'rb',
  'php',
  'pl',
  'pm',
  'lua',
  'r',
  'dart',
  'ex',
  'exs',
  'erl',
  'hs',
  'ml',
  'elm',
  'sh',
  'bash',
  'zsh',
  'ps1',
  // Data access and infrastructure code
  'sql',
  'tf',
  'sol',
]);

/** True when a path names a source file of a programming language, by its extension. */
export function isSourceFile(path: string): boolean {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  // `.bashrc` is a dotfile, not an extension.
  if (dot <= slash + 1) return false;
  return SOURCE_EXTENSIONS.has(path.slice(dot + 1).toLowerCase());
}
