const crypto = require('crypto');
const fs = require('fs');

function etagFor(body) {
  // ruleid: js-weak-hash
  return crypto.createHash('md5').update(body).digest('hex');
}

function legacySignature(payload) {
  // ruleid: js-weak-hash
  const h = crypto.createHash('sha1');
  h.update(JSON.stringify(payload));
  return h.digest('base64');
}

// ruleid: js-weak-hash
const upper = crypto.createHash('MD5');

// ruleid: js-weak-hash
const rsaSha1 = crypto.createHash(`RSA-SHA1`);

async function fingerprint(data) {
  // ruleid: js-weak-hash
  const digest = await crypto.subtle.digest('SHA-1', data);
  return Buffer.from(digest).toString('hex');
}

// ruleid: js-weak-hash
const quick = crypto.hash('md5', fs.readFileSync('package.json'));

// ok: js-weak-hash
const strong = crypto.createHash('sha256').update('x').digest('hex');

// ok: js-weak-hash
const sha512 = crypto.createHash('sha512');

// ok: js-weak-hash
const sha1Hmac = crypto.createHmac('sha1', process.env.WEBHOOK_KEY);

async function sha256Digest(data) {
  // ok: js-weak-hash
  return crypto.subtle.digest('SHA-256', data);
}

function byName(alg) {
  // ok: js-weak-hash
  return crypto.createHash(alg);
}

// ok: js-weak-hash
const md5Label = 'md5';

const CryptoJS = require('crypto-js');
// ruleid: js-weak-hash
const cacheKey = CryptoJS.MD5(JSON.stringify({ a: 1 })).toString();
// ok: js-weak-hash
const good = CryptoJS.SHA256('x').toString();

const nodeCrypto = require('node:crypto');
// ruleid: js-weak-hash
const aliased = nodeCrypto.createHash('sha1');
