const jwt = require('jsonwebtoken');

function authenticate(req, res, next) {
  const token = (req.headers.authorization || '').replace(/^Bearer /, '');
  try {
    // ruleid: js-jwt-verify-without-algorithms
    req.user = jwt.verify(token, process.env.JWT_PUBLIC_KEY);
    next();
  } catch (err) {
    res.status(401).end();
  }
}

function verifyWithOptions(token) {
  // ruleid: js-jwt-verify-without-algorithms
  return jwt.verify(token, publicKey, { audience: 'api', issuer: 'https://auth.example.com' });
}

function verifyCallback(token, done) {
  // ruleid: js-jwt-verify-without-algorithms
  jwt.verify(token, getKey, (err, decoded) => done(err, decoded));
}

function verifyCallbackFn(token, done) {
  // ruleid: js-jwt-verify-without-algorithms
  jwt.verify(token, secret, { maxAge: '1h' }, function (err, decoded) {
    done(err, decoded);
  });
}

// ok: js-jwt-verify-without-algorithms
const pinned = jwt.verify(token, publicKey, { algorithms: ['RS256'], audience: 'api' });

function pinnedCallback(token, done) {
  // ok: js-jwt-verify-without-algorithms
  jwt.verify(token, secret, { algorithms: ['HS256'] }, (err, decoded) => done(err, decoded));
}

// ok: js-jwt-verify-without-algorithms
const viaOptions = jwt.verify(token, publicKey, verifyOptions);

// ok: js-jwt-verify-without-algorithms
const notJwt = signer.verify(token, publicKey);
