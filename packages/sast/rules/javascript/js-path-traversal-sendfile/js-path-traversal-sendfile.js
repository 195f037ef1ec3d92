const express = require('express');
const path = require('path');

const app = express();
const PUBLIC = path.join(__dirname, 'public');

app.get('/static/:file', (req, res) => {
  // ruleid: js-path-traversal-sendfile
  res.sendFile(path.join(PUBLIC, req.params.file));
  // ok: js-path-traversal-sendfile
  res.sendFile(req.params.file, { root: PUBLIC });
  // ok: js-path-traversal-sendfile
  res.sendFile(path.join(PUBLIC, path.basename(req.params.file)));
});

app.get('/attachment', (req, res) => {
  const { name } = req.query;
  // ruleid: js-path-traversal-sendfile
  res.download(`/srv/attachments/${name}`, name);
  // ok: js-path-traversal-sendfile
  res.download(name, name, { root: '/srv/attachments' });
});

app.get('/report', (req, res) => {
  // ruleid: js-path-traversal-sendfile
  res.status(200).sendFile(req.query.path, { headers: { 'x-report': '1' } }, (err) => err && res.end());
});

function sendAsset(res, asset) {
  // ruleid: js-path-traversal-sendfile
  res.sendFile(path.resolve('assets', asset));
}
app.get('/asset', (req, res) => sendAsset(res, req.get('X-Asset')));

app.get('/checked', (req, res) => {
  const file = path.resolve(PUBLIC, req.query.f);
  if (file.startsWith(PUBLIC + path.sep)) {
    // ok: js-path-traversal-sendfile
    res.sendFile(file);
  }
});

// Next.js custom server / API route with Express
export default function handler(req, res) {
  const allowed = ['terms.pdf', 'privacy.pdf'];
  const doc = allowed.includes(req.query.doc) ? req.query.doc : 'terms.pdf';
  // ok: js-path-traversal-sendfile
  res.sendFile(path.join(PUBLIC, doc));
}
