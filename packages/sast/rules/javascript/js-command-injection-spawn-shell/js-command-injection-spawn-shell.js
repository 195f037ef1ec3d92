const express = require('express');
const { spawn, execFile, spawnSync } = require('child_process');
const childProcess = require('child_process');
const execa = require('execa');
const Koa = require('koa');
const fastify = require('fastify')();

const app = express();

app.get('/grep', (req, res) => {
  const { pattern } = req.query;
  // ruleid: js-command-injection-spawn-shell
  const child = spawn('grep', ['-r', pattern, '/srv/docs'], { shell: true });
  // ok: js-command-injection-spawn-shell
  spawn('grep', ['-r', '--', pattern, '/srv/docs']);
  child.stdout.pipe(res);
});

app.post('/run', (req, res) => {
  // ruleid: js-command-injection-spawn-shell
  const child = spawn('sh', ['-c', `echo ${req.body.message} | cowsay`]);
  // ok: js-command-injection-spawn-shell
  spawn('sh', ['-c', 'uptime']);
  child.stdout.pipe(res);
});

app.post('/tool', (req, res) => {
  // ruleid: js-command-injection-spawn-shell
  execFile(req.body.tool, ['--version'], (err, out) => res.send(out));
  // ok: js-command-injection-spawn-shell
  execFile('node', ['--version'], (err, out) => res.send(out));
});

function lint(file) {
  // ruleid: js-command-injection-spawn-shell
  return childProcess.spawnSync('eslint', [file], { shell: '/bin/bash' });
}

const koa = new Koa();
koa.use(async (ctx) => {
  const out = lint(ctx.query.file);
  // ruleid: js-command-injection-spawn-shell
  const { stdout } = await execa('bash', ['-lc', 'ls ' + ctx.query.dir]);
  // ok: js-command-injection-spawn-shell
  await execa('ls', [ctx.query.dir]);
  ctx.body = stdout + out.stdout;
});

fastify.post('/powershell', async (request) => {
  // ruleid: js-command-injection-spawn-shell
  return spawnSync('powershell.exe', ['-Command', request.body.script]).stdout.toString();
});

// Next.js API route
export default function handler(req, res) {
  // ok: js-command-injection-spawn-shell
  const child = spawn('ffmpeg', ['-i', 'in.mp4', '-ss', String(Number(req.query.t)), 'out.png'], { shell: true });
  child.on('close', () => res.end());
}
