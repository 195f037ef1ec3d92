const express = require('express');
const Koa = require('koa');
const views = require('koa-views');
const fastify = require('fastify')();
const path = require('path');

const app = express();
app.set('view engine', 'ejs');

app.get('/page/:name', (req, res) => {
  // ruleid: js-path-traversal-render-view
  res.render(req.params.name, { title: 'Docs' });
  // ok: js-path-traversal-render-view
  res.render('page', { name: req.params.name });
});

app.get('/help', (req, res) => {
  const topic = req.query.topic;
  // ruleid: js-path-traversal-render-view
  res.render(`help/${topic}`);
  const topics = ['billing', 'account'];
  // ok: js-path-traversal-render-view
  res.render(`help/${topics.includes(topic) ? topic : 'index'}`);
});

const koa = new Koa();
koa.use(views(path.join(__dirname, 'views'), { extension: 'pug' }));
koa.use(async (ctx) => {
  // ruleid: js-path-traversal-render-view
  await ctx.render(ctx.query.layout);
  // ok: js-path-traversal-render-view
  await ctx.render('home', { layout: ctx.query.layout });
});

fastify.get('/theme', (request, reply) => {
  // ruleid: js-path-traversal-render-view
  reply.view('themes/' + request.query.theme + '.ejs', {});
  // ok: js-path-traversal-render-view
  reply.view('themes/' + path.basename(request.query.theme) + '.ejs', {});
});
