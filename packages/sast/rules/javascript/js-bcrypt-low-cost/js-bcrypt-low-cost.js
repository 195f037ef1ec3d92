const bcrypt = require('bcrypt');
const bcryptjs = require('bcryptjs');

async function signup(req, res) {
  // ruleid: js-bcrypt-low-cost
  const hash = await bcrypt.hash(req.body.password, 8);
  await users.insert({ email: req.body.email, hash });
  res.sendStatus(201);
}

function seedAdmin(password) {
  // ruleid: js-bcrypt-low-cost
  return bcrypt.hashSync(password, 4);
}

function withCallback(password, done) {
  // ruleid: js-bcrypt-low-cost
  bcrypt.genSalt(5, (err, salt) => {
    if (err) return done(err);
    bcrypt.hash(password, salt, done);
  });
}

// ruleid: js-bcrypt-low-cost
const salt = bcryptjs.genSaltSync(6);

// ok: js-bcrypt-low-cost
const strong = bcrypt.hashSync(password, 12);

// ok: js-bcrypt-low-cost
const tenRounds = bcrypt.genSaltSync(10);

const SALT_ROUNDS = 12;
// ok: js-bcrypt-low-cost
const fromConst = bcrypt.hash(password, SALT_ROUNDS);

// ok: js-bcrypt-low-cost
const withSalt = bcryptjs.hash(password, salt);

// ok: js-bcrypt-low-cost
const matches = bcrypt.compare(password, stored);
