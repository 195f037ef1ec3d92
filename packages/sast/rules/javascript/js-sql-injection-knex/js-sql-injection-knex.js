const express = require('express');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
const { raw } = require('objection');
const Koa = require('koa');
const fastify = require('fastify')();
const http = require('http');

const app = express();

app.get('/users', async (req, res) => {
  // ruleid: js-sql-injection-knex
  const users = await knex.raw(`SELECT * FROM users WHERE name = '${req.query.name}'`);
  // ok: js-sql-injection-knex
  await knex.raw('SELECT * FROM users WHERE name = ?', [req.query.name]);
  res.json(users.rows);
});

app.get('/orders', async (req, res) => {
  const { status, sort } = req.query;
  const orders = await knex('orders')
    // ruleid: js-sql-injection-knex
    .whereRaw("status = '" + status + "'")
    // ruleid: js-sql-injection-knex
    .orderByRaw(sort + ' desc');
  // ok: js-sql-injection-knex
  await knex('orders').where('status', status).orderByRaw('?? desc', ['created_at']);
  // ok: js-sql-injection-knex
  const tag = String.raw`\d+${status}`;
  res.json(orders);
});

function ageFilter(qb, age) {
  // ruleid: js-sql-injection-knex
  return qb.havingRaw('max(age) > ' + age);
}
fastify.get('/groups', async (request) => ageFilter(knex('people').groupBy('team'), request.query.age));

const koa = new Koa();
koa.use(async (ctx) => {
  const expr = ctx.query.expr;
  // ruleid: js-sql-injection-knex
  ctx.body = await Person.query().select(raw(expr));
  // ok: js-sql-injection-knex
  ctx.body = await Person.query().select(raw('coalesce(??, 0)', ['score']));
  // ok: js-sql-injection-knex
  ctx.body = await knex('people').whereRaw('age > ' + parseInt(ctx.query.min, 10));
});

http.createServer(async (req, res) => {
  const q = new URL(req.url, 'http://localhost').searchParams;
  // ruleid: js-sql-injection-knex
  const rows = await knex.select('*').from('t').joinRaw('natural join ' + q.get('table'));
  res.end(JSON.stringify(rows));
});
