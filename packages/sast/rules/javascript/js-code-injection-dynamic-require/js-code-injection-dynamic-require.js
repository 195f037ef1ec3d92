const express = require('express');
const path = require('path');
const Koa = require('koa');
const fastify = require('fastify')();

const app = express();
const plugins = { csv: require('./plugins/csv'), pdf: require('./plugins/pdf') };

app.get('/export', (req, res) => {
  // ruleid: js-code-injection-dynamic-require
  const exporter = require('./exporters/' + req.query.format);
  // ok: js-code-injection-dynamic-require
  const plugin = Object.hasOwn(plugins, req.query.format) ? plugins[req.query.format] : plugins.csv;
  // ok: js-code-injection-dynamic-require
  const theme = require(`./themes/${path.basename(req.query.theme)}`);
  res.send(exporter.run(plugin, theme));
});

async function loadLocale(lang) {
  // ruleid: js-code-injection-dynamic-require
  return import(`./locales/${lang}.js`);
}

const koa = new Koa();
koa.use(async (ctx) => {
  const messages = await loadLocale(ctx.query.lang);
  ctx.body = messages.default;
});

fastify.get('/module', async (request) => {
  const { name } = request.query;
  // ruleid: js-code-injection-dynamic-require
  const resolved = require.resolve(name);
  // ok: js-code-injection-dynamic-require
  const lodash = require('lodash');
  return { resolved, version: lodash.VERSION };
});

// Next.js API route
export default async function handler(req, res) {
  // ruleid: js-code-injection-dynamic-require
  const mod = await import(req.body.module);
  res.json(Object.keys(mod));
}
