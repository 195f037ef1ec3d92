const express = require('express');
const libxmljs = require('libxmljs');
const libxml = require('libxmljs2');
const Koa = require('koa');
const fastify = require('fastify')();
const http = require('http');

const app = express();
app.use(express.text({ type: 'application/xml' }));

app.post('/import', (req, res) => {
  // ruleid: js-xxe-libxmljs-noent
  const doc = libxmljs.parseXml(req.body, { noent: true });
  // ok: js-xxe-libxmljs-noent
  const safe = libxmljs.parseXml(req.body, { nonet: true });
  res.json({ root: doc.root().name(), safe: safe.root().name() });
});

app.post('/upload', (req, res) => {
  const xml = req.files.document.data.toString('utf8');
  // ruleid: js-xxe-libxmljs-noent
  const doc = libxml.parseXmlString(xml, { noent: true, noblanks: true });
  res.send(doc.get('//title').text());
});

function parseFeed(text) {
  // ruleid: js-xxe-libxmljs-noent
  return libxmljs.parseXml(text, { noent: true });
}

const koa = new Koa();
koa.use(async (ctx) => {
  ctx.body = parseFeed(ctx.request.body.feed).root().name();
  // ok: js-xxe-libxmljs-noent
  ctx.body = libxmljs.parseXml('<config/>', { noent: true }).root().name();
});

fastify.post('/soap', async (request) => {
  // ok: js-xxe-libxmljs-noent
  return libxmljs.parseXml(request.body, { noent: false }).root().name();
});

http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => {
    const q = new URL(req.url, 'http://localhost').searchParams.get('xml');
    // ruleid: js-xxe-libxmljs-noent
    res.end(libxmljs.parseXml(q, { noent: true }).toString());
  });
});
