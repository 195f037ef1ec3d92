const express = require('express');
const app = express();

app.post('/login', async (req, res) => {
  const user = await authenticate(req.body);
  // ruleid: js-cookie-missing-secure
  res.cookie('session', await createSession(user));
  res.redirect('/home');
});

app.post('/api/token', (req, res) => {
  // ruleid: js-cookie-missing-secure
  res.cookie('access_token', issueToken(req.user), { httpOnly: true, maxAge: 900000 });
  res.end();
});

app.post('/remember', (req, res) => {
  // ruleid: js-cookie-missing-secure
  res.cookie('rememberMe', req.body.token, { secure: true, sameSite: 'lax' });
  res.end();
});

router.post('/koa', async (ctx) => {
  // ruleid: js-cookie-missing-secure
  ctx.cookies.set('koa.sess', ctx.state.sessionId, { maxAge: 86400000 });
});

fastify.post('/f', async (request, reply) => {
  // ruleid: js-cookie-missing-secure
  reply.setCookie('jwt', request.user.token, { path: '/' });
});

app.post('/ok', (req, res) => {
  // ok: js-cookie-missing-secure
  res.cookie('session', sid, { httpOnly: true, secure: true, sameSite: 'lax' });
  // ok: js-cookie-missing-secure
  res.cookie('session', sid, { secure: isProd, httpOnly: true });
  // ok: js-cookie-missing-secure
  res.cookie('session', sid, { ...cookieDefaults, maxAge: 3600000 });
  // ok: js-cookie-missing-secure
  res.cookie('theme', req.body.theme);
  // ok: js-cookie-missing-secure
  res.cookie('sidebar_state', 'collapsed');
  // ok: js-cookie-missing-secure
  res.cookie('XSRF-TOKEN', req.csrfToken());
  res.end();
});

router.post('/koa-ok', async (ctx) => {
  // ok: js-cookie-missing-secure
  ctx.cookies.set('koa.sess', ctx.state.sessionId, { secure: true, sameSite: 'lax' });
});

app.post('/explicit', (req, res) => {
  // explicitly disabled flags are reported by js-cookie-insecure-flags
  // ok: js-cookie-missing-secure
  res.cookie('session', sid, { httpOnly: true, secure: false });
  res.end();
});

app.post('/opts', (req, res) => {
  // ok: js-cookie-missing-secure
  res.cookie('session', sid, sessionCookieOptions);
  res.end();
});
