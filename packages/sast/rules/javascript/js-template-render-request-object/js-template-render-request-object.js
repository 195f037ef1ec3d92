const express = require('express');
const ejs = require('ejs');
const Koa = require('koa');
const views = require('koa-views');

const app = express();
app.set('view engine', 'ejs');

app.get('/search', (req, res) => {
  // ruleid: js-template-render-request-object
  res.render('search', req.query);
});

app.post('/preview', (req, res) => {
  // ruleid: js-template-render-request-object
  res.render('preview', { ...req.body, title: 'Preview' });
  // ok: js-template-render-request-object
  res.render('preview', { title: 'Preview', body: String(req.body.text) });
});

app.get('/page/:name', (req, res) => {
  // ruleid: js-template-render-request-object
  res.render('page', Object.assign({}, req.params));
  // ok: js-template-render-request-object
  res.render('page', { name: req.params.name });
});

app.get('/file', (req, res) => {
  // ruleid: js-template-render-request-object
  ejs.renderFile('views/file.ejs', req.query, (err, html) => res.send(html));
});

const koa = new Koa();
koa.use(views('views', { extension: 'ejs' }));
koa.use(async (ctx) => {
  // ruleid: js-template-render-request-object
  await ctx.render('home', ctx.query);
  // ok: js-template-render-request-object
  await ctx.render('home', { user: ctx.state.user });
});
