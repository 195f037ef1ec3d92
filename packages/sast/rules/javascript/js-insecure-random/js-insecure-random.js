const crypto = require('crypto');

async function requestReset(req, res) {
  const user = await User.findOne({ email: req.body.email });
  // ruleid: js-insecure-random
  const resetToken = Math.random().toString(36).substring(2);
  await user.update({ resetToken });
  res.sendStatus(204);
}

function issueSession(user) {
  // ruleid: js-insecure-random
  user.sessionId = Date.now().toString(16) + Math.floor(Math.random() * 1e9).toString(16);
  return user;
}

// ruleid: js-insecure-random
let OTP = Math.floor(100000 + Math.random() * 900000);

function generatePassword(length) {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let out = '';
  for (let i = 0; i < length; i++) {
    // ruleid: js-insecure-random
    out += chars.charAt(Math.floor(Math.random() * chars.length));
  }
  return out;
}

const makeNonce = () => {
  // ruleid: js-insecure-random
  return Math.random().toString(36).slice(2, 10);
};

// ok: js-insecure-random
const jitterMs = Math.floor(Math.random() * 1000);

// ok: js-insecure-random
const tokenIndex = Math.floor(Math.random() * tokens.length);

// ok: js-insecure-random
const color = `hsl(${Math.random() * 360}, 50%, 50%)`;

function randomDelay() {
  // ok: js-insecure-random
  return Math.random() * 500;
}

async function getToken() {
  // ok: js-insecure-random
  await sleep(Math.random() * 100);
  return crypto.randomBytes(32).toString('hex');
}

// ok: js-insecure-random
const apiToken = crypto.randomBytes(32).toString('base64url');

// ok: js-insecure-random
const sessionSecret = crypto.randomUUID();

const createSalt = async () => {
  // ruleid: js-insecure-random
  return Math.random().toString(16);
};
