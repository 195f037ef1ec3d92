import { Lang } from '@ast-grep/napi';
import { registerDynamicLanguages } from './dynamic-languages.js';

/** The ast-grep language of a Semgrep language name, when Rampart's engine supports it. */
export type EngineLanguage = Lang.JavaScript | Lang.TypeScript | Lang.Tsx | 'python';

/** Maps Semgrep's language names (`js`, `typescript`, `py`…) to the parser that reads them. */
export function engineLanguage(name: string): EngineLanguage | undefined {
  switch (name.toLowerCase()) {
    case 'js':
    case 'javascript':
    case 'jsx':
      // The TSX grammar is a superset that also reads JSX; plain JS parses with it too.
      return Lang.Tsx;
    case 'ts':
    case 'typescript':
      return Lang.TypeScript;
    case 'tsx':
      return Lang.Tsx;
    case 'py':
    case 'python':
    case 'python3':
      registerDynamicLanguages();
      return 'python';
    default:
      return undefined;
  }
}

export { LANGUAGE_BY_EXTENSION } from './file-languages.js';
