const express = require('express');
const Koa = require('koa');
const Router = require('@koa/router');
const fastify = require('fastify')();
const { NextResponse } = require('next/server');

const app = express();
const ALLOWED = ['/dashboard', '/settings'];

app.get('/login/callback', (req, res) => {
  // ruleid: js-open-redirect
  res.redirect(req.query.next);
  // ok: js-open-redirect
  res.redirect('/welcome?from=' + req.query.next);
  // ok: js-open-redirect
  res.redirect(ALLOWED.includes(req.query.next) ? req.query.next : '/dashboard');
});

app.get('/go', (req, res) => {
  const { url } = req.query;
  // ruleid: js-open-redirect
  res.redirect(301, url);
  // ok: js-open-redirect
  res.redirect(req.get('Referer') || '/');
});

app.use((req, res, next) => {
  if (!req.secure) {
    // ok: js-open-redirect
    return res.redirect('https://' + req.headers.host + req.url);
  }
  next();
});

app.get('/safe', (req, res) => {
  const target = req.query.target;
  if (isSafeRedirect(target)) {
    // ok: js-open-redirect
    return res.redirect(target);
  }
  // ok: js-open-redirect
  res.redirect(`https://example.com/docs/${target}`);
});

function continueTo(res, destination) {
  // ruleid: js-open-redirect
  res.redirect(`${destination}?ref=mail`);
}
app.get('/mail', (req, res) => continueTo(res, req.query.dest));

const router = new Router();
router.get('/out', (ctx) => {
  // ruleid: js-open-redirect
  ctx.redirect(ctx.query.to);
});

fastify.get('/bounce', async (request, reply) => {
  // ruleid: js-open-redirect
  return reply.redirect(request.query.returnTo);
});

// Next.js route handler
export async function GET(request) {
  const to = request.nextUrl.searchParams.get('to');
  // ruleid: js-open-redirect
  return NextResponse.redirect(to);
}

// Next.js API route
export default function handler(req, res) {
  // ruleid: js-open-redirect
  res.redirect(307, req.body.returnUrl);
}
