const express = require('express');
const contentDisposition = require('content-disposition');
const Koa = require('koa');
const fastify = require('fastify')();
const http = require('http');

const app = express();
const TYPES = { csv: 'text/csv', json: 'application/json' };

app.get('/export', (req, res) => {
  // ruleid: js-header-injection
  res.setHeader('Content-Type', req.query.type);
  // ok: js-header-injection
  res.setHeader('Content-Type', TYPES[req.query.format] === 'text/csv' ? 'text/csv' : 'application/json');
  // ok: js-header-injection
  res.setHeader('X-Request-Id', req.get('X-Request-Id'));
  res.send(data);
});

app.get('/download', (req, res) => {
  const { name } = req.query;
  // ruleid: js-header-injection
  res.set('Content-Disposition', `attachment; filename="${name}"`);
  // ok: js-header-injection
  res.set('Content-Disposition', contentDisposition(name));
  res.send(file);
});

app.get('/as', (req, res) => {
  // ruleid: js-header-injection
  res.type(req.params.format).send(body);
});

const koa = new Koa();
koa.use(async (ctx) => {
  // ruleid: js-header-injection
  ctx.set('Refresh', '0; url=' + ctx.query.next);
  // ruleid: js-header-injection
  ctx.type = ctx.query.format;
});

fastify.get('/custom', (request, reply) => {
  // ruleid: js-header-injection
  reply.type(request.query.as).send('ok');
  // ok: js-header-injection
  reply.type(request.headers.accept).send('ok');
});

http.createServer((req, res) => {
  const lang = new URL(req.url, 'http://localhost').searchParams.get('lang');
  // ruleid: js-header-injection
  res.setHeader('Link', `</styles/${lang}.css>; rel=preload; as=style`);
  // ok: js-header-injection
  res.setHeader('Content-Language', lang);
  res.end();
});
