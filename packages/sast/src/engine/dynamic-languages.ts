import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import python from '@ast-grep/lang-python';
import { registerDynamicLanguage } from '@ast-grep/napi';

let registered: ReadonlySet<string> | undefined;

/** The prebuilt HCL parser of tree-sitter-hcl for this platform, if the package ships one. */
function hclLibrary(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve(
      '@tree-sitter-grammars/tree-sitter-hcl/package.json',
    );
    const path = join(
      dirname(pkg),
      'prebuilds',
      `${process.platform}-${process.arch}`,
      '@tree-sitter-grammars+tree-sitter-hcl.node',
    );
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Registers every grammar Rampart loads at run time with ast-grep, in one call: ast-grep
 * takes one registration per process, so the sast engine (Python) and the iac scanner
 * (HCL, for Terraform) share this. Returns the languages available (`python`, `hcl`).
 * The HCL parser is the prebuilt shared library tree-sitter-hcl ships per platform (it
 * exports `tree_sitter_hcl`); where there is none, HCL is simply not available.
 */
export function registerDynamicLanguages(): ReadonlySet<string> {
  if (registered) return registered;
  const hcl = hclLibrary();
  registerDynamicLanguage({
    python,
    ...(hcl === undefined
      ? {}
      : {
          hcl: {
            libraryPath: hcl,
            extensions: ['tf', 'hcl'],
            languageSymbol: 'tree_sitter_hcl',
            expandoChar: '_',
          },
        }),
  } as never);
  registered = new Set(['python', ...(hcl === undefined ? [] : ['hcl'])]);
  return registered;
}
