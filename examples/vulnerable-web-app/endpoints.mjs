// The endpoints both halves share, with realistic default values: the single source of
// the index pages' links and forms and of openapi.json (see openapi.mjs).
import { FAKE_API_KEY } from './lib/data.mjs';

/** An XML order, the example body of POST /{half}/xml. */
export const XML_EXAMPLE =
  '<?xml version="1.0" encoding="UTF-8"?>\n<order><item>USB-C Dock</item><quantity>2</quantity></order>';

/**
 * Every endpoint after its half's prefix (`/vuln/` or `/safe/`). `vulnOnlyParams` exist
 * only in /vuln (the API key in the URL is the vulnerability); `form` also renders an HTML
 * form with the defaults.
 */
export const ENDPOINTS = [
  {
    path: 'search',
    method: 'GET',
    summary: 'Search products (echoes the query in the page text)',
    params: [{ name: 'q', example: 'laptop' }],
    form: true,
  },
  {
    path: 'greet',
    method: 'GET',
    summary: 'Greeting form (echoes the name in an input value)',
    params: [{ name: 'name', example: 'Ada' }],
    form: true,
  },
  {
    path: 'track',
    method: 'GET',
    summary: 'Campaign tracking page (puts the referrer tag in an inline script)',
    params: [{ name: 'ref', example: 'newsletter' }],
  },
  {
    path: 'product',
    method: 'GET',
    summary: 'Product details by id',
    params: [{ name: 'id', example: '1' }],
  },
  {
    path: 'user',
    method: 'GET',
    summary: 'Does this user exist?',
    params: [{ name: 'name', example: 'alice' }],
    form: true,
  },
  {
    path: 'stock',
    method: 'GET',
    summary: 'Ask to be told when a SKU is back in stock (same answer whatever happens)',
    params: [{ name: 'sku', example: 'SKU-1001' }],
    form: true,
  },
  {
    path: 'api/products/search',
    method: 'POST',
    summary: 'Search products by name (JSON API)',
    json: { name: 'Dock' },
  },
  {
    path: 'api/login',
    method: 'POST',
    summary: 'Sign in (JSON API)',
    json: { username: 'alice', password: 'wonderland' },
  },
  { path: 'api/me', method: 'GET', summary: 'The signed-in user (JSON API, CORS)', params: [] },
  {
    path: 'ping',
    method: 'GET',
    summary: 'Check that a host is reachable (the answer is the same either way)',
    params: [{ name: 'host', example: '127.0.0.1' }],
    form: true,
  },
  {
    path: 'file',
    method: 'GET',
    summary: 'Read a public document',
    params: [{ name: 'name', example: 'welcome.txt' }],
  },
  {
    path: 'redirect',
    method: 'GET',
    summary: 'Go to a page after signing in',
    params: [{ name: 'next', example: '/' }],
  },
  {
    path: 'hello',
    method: 'GET',
    summary: 'Personalised greeting rendered with the template engine',
    params: [{ name: 'name', example: 'Ada' }],
    form: true,
  },
  {
    path: 'fetch',
    method: 'GET',
    summary: 'Link preview: fetch a URL and report its status and size',
    params: [{ name: 'url', example: 'http://127.0.0.1/' }],
    form: true,
  },
  {
    path: 'xml',
    method: 'POST',
    summary: 'Import an order as XML',
    xml: XML_EXAMPLE,
  },
  { path: 'login-page', method: 'GET', summary: 'Start a session (sets a cookie)', params: [] },
  {
    path: 'account',
    method: 'GET',
    summary: 'Account page',
    params: [],
    vulnOnlyParams: [{ name: 'api_key', example: FAKE_API_KEY }],
  },
  { path: 'crash', method: 'GET', summary: 'A page with a bug (throws)', params: [] },
  { path: 'files/', method: 'GET', summary: 'Public documents', params: [] },
  { path: 'static/app.js', method: 'GET', summary: 'The front-end script', params: [] },
];

/** The query parameters of an endpoint in one half (`vuln` or `safe`). */
export function paramsFor(endpoint, half) {
  return [...(endpoint.params ?? []), ...(half === 'vuln' ? (endpoint.vulnOnlyParams ?? []) : [])];
}
