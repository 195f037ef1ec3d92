const jwt = require('jsonwebtoken');

function authMiddleware(req, res, next) {
  const token = req.headers.authorization?.split(' ')[1];
  if (!token) return res.sendStatus(401);
  // ruleid: js-jwt-decode-without-verify
  req.user = jwt.decode(token);
  next();
}

function koaAuth(ctx, next) {
  const decoded = jwt.decode(ctx.cookies.get('session'), { complete: false });
  if (!decoded) ctx.throw(401);
  // ruleid: js-jwt-decode-without-verify
  ctx.state.user = { id: decoded.sub, roles: decoded.roles };
  return next();
}

function localsAuth(req, res, next) {
  // ruleid: js-jwt-decode-without-verify
  res.locals.claims = jwt.decode(req.cookies.jwt);
  next();
}

function verified(req, res, next) {
  const payload = jwt.verify(req.cookies.jwt, publicKey, { algorithms: ['RS256'] });
  // ok: js-jwt-decode-without-verify
  req.user = payload;
  next();
}

function kidLookup(req, res, next) {
  const header = jwt.decode(req.cookies.jwt, { complete: true }).header;
  const key = keys[header.kid];
  const claims = jwt.verify(req.cookies.jwt, key, { algorithms: ['RS256'] });
  // ok: js-jwt-decode-without-verify
  req.user = claims;
  next();
}

function showExpiry(token) {
  // ok: js-jwt-decode-without-verify
  const expiresAt = jwt.decode(token).exp * 1000;
  return new Date(expiresAt);
}

function verifyThenDecode(req, res, next) {
  jwt.verify(req.cookies.jwt, publicKey, { algorithms: ['RS256'] });
  // ok: js-jwt-decode-without-verify
  req.user = jwt.decode(req.cookies.jwt);
  next();
}
