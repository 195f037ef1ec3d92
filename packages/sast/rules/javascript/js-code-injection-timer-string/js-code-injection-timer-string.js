// Browser code
const params = new URLSearchParams(location.search);

// ruleid: js-code-injection-timer-string
setTimeout(params.get('callback') + '()', 100);
// ok: js-code-injection-timer-string
setTimeout(() => render(params.get('callback')), 100);

const action = window.location.hash.slice(1);
// ruleid: js-code-injection-timer-string
window.setInterval(action, 1000);
// ok: js-code-injection-timer-string
window.setInterval(function tick() { poll(action); }, 1000);

window.addEventListener('message', (event) => {
  const { task } = event.data;
  // ruleid: js-code-injection-timer-string
  setTimeout(task, 0);
  // ok: js-code-injection-timer-string
  setTimeout(runTask.bind(null, task), 0);
});

function schedule(code, delay) {
  // ruleid: js-code-injection-timer-string
  return setTimeout(code, delay);
}
schedule(document.referrer, 10);

// Server code (Node rejects string callbacks with a TypeError)
const express = require('express');
const app = express();
app.get('/later', (req, res) => {
  // ruleid: js-code-injection-timer-string
  setTimeout(req.query.job, 500);
  // ok: js-code-injection-timer-string
  setTimeout(async () => { await runJob(req.query.job); }, Number(req.query.delay));
  res.end();
});
