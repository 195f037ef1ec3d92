import * as tls from 'node:tls';
import type { PeerCertificate } from 'node:tls';

const insecure: tls.ConnectionOptions = {
  host: 'broker.internal',
  port: 8883,
  // ruleid: js-tls-check-server-identity-disabled
  checkServerIdentity: (_host: string, _cert: PeerCertificate): Error | undefined => undefined,
};

const checked: tls.ConnectionOptions = {
  host: 'broker.internal',
  // ok: js-tls-check-server-identity-disabled
  checkServerIdentity: (host: string, cert: PeerCertificate): Error | undefined => tls.checkServerIdentity(host, cert),
};

export { insecure, checked };
