const express = require('express');
const session = require('express-session');
const cookieSession = require('cookie-session');

const app = express();

app.use(
  // ruleid: js-session-insecure-cookie
  session({
    secret: process.env.SESSION_SECRET,
    resave: false,
    saveUninitialized: false,
    cookie: { secure: false, maxAge: 86400000 },
  }),
);

// ruleid: js-session-insecure-cookie
app.use(session({ secret: process.env.SESSION_SECRET, cookie: { httpOnly: false } }));

// ruleid: js-session-insecure-cookie
app.use(cookieSession({ name: 'session', keys: [process.env.KEY1], secure: false }));

// ruleid: js-session-insecure-cookie
fastify.register(require('@fastify/session'), { secret: process.env.SESSION_SECRET, cookie: { secure: false } });

// ok: js-session-insecure-cookie
app.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: true, httpOnly: true, sameSite: 'lax' } }));

// ok: js-session-insecure-cookie
app.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: process.env.NODE_ENV === 'production' } }));

// ok: js-session-insecure-cookie
app.use(cookieSession({ name: 'session', keys: [process.env.KEY1], secure: true, httpOnly: true }));

// ok: js-session-insecure-cookie
const transport = nodemailer.createTransport({ host: 'smtp.example.com', secure: false });
