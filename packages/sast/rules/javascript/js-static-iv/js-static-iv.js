const crypto = require('crypto');

const KEY = crypto.scryptSync(process.env.APP_SECRET, 'salt', 32);

function encrypt(text) {
  // ruleid: js-static-iv
  const cipher = crypto.createCipheriv('aes-256-cbc', KEY, Buffer.alloc(16, 0));
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

function encryptGcm(text) {
  // ruleid: js-static-iv
  const cipher = crypto.createCipheriv('aes-256-gcm', KEY, '123456789012');
  const data = Buffer.concat([cipher.update(text), cipher.final()]);
  return { data, tag: cipher.getAuthTag() };
}

// ruleid: js-static-iv
const ctr = crypto.createCipheriv('aes-256-ctr', KEY, Buffer.from('a1b2c3d4e5f6a7b8a1b2c3d4e5f6a7b8', 'hex'));

async function webEncrypt(key, data) {
  // ruleid: js-static-iv
  return crypto.subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, key, data);
}

function good(text) {
  const iv = crypto.randomBytes(16);
  // ok: js-static-iv
  const cipher = crypto.createCipheriv('aes-256-cbc', KEY, iv);
  return Buffer.concat([iv, cipher.update(text), cipher.final()]);
}

// ok: js-static-iv
const ecb = crypto.createCipheriv('aes-128-ecb', KEY, Buffer.alloc(0));

// ok: js-static-iv
const inline = crypto.createCipheriv('aes-256-gcm', KEY, crypto.randomBytes(12));

async function webGood(key, data) {
  // ok: js-static-iv
  return crypto.subtle.encrypt({ name: 'AES-GCM', iv: crypto.getRandomValues(new Uint8Array(12)) }, key, data);
}

// ok: js-static-iv
const fromMessage = crypto.createDecipheriv('aes-256-cbc', KEY, Buffer.from(message.iv, 'hex'));
