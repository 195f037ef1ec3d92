const express = require('express');
const app = express();

app.post('/login', async (req, res) => {
  const session = await sessions.create(req.body.user);
  // ruleid: js-cookie-insecure-flags
  res.cookie('sid', session.id, { httpOnly: false, secure: true, maxAge: 3600000 });
  res.redirect('/');
});

app.post('/remember', (req, res) => {
  // ruleid: js-cookie-insecure-flags
  res.cookie('remember_me', req.body.token, { secure: false, httpOnly: true });
  res.end();
});

router.post('/koa-login', async (ctx) => {
  // ruleid: js-cookie-insecure-flags
  ctx.cookies.set('auth', ctx.state.token, { httpOnly: false });
});

fastify.post('/f-login', async (request, reply) => {
  // ruleid: js-cookie-insecure-flags
  reply.setCookie('token', request.body.token, { path: '/', secure: false });
});

app.get('/csrf', (req, res) => {
  // ok: js-cookie-insecure-flags
  res.cookie('XSRF-TOKEN', req.csrfToken(), { httpOnly: false, secure: true, sameSite: 'strict' });
  res.end();
});

app.post('/good', (req, res) => {
  // ok: js-cookie-insecure-flags
  res.cookie('sid', sessionId, { httpOnly: true, secure: true, sameSite: 'lax' });
  // ok: js-cookie-insecure-flags
  res.cookie('sid', sessionId, { httpOnly: true, secure: process.env.NODE_ENV === 'production' });
  res.end();
});
