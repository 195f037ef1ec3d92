const crypto = require('crypto');
const CryptoJS = require('crypto-js');
const { sha256 } = require('js-sha256');

async function createUser(req, res) {
  const salt = crypto.randomBytes(16).toString('hex');
  // ruleid: js-password-hash-without-kdf
  const hash = crypto
    .createHash('sha256')
    .update(salt + req.body.password)
    .digest('hex');
  await User.create({ email: req.body.email, salt, hash });
  res.status(201).end();
}

function verify(user, plainPassword) {
  const h = crypto.createHash('sha512');
  h.update(user.salt);
  // ruleid: js-password-hash-without-kdf
  h.update(plainPassword, 'utf8');
  return h.digest('hex') === user.hash;
}

async function browserHash(password) {
  // ruleid: js-password-hash-without-kdf
  const buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(password));
  return btoa(String.fromCharCode(...new Uint8Array(buf)));
}

// ruleid: js-password-hash-without-kdf
const stored = CryptoJS.SHA256(form.newPassword).toString();

// ruleid: js-password-hash-without-kdf
const quick = sha256(DB_PASSWORD);

// ok: js-password-hash-without-kdf
const tokenDigest = crypto.createHash('sha256').update(resetToken).digest('hex');

// ok: js-password-hash-without-kdf
const apiKeyHash = crypto.createHash('sha256').update(apiKey).digest('hex');

// ok: js-password-hash-without-kdf
const fileSum = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function good(password) {
  const salt = crypto.randomBytes(16);
  // ok: js-password-hash-without-kdf
  const key = crypto.scryptSync(password, salt, 64);
  // ok: js-password-hash-without-kdf
  const pbk = crypto.pbkdf2Sync(password, salt, 600000, 32, 'sha256');
  return [key, pbk];
}

// ok: js-password-hash-without-kdf
const compassHeading = crypto.createHash('sha256').update(compassData).digest('hex');
