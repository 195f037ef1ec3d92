const express = require('express');
const helmet = require('helmet');

const app = express();

// ruleid: js-helmet-protection-disabled
app.use(helmet({ contentSecurityPolicy: false }));

app.use(
  // ruleid: js-helmet-protection-disabled
  helmet({
    crossOriginEmbedderPolicy: false,
    frameguard: false,
  }),
);

// ruleid: js-helmet-protection-disabled
app.use(helmet({ hsts: false, referrerPolicy: { policy: 'no-referrer' } }));

// ok: js-helmet-protection-disabled
app.use(helmet());

// ok: js-helmet-protection-disabled
app.use(helmet({ crossOriginEmbedderPolicy: false }));

// ok: js-helmet-protection-disabled
app.use(helmet({ contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:'] } } }));
