const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');

function exportCsv(rows) {
  // ruleid: js-predictable-temp-file
  fs.writeFileSync('/tmp/export.csv', rows.join('\n'));
  return '/tmp/export.csv';
}

function saveSession(id, data) {
  // ruleid: js-predictable-temp-file
  fs.writeFile(`/tmp/session-${id}.json`, JSON.stringify(data), (err) => {
    if (err) console.error(err);
  });
}

function logTo() {
  // ruleid: js-predictable-temp-file
  return fs.createWriteStream(path.join(os.tmpdir(), 'app-debug.log'), { flags: 'a' });
}

function safe(rows) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-'));
  // ok: js-predictable-temp-file
  fs.writeFileSync(path.join(dir, 'export.csv'), rows.join('\n'), { mode: 0o600 });
  // ok: js-predictable-temp-file
  fs.writeFileSync(`/tmp/upload-${crypto.randomUUID()}.bin`, rows[0]);
  // ok: js-predictable-temp-file
  const fd = fs.openSync('/tmp/app.lock', 'wx');
  // ok: js-predictable-temp-file
  fs.writeFileSync('./output/export.csv', rows.join('\n'));
  return fd;
}
