const express = require('express');
const Koa = require('koa');
const fastify = require('fastify')();

const app = express();

app.post('/rules', (req, res) => {
  const { condition } = req.body;
  // ruleid: js-code-injection-function
  const check = new Function('user', `return ${condition};`);
  // ok: js-code-injection-function
  const always = new Function('user', 'return user.active;');
  res.json({ allowed: check(req.user), always: always(req.user) });
});

app.get('/sort', (req, res) => {
  // ruleid: js-code-injection-function
  const compare = Function('a', 'b', 'return a.' + req.query.key + ' - b.' + req.query.key);
  res.json(items.sort(compare));
});

function compileTemplate(src) {
  // ruleid: js-code-injection-function
  return new Function('data', 'with (data) { return `' + src + '`; }');
}

const koa = new Koa();
koa.use(async (ctx) => {
  ctx.body = compileTemplate(ctx.request.body.template)({ name: 'x' });
  // ok: js-code-injection-function
  const f = new Function('n', 'return n * ' + Number(ctx.query.factor));
});

fastify.post('/hook', async (request) => {
  const { params, body } = request.body;
  // ruleid: js-code-injection-function
  const hook = new Function(...params, body);
  return hook();
});

// Next.js API route
export default function handler(req, res) {
  // ok: js-code-injection-function
  const greet = new Function('name', 'return "hi " + name');
  res.send(greet(req.query.name));
}
