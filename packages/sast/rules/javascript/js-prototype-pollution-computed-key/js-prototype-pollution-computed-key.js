const express = require('express');
const Koa = require('koa');
const fastify = require('fastify')();

const app = express();
app.use(express.json());
const store = {};

app.post('/store', (req, res) => {
  const { section, key, value } = req.body;
  store[section] = store[section] || {};
  // ruleid: js-prototype-pollution-computed-key
  store[section][key] = value;
  // ok: js-prototype-pollution-computed-key
  store.defaults[key] = value;
  res.sendStatus(204);
});

app.post('/matrix', (req, res) => {
  const grid = [[0, 0], [0, 0]];
  // ok: js-prototype-pollution-computed-key
  grid[parseInt(req.body.row, 10)][parseInt(req.body.col, 10)] = 1;
  res.json(grid);
});

function setNested(target, path, value) {
  const [first, second] = path.split('.');
  // ruleid: js-prototype-pollution-computed-key
  target[first][second] = value;
}
app.post('/nested', (req, res) => {
  setNested({ a: {} }, req.query.path, req.body.value);
  res.end();
});

const koa = new Koa();
koa.use(async (ctx) => {
  const counters = {};
  for (const entry of ctx.request.body.entries) {
    // ruleid: js-prototype-pollution-computed-key
    counters[entry.group][entry.name] = entry.count;
  }
  const allowed = ['a', 'b'];
  const group = allowed.includes(ctx.query.group) ? ctx.query.group : 'a';
  // ok: js-prototype-pollution-computed-key
  counters[group][ctx.query.name] = 1;
  ctx.body = counters;
});

fastify.put('/config/:scope', async (request) => {
  const config = { user: {}, team: {} };
  // ruleid: js-prototype-pollution-computed-key
  config[request.params.scope][request.body.key] = request.body.value;
  return config;
});
