import type { Detector } from '../../detector.js';
import { decodeBase64Text } from '../../engine/checksums.js';

/** `header.payload.signature`, both JSON parts starting `{"` (base64url `eyJ`); the signature may be empty (`alg: none`). */
const JWT =
  /\b(?<secret>eyJ[A-Za-z0-9_-]{8,2000}\.eyJ[A-Za-z0-9_-]{8,8000}\.[A-Za-z0-9_-]{0,1000})(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])/;

type Claims = Readonly<Record<string, unknown>>;

interface DecodedJwt {
  readonly header: Claims;
  readonly payload: Claims;
  readonly signature: string;
}

function json(part: string): Claims | undefined {
  const text = decodeBase64Text(part);
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Claims)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The token's header and payload when both decode to JSON objects and the header names an `alg`. */
function decodeJwt(token: string): DecodedJwt | undefined {
  const [h = '', p = '', signature = ''] = token.split('.');
  const header = json(h);
  const payload = json(p);
  if (!header || !payload || typeof header.alg !== 'string') return undefined;
  return { header, payload, signature };
}

const isUnsigned = (t: DecodedJwt) => (t.header.alg as string).toLowerCase() === 'none';

/**
 * Tokens that grant nothing: the jwt.io and RFC 7519 examples, and Supabase `anon` keys, which
 * are public by design (they ship in every browser bundle and only pass row-level security).
 */
function isHarmless(t: DecodedJwt): boolean {
  const p = t.payload;
  if (p.sub === '1234567890' && p.name === 'John Doe') return true;
  if (p.iss === 'joe' && p['http://example.com/is_root'] === true) return true;
  return p.role === 'anon' && p.iss === 'supabase';
}

const isServiceRole = (t: DecodedJwt) => t.payload.role === 'service_role';

const STORE = 'and store the new one in a secret manager, never in code.';

/** JSON Web Tokens: signed bearer tokens, Supabase service-role keys and unsigned (`alg: none`) tokens. */
export const jwtDetectors: readonly Detector[] = [
  {
    id: 'jwt',
    provider: 'JWT',
    title: 'JSON Web Token',
    severity: 'medium',
    confidence: 'medium',
    keywords: ['eyJ'],
    pattern: JWT,
    minEntropy: 4.5,
    validate: (secret) => {
      const t = decodeJwt(secret);
      return (
        t !== undefined &&
        !isUnsigned(t) &&
        t.signature.length >= 16 &&
        !isHarmless(t) &&
        !isServiceRole(t)
      );
    },
    remediation:
      'A JWT is a bearer credential until it expires (see its `exp` claim). Revoke it where it was issued: end the session or revoke the refresh token at the identity provider ' +
      "(Auth0, Okta, Cognito, Keycloak, Firebase); if it does not expire or was signed with a shared secret that may also have leaked, rotate the issuer's signing key (which invalidates every token it signed). " +
      `Issue tokens at run time instead of committing them, ${STORE}`,
    references: [
      'https://www.rfc-editor.org/rfc/rfc7519',
      'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html',
    ],
    cwe: ['CWE-798', 'CWE-522'],
  },
  {
    id: 'jwt-supabase-service-role',
    provider: 'Supabase',
    title: 'Supabase service_role key (JWT)',
    severity: 'high',
    keywords: ['eyJ'],
    pattern: JWT,
    minEntropy: 4.5,
    validate: (secret) => {
      const t = decodeJwt(secret);
      return t !== undefined && !isUnsigned(t) && isServiceRole(t);
    },
    remediation:
      'The service_role key bypasses row-level security: it reads and writes every table. Rotate the project JWT secret (Supabase dashboard → Project Settings → API / JWT Keys), ' +
      'which reissues the anon and service_role keys, or move to the new publishable/secret API keys and revoke the legacy ones; update your servers, keep the key out of any client code, ' +
      STORE,
    references: ['https://supabase.com/docs/guides/api/api-keys'],
    cwe: ['CWE-798', 'CWE-522'],
  },
  {
    id: 'jwt-unsigned',
    provider: 'JWT',
    title: 'Unsigned JSON Web Token (alg: none)',
    severity: 'low',
    confidence: 'medium',
    keywords: ['eyJ'],
    pattern: JWT,
    validate: (secret) => {
      const t = decodeJwt(secret);
      return t !== undefined && isUnsigned(t) && !isHarmless(t);
    },
    remediation:
      'An unsigned token proves nothing by itself, but a service that accepts `alg: none` is forgeable by anyone. Make sure every verifier rejects `none` (pin the expected algorithms), ' +
      'revoke any session the token stands for, and if it was a real credential issue a signed one at run time and store the new one in a secret manager.',
    references: ['https://www.rfc-editor.org/rfc/rfc8725#section-3.1'],
    cwe: ['CWE-798', 'CWE-347'],
  },
];
