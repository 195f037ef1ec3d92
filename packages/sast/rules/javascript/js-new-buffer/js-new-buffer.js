app.post('/echo', (req, res) => {
  // ruleid: js-new-buffer
  const buf = new Buffer(req.body.data);
  res.send(buf.toString('base64'));
});

function decode(payload, encoding) {
  // ruleid: js-new-buffer
  return new Buffer(payload, encoding).toString('utf8');
}

function pad(size) {
  // ruleid: js-new-buffer
  return Buffer(size);
}

// ok: js-new-buffer
const greeting = new Buffer('hello', 'utf8');

// ok: js-new-buffer
const bytes = new Buffer([0xde, 0xad, 0xbe, 0xef]);

// ok: js-new-buffer
const fromInput = Buffer.from(input, 'base64');

// ok: js-new-buffer
const zeroed = Buffer.alloc(size);
