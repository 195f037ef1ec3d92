const crypto = require('crypto');
const CryptoJS = require('crypto-js');

function legacyEncrypt(key, iv, data) {
  // ruleid: js-weak-cipher-algorithm
  const cipher = crypto.createCipheriv('des-ede3-cbc', key, iv);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

function legacyDecrypt(key, iv, data) {
  // ruleid: js-weak-cipher-algorithm
  const decipher = crypto.createDecipheriv("des-cbc", key, iv);
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

// ruleid: js-weak-cipher-algorithm
const rc4 = crypto.createCipheriv('rc4', key, null);

// ruleid: js-weak-cipher-algorithm
const bf = crypto.createCipheriv('bf-cbc', key, iv);

// ruleid: js-weak-cipher-algorithm
const des3 = crypto.createCipheriv('des3', key, iv);

// ruleid: js-weak-cipher-algorithm
const token = CryptoJS.TripleDES.encrypt(message, passphrase).toString();

// ruleid: js-weak-cipher-algorithm
const plain = CryptoJS.RC4.decrypt(ciphertext, passphrase).toString(CryptoJS.enc.Utf8);

// ok: js-weak-cipher-algorithm
const aes = crypto.createCipheriv('aes-256-gcm', key, crypto.randomBytes(12));

// ok: js-weak-cipher-algorithm
const chacha = crypto.createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });

// ok: js-weak-cipher-algorithm
const aesJs = CryptoJS.AES.encrypt(message, passphrase).toString();

// ok: js-weak-cipher-algorithm
const fromConfig = crypto.createCipheriv(config.algorithm, key, iv);

// ok: js-weak-cipher-algorithm
const described = crypto.createCipheriv('aes-128-cbc', key, iv);
