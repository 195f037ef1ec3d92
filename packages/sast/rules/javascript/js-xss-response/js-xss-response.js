const express = require('express');
const escapeHtml = require('escape-html');
const http = require('http');
const url = require('url');

const app = express();

app.get('/search', (req, res) => {
  const { q } = req.query;
  // ruleid: js-xss-response
  res.send(`<h1>Results for ${q}</h1>`);
  // ok: js-xss-response
  res.send(`<h1>Results for ${escapeHtml(q)}</h1>`);
  // ok: js-xss-response
  res.json({ query: q });
});

app.get('/error', (req, res) => {
  // ruleid: js-xss-response
  res.status(404).send('Unknown user: ' + req.query.user);
  // ok: js-xss-response
  res.status(404).type('text/plain').send('Unknown user: ' + req.query.user);
  // ok: js-xss-response
  res.send({ error: 'unknown user', user: req.query.user });
  // ok: js-xss-response
  res.send(req.body);
});

app.get('/profile/:id', async (req, res) => {
  const user = await User.findById(req.params.id);
  // ok: js-xss-response
  res.send(user);
  // ok: js-xss-response
  res.send('<p>Page ' + parseInt(req.query.page, 10) + '</p>');
});

function page(title, body) {
  return `<html><head><title>${title}</title></head><body>${body}</body></html>`;
}
app.get('/wiki', (req, res) => {
  // ruleid: js-xss-response
  res.send(page(req.query.title, 'content'));
});

app.get('/stream', (req, res) => {
  res.set('Content-Type', 'text/html');
  // ruleid: js-xss-response
  res.write('<li>' + req.query.item + '</li>');
  // ok: js-xss-response
  res.write('<li>' + req.get('User-Agent') + '</li>');
  res.end();
});

// Next.js API route
export default function handler(req, res) {
  const { name } = req.query;
  // ruleid: js-xss-response
  res.status(200).send(`<p>Hello ${name}</p>`);
}

http.createServer((req, res) => {
  const { query } = url.parse(req.url, true);
  res.writeHead(200, { 'Content-Type': 'text/html' });
  // ruleid: js-xss-response
  res.end('<h1>Hi ' + query.name + '</h1>');
  // ok: js-xss-response
  res.end(JSON.stringify({ name: query.name }));
});
