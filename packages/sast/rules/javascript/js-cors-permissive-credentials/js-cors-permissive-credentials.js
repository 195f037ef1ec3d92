const express = require('express');
const cors = require('cors');

const app = express();

// ruleid: js-cors-permissive-credentials
app.use(cors({ origin: true, credentials: true }));

// ruleid: js-cors-permissive-credentials
app.use(cors({ credentials: true, methods: ['GET', 'POST'], origin: '*' }));

app.use(
  // ruleid: js-cors-permissive-credentials
  cors({
    credentials: true,
    origin: (origin, callback) => callback(null, true),
  }),
);

// ruleid: js-cors-permissive-credentials
fastify.register(require('@fastify/cors'), { origin: true, credentials: true });

// ok: js-cors-permissive-credentials
app.use(cors({ origin: ['https://app.example.com'], credentials: true }));

// ok: js-cors-permissive-credentials
app.use(cors({ origin: '*' }));

// ok: js-cors-permissive-credentials
app.use(cors({ origin: true }));

// ok: js-cors-permissive-credentials
app.use(cors({ origin: allowList, credentials: true }));

// ok: js-cors-permissive-credentials
fastify.register(require('@fastify/cors'), { origin: 'https://app.example.com', credentials: true });
