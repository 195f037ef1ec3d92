import { ConfigError } from '@rampart/core';
import { z } from 'zod';

/** The default salt of secret hashes; an organisation may set its own (`secrets.hashSalt`). */
export const DEFAULT_HASH_SALT = 'rampart/secrets/v1';

/** The `secrets:` section of rampart.yml. */
export const SecretsOptionsSchema = z.strictObject({
  hashSalt: z
    .string()
    .min(8)
    .optional()
    .describe(
      'Salt of the HMAC-SHA-256 that identifies a secret in reports and fingerprints. Changing it changes every secret fingerprint.',
    ),
  decodeBase64: z
    .boolean()
    .optional()
    .describe('Also look inside base64-encoded text (default true).'),
  workers: z
    .union([z.literal('auto'), z.number().int().min(0).max(64)])
    .optional()
    .describe(
      'Worker threads for large scans: "auto" (default: one per CPU when there is enough to scan) or a number; 0 scans on the main thread.',
    ),
  allow: z
    .array(
      z.strictObject({
        detector: z.string().optional().describe('Only for this detector id (default: all).'),
        regex: z
          .string()
          .describe(
            'A match whose secret or line matches this regular expression is not reported.',
          ),
        reason: z.string().optional(),
      }),
    )
    .optional()
    .describe(
      'Known non-secrets to ignore. Per-path exclusions go in rules: { secrets/<id>: { exclude: [...] } }.',
    ),
});

/** Options after defaults, with allow patterns compiled. */
export interface SecretsOptions {
  readonly hashSalt: string;
  readonly decodeBase64: boolean;
  readonly workers: 'auto' | number;
  readonly allow: readonly { readonly detector: string | undefined; readonly regex: RegExp }[];
}

/** Validates the `secrets:` section; errors name the config file and the setting. */
export function parseSecretsOptions(raw: unknown, configPath: string | undefined): SecretsOptions {
  const parsed = SecretsOptionsSchema.safeParse(raw ?? {});
  const where = { file: configPath ?? 'rampart.yml' };
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      `secrets.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
      where,
    );
  }
  const allow = (parsed.data.allow ?? []).map((entry, i) => {
    try {
      return { detector: entry.detector, regex: new RegExp(entry.regex) };
    } catch (cause) {
      throw new ConfigError(
        `secrets.allow.${i}.regex: not a valid regular expression: ${entry.regex}`,
        where,
        { cause },
      );
    }
  });
  return {
    hashSalt: parsed.data.hashSalt ?? DEFAULT_HASH_SALT,
    decodeBase64: parsed.data.decodeBase64 ?? true,
    workers: parsed.data.workers ?? 'auto',
    allow,
  };
}
