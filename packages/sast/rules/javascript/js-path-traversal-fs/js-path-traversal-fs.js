const express = require('express');
const fs = require('fs');
const fsp = require('fs/promises');
const fse = require('fs-extra');
const path = require('path');
const Koa = require('koa');
const fastify = require('fastify')();
const http = require('http');
const url = require('url');

const app = express();
const UPLOADS = path.join(__dirname, 'uploads');

app.get('/files', (req, res) => {
  // ruleid: js-path-traversal-fs
  fs.readFile(path.join(UPLOADS, req.query.name), (err, data) => res.send(data));
  // ok: js-path-traversal-fs
  fs.readFile(path.join(UPLOADS, path.basename(req.query.name)), (err, data) => res.send(data));
});

app.delete('/files/:name', async (req, res) => {
  const { name } = req.params;
  const target = `${UPLOADS}/${name}`;
  // ruleid: js-path-traversal-fs
  await fsp.unlink(target);
  res.sendStatus(204);
});

app.get('/download', (req, res) => {
  const resolved = path.resolve(UPLOADS, req.query.file);
  if (resolved.startsWith(UPLOADS + path.sep)) {
    // ok: js-path-traversal-fs
    fs.createReadStream(resolved).pipe(res);
  }
});

function saveAvatar(user, fileName, data) {
  // ruleid: js-path-traversal-fs
  return fse.outputFile(`avatars/${user}/${fileName}`, data);
}
app.post('/avatar', (req, res) => saveAvatar('me', req.body.fileName, req.body.data).then(() => res.end()));

const koa = new Koa();
koa.use(async (ctx) => {
  const dir = ctx.query.dir;
  // ruleid: js-path-traversal-fs
  ctx.body = await fsp.readdir(path.join('/srv/reports', dir));
  // ok: js-path-traversal-fs
  ctx.body = await fsp.readdir('/srv/reports/' + Number(ctx.query.year));
  // ok: js-path-traversal-fs
  ctx.body = await db.open(ctx.query.dir);
});

fastify.post('/move', async (request) => {
  const { from, to } = request.body;
  // ruleid: js-path-traversal-fs
  await fs.promises.rename('/srv/inbox/a.txt', path.join('/srv/archive', to));
  // ruleid: js-path-traversal-fs
  return fs.existsSync(from);
});

// Next.js API route
export default function handler(req, res) {
  // ruleid: js-path-traversal-fs
  const content = fs.readFileSync(`./content/${req.query.slug}.md`, 'utf8');
  // ok: js-path-traversal-fs
  const fixed = fs.readFileSync('./content/index.md', 'utf8');
  res.status(200).json({ content, fixed });
}

http.createServer((req, res) => {
  const { pathname } = url.parse(req.url);
  // ruleid: js-path-traversal-fs
  fs.createReadStream(path.join(__dirname, 'public', pathname)).pipe(res);
});

app.get('/settings/:name', async (req, res) => {
  // ruleid: js-path-traversal-fs
  res.json(await fse.readJson(path.join('/srv/settings', req.params.name)));
});

// A project's own helper that happens to share a name with fs-extra's: not a file read.
async function readJson(response, request) {
  return JSON.parse(await response.text(), request.reviver);
}
app.get('/proxy', async (req, res) => {
  const upstream = await fetch(`https://api.example.com${req.path}`);
  // ok: js-path-traversal-fs
  res.json(await readJson(upstream, req));
});
