// Builds openapi.json (OpenAPI 3.0) from endpoints.mjs: every endpoint of both halves, with
// examples. Run `node examples/vulnerable-web-app/openapi.mjs` after changing endpoints.mjs;
// `--check` exits 1 when openapi.json is stale (the end-to-end test runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ENDPOINTS, paramsFor } from './endpoints.mjs';

const RESPONSES = {
  html: { 200: { description: 'An HTML page', content: { 'text/html': {} } } },
  json: { 200: { description: 'A JSON document', content: { 'application/json': {} } } },
};

function operationId(half, path) {
  const words = path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return half + words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

function operation(half, endpoint) {
  const op = {
    operationId: operationId(half, endpoint.path),
    tags: [half],
    summary: endpoint.summary,
  };
  const params = paramsFor(endpoint, half);
  if (params.length > 0) {
    op.parameters = params.map((p) => ({
      name: p.name,
      in: 'query',
      required: true,
      schema: { type: 'string' },
      example: p.example,
    }));
  }
  if (endpoint.json) {
    const properties = Object.fromEntries(
      Object.keys(endpoint.json).map((k) => [k, { type: 'string' }]),
    );
    op.requestBody = {
      required: true,
      content: {
        'application/json': {
          schema: { type: 'object', properties, required: Object.keys(endpoint.json) },
          example: endpoint.json,
        },
      },
    };
  }
  if (endpoint.xml) {
    op.requestBody = {
      required: true,
      content: { 'application/xml': { schema: { type: 'string' }, example: endpoint.xml } },
    };
  }
  op.responses =
    endpoint.json || endpoint.xml || endpoint.path.startsWith('api/')
      ? RESPONSES.json
      : RESPONSES.html;
  return op;
}

/** The OpenAPI 3.0 document of the app. */
export function buildOpenApi() {
  const paths = {};
  for (const half of ['vuln', 'safe']) {
    for (const endpoint of ENDPOINTS) {
      paths[`/${half}/${endpoint.path}`] = {
        [endpoint.method.toLowerCase()]: operation(half, endpoint),
      };
    }
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Rampart Shop (deliberately vulnerable)',
      version: '1.0.0',
      description:
        'Every endpoint exists twice: /vuln/... is vulnerable on purpose, /safe/... is its fixed twin. See VULNERABILITIES.md.',
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'vuln', description: 'Vulnerable on purpose' },
      { name: 'safe', description: 'The fixed twins' },
    ],
    paths,
  };
}

/** The document as written to openapi.json. */
export function openApiText() {
  return `${JSON.stringify(buildOpenApi(), null, 2)}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = fileURLToPath(new URL('./openapi.json', import.meta.url));
  if (process.argv.includes('--check')) {
    // Compared as data, so that reformatting the file is not staleness.
    const committed = JSON.stringify(JSON.parse(readFileSync(file, 'utf8')));
    if (committed !== JSON.stringify(buildOpenApi())) {
      console.error('openapi.json is stale: run node examples/vulnerable-web-app/openapi.mjs');
      process.exit(1);
    }
  } else {
    writeFileSync(file, openApiText());
  }
}
