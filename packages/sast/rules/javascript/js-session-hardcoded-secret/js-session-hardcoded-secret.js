const express = require('express');
const session = require('express-session');
const cookieSession = require('cookie-session');
const cookieParser = require('cookie-parser');
const Koa = require('koa');

const app = express();

// ruleid: js-session-hardcoded-secret
app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }));

app.use(
  // ruleid: js-session-hardcoded-secret
  cookieSession({
    name: 'session',
    keys: ['a3f9c2e1', 'b7d4e8f0'],
    maxAge: 24 * 60 * 60 * 1000,
  }),
);

// ruleid: js-session-hardcoded-secret
app.use(cookieParser('cookie-signing-secret'));

const koa = new Koa();
// ruleid: js-session-hardcoded-secret
koa.keys = ['im a newer secret', 'i like turtle'];

// ruleid: js-session-hardcoded-secret
fastify.register(require('@fastify/secure-session'), { secret: 'averylogphrasebiggerthanthirtytwochars', salt: 'mq9hDxBVDbspDR6n' });

// ok: js-session-hardcoded-secret
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

// ok: js-session-hardcoded-secret
app.use(cookieSession({ name: 'session', keys: [process.env.COOKIE_KEY_NEW, process.env.COOKIE_KEY_OLD] }));

// ok: js-session-hardcoded-secret
app.use(cookieParser(config.cookieSecret));

// ok: js-session-hardcoded-secret
app.use(cookieParser());

// ok: js-session-hardcoded-secret
koa.keys = [process.env.KOA_KEY];
