const express = require('express');
const axios = require('axios');
const got = require('got');
const fetch = require('node-fetch');
const Koa = require('koa');
const fastify = require('fastify')();
const http = require('http');

const app = express();
const API_BASE = 'https://api.example.com';

app.get('/proxy', async (req, res) => {
  // ruleid: js-ssrf-http-client
  const response = await axios.get(req.query.url);
  // ok: js-ssrf-http-client
  const user = await axios.get(`https://api.example.com/users/${req.query.id}`);
  // ok: js-ssrf-http-client
  const repo = await axios.get(`${API_BASE}/repos/${encodeURIComponent(req.query.repo)}`);
  res.json({ data: response.data, user: user.data, repo: repo.data });
});

app.post('/webhook-test', async (req, res) => {
  const { callbackUrl } = req.body;
  // ruleid: js-ssrf-http-client
  const r = await fetch(callbackUrl, { method: 'POST', body: '{}' });
  // ok: js-ssrf-http-client
  await fetch('/internal/ping');
  res.sendStatus(r.status);
});

app.get('/avatar', async (req, res) => {
  const host = req.query.host;
  // ruleid: js-ssrf-http-client
  const img = await got('https://' + host + '/avatar.png').buffer();
  // ok: js-ssrf-http-client
  const img2 = await got(new URL('/avatar.png', req.query.host)).buffer();
  res.type('png').send(img);
});

function download(target) {
  // ruleid: js-ssrf-http-client
  return axios({ method: 'get', url: target, responseType: 'stream' });
}

const koa = new Koa();
koa.use(async (ctx) => {
  const r = await download(ctx.query.file);
  ctx.body = r.data;
});

fastify.get('/preview', async (request) => {
  // ruleid: js-ssrf-http-client
  const html = await got.get(request.query.link).text();
  // ok: js-ssrf-http-client
  const status = await got.get(`http://localhost:9000/health?from=${request.query.link}`).text();
  return { html, status };
});

// Next.js API route
export default async function handler(req, res) {
  const { endpoint } = req.body;
  // ruleid: js-ssrf-http-client
  const upstream = await fetch(`${endpoint}/v1/status`);
  res.status(200).json(await upstream.json());
}

http.createServer(async (req, res) => {
  const target = new URL(req.url, 'http://localhost').searchParams.get('target');
  // ruleid: js-ssrf-http-client
  const r = await axios.request({ url: target, timeout: 2000 });
  res.end(JSON.stringify(r.data));
});
