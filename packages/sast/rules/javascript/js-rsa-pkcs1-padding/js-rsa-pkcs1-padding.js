const crypto = require('crypto');
const { constants } = require('crypto');
const NodeRSA = require('node-rsa');

function wrapKey(publicKeyPem, dataKey) {
  // ruleid: js-rsa-pkcs1-padding
  return crypto.publicEncrypt({ key: publicKeyPem, padding: crypto.constants.RSA_PKCS1_PADDING }, dataKey);
}

function unwrapKey(privateKeyPem, wrapped) {
  // ruleid: js-rsa-pkcs1-padding
  return crypto.privateDecrypt(
    {
      key: privateKeyPem,
      padding: constants.RSA_PKCS1_PADDING,
    },
    wrapped,
  );
}

// ruleid: js-rsa-pkcs1-padding
const legacyKey = new NodeRSA(pem, 'pkcs8-private', { encryptionScheme: 'pkcs1' });

// ruleid: js-rsa-pkcs1-padding
legacyKey.setOptions({ encryptionScheme: 'pkcs1' });

// ok: js-rsa-pkcs1-padding
const oaep = crypto.publicEncrypt({ key: publicKeyPem, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, data);

// ok: js-rsa-pkcs1-padding
const defaults = crypto.publicEncrypt(publicKeyPem, data);

// ok: js-rsa-pkcs1-padding
const signature = crypto.sign('sha256', data, { key: privateKeyPem, padding: crypto.constants.RSA_PKCS1_PADDING });

// ok: js-rsa-pkcs1-padding
const modern = new NodeRSA(pem, 'pkcs8-private', { encryptionScheme: 'pkcs1_oaep' });
