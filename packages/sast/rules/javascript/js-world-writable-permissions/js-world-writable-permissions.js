const fs = require('fs');
const path = require('path');

function publishReport(file, data) {
  fs.writeFileSync(file, data);
  // ruleid: js-world-writable-permissions
  fs.chmodSync(file, 0o777);
}

function makeUploadDir(dir) {
  // ruleid: js-world-writable-permissions
  fs.mkdirSync(dir, { recursive: true, mode: 0o777 });
}

function saveConfig(cfg) {
  // ruleid: js-world-writable-permissions
  fs.writeFile(path.join(__dirname, 'config.json'), JSON.stringify(cfg), { mode: 0o666 }, (err) => {
    if (err) throw err;
  });
}

// ruleid: js-world-writable-permissions
fs.chmod('/var/app/run.sh', '777', () => {});

// ruleid: js-world-writable-permissions
process.umask(0);

// ok: js-world-writable-permissions
fs.chmodSync('/var/app/run.sh', 0o755);

// ok: js-world-writable-permissions
fs.writeFileSync('secret.key', key, { mode: 0o600 });

// ok: js-world-writable-permissions
fs.mkdirSync('cache', { recursive: true, mode: 0o750 });

// ok: js-world-writable-permissions
process.umask(0o077);
