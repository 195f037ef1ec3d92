const crypto = require('crypto');
const CryptoJS = require('crypto-js');

function hashPassword(password) {
  const salt = crypto.randomBytes(16);
  // ruleid: js-pbkdf2-low-iterations
  const key = crypto.pbkdf2Sync(password, salt, 1000, 64, 'sha512');
  return `${salt.toString('hex')}:${key.toString('hex')}`;
}

function deriveAsync(password, salt, cb) {
  // ruleid: js-pbkdf2-low-iterations
  crypto.pbkdf2(password, salt, 10000, 32, 'sha256', cb);
}

async function webDerive(baseKey, salt) {
  // ruleid: js-pbkdf2-low-iterations
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', salt, iterations: 5000, hash: 'SHA-256' },
    baseKey,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

// ruleid: js-pbkdf2-low-iterations
const legacyKey = CryptoJS.PBKDF2(passphrase, salt, { keySize: 8, iterations: 1 });

// ok: js-pbkdf2-low-iterations
const strong = crypto.pbkdf2Sync(password, salt, 600000, 32, 'sha256');

// ok: js-pbkdf2-low-iterations
const fromConfig = crypto.pbkdf2Sync(password, salt, config.iterations, 32, 'sha256');

// ok: js-pbkdf2-low-iterations
const underscored = crypto.pbkdf2Sync(password, salt, 310_000, 32, 'sha256');

async function webGood(baseKey, salt) {
  // ok: js-pbkdf2-low-iterations
  return crypto.subtle.deriveBits(
    { name: 'PBKDF2', salt, iterations: 600000, hash: 'SHA-256' },
    baseKey,
    256,
  );
}
