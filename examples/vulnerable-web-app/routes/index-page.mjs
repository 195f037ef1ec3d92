import { ENDPOINTS, paramsFor } from '../endpoints.mjs';
import { escapeHtml, page } from '../lib/html.mjs';

function link(prefix, endpoint, half) {
  const params = paramsFor(endpoint, half);
  const query = new URLSearchParams(params.map((p) => [p.name, p.example])).toString();
  const href = `${prefix}${endpoint.path}${query ? `?${query}` : ''}`;
  return `<a href="${escapeHtml(href)}">${escapeHtml(href)}</a>`;
}

function form(prefix, endpoint, half) {
  const inputs = paramsFor(endpoint, half)
    .map(
      (p) =>
        `<label>${escapeHtml(p.name)} <input name="${escapeHtml(p.name)}" value="${escapeHtml(p.example)}"></label>`,
    )
    .join(' ');
  return `<form action="${prefix}${endpoint.path}" method="get">${inputs} <button type="submit">Go</button></form>`;
}

// The JSON and XML endpoints are called from script, as a single-page app would; an HTML
// crawler finds them only by reading this code (or openapi.json).
function apiScript(prefix, nonce) {
  const attribute = nonce ? ` nonce="${nonce}"` : '';
  return `<script${attribute}>
async function signIn() {
  const response = await fetch('${prefix}api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'alice', password: 'wonderland' }) });
  return response.json();
}
async function searchProducts() {
  const response = await fetch('${prefix}api/products/search', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Dock' }) });
  return response.json();
}
async function importOrder() {
  const response = await fetch('${prefix}xml', { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: '<order><item>USB-C Dock</item><quantity>2</quantity></order>' });
  return response.json();
}
async function whoAmI() {
  const response = await fetch('${prefix}api/me', { credentials: 'include' });
  return response.json();
}
</script>`;
}

/** The index page of one half (`vuln` or `safe`): every endpoint, linked with defaults. */
export function indexPage(half, { nonce } = {}) {
  const prefix = `/${half}/`;
  const rows = ENDPOINTS.map((endpoint) => {
    let how;
    if (endpoint.json) how = `<code>${endpoint.method} ${prefix}${endpoint.path}</code> (JSON)`;
    else if (endpoint.xml) how = `<code>${endpoint.method} ${prefix}${endpoint.path}</code> (XML)`;
    else how = link(prefix, endpoint, half);
    const extra = endpoint.form ? form(prefix, endpoint, half) : '';
    return `<li>${escapeHtml(endpoint.summary)}: ${how}${extra}</li>`;
  }).join('\n');
  const title = half === 'vuln' ? 'Vulnerable half' : 'Safe half';
  const scriptAttribute = nonce ? ` nonce="${nonce}"` : '';
  return page(
    `Rampart Shop: ${title}`,
    `<p><a href="/">Home</a> · <a href="/openapi.json">OpenAPI</a></p>
<ul>
${rows}
</ul>
<p><button type="button" id="sign-in">Sign in with the API</button></p>
<script src="${prefix}static/app.js"${scriptAttribute}></script>
${apiScript(prefix, nonce)}`,
    { nonce },
  );
}

/** The home page: links to both halves and to the OpenAPI document. */
export function homePage({ nonce } = {}) {
  return page(
    'Rampart Shop: a deliberately vulnerable web app',
    `<p>Every endpoint exists twice: a vulnerable one under <code>/vuln/</code> and its fixed
twin under <code>/safe/</code>. Do not expose this app to a network.</p>
<ul>
<li><a href="/vuln/">The vulnerable half (/vuln/)</a></li>
<li><a href="/safe/">The safe half (/safe/)</a></li>
<li><a href="/openapi.json">OpenAPI description of both halves</a></li>
</ul>
<form action="/vuln/search" method="get"><label>Search (vulnerable) <input name="q" value="laptop"></label> <button type="submit">Search</button></form>
<form action="/safe/search" method="get"><label>Search (safe) <input name="q" value="laptop"></label> <button type="submit">Search</button></form>`,
    { nonce },
  );
}
