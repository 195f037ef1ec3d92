import { ConfigError } from '@rampart/core';
import { z } from 'zod';

/** The `sast:` section of rampart.yml. */
export const SastOptionsSchema = z.strictObject({
  builtInRules: z
    .boolean()
    .optional()
    .describe(
      "Run Rampart's built-in rules (default true). Rules given with --rules run in addition; turn single rules off under rules: { <id>: off }.",
    ),
  workers: z
    .union([z.literal('auto'), z.number().int().min(0).max(64)])
    .optional()
    .describe(
      'Worker threads: "auto" (default: one per CPU, up to 8, when there are enough files) or a number; 0 analyses on the main thread.',
    ),
});

/** The parsed `sast:` section with defaults applied. */
export interface SastOptions {
  readonly builtInRules: boolean;
  readonly workers: 'auto' | number;
}

/** Validates the `sast:` section; errors name the config file and the key. */
export function parseSastOptions(raw: unknown, configPath: string | undefined): SastOptions {
  const parsed = SastOptionsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = ['sast', ...(issue?.path ?? [])].join('.');
    throw new ConfigError(
      `${where}: ${issue?.message ?? 'invalid'}`,
      configPath === undefined ? undefined : { file: configPath },
    );
  }
  return {
    builtInRules: parsed.data.builtInRules ?? true,
    workers: parsed.data.workers ?? 'auto',
  };
}
