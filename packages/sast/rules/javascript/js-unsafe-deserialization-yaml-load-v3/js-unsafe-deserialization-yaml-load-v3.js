const express = require('express');
const yaml = require('js-yaml');
const YAML = require('yamljs');
const cheerio = require('cheerio');
const Koa = require('koa');
const fastify = require('fastify')();

const app = express();

app.post('/import', (req, res) => {
  // ruleid: js-unsafe-deserialization-yaml-load-v3
  const data = yaml.load(req.body.yaml);
  // ok: js-unsafe-deserialization-yaml-load-v3
  const safe = yaml.safeLoad(req.body.yaml);
  // ok: js-unsafe-deserialization-yaml-load-v3
  const json = yaml.load(req.body.yaml, { schema: yaml.JSON_SCHEMA });
  res.json({ data, safe, json });
});

app.post('/html', (req, res) => {
  // ok: js-unsafe-deserialization-yaml-load-v3
  const $ = cheerio.load(req.body.html);
  res.send($('title').text());
});

const koa = new Koa();
koa.use(async (ctx) => {
  const { docs } = ctx.request.body;
  // ruleid: js-unsafe-deserialization-yaml-load-v3
  yaml.loadAll(docs, (doc) => console.log(doc));
  ctx.body = 'ok';
});

fastify.post('/settings', async (request) => {
  // ruleid: js-unsafe-deserialization-yaml-load-v3
  return yaml.load(request.body, { filename: 'settings.yml' });
});
