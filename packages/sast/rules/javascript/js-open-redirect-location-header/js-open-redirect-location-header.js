const express = require('express');
const Koa = require('koa');
const fastify = require('fastify')();
const http = require('http');
const url = require('url');

const app = express();

app.get('/r', (req, res) => {
  // ruleid: js-open-redirect-location-header
  res.setHeader('Location', req.query.u);
  res.status(302).end();
});

app.get('/r2', (req, res) => {
  const { target } = req.query;
  // ruleid: js-open-redirect-location-header
  res.location(target).sendStatus(302);
  // ok: js-open-redirect-location-header
  res.location('/fallback').sendStatus(302);
  // ok: js-open-redirect-location-header
  res.set('X-Target', target);
});

const koa = new Koa();
koa.use(async (ctx) => {
  ctx.status = 302;
  // ruleid: js-open-redirect-location-header
  ctx.set('Location', ctx.query.next);
  // ok: js-open-redirect-location-header
  ctx.set('Location', '/account/' + ctx.query.next);
});

fastify.get('/hop', (request, reply) => {
  // ruleid: js-open-redirect-location-header
  reply.code(302).header('location', request.query.returnTo).send();
  // ok: js-open-redirect-location-header
  reply.code(302).header('location', request.headers['x-forwarded-uri']).send();
});

// Next.js route handler
export async function GET(request) {
  const dest = request.nextUrl.searchParams.get('dest');
  // ruleid: js-open-redirect-location-header
  return new Response(null, { status: 302, headers: { Location: dest } });
}

http.createServer((req, res) => {
  const { query } = url.parse(req.url, true);
  // ruleid: js-open-redirect-location-header
  res.writeHead(302, { Location: query.redirect });
  // ok: js-open-redirect-location-header
  res.writeHead(302, { Location: '/login?next=' + encodeURIComponent(query.redirect) });
  res.end();
});
