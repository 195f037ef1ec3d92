const jwt = require('jsonwebtoken');
const { UnsecuredJWT } = require('jose');

function issueDebugToken(user) {
  // ruleid: js-jwt-none-algorithm
  return jwt.sign({ sub: user.id, role: user.role }, null, { algorithm: 'none', expiresIn: '1h' });
}

function acceptAnything(token) {
  // ruleid: js-jwt-none-algorithm
  return jwt.verify(token, publicKey, { algorithms: ['RS256', 'none'] });
}

function parseUnsigned(token) {
  // ruleid: js-jwt-none-algorithm
  const { payload } = UnsecuredJWT.decode(token, { issuer: 'urn:example:issuer' });
  return payload;
}

// ok: js-jwt-none-algorithm
const signed = jwt.sign({ sub: 'u1' }, privateKey, { algorithm: 'RS256' });

// ok: js-jwt-none-algorithm
const verified = jwt.verify(token, publicKey, { algorithms: ['RS256'] });

// ok: js-jwt-none-algorithm
const labelled = jwt.sign({ sub: 'u1', note: 'none' }, privateKey, { algorithm: 'ES256' });

function acceptAnythingCb(token, done) {
  // ruleid: js-jwt-none-algorithm
  jwt.verify(token, secret, { algorithms: ['none'] }, done);
}
