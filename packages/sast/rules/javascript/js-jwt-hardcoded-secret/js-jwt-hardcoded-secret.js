const jwt = require('jsonwebtoken');
const { expressjwt } = require('express-jwt');
const { Strategy: JwtStrategy, ExtractJwt } = require('passport-jwt');

function login(req, res) {
  // ruleid: js-jwt-hardcoded-secret
  const token = jwt.sign({ sub: req.user.id }, 'super-secret-key', { expiresIn: '1h' });
  res.json({ token });
}

function check(token) {
  // ruleid: js-jwt-hardcoded-secret
  return jwt.verify(token, "super-secret-key", { algorithms: ['HS256'] });
}

// ruleid: js-jwt-hardcoded-secret
app.use(expressjwt({ secret: 'shhhhhhared-secret', algorithms: ['HS256'] }));

passport.use(
  // ruleid: js-jwt-hardcoded-secret
  new JwtStrategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: 'changeme' }, (payload, done) =>
    done(null, payload),
  ),
);

// ok: js-jwt-hardcoded-secret
const fromEnv = jwt.sign({ sub: 'u1' }, process.env.JWT_SECRET, { algorithm: 'HS256' });

// ok: js-jwt-hardcoded-secret
const withKey = jwt.verify(token, publicKey, { algorithms: ['RS256'] });

// ok: js-jwt-hardcoded-secret
app.use(expressjwt({ secret: process.env.JWT_SECRET, algorithms: ['HS256'] }));

// ok: js-jwt-hardcoded-secret
const payloadLiteral = jwt.sign('user-42', config.jwtSecret);
