const express = require('express');
const mongoose = require('mongoose');
const { MongoClient, ObjectId } = require('mongodb');
const Koa = require('koa');
const Router = require('@koa/router');
const fastify = require('fastify')();

const app = express();
app.use(express.json());
const User = mongoose.model('User', new mongoose.Schema({ username: String, password: String }));
const client = new MongoClient(process.env.MONGO_URL);
const db = client.db('shop');

app.post('/login', async (req, res) => {
  const { username, password } = req.body;
  // ruleid: js-nosql-injection-operator
  const user = await User.findOne({ username, password });
  // ok: js-nosql-injection-operator
  await User.findOne({ username: String(username), password: { $eq: password } });
  res.json({ ok: Boolean(user) });
});

app.get('/orders', async (req, res) => {
  // ruleid: js-nosql-injection-operator
  const orders = await db.collection('orders').find(req.query).toArray();
  // ok: js-nosql-injection-operator
  await db.collection('orders').find({ _id: new ObjectId(req.query.id) }).toArray();
  // ok: js-nosql-injection-operator
  await User.findOne({ _id: req.params.id });
  // ok: js-nosql-injection-operator
  const match = [1, 2, 3].find((n) => n === req.query.n);
  res.json(orders);
});

function removeByOwner(model, owner) {
  // ruleid: js-nosql-injection-operator
  return model.deleteMany({ owner });
}
app.delete('/posts', (req, res) => removeByOwner(Post, req.body.owner).then(() => res.end()));

const router = new Router();
router.post('/reset', async (ctx) => {
  const filter = { email: ctx.request.body.email };
  // ruleid: js-nosql-injection-operator
  await User.updateOne(filter, { $set: { resetToken: null } });
  // ok: js-nosql-injection-operator
  await User.updateOne({ email: `${ctx.request.body.email}` }, { $set: { resetToken: null } });
  ctx.body = 'ok';
});

fastify.get('/products', async (request) => {
  // ruleid: js-nosql-injection-operator
  const n = await db.collection('products').countDocuments({ category: request.query.category });
  // ok: js-nosql-injection-operator
  await db.collection('products').countDocuments({ price: { $lt: Number(request.query.max) } });
  return n;
});

// Next.js API route
export default async function handler(req, res) {
  // ruleid: js-nosql-injection-operator
  const names = await User.distinct('username', req.body.filter);
  // ok: js-nosql-injection-operator
  await User.find({ username: mongoose.sanitizeFilter(req.body.username) });
  res.status(200).json(names);
}
