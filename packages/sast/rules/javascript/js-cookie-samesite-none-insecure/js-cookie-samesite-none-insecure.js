const express = require('express');
const session = require('express-session');
const app = express();

app.get('/embed-login', (req, res) => {
  // ruleid: js-cookie-samesite-none-insecure
  res.cookie('widget_prefs', JSON.stringify(req.body.prefs), { httpOnly: true, sameSite: 'none' });
  // session/auth cookies without Secure are reported by js-cookie-missing-secure instead
  // ok: js-cookie-samesite-none-insecure
  res.cookie('widget_session', req.session.id, { httpOnly: true, sameSite: 'none' });
  res.end();
});

app.use(
  // ruleid: js-cookie-samesite-none-insecure
  session({
    secret: process.env.SESSION_SECRET,
    cookie: { httpOnly: true, sameSite: 'None', maxAge: 3600000 },
  }),
);

router.get('/koa', (ctx) => {
  // ruleid: js-cookie-samesite-none-insecure
  ctx.cookies.set('consent', ctx.state.consent, { sameSite: "none" });
});

app.get('/ok', (req, res) => {
  // ok: js-cookie-samesite-none-insecure
  res.cookie('widget_session', req.session.id, { httpOnly: true, secure: true, sameSite: 'none' });
  // ok: js-cookie-samesite-none-insecure
  res.cookie('sid', req.session.id, { httpOnly: true, sameSite: 'lax' });
  res.end();
});

// ok: js-cookie-samesite-none-insecure
app.use(session({ secret: process.env.SESSION_SECRET, cookie: { sameSite: 'none', secure: true } }));
