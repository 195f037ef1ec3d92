const crypto = require('crypto');
const CryptoJS = require('crypto-js');
const forge = require('node-forge');

function encryptCardNumber(key, pan) {
  // ruleid: js-cipher-ecb-mode
  const cipher = crypto.createCipheriv('aes-256-ecb', key, null);
  return Buffer.concat([cipher.update(pan, 'utf8'), cipher.final()]).toString('base64');
}

function decryptCardNumber(key, data) {
  // ruleid: js-cipher-ecb-mode
  const decipher = crypto.createDecipheriv("AES-128-ECB", key, Buffer.alloc(0));
  return Buffer.concat([decipher.update(data, 'base64'), decipher.final()]).toString();
}

// ruleid: js-cipher-ecb-mode
const forgeCipher = forge.cipher.createCipher('AES-ECB', keyBytes);

// ruleid: js-cipher-ecb-mode
const encrypted = CryptoJS.AES.encrypt(message, key, { mode: CryptoJS.mode.ECB, padding: CryptoJS.pad.Pkcs7 });

// ok: js-cipher-ecb-mode
const gcm = crypto.createCipheriv('aes-256-gcm', key, crypto.randomBytes(12));

// ok: js-cipher-ecb-mode
const cbc = CryptoJS.AES.encrypt(message, key, { iv, mode: CryptoJS.mode.CBC });

// ok: js-cipher-ecb-mode
const forgeGcm = forge.cipher.createCipher('AES-GCM', keyBytes);

// ok: js-cipher-ecb-mode
const dynamic = crypto.createCipheriv(`aes-256-${mode}`, key, iv);
