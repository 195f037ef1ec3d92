import type { DetectorCases } from '../../test-support/detector-cases.js';
import { base64urlJson, fake } from '../../test-support/fake.js';

const sig = (seed: string) => fake('base64url', 43, seed).replace(/^[-_]/, 'Q');
const jwt = (header: object, payload: object, signature: string) =>
  `${base64urlJson(header)}.${base64urlJson(payload)}.${signature}`;
const HS256 = { alg: 'HS256', typ: 'JWT' };

const session = jwt(
  HS256,
  { sub: 'user-4821', iat: 1_750_000_000, exp: 1_950_000_000, scope: 'orders:write' },
  sig('session'),
);
const rs256 = jwt(
  { alg: 'RS256', kid: 'k1' },
  { iss: 'https://auth.acme.io/', aud: 'api', sub: '42' },
  fake('base64url', 342, 'rs'),
);
const serviceRole = jwt(
  HS256,
  {
    iss: 'supabase',
    ref: fake('lowerDigits', 20, 'ref'),
    role: 'service_role',
    iat: 1_700_000_000,
    exp: 2_000_000_000,
  },
  sig('service'),
);
const anon = jwt(
  HS256,
  { iss: 'supabase', ref: fake('lowerDigits', 20, 'ref'), role: 'anon', iat: 1_700_000_000 },
  sig('anon'),
);
const unsigned = jwt(
  { alg: 'none', typ: 'JWT' },
  { sub: 'admin', admin: true, iat: 1_750_000_000 },
  '',
);
const jwtIo = jwt(
  HS256,
  { sub: '1234567890', name: 'John Doe', iat: 1_516_239_022 },
  sig('jwt-io'),
);

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'jwt',
    positive: [
      {
        name: 'a bearer token in a curl command',
        text: `curl -H "Authorization: Bearer ${session}" https://api`,
        secret: session,
      },
      {
        name: 'an RS256 token in JSON',
        text: `{"access_token":"${rs256}","token_type":"Bearer"}`,
        secret: rs256,
      },
    ],
    negative: [
      { name: 'the jwt.io example token', text: `token = "${jwtIo}"` },
      { name: 'a Supabase anon key (public by design)', text: `SUPABASE_ANON_KEY=${anon}` },
      {
        name: 'a header that is not JSON',
        text: `eyJ${fake('base64url', 30, 'h')}.eyJ${fake('base64url', 60, 'p')}.${sig('x')}`,
      },
      { name: 'a header without alg', text: jwt({ typ: 'JWT' }, { sub: '1' }, sig('no-alg')) },
      {
        name: 'a truncated token in docs',
        text: 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJ...',
      },
    ],
  },
  {
    id: 'jwt-supabase-service-role',
    positive: [
      {
        name: 'a service_role key in .env',
        text: `SUPABASE_SERVICE_ROLE_KEY=${serviceRole}\n`,
        secret: serviceRole,
      },
    ],
    negative: [{ name: 'an anon key', text: `SUPABASE_ANON_KEY=${anon}` }],
  },
  {
    id: 'jwt-unsigned',
    positive: [
      { name: 'an alg:none token', text: `const forged = '${unsigned}';`, secret: unsigned },
    ],
    negative: [{ name: 'a signed token', text: `const t = '${session}';` }],
  },
];
