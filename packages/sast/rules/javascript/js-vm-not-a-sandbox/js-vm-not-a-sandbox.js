const vm = require('node:vm');
const { VM, NodeVM } = require('vm2');

app.post('/formula', (req, res) => {
  const sandbox = { price: req.body.price, qty: req.body.qty };
  // ruleid: js-vm-not-a-sandbox
  const total = vm.runInNewContext(req.body.formula, sandbox, { timeout: 50 });
  res.json({ total });
});

function compilePlugin(source) {
  // ruleid: js-vm-not-a-sandbox
  const script = new vm.Script(source, { filename: 'plugin.js' });
  return script.runInNewContext({ console });
}

function runUserScript(code) {
  // ruleid: js-vm-not-a-sandbox
  const sandbox = new VM({ timeout: 100, sandbox: {} });
  return sandbox.run(code);
}

// ruleid: js-vm-not-a-sandbox
const nodeVm = new NodeVM({ console: 'inherit', require: { external: false } });

// ok: js-vm-not-a-sandbox
const two = vm.runInNewContext('1 + 1');

// ok: js-vm-not-a-sandbox
const ctx = vm.createContext({ value: 1 });

// ok: js-vm-not-a-sandbox
const bootstrap = new vm.Script(`globalThis.ready = true;`);
