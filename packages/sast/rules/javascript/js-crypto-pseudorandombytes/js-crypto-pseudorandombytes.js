const crypto = require('crypto');
const { pseudoRandomBytes } = require('node:crypto');

function sessionId() {
  // ruleid: js-crypto-pseudorandombytes
  return crypto.pseudoRandomBytes(32).toString('hex');
}

function salt(cb) {
  // ruleid: js-crypto-pseudorandombytes
  pseudoRandomBytes(16, cb);
}

// ruleid: js-crypto-pseudorandombytes
const iv = crypto.prng(16);

// ok: js-crypto-pseudorandombytes
const token = crypto.randomBytes(32).toString('hex');

// ok: js-crypto-pseudorandombytes
const id = crypto.randomUUID();

// ok: js-crypto-pseudorandombytes
const seeded = seedrandom.pseudoRandomBytes(4);
