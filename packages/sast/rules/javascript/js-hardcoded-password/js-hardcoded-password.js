const axios = require('axios');

// ruleid: js-hardcoded-password
const ADMIN_PASSWORD = 'Sup3rS3cret!';

// ruleid: js-hardcoded-password
let stripeApiKey = "sk_live_51HqLyjWDarjtT1zdp7dcXSNbbB";

const config = {
  smtp: {
    host: 'smtp.example.com',
    user: 'mailer',
    // ruleid: js-hardcoded-password
    password: 'mailer-2024!',
  },
  // ruleid: js-hardcoded-password
  'clientSecret': 'd8f0a9b7c6e54d3c2b1a',
};

function configure(client) {
  // ruleid: js-hardcoded-password
  client.authToken = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';
}

// ruleid: js-hardcoded-password
const DEFAULT_SECRET = 'changeme';

// ok: js-hardcoded-password
const password = process.env.ADMIN_PASSWORD;

// ok: js-hardcoded-password
const PASSWORD_FIELD = 'password';

// ok: js-hardcoded-password
const apiKey = '';

const labels = {
  // ok: js-hardcoded-password
  password: 'Password',
  // ok: js-hardcoded-password
  apiKey: 'Your API key',
};

const headers = {
  // ok: js-hardcoded-password
  apiKey: 'X-API-KEY',
};

// ok: js-hardcoded-password
const dbPassword = '<db-password>';

// ok: js-hardcoded-password
const secret = `${process.env.PREFIX}-${process.env.SUFFIX}`;

// ok: js-hardcoded-password
const tokenUrl = 'https://auth.example.com/oauth/token';

// ok: js-hardcoded-password
if (password === 'admin123') throw new Error('weak password');

// password: 'do-not-commit-this' in old docs
// ok: js-hardcoded-password
const secretPath = '/run/secrets/db_password';
