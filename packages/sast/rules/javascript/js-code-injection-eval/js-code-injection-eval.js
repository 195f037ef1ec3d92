const express = require('express');
const Koa = require('koa');
const Router = require('@koa/router');
const fastify = require('fastify')();
const http = require('http');
const url = require('url');

const app = express();

app.get('/calc', (req, res) => {
  // ruleid: js-code-injection-eval
  const result = eval(req.query.expression);
  // ok: js-code-injection-eval
  const n = eval(String(parseInt(req.query.n, 10)) + ' * 2');
  res.json({ result, n });
});

app.post('/config', (req, res) => {
  const { settings } = req.body;
  // ruleid: js-code-injection-eval
  const parsed = eval('(' + settings + ')');
  // ok: js-code-injection-eval
  const safe = JSON.parse(settings);
  // ok: js-code-injection-eval
  const echoed = eval('(' + JSON.stringify(settings) + ')');
  res.json({ parsed, safe, echoed });
});

function applyFormula(formula, x) {
  // ruleid: js-code-injection-eval
  return globalThis.eval(`const x = ${x}; ${formula}`);
}

const router = new Router();
router.post('/formula', (ctx) => {
  ctx.body = String(applyFormula(ctx.request.body.formula, 3));
});

fastify.get('/indirect', async (request) => {
  const code = request.query.code;
  // ruleid: js-code-injection-eval
  return (0, eval)(code);
});

// Next.js API route
export default function handler(req, res) {
  // ok: js-code-injection-eval
  const v = eval('1 + 1');
  res.status(200).json({ v });
}

http.createServer((req, res) => {
  const { query } = url.parse(req.url, true);
  // ruleid: js-code-injection-eval
  res.end(String(eval(query.js)));
});
