const express = require('express');
const yaml = require('js-yaml');
const Koa = require('koa');
const fastify = require('fastify')();

const app = express();
app.use(express.text({ type: 'application/yaml' }));

app.post('/config', (req, res) => {
  // ruleid: js-unsafe-deserialization-yaml
  const config = yaml.load(req.body, { schema: yaml.DEFAULT_FULL_SCHEMA });
  // ok: js-unsafe-deserialization-yaml
  const safe = yaml.load(req.body, { schema: yaml.JSON_SCHEMA });
  res.json({ config, safe });
});

const unsafeSchema = yaml.DEFAULT_SCHEMA.extend(require('js-yaml-js-types').all);

function parsePipeline(text) {
  // ruleid: js-unsafe-deserialization-yaml
  return yaml.load(text, { schema: yaml.DEFAULT_SCHEMA.extend(require('js-yaml-js-types').all) });
}

const koa = new Koa();
koa.use(async (ctx) => {
  ctx.body = parsePipeline(ctx.request.body.pipeline);
  // ruleid: js-unsafe-deserialization-yaml
  yaml.loadAll(ctx.request.body.docs, (doc) => console.log(doc), { schema: yaml.DEFAULT_FULL_SCHEMA });
});

fastify.post('/manifest', async (request) => {
  // ok: js-unsafe-deserialization-yaml
  return yaml.load(request.body.manifest);
});

// Next.js API route
export default function handler(req, res) {
  // ok: js-unsafe-deserialization-yaml
  const fixed = yaml.load('a: 1', { schema: yaml.DEFAULT_FULL_SCHEMA });
  res.json(fixed);
}
