const express = require('express');
const { Sequelize, QueryTypes, Op, literal } = require('sequelize');
const Koa = require('koa');
const Router = require('@koa/router');
const fastify = require('fastify')();

const app = express();
const sequelize = new Sequelize(process.env.DATABASE_URL);
const db = { sequelize };

app.get('/users', async (req, res) => {
  // ruleid: js-sql-injection-sequelize
  const users = await sequelize.query("SELECT * FROM users WHERE name = '" + req.query.name + "'", { type: QueryTypes.SELECT });
  // ok: js-sql-injection-sequelize
  await sequelize.query('SELECT * FROM users WHERE name = :name', { replacements: { name: req.query.name }, type: QueryTypes.SELECT });
  res.json(users);
});

app.get('/products', async (req, res) => {
  const { sort } = req.query;
  const products = await Product.findAll({
    // ruleid: js-sql-injection-sequelize
    order: Sequelize.literal(`${sort} DESC`),
  });
  // ok: js-sql-injection-sequelize
  await Product.findAll({ where: { name: { [Op.like]: `%${req.query.q}%` } } });
  // ok: js-sql-injection-sequelize
  await Product.findAll({ order: Sequelize.literal('created_at DESC') });
  res.json(products);
});

const router = new Router();
router.get('/stats', async (ctx) => {
  const column = ctx.query.column;
  // ruleid: js-sql-injection-sequelize
  ctx.body = await db.sequelize.query({ query: `SELECT count(${column}) FROM stats`, values: [] });
  // ok: js-sql-injection-sequelize
  ctx.body = await db.sequelize.query({ query: 'SELECT count(*) FROM stats WHERE day = ?', values: [ctx.query.day] });
});

function scoreExpression(weight) {
  // ruleid: js-sql-injection-sequelize
  return literal('score * ' + weight);
}
fastify.get('/ranking', async (request) =>
  Player.findAll({ attributes: [[scoreExpression(request.query.weight), 'rank']] }));

// Next.js API route
export default async function handler(req, res) {
  // ok: js-sql-injection-sequelize
  const rows = await sequelize.query('SELECT * FROM posts LIMIT ' + parseInt(req.query.limit, 10));
  // ok: js-sql-injection-sequelize
  await sequelize.query('SELECT * FROM posts WHERE author = $author', { bind: { author: req.query.author } });
  res.json(rows);
}
