const express = require('express');
const escapeStringRegexp = require('escape-string-regexp');
const _ = require('lodash');
const Koa = require('koa');
const fastify = require('fastify')();
const http = require('http');

const app = express();

app.get('/search', (req, res) => {
  // ruleid: js-regex-injection
  const re = new RegExp(req.query.q, 'i');
  // ok: js-regex-injection
  const safe = new RegExp(escapeStringRegexp(req.query.q), 'i');
  // ok: js-regex-injection
  const safe2 = new RegExp(_.escapeRegExp(req.query.q));
  res.json(items.filter((i) => re.test(i.name) || safe.test(i.name) || safe2.test(i.name)));
});

app.get('/filter', (req, res) => {
  const { prefix } = req.query;
  // ruleid: js-regex-injection
  const re = RegExp(`^${prefix}`);
  // ok: js-regex-injection
  const escaped = new RegExp('^' + prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  res.json(names.filter((n) => re.test(n) && escaped.test(n)));
});

function matcher(pattern) {
  // ruleid: js-regex-injection
  return new RegExp(pattern);
}

const koa = new Koa();
koa.use(async (ctx) => {
  ctx.body = matcher(ctx.query.pattern).test('abc');
  // ruleid: js-regex-injection
  ctx.body = await User.find({ name: { $regex: ctx.query.name } });
  // ok: js-regex-injection
  ctx.body = await User.find({ name: { $regex: escapeStringRegexp(ctx.query.name), $options: 'i' } });
});

fastify.get('/logs', async (request) => {
  // ok: js-regex-injection
  const fixed = new RegExp('^ERROR');
  return lines.filter((l) => fixed.test(l) && l.includes(request.query.term));
});

http.createServer((req, res) => {
  const q = new URL(req.url, 'http://localhost').searchParams.get('q');
  // ruleid: js-regex-injection
  res.end(String(new RegExp(q).test('x')));
});
