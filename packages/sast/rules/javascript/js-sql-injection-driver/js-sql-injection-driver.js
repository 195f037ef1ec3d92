const express = require('express');
const mysql = require('mysql2');
const { Pool } = require('pg');
const Koa = require('koa');
const Router = require('@koa/router');
const fastify = require('fastify')();
const http = require('http');
const sql = require('mssql');
const SQL = require('sql-template-strings');

const app = express();
const connection = mysql.createConnection({ host: 'db', user: 'app' });
const pool = new Pool();

app.get('/users', (req, res) => {
  // ruleid: js-sql-injection-driver
  connection.query("SELECT * FROM users WHERE name = '" + req.query.name + "'", (err, rows) => res.json(rows));
});

app.get('/users/:id', async (req, res) => {
  const { sort } = req.query;
  const text = `SELECT * FROM users ORDER BY ${sort}`;
  // ruleid: js-sql-injection-driver
  const result = await pool.query(text);
  // ok: js-sql-injection-driver
  await pool.query('SELECT * FROM users WHERE id = $1', [req.params.id]);
  // ok: js-sql-injection-driver
  await pool.query(SQL`SELECT * FROM users WHERE name = ${req.query.name}`);
  // ok: js-sql-injection-driver
  await pool.query('SELECT * FROM users LIMIT ' + parseInt(req.query.limit, 10));
  res.json(result.rows);
});

app.post('/orders', async (req, res) => {
  // ruleid: js-sql-injection-driver
  await connection.promise().execute(`DELETE FROM orders WHERE id = ${req.body.id}`);
  // ok: js-sql-injection-driver
  await connection.promise().execute('DELETE FROM orders WHERE id = ?', [req.body.id]);
  // ok: js-sql-injection-driver
  connection.query('SELECT * FROM t WHERE a = ' + connection.escape(req.body.a));
  res.sendStatus(204);
});

function findByEmail(db, email) {
  // ruleid: js-sql-injection-driver
  return db.query({ sql: 'SELECT * FROM users WHERE email = "' + email + '"', timeout: 1000 });
}
app.get('/by-email', (req, res) => findByEmail(connection, req.query.email).then((r) => res.json(r)));

const router = new Router();
router.get('/items', async (ctx) => {
  const category = ctx.query.category;
  // ruleid: js-sql-injection-driver
  const r = await pool.query({ text: 'SELECT * FROM items WHERE category = ' + category });
  // ok: js-sql-injection-driver
  await pool.query({ text: 'SELECT * FROM items WHERE category = $1', values: [category] });
  ctx.body = r.rows;
});

fastify.get('/reports', async (request, reply) => {
  const p = await sql.connect(process.env.MSSQL_URL);
  // ruleid: js-sql-injection-driver
  const r = await p.request().query(`SELECT * FROM reports WHERE owner = '${request.query.owner}'`);
  // ok: js-sql-injection-driver
  await p.request().input('owner', sql.NVarChar, request.query.owner).query('SELECT * FROM reports WHERE owner = @owner');
  return r.recordset;
});

// Next.js API route
export default async function handler(req, res) {
  const { term } = req.body;
  // ruleid: js-sql-injection-driver
  const rows = await pool.query("SELECT * FROM products WHERE title LIKE '%" + term + "%'");
  // ok: js-sql-injection-driver
  await apollo.query({ query: SEARCH, variables: { term } });
  res.status(200).json(rows);
}

http.createServer(async (req, res) => {
  const q = new URL(req.url, 'http://localhost').searchParams.get('q');
  // ruleid: js-sql-injection-driver
  const rows = await store.query(`select * from notes where body like '%${q}%'`);
  // ok: js-sql-injection-driver
  const cached = await cache.query(q);
  res.end(JSON.stringify(rows));
});
