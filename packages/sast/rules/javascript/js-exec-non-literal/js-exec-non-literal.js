const { exec, execSync, spawn } = require('child_process');
const cp = require('node:child_process');
const shell = require('shelljs');

function gitLog(ref, cb) {
  // ruleid: js-exec-non-literal
  exec(`git log --oneline ${ref}`, cb);
}

function thumbnail(file) {
  // ruleid: js-exec-non-literal
  return cp.execSync('convert ' + file + ' -resize 200x200 thumb.png');
}

function runTool(cmd) {
  // ruleid: js-exec-non-literal
  return shell.exec(cmd, { silent: true });
}

function archive(dir) {
  // ruleid: js-exec-non-literal
  return spawn(`tar czf backup.tgz ${dir}`, { shell: true });
}

// ok: js-exec-non-literal
exec('git rev-parse HEAD', (err, out) => console.log(out));

// ok: js-exec-non-literal
const out = execSync("npm --version").toString();

// ok: js-exec-non-literal
spawn('convert', [input, '-resize', '200x200', output]);

// ok: js-exec-non-literal
cp.execFile('git', ['log', '--oneline', ref], cb);

// ok: js-exec-non-literal
const m = /(\d+)/.exec(text);
