const express = require('express');
const pgp = require('pg-promise')();
const postgres = require('postgres');
const Cursor = require('pg-cursor');
const Koa = require('koa');
const fastify = require('fastify')();
const http = require('http');
const url = require('url');

const app = express();
const db = pgp(process.env.DATABASE_URL);
const sql = postgres(process.env.DATABASE_URL);

app.get('/users', async (req, res) => {
  // ruleid: js-sql-injection-pg
  const users = await db.any("SELECT * FROM users WHERE name = '" + req.query.name + "'");
  // ok: js-sql-injection-pg
  await db.any('SELECT * FROM users WHERE name = $1', [req.query.name]);
  // ok: js-sql-injection-pg
  await db.any('SELECT * FROM users WHERE name = ${name}', { name: req.query.name });
  res.json(users);
});

app.post('/transfer', async (req, res) => {
  const { from, to } = req.body;
  await db.tx(async (t) => {
    // ruleid: js-sql-injection-pg
    await t.none(`UPDATE accounts SET balance = balance - 1 WHERE id = '${from}'`);
    // ok: js-sql-injection-pg
    await t.none('UPDATE accounts SET balance = balance + 1 WHERE id = $1', [to]);
  });
  res.sendStatus(204);
});

const koa = new Koa();
koa.use(async (ctx) => {
  const order = ctx.query.order;
  // ruleid: js-sql-injection-pg
  ctx.body = await sql.unsafe('SELECT * FROM products ORDER BY ' + order);
  // ok: js-sql-injection-pg
  ctx.body = await sql`SELECT * FROM products WHERE category = ${ctx.query.category}`;
});

function buildFilter(field) {
  // ruleid: js-sql-injection-pg
  return pgp.as.format('SELECT * FROM logs WHERE ' + field + ' IS NOT NULL');
}
fastify.get('/logs', async (request) =>
  // ruleid: js-sql-injection-pg
  db.any(buildFilter(request.query.field)));

fastify.get('/stream', async (request) => {
  const client = await pool.connect();
  // ruleid: js-sql-injection-pg
  const cursor = client.query(new Cursor(`SELECT * FROM events WHERE kind = '${request.query.kind}'`));
  // ok: js-sql-injection-pg
  client.query(new Cursor('SELECT * FROM events WHERE kind = $1', [request.query.kind]));
  return cursor;
});

// Next.js API route
export default async function handler(req, res) {
  // ok: js-sql-injection-pg
  const row = await db.oneOrNone('SELECT * FROM posts WHERE id = ' + pgp.as.number(Number(req.query.id)));
  // ok: js-sql-injection-pg
  const names = await cache.many(req.query.id);
  res.json({ row, names });
}

http.createServer(async (req, res) => {
  const { query } = url.parse(req.url, true);
  // ruleid: js-sql-injection-pg
  const rows = await db.manyOrNone(`SELECT * FROM items WHERE sku = '${query.sku}'`);
  res.end(JSON.stringify(rows));
});
