const crypto = require('crypto');
const NodeRSA = require('node-rsa');
const forge = require('node-forge');

function makeSigningKeys() {
  // ruleid: js-rsa-weak-key-size
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 1024,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKey, privateKey };
}

// ruleid: js-rsa-weak-key-size
crypto.generateKeyPair('rsa-pss', { modulusLength: 512 }, (err, pub, priv) => save(pub, priv));

async function browserKeys() {
  // ruleid: js-rsa-weak-key-size
  return crypto.subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['encrypt', 'decrypt'],
  );
}

// ruleid: js-rsa-weak-key-size
const weak = new NodeRSA({ b: 1024 });

// ruleid: js-rsa-weak-key-size
const forgeKeys = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 });

// ok: js-rsa-weak-key-size
const strong = crypto.generateKeyPairSync('rsa', { modulusLength: 3072 });

// ok: js-rsa-weak-key-size
const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });

// ok: js-rsa-weak-key-size
const configured = crypto.generateKeyPairSync('rsa', { modulusLength: config.bits });

// ok: js-rsa-weak-key-size
const nodeRsaOk = new NodeRSA({ b: 2048 });

const key = new NodeRSA();
// ruleid: js-rsa-weak-key-size
key.generateKeyPair(1024, 65537);
