const crypto = require('node:crypto');
const CryptoJS = require('crypto-js');

function encryptSsn(ssn) {
  const iv = crypto.randomBytes(12);
  // ruleid: js-hardcoded-crypto-key
  const cipher = crypto.createCipheriv('aes-256-gcm', 'k3y-0f-32-bytes-for-aes-256-gcm!', iv);
  return Buffer.concat([iv, cipher.update(ssn), cipher.final(), cipher.getAuthTag()]);
}

function decryptSsn(iv, data) {
  // ruleid: js-hardcoded-crypto-key
  const decipher = crypto.createDecipheriv('aes-256-cbc', Buffer.from('6b4f0a9c2e7d13b85f0c6a1e9d2b4c7a6b4f0a9c2e7d13b85f0c6a1e9d2b4c7a', 'hex'), iv);
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

function signWebhook(body) {
  // ruleid: js-hardcoded-crypto-key
  return crypto.createHmac('sha256', "whsec_live_9f8e7d6c5b4a").update(body).digest('hex');
}

// ruleid: js-hardcoded-crypto-key
const derived = crypto.scryptSync('correct horse battery staple', 'static-salt', 32);

// ruleid: js-hardcoded-crypto-key
const blob = CryptoJS.AES.encrypt(JSON.stringify(profile), 'frontend-secret').toString();

function good(body) {
  // ok: js-hardcoded-crypto-key
  const mac = crypto.createHmac('sha256', process.env.WEBHOOK_SECRET).update(body).digest('hex');
  // ok: js-hardcoded-crypto-key
  const cipher = crypto.createCipheriv('aes-256-gcm', Buffer.from(process.env.DATA_KEY, 'base64'), crypto.randomBytes(12));
  // ok: js-hardcoded-crypto-key
  const key = crypto.scryptSync(userPassword, salt, 32);
  return [mac, cipher, key];
}

// ok: js-hardcoded-crypto-key
const empty = crypto.createHmac('sha256', '');
