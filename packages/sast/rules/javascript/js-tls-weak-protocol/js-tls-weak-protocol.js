const tls = require('tls');
const https = require('https');

const server = https.createServer({
  key: fs.readFileSync('server.key'),
  cert: fs.readFileSync('server.crt'),
  // ruleid: js-tls-weak-protocol
  secureProtocol: 'TLSv1_method',
});

// ruleid: js-tls-weak-protocol
const legacyAgent = new https.Agent({ minVersion: 'TLSv1', keepAlive: true });

const socket = tls.connect({
  host: 'legacy.bank.example',
  port: 443,
  // ruleid: js-tls-weak-protocol
  maxVersion: "TLSv1.1",
});

// ruleid: js-tls-weak-protocol
tls.DEFAULT_MIN_VERSION = 'TLSv1';

// ruleid: js-tls-weak-protocol
const sslv3 = tls.createSecureContext({ secureProtocol: 'SSLv3_client_method' });

// ok: js-tls-weak-protocol
const modern = new https.Agent({ minVersion: 'TLSv1.2' });

// ok: js-tls-weak-protocol
const tls13 = tls.createSecureContext({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });

// ok: js-tls-weak-protocol
const negotiated = tls.createSecureContext({ secureProtocol: 'TLS_method' });

// Do not use minVersion: 'TLSv1' here.
// ok: js-tls-weak-protocol
tls.DEFAULT_MIN_VERSION = 'TLSv1.2';
