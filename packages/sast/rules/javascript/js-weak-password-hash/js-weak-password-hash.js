const crypto = require('crypto');
const md5 = require('md5');
const CryptoJS = require('crypto-js');

async function register(req, res) {
  const { email, password } = req.body;
  // ruleid: js-weak-password-hash
  const hashed = crypto.createHash('md5').update(password).digest('hex');
  await db.users.insert({ email, password: hashed });
  res.sendStatus(201);
}

function checkLogin(user, candidate) {
  // ruleid: js-weak-password-hash
  const digest = crypto
    .createHash('sha1')
    .update(user.salt)
    .update(req.body.password)
    .digest('hex');
  return digest === user.passwordDigest;
}

function hashWithSalt(newPassword, salt) {
  const h = crypto.createHash('sha1');
  // ruleid: js-weak-password-hash
  h.update(`${salt}:${newPassword}`);
  return h.digest('hex');
}

const legacy = {
  save(user) {
    // ruleid: js-weak-password-hash
    user.pwd = md5(user.pwd);
  },
  sign(clientSecret) {
    // ruleid: js-weak-password-hash
    return CryptoJS.MD5(clientSecret + Date.now()).toString();
  },
};

// ruleid: js-weak-password-hash
const adminHash = crypto.hash('md5', process.env.ADMIN_PASSWORD);

// ok: js-weak-password-hash
const etag = crypto.createHash('md5').update(body).digest('hex');

// ok: js-weak-password-hash
const resetDigest = crypto.createHash('sha1').update(resetToken).digest('hex');

// ok: js-weak-password-hash
const passportCacheKey = md5(passportConfig);

async function safeRegister(password) {
  // ok: js-weak-password-hash
  const pwHash = await bcrypt.hash(password, 12);
  // ok: js-weak-password-hash
  const sha = crypto.createHash('sha256').update(password).digest('hex');
  return [pwHash, sha];
}

// ok: js-weak-password-hash
const gravatar = md5(user.email.trim().toLowerCase());

function rehash(passwordHash) {
  // ok: js-weak-password-hash
  return crypto.createHash('md5').update(passwordHash).digest('hex');
}

const { createHash } = require('node:crypto');
function aliasedHash(password) {
  // ruleid: js-weak-password-hash
  return createHash('md5').update(password).digest('hex');
}
