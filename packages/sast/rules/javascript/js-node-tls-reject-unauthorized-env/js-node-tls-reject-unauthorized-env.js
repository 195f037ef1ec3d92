const { spawn } = require('child_process');

// ruleid: js-node-tls-reject-unauthorized-env
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

function allowSelfSigned() {
  // ruleid: js-node-tls-reject-unauthorized-env
  process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = 0;
}

const child = spawn('node', ['sync.js'], {
  // ruleid: js-node-tls-reject-unauthorized-env
  env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '0' },
});

// ok: js-node-tls-reject-unauthorized-env
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';

// ok: js-node-tls-reject-unauthorized-env
if (process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0') console.warn('TLS verification is disabled');

// ok: js-node-tls-reject-unauthorized-env
delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;

// ok: js-node-tls-reject-unauthorized-env
process.env.NODE_EXTRA_CA_CERTS = '/etc/ssl/internal-ca.pem';
