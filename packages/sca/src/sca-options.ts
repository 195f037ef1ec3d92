import { ConfigError } from '@rampart/core';
import { z } from 'zod';

/** The `sca:` section of rampart.yml. */
export const ScaOptionsSchema = z.strictObject({
  maxDatabaseAgeDays: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe(
      'Warn when the OSV database was last updated more than this many days ago (default 7).',
    ),
  devDependencies: z
    .enum(['report', 'downgrade', 'ignore'])
    .optional()
    .describe(
      'Vulnerabilities in dev-only dependencies: "report" them as they are (default), "downgrade" them one severity level, or "ignore" them.',
    ),
  licenses: z
    .strictObject({
      allow: z
        .array(z.string().min(1))
        .optional()
        .describe(
          'SPDX ids allowed; when set, a dependency whose licence does not satisfy it is reported.',
        ),
      deny: z
        .array(z.string().min(1))
        .optional()
        .describe('SPDX ids denied; a dependency that can only be used under one is reported.'),
      unknown: z
        .enum(['report', 'ignore'])
        .optional()
        .describe(
          'Dependencies whose licence is unknown: "report" (default when allow is set) or "ignore".',
        ),
    })
    .optional()
    .describe('Licence policy.'),
});

/** The parsed `sca:` section with defaults applied. */
export interface ScaOptions {
  readonly maxDatabaseAgeDays: number;
  readonly devDependencies: 'report' | 'downgrade' | 'ignore';
  readonly licenses: {
    readonly allow: readonly string[] | undefined;
    readonly deny: readonly string[];
    readonly unknown: 'report' | 'ignore';
  };
}

/** Validates the `sca:` section; errors name the config file and the key. */
export function parseScaOptions(raw: unknown, configPath: string | undefined): ScaOptions {
  const parsed = ScaOptionsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = ['sca', ...(issue?.path ?? [])].join('.');
    throw new ConfigError(
      `${where}: ${issue?.message ?? 'invalid'}`,
      configPath === undefined ? undefined : { file: configPath },
    );
  }
  const o = parsed.data;
  return {
    maxDatabaseAgeDays: o.maxDatabaseAgeDays ?? 7,
    devDependencies: o.devDependencies ?? 'report',
    licenses: {
      allow: o.licenses?.allow,
      deny: o.licenses?.deny ?? [],
      unknown: o.licenses?.unknown ?? (o.licenses?.allow ? 'report' : 'ignore'),
    },
  };
}
