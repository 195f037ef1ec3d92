const https = require('https');
const tls = require('tls');

const agent = new https.Agent({
  ca: fs.readFileSync('ca.pem'),
  // ruleid: js-tls-check-server-identity-disabled
  checkServerIdentity: () => undefined,
});

const socket = tls.connect({
  host: '10.0.0.12',
  port: 443,
  // ruleid: js-tls-check-server-identity-disabled
  checkServerIdentity: function (host, cert) {},
});

const options = {
  hostname: 'api.partner.example',
  // ruleid: js-tls-check-server-identity-disabled
  checkServerIdentity(host, cert) {
    return undefined;
  },
};

// ruleid: js-tls-check-server-identity-disabled
https.request({ host: 'x', checkServerIdentity: (h, c) => {} }, onResponse);

const pinned = new https.Agent({
  // ok: js-tls-check-server-identity-disabled
  checkServerIdentity: (host, cert) => {
    const err = tls.checkServerIdentity(host, cert);
    if (err) return err;
    if (cert.fingerprint256 !== PINNED) return new Error('certificate pin mismatch');
    return undefined;
  },
});

// ok: js-tls-check-server-identity-disabled
const delegated = new https.Agent({ checkServerIdentity: tls.checkServerIdentity });
