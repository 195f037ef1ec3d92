const express = require('express');
const mongoose = require('mongoose');
const Koa = require('koa');
const fastify = require('fastify')();
const http = require('http');
const url = require('url');

const app = express();
const User = mongoose.model('User');

app.get('/users', async (req, res) => {
  // ruleid: js-nosql-injection-where
  const users = await User.find({ $where: "this.name == '" + req.query.name + "'" });
  // ok: js-nosql-injection-where
  await User.find({ name: req.query.name, $where: 'this.visits > this.limit' });
  // ok: js-nosql-injection-where
  await User.find({ $where: 'this.age > ' + parseInt(req.query.age, 10) });
  res.json(users);
});

app.get('/older', async (req, res) => {
  const { age } = req.query;
  // ruleid: js-nosql-injection-where
  const query = { $where: `this.age > ${age}` };
  // ruleid: js-nosql-injection-where
  const query2 = { $where: `this.age < ${age}` };
  // ok: js-nosql-injection-where
  const query3 = { $where: 'this.name == ' + JSON.stringify(req.query.name) };
  res.json(await User.find(query2));
});

function byExpression(expr) {
  // ruleid: js-nosql-injection-where
  return User.find().$where(expr);
}

const koa = new Koa();
koa.use(async (ctx) => {
  ctx.body = await byExpression(ctx.query.expr);
});

fastify.post('/score', async (request) =>
  User.aggregate([
    {
      $addFields: {
        // ruleid: js-nosql-injection-where
        score: { $function: { body: request.body.formula, args: ['$points'], lang: 'js' } },
      },
    },
  ]));

http.createServer(async (req, res) => {
  const { query } = url.parse(req.url, true);
  // ruleid: js-nosql-injection-where
  const docs = await mongoose.connection.db.collection('logs').find({ level: 'error', $where: query.filter }).toArray();
  res.end(JSON.stringify(docs));
});
