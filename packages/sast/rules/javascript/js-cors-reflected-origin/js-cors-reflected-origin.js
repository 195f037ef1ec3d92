const express = require('express');
const app = express();

app.use((req, res, next) => {
  // ruleid: js-cors-reflected-origin
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Allow-Methods', 'GET,POST,PUT,DELETE');
  next();
});

function corsMiddleware(req, res, next) {
  const origin = req.get('Origin') || '*';
  res.header('Access-Control-Allow-Credentials', true);
  // ruleid: js-cors-reflected-origin
  res.header('Access-Control-Allow-Origin', origin);
  next();
}

async function koaCors(ctx, next) {
  ctx.set('Access-Control-Allow-Credentials', 'true');
  // ruleid: js-cors-reflected-origin
  ctx.set('Access-Control-Allow-Origin', ctx.get('origin'));
  await next();
}

const ALLOWED = new Set(['https://app.example.com']);

app.use((req, res, next) => {
  const { origin } = req.headers;
  if (ALLOWED.has(origin)) {
    // ok: js-cors-reflected-origin
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  next();
});

app.use((req, res, next) => {
  // ok: js-cors-reflected-origin
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
  res.setHeader('Vary', 'Origin');
  next();
});

app.use((req, res, next) => {
  // ok: js-cors-reflected-origin
  res.setHeader('Access-Control-Allow-Origin', 'https://app.example.com');
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  next();
});
