const express = require('express');
const cookieParser = require('cookie-parser');
const serialize = require('node-serialize');
const funcster = require('funcster');
const Cryo = require('cryo');
const Koa = require('koa');
const fastify = require('fastify')();

const app = express();
app.use(cookieParser());

app.get('/profile', (req, res) => {
  const raw = Buffer.from(req.cookies.profile, 'base64').toString();
  // ruleid: js-unsafe-deserialization-node-serialize
  const profile = serialize.unserialize(raw);
  // ok: js-unsafe-deserialization-node-serialize
  const prefs = JSON.parse(raw);
  res.send(`Hello ${profile.username} ${prefs.theme}`);
});

app.post('/jobs', (req, res) => {
  // ruleid: js-unsafe-deserialization-node-serialize
  const job = funcster.deepDeserialize(req.body.job);
  res.json({ queued: Boolean(job) });
});

function restore(state) {
  // ruleid: js-unsafe-deserialization-node-serialize
  return Cryo.parse(state);
}

const koa = new Koa();
koa.use(async (ctx) => {
  ctx.body = restore(ctx.request.body.state);
  // ok: js-unsafe-deserialization-node-serialize
  ctx.body = serialize.unserialize('{"a":1}');
});

fastify.post('/session', async (request) => {
  const { data } = request.body;
  // ruleid: js-unsafe-deserialization-node-serialize
  return serialize.unserialize(data);
});
