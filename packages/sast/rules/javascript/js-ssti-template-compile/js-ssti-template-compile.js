const express = require('express');
const ejs = require('ejs');
const pug = require('pug');
const Handlebars = require('handlebars');
const nunjucks = require('nunjucks');
const _ = require('lodash');
const { Liquid } = require('liquidjs');
const Koa = require('koa');
const fastify = require('fastify')();
const http = require('http');

const app = express();
const engine = new Liquid();
const GREETING = '<h1>Hello <%= name %></h1>';

app.get('/greet', (req, res) => {
  // ruleid: js-ssti-template-compile
  res.send(ejs.render('<h1>Hello ' + req.query.name + '</h1>'));
  // ok: js-ssti-template-compile
  res.send(ejs.render(GREETING, { name: req.query.name }));
});

app.post('/preview', (req, res) => {
  const { template } = req.body;
  // ruleid: js-ssti-template-compile
  const fn = pug.compile(template);
  // ok: js-ssti-template-compile
  const fixed = pug.compile('p Hello #{name}');
  res.send(fn({}) + fixed({ name: template }));
});

function renderCard(markup, data) {
  // ruleid: js-ssti-template-compile
  return Handlebars.compile(markup)(data);
}

const koa = new Koa();
koa.use(async (ctx) => {
  ctx.body = renderCard(ctx.request.body.card, { user: 'x' });
  // ruleid: js-ssti-template-compile
  ctx.body = nunjucks.renderString(`Hi ${ctx.query.name}`, {});
  // ok: js-ssti-template-compile
  ctx.body = nunjucks.renderString('Hi {{ name }}', { name: ctx.query.name });
});

fastify.post('/mail', async (request) => {
  // ruleid: js-ssti-template-compile
  const compiled = _.template(request.body.subject);
  // ruleid: js-ssti-template-compile
  const body = await engine.parseAndRender(request.body.text, { user: 'x' });
  return compiled({}) + body;
});

// Next.js API route
export default function handler(req, res) {
  // ok: js-ssti-template-compile
  const html = ejs.render('<p><%= q %></p>', { q: req.query.q });
  res.send(html);
}

http.createServer((req, res) => {
  const tpl = new URL(req.url, 'http://localhost').searchParams.get('tpl');
  // ruleid: js-ssti-template-compile
  res.end(ejs.render(tpl, {}));
});
