const express = require('express');
const Handlebars = require('handlebars');
const ejs = require('ejs');
const Mustache = require('mustache');
const pug = require('pug');
const _ = require('lodash');
const Koa = require('koa');
const fastify = require('fastify')();

const app = express();

Handlebars.registerHelper('bio', function () {
  return new Handlebars.SafeString('<b>' + this.bio + '</b>');
});

app.get('/profile', (req, res) => {
  const { bio } = req.query;
  // ruleid: js-xss-template-unescaped
  const safe = new Handlebars.SafeString(`<p>${bio}</p>`);
  // ok: js-xss-template-unescaped
  const escaped = new Handlebars.SafeString(`<p>${Handlebars.escapeExpression(bio)}</p>`);
  res.send(Handlebars.compile('{{bio}} {{other}}')({ bio: safe, other: escaped }));
});

app.get('/ejs', (req, res) => {
  // ruleid: js-xss-template-unescaped
  res.send(ejs.render('<p>Hello <%- name %></p>', { name: req.query.name }));
  // ok: js-xss-template-unescaped
  res.send(ejs.render('<p>Hello <%= name %></p>', { name: req.query.name }));
});

const koa = new Koa();
koa.use(async (ctx) => {
  const view = { title: ctx.query.title };
  // ruleid: js-xss-template-unescaped
  ctx.body = Mustache.render('<h1>{{{title}}}</h1>', view);
  // ok: js-xss-template-unescaped
  ctx.body = Mustache.render('<h1>{{title}}</h1>', view);
});

fastify.get('/pug', async (request, reply) => {
  // ruleid: js-xss-template-unescaped
  const html = pug.compile('p!= message')({ message: request.query.message });
  // ruleid: js-xss-template-unescaped
  const card = Handlebars.compile('<div>{{text}}</div>', { noEscape: true })({ text: request.query.text });
  reply.type('text/html').send(html + card);
});

function mail(data) {
  // ruleid: js-xss-template-unescaped
  return _.template('<p>Dear <%= name %></p>')(data);
}

// Next.js API route
export default function handler(req, res) {
  const body = mail({ name: req.body.name });
  // ok: js-xss-template-unescaped
  const footer = _.template('<p><%- name %></p>')({ name: req.body.name });
  res.send(body + footer);
}
