const express = require('express');
const _ = require('lodash');
const merge = require('lodash/merge');
const deepExtend = require('deep-extend');
const objectPath = require('object-path');
const Koa = require('koa');
const fastify = require('fastify')();

const app = express();
app.use(express.json());
const defaults = { theme: 'light', notifications: { email: true } };

app.post('/settings', (req, res) => {
  // ruleid: js-prototype-pollution-merge
  const settings = _.merge({}, defaults, req.body);
  // ok: js-prototype-pollution-merge
  const picked = _.merge({}, defaults, { fontSize: parseInt(req.body.fontSize, 10) });
  // ok: js-prototype-pollution-merge
  const shallow = Object.assign({}, defaults, req.body);
  res.json({ settings, picked, shallow });
});

app.patch('/profile', (req, res) => {
  const { changes } = req.body;
  // ruleid: js-prototype-pollution-merge
  merge(req.user.profile, changes);
  res.json(req.user.profile);
});

app.post('/field', (req, res) => {
  const doc = {};
  // ruleid: js-prototype-pollution-merge
  _.set(doc, req.body.path, req.body.value);
  // ok: js-prototype-pollution-merge
  _.set(doc, 'meta.updatedBy', req.body.value);
  res.json(doc);
});

function applyOverrides(base, overrides) {
  // ruleid: js-prototype-pollution-merge
  return deepExtend(base, overrides);
}

const koa = new Koa();
koa.use(async (ctx) => {
  ctx.body = applyOverrides({ a: 1 }, ctx.request.body);
  // ruleid: js-prototype-pollution-merge
  objectPath.set(ctx.state, ctx.query.key, true);
});

fastify.post('/defaults', async (request) => {
  // ruleid: js-prototype-pollution-merge
  return _.defaultsDeep({}, request.body.options, defaults);
});

// Next.js API route
export default function handler(req, res) {
  // ruleid: js-prototype-pollution-merge
  const config = $.extend(true, {}, defaults, JSON.parse(req.body.config));
  res.json(config);
}
