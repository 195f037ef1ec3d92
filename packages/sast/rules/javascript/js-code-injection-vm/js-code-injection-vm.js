const express = require('express');
const vm = require('vm');
const { VM, NodeVM } = require('vm2');
const safeEval = require('safe-eval');
const Koa = require('koa');
const fastify = require('fastify')();
const http = require('http');

const app = express();

app.post('/sandbox', (req, res) => {
  // ruleid: js-code-injection-vm
  const result = vm.runInNewContext(req.body.code, { console });
  // ok: js-code-injection-vm
  const fixed = vm.runInNewContext('a + b', { a: req.body.a, b: req.body.b });
  res.json({ result, fixed });
});

app.post('/script', (req, res) => {
  const { source } = req.body;
  // ruleid: js-code-injection-vm
  const script = new vm.Script(`(function () { ${source} })()`);
  res.json(script.runInThisContext());
});

function runPlugin(code) {
  const sandbox = new NodeVM({ console: 'inherit' });
  // ruleid: js-code-injection-vm
  return sandbox.run(code, 'plugin.js');
}

const koa = new Koa();
koa.use(async (ctx) => {
  ctx.body = runPlugin(ctx.request.body.plugin);
  // ruleid: js-code-injection-vm
  ctx.body = new VM({ timeout: 100 }).run(ctx.query.expr);
  // ok: js-code-injection-vm
  ctx.body = new VM({ timeout: 100, sandbox: { input: ctx.query.expr } }).run('input.length');
});

fastify.get('/eval', async (request) => {
  // ruleid: js-code-injection-vm
  return safeEval(request.query.expression, { Math });
});

http.createServer((req, res) => {
  const expr = new URL(req.url, 'http://localhost').searchParams.get('expr');
  const context = vm.createContext({});
  // ruleid: js-code-injection-vm
  res.end(String(vm.runInContext(expr, context)));
});
