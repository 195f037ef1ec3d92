const express = require('express');
const sqlite3 = require('sqlite3');
const Database = require('better-sqlite3');
const Koa = require('koa');
const Router = require('@koa/router');
const fastify = require('fastify')();
const level = require('level');

const app = express();
const db = new sqlite3.Database('app.db');
const notesDb = new Database('notes.db');
const kv = level('./kv');

app.get('/notes', (req, res) => {
  // ruleid: js-sql-injection-sqlite
  db.all("SELECT * FROM notes WHERE owner = '" + req.query.owner + "'", (err, rows) => res.json(rows));
  // ok: js-sql-injection-sqlite
  db.all('SELECT * FROM notes WHERE owner = ?', [req.query.owner], (err, rows) => res.json(rows));
});

app.delete('/notes/:id', (req, res) => {
  const { id } = req.params;
  const stmt = `DELETE FROM notes WHERE id = ${id}`;
  // ruleid: js-sql-injection-sqlite
  db.run(stmt, () => res.sendStatus(204));
  // ok: js-sql-injection-sqlite
  db.run('DELETE FROM notes WHERE id = ?', id);
  // ok: js-sql-injection-sqlite
  db.run(`DELETE FROM notes WHERE id = ${Number(id)}`);
});

function search(term) {
  // ruleid: js-sql-injection-sqlite
  return notesDb.prepare(`SELECT * FROM notes WHERE body LIKE '%${term}%'`).all();
}
app.get('/search', (req, res) => res.json(search(req.query.q)));

const router = new Router();
router.get('/tags/:tag', (ctx) => {
  // ruleid: js-sql-injection-sqlite
  ctx.body = notesDb.prepare('SELECT * FROM tags WHERE name = "' + ctx.params.tag + '"').get();
  // ok: js-sql-injection-sqlite
  ctx.body = notesDb.prepare('SELECT * FROM tags WHERE name = ?').get(ctx.params.tag);
});

fastify.post('/script', async (request) => {
  // ruleid: js-sql-injection-sqlite
  db.exec(request.body.migration);
  // ok: js-sql-injection-sqlite
  return kv.get(request.body.key);
});

// Next.js API route on Cloudflare D1
export default async function handler(req, res) {
  const env = process.env;
  // ruleid: js-sql-injection-sqlite
  const row = await env.DB.prepare(`SELECT * FROM users WHERE email = '${req.body.email}'`).first();
  // ok: js-sql-injection-sqlite
  await env.DB.prepare('SELECT * FROM users WHERE email = ?1').bind(req.body.email).first();
  res.json(row);
}
