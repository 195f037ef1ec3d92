const express = require('express');
const http = require('http');
const https = require('https');
const net = require('net');
const WebSocket = require('ws');
const Koa = require('koa');
const fastify = require('fastify')();

const app = express();

app.get('/fetch', (req, res) => {
  // ruleid: js-ssrf-http-module
  https.get(req.query.url, (upstream) => upstream.pipe(res));
  // ok: js-ssrf-http-module
  https.get('https://status.example.com/' + req.query.page, (upstream) => upstream.pipe(res));
});

app.get('/internal', (req, res) => {
  const { host, path } = req.query;
  // ruleid: js-ssrf-http-module
  const r = http.request({ host: host, port: 80, path: '/' }, (up) => up.pipe(res));
  // ok: js-ssrf-http-module
  const r2 = http.request({ host: 'backend.local', port: 80, path: '/items/' + encodeURIComponent(path) }, (up) => up.pipe(res));
  r.end();
  r2.end();
});

function probe(host, port) {
  // ruleid: js-ssrf-http-module
  return net.connect(port, host);
}

const koa = new Koa();
koa.use(async (ctx) => {
  const socket = probe(ctx.query.host, Number(ctx.query.port));
  // ok: js-ssrf-http-module
  const local = net.connect(Number(ctx.query.port), 'localhost');
  ctx.body = 'ok';
  socket.end();
  local.end();
});

fastify.get('/ws', async (request) => {
  // ruleid: js-ssrf-http-module
  const ws = new WebSocket(request.query.server);
  ws.close();
  return 'ok';
});

http.createServer((req, res) => {
  const target = new URL(req.url, 'http://localhost').searchParams.get('target');
  // ruleid: js-ssrf-http-module
  http.get(target, (up) => up.pipe(res));
});
