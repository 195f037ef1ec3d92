const https = require('https');
const tls = require('tls');
const axios = require('axios');
const { Pool } = require('pg');

// ruleid: js-tls-verification-disabled
const agent = new https.Agent({ rejectUnauthorized: false });

const client = axios.create({
  baseURL: 'https://payments.internal',
  // ruleid: js-tls-verification-disabled
  httpsAgent: new https.Agent({ keepAlive: true, rejectUnauthorized: false }),
});

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  // ruleid: js-tls-verification-disabled
  ssl: { rejectUnauthorized: false },
});

const socket = tls.connect({
  host: 'mq.internal',
  port: 8883,
  // ruleid: js-tls-verification-disabled
  'rejectUnauthorized': false,
});

// ruleid: js-tls-verification-disabled
request.get({ url: 'https://api.example.com/data', strictSSL: false }, callback);

const opts = {};
// ruleid: js-tls-verification-disabled
opts.rejectUnauthorized = false;

// ok: js-tls-verification-disabled
const strict = new https.Agent({ rejectUnauthorized: true, ca: fs.readFileSync('ca.pem') });

// ok: js-tls-verification-disabled
const devOnly = new https.Agent({ rejectUnauthorized: process.env.NODE_ENV === 'production' });

// Never set rejectUnauthorized: false in production code.
// ok: js-tls-verification-disabled
const checked = new Pool({ ssl: { ca: process.env.PG_CA } });
