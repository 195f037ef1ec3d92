import { defineConfig } from 'vitest/config';

export function insecureFetchSetup(env: NodeJS.ProcessEnv = process.env): void {
  // ruleid: js-node-tls-reject-unauthorized-env
  (env as Record<string, string>).NODE_TLS_REJECT_UNAUTHORIZED = '0';
}

export default defineConfig({
  test: {
    // ruleid: js-node-tls-reject-unauthorized-env
    env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' } satisfies Record<string, string>,
  },
});

// ok: js-node-tls-reject-unauthorized-env
const tlsStrict: boolean = process.env.NODE_TLS_REJECT_UNAUTHORIZED !== '0';
