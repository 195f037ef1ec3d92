const crypto = require('crypto');

function encrypt(text) {
  // ruleid: js-crypto-createcipher
  const cipher = crypto.createCipher('aes-256-cbc', process.env.SECRET);
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

function decrypt(hex) {
  // ruleid: js-crypto-createcipher
  const decipher = crypto.createDecipher('aes192', password);
  return decipher.update(hex, 'hex', 'utf8') + decipher.final('utf8');
}

function encryptGood(text, key) {
  const iv = crypto.randomBytes(12);
  // ok: js-crypto-createcipher
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return { iv, data, tag: cipher.getAuthTag() };
}

function decryptGood(key, iv, data, tag) {
  // ok: js-crypto-createcipher
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

// ok: js-crypto-createcipher
const hmac = crypto.createHmac('sha256', key);

const nodeCrypto = require('node:crypto');
// ruleid: js-crypto-createcipher
const aliased = nodeCrypto.createCipher('aes-128-cbc', 'pw');
