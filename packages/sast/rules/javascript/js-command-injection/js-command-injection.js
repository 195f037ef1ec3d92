const express = require('express');
const cp = require('child_process');
const { exec, execSync } = require('child_process');
const util = require('util');
const shell = require('shelljs');
const { quote } = require('shell-quote');
const Koa = require('koa');
const fastify = require('fastify')();
const http = require('http');

const app = express();
const execAsync = util.promisify(exec);

app.get('/ping', (req, res) => {
  // ruleid: js-command-injection
  exec('ping -c 1 ' + req.query.host, (err, stdout) => res.send(stdout));
  // ok: js-command-injection
  exec('ping -c 1 ' + quote([req.query.host]), (err, stdout) => res.send(stdout));
  // ok: js-command-injection
  cp.execFile('ping', ['-c', '1', req.query.host], (err, stdout) => res.send(stdout));
});

app.post('/convert', async (req, res) => {
  const { input, format } = req.body;
  const command = `convert uploads/${input} out.${format}`;
  // ruleid: js-command-injection
  const { stdout } = await execAsync(command);
  // ok: js-command-injection
  await execAsync('convert uploads/a.png out.jpg');
  res.send(stdout);
});

function archive(name) {
  // ruleid: js-command-injection
  return cp.execSync(`tar czf /backups/${name}.tgz /data`);
}
app.post('/backup', (req, res) => res.send(archive(req.body.name)));

const koa = new Koa();
koa.use(async (ctx) => {
  const branch = ctx.query.branch;
  // ruleid: js-command-injection
  ctx.body = shell.exec(`git log --oneline ${branch}`).stdout;
  // ok: js-command-injection
  ctx.body = execSync('git log -n ' + parseInt(ctx.query.n, 10)).toString();
});

fastify.get('/dns', async (request) => {
  // ruleid: js-command-injection
  return execSync('dig +short ' + request.headers['x-lookup']).toString();
});

// Next.js API route
export default function handler(req, res) {
  // ruleid: js-command-injection
  require('child_process').exec(`whois ${req.query.domain}`, (err, out) => res.send(out));
}

http.createServer((req, res) => {
  const file = new URL(req.url, 'http://localhost').searchParams.get('file');
  // ruleid: js-command-injection
  cp.exec('wc -l ' + file, (err, out) => res.end(out));
  // ok: js-command-injection
  const re = /(\d+)/.exec(file);
});
