import type { Detector } from '../../detector.js';

const STRIPE_ROLL =
  'Roll the key in the Stripe Dashboard (Developers > API keys > the key > Roll key; set an expiry on the old ' +
  'key if live traffic still uses it), review Developers > Logs for requests you did not make, and store the ' +
  'new one in a secret manager.';

const SHOPIFY_ROTATE =
  'For a custom app made in the Shopify admin, uninstall the app (Settings > Apps and sales channels > Develop ' +
  'apps) to revoke its token and install it again to get a new one; for a Partner app, rotate the credentials ' +
  'in the Partner Dashboard (Apps > the app > Client credentials > Rotate). Then store the new one in a secret ' +
  'manager.';

/** Payment and commerce credentials: Stripe, Square, Braintree, Shopify and Plaid. */
export const paymentDetectors: readonly Detector[] = [
  {
    id: 'stripe-live-secret-key',
    provider: 'Stripe',
    title: 'Stripe live secret key',
    severity: 'critical',
    keywords: ['sk_live_'],
    pattern: /\b(?<secret>sk_live_[0-9a-zA-Z]{24,247})\b/,
    minEntropy: 3.8,
    remediation: STRIPE_ROLL,
    references: ['https://docs.stripe.com/keys'],
  },
  {
    id: 'stripe-restricted-key',
    provider: 'Stripe',
    title: 'Stripe live restricted key',
    severity: 'critical',
    keywords: ['rk_live_'],
    pattern: /\b(?<secret>rk_live_[0-9a-zA-Z]{24,247})\b/,
    minEntropy: 3.8,
    remediation: STRIPE_ROLL,
    references: ['https://docs.stripe.com/keys#limit-access'],
  },
  {
    id: 'stripe-webhook-secret',
    provider: 'Stripe',
    title: 'Stripe (or Svix) webhook signing secret',
    severity: 'medium',
    keywords: ['whsec_'],
    pattern: /\b(?<secret>whsec_[A-Za-z0-9+/]{32,88}={0,2})(?![\w+/=])/,
    minEntropy: 4,
    remediation:
      'Roll the signing secret of the endpoint (Stripe Dashboard > Developers > Webhooks > the endpoint > Roll ' +
      'secret, or the Svix dashboard for Svix endpoints) so forged events stop verifying, and store the new one ' +
      'in a secret manager.',
    references: ['https://docs.stripe.com/webhooks#verify-events'],
  },
  {
    id: 'square-access-token',
    provider: 'Square',
    title: 'Square access token',
    severity: 'critical',
    confidence: 'medium',
    keywords: ['EAAA'],
    pattern: /(?:square|Square|SQUARE)[^\n]{0,60}?\b(?<secret>EAAA[\w-]{60})(?![\w-])/,
    minEntropy: 4,
    remediation:
      'Replace the personal access token in the Square Developer Dashboard (Applications > the app > Credentials ' +
      '> Replace), or revoke an OAuth access token with the `RevokeToken` endpoint; review Payments and Refunds ' +
      'for activity you did not make, and store the new one in a secret manager.',
    references: ['https://developer.squareup.com/docs/build-basics/access-tokens'],
  },
  {
    id: 'square-legacy-access-token',
    provider: 'Square',
    title: 'Square access token (legacy sq0atp format)',
    severity: 'critical',
    keywords: ['sq0atp-'],
    pattern: /\b(?<secret>sq0atp-[\w-]{22})(?![\w-])/,
    minEntropy: 3.5,
    remediation:
      'Replace the access token in the Square Developer Dashboard (Applications > the app > Credentials > ' +
      'Replace) or revoke it with the `RevokeToken` endpoint, and store the new one in a secret manager.',
    references: ['https://developer.squareup.com/docs/build-basics/access-tokens'],
  },
  {
    id: 'square-oauth-secret',
    provider: 'Square',
    title: 'Square application secret (OAuth)',
    severity: 'high',
    keywords: ['sq0csp-'],
    pattern: /\b(?<secret>sq0csp-[\w-]{43})(?![\w-])/,
    minEntropy: 4,
    remediation:
      'Rotate the application secret in the Square Developer Dashboard (Applications > the app > OAuth > ' +
      'Replace secret), update the servers that exchange OAuth codes, and store the new one in a secret manager.',
    references: ['https://developer.squareup.com/docs/oauth-api/overview'],
  },
  {
    id: 'braintree-access-token',
    provider: 'PayPal Braintree',
    title: 'Braintree production access token',
    severity: 'critical',
    keywords: ['access_token$production$'],
    pattern: /\b(?<secret>access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32})\b/,
    minEntropy: 3.5,
    remediation:
      'Revoke the access token in the Braintree Control Panel (Settings > API > the key or the linked PayPal ' +
      'account > Revoke) or the PayPal Developer Dashboard, generate a new one, and store the new one in a ' +
      'secret manager.',
    references: ['https://developer.paypal.com/braintree/docs/guides/authorization/access-token'],
  },
  {
    id: 'shopify-access-token',
    provider: 'Shopify',
    title: 'Shopify Admin API access token',
    severity: 'critical',
    keywords: ['shpat_'],
    pattern: /\b(?<secret>shpat_[a-fA-F0-9]{32})\b/,
    minEntropy: 3.2,
    remediation: SHOPIFY_ROTATE,
    references: ['https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens'],
  },
  {
    id: 'shopify-custom-app-token',
    provider: 'Shopify',
    title: 'Shopify custom app access token',
    severity: 'critical',
    keywords: ['shpca_'],
    pattern: /\b(?<secret>shpca_[a-fA-F0-9]{32})\b/,
    minEntropy: 3.2,
    remediation: SHOPIFY_ROTATE,
    references: ['https://help.shopify.com/en/manual/apps/app-types/custom-apps'],
  },
  {
    id: 'shopify-private-app-token',
    provider: 'Shopify',
    title: 'Shopify private app password',
    severity: 'critical',
    keywords: ['shppa_'],
    pattern: /\b(?<secret>shppa_[a-fA-F0-9]{32})\b/,
    minEntropy: 3.2,
    remediation: SHOPIFY_ROTATE,
    references: ['https://help.shopify.com/en/manual/apps/app-types/custom-apps'],
  },
  {
    id: 'shopify-shared-secret',
    provider: 'Shopify',
    title: 'Shopify app shared secret',
    severity: 'high',
    keywords: ['shpss_'],
    pattern: /\b(?<secret>shpss_[a-fA-F0-9]{32})\b/,
    minEntropy: 3.2,
    remediation: SHOPIFY_ROTATE,
    references: ['https://shopify.dev/docs/apps/build/authentication-authorization/client-secrets'],
  },
  {
    id: 'plaid-access-token',
    provider: 'Plaid',
    title: 'Plaid production or development access token',
    severity: 'high',
    confidence: 'medium',
    keywords: ['access-production-', 'access-development-'],
    pattern:
      /\b(?<secret>access-(?:production|development)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/,
    minEntropy: 3.5,
    remediation:
      'Rotate the access token with `/item/access_token/invalidate` (or end access with `/item/remove`), rotate ' +
      'the client secret if it leaked too (Plaid Dashboard > Developers > Keys), and store the new one in a ' +
      'secret manager.',
    references: ['https://plaid.com/docs/api/items/#itemaccess_tokeninvalidate'],
  },
];
