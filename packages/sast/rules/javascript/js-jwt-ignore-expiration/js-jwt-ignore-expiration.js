const jwt = require('jsonwebtoken');
const { Strategy: JwtStrategy, ExtractJwt } = require('passport-jwt');

function authenticate(req, res, next) {
  try {
    // ruleid: js-jwt-ignore-expiration
    req.user = jwt.verify(req.cookies.token, process.env.JWT_SECRET, { algorithms: ['HS256'], ignoreExpiration: true });
    next();
  } catch {
    res.sendStatus(401);
  }
}

passport.use(
  // ruleid: js-jwt-ignore-expiration
  new JwtStrategy(
    { jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: process.env.JWT_SECRET, ignoreExpiration: true },
    (payload, done) => done(null, payload),
  ),
);

// ok: js-jwt-ignore-expiration
const claims = jwt.verify(token, publicKey, { algorithms: ['RS256'], ignoreExpiration: false });

// ok: js-jwt-ignore-expiration
const strict = jwt.verify(token, publicKey, { algorithms: ['RS256'], maxAge: '15m' });

// ok: js-jwt-ignore-expiration
const unrelated = schema.verify(doc, { ignoreExpiration: true });
