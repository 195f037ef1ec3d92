import type { DetectorCases } from '../../test-support/detector-cases.js';
import { fake } from '../../test-support/fake.js';

const body = fake('base62', 99, 'stripe-body');
const stripeLive = `sk_live_${body}`;
const stripeTest = `sk_test_${body}`;
const restricted = `rk_live_${fake('base62', 99, 'stripe-rk')}`;
const webhook = `whsec_${fake('base62', 32, 'stripe-whsec')}`;
const square = `EAAA${fake('base64url', 60, 'square-eaaa')}`;
const squareLegacy = `sq0atp-${fake('base64url', 22, 'square-atp')}`;
const squareSecret = `sq0csp-${fake('base64url', 43, 'square-csp')}`;
const braintree = `access_token$production$${fake('lowerDigits', 16, 'bt-merchant')}$${fake('hex', 32, 'bt-token')}`;
const shpat = `shpat_${fake('hex', 32, 'shpat')}`;
const shpca = `shpca_${fake('hex', 32, 'shpca')}`;
const shppa = `shppa_${fake('hex', 32, 'shppa')}`;
const shpss = `shpss_${fake('hex', 32, 'shpss')}`;
const uuid = `${fake('hex', 8, 'p1')}-${fake('hex', 4, 'p2')}-${fake('hex', 4, 'p3')}-${fake('hex', 4, 'p4')}-${fake('hex', 12, 'p5')}`;
const plaid = `access-production-${uuid}`;

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'stripe-live-secret-key',
    positive: [
      { name: 'a key in .env', text: `STRIPE_SECRET_KEY=${stripeLive}\n`, secret: stripeLive },
      {
        name: 'a key in a Node client',
        text: `const stripe = new Stripe('${stripeLive}');`,
        secret: stripeLive,
      },
    ],
    negative: [
      { name: 'a test-mode key', text: `STRIPE_SECRET_KEY=${stripeTest}` },
      { name: 'a key that is too short', text: `STRIPE_SECRET_KEY=sk_live_${body.slice(0, 20)}` },
    ],
  },
  {
    id: 'stripe-restricted-key',
    positive: [
      {
        name: 'a key in YAML',
        text: `stripe:\n  restricted_key: ${restricted}\n`,
        secret: restricted,
      },
    ],
    negative: [{ name: 'a test-mode restricted key', text: `restricted_key: rk_test_${body}` }],
  },
  {
    id: 'stripe-webhook-secret',
    positive: [
      { name: 'a secret in .env', text: `STRIPE_WEBHOOK_SECRET=${webhook}`, secret: webhook },
    ],
    negative: [
      {
        name: 'a truncated secret',
        text: `STRIPE_WEBHOOK_SECRET=whsec_${fake('base62', 20, 'w')}`,
      },
    ],
  },
  {
    id: 'square-access-token',
    positive: [
      { name: 'a token in .env', text: `SQUARE_ACCESS_TOKEN=${square}`, secret: square },
      {
        name: 'a token in a Square client',
        text: `new SquareClient({ token: "${square}" })`,
        secret: square,
      },
    ],
    negative: [{ name: 'the same shape with no Square context', text: `FB_TOKEN=${square}` }],
  },
  {
    id: 'square-legacy-access-token',
    positive: [
      {
        name: 'a token in JavaScript',
        text: `var accessToken = '${squareLegacy}';`,
        secret: squareLegacy,
      },
    ],
    negative: [
      {
        name: 'a sandbox application id',
        text: `var appId = 'sq0idp-${fake('base64url', 22, 'sq-idp')}';`,
      },
    ],
  },
  {
    id: 'square-oauth-secret',
    positive: [
      {
        name: 'a secret in Java',
        text: `private String clientSecret = "${squareSecret}";`,
        secret: squareSecret,
      },
    ],
    negative: [
      { name: 'a truncated secret', text: `clientSecret = "${squareSecret.slice(0, 30)}"` },
    ],
  },
  {
    id: 'braintree-access-token',
    positive: [
      { name: 'a token in .env', text: `BRAINTREE_ACCESS_TOKEN=${braintree}`, secret: braintree },
    ],
    negative: [
      {
        name: 'a sandbox token',
        text: `BRAINTREE_ACCESS_TOKEN=${braintree.replace('production', 'sandbox')}`,
      },
    ],
  },
  {
    id: 'shopify-access-token',
    positive: [
      {
        name: 'a header in curl',
        text: `curl -H "X-Shopify-Access-Token: ${shpat}" https://shop.myshopify.com/admin/api/2024-01/shop.json`,
        secret: shpat,
      },
    ],
    negative: [
      {
        name: 'a non-hex body',
        text: `X-Shopify-Access-Token: shpat_${fake('base62', 32, 'shpat-x')}`,
      },
    ],
  },
  {
    id: 'shopify-custom-app-token',
    positive: [{ name: 'a token in .env', text: `SHOPIFY_TOKEN=${shpca}`, secret: shpca }],
    negative: [
      { name: 'a token one character short', text: `SHOPIFY_TOKEN=${shpca.slice(0, -1)}` },
    ],
  },
  {
    id: 'shopify-private-app-token',
    positive: [{ name: 'a token in JSON', text: `{"password": "${shppa}"}`, secret: shppa }],
    negative: [{ name: 'a low-entropy value', text: `{"password": "shppa_${'0123'.repeat(8)}"}` }],
  },
  {
    id: 'shopify-shared-secret',
    positive: [{ name: 'a secret in TOML', text: `api_secret = "${shpss}"`, secret: shpss }],
    negative: [{ name: 'a token one character too long', text: `api_secret = "${shpss}0"` }],
  },
  {
    id: 'plaid-access-token',
    positive: [
      { name: 'a token in Python', text: `PLAID_ACCESS_TOKEN = "${plaid}"`, secret: plaid },
    ],
    negative: [{ name: 'a sandbox token', text: `PLAID_ACCESS_TOKEN = "access-sandbox-${uuid}"` }],
  },
];
