const fs = require('fs');
const libxmljs = require('libxmljs');

function loadConfig(file) {
  const xml = fs.readFileSync(file, 'utf8');
  // ruleid: js-xxe-libxmljs-noent-option
  return libxmljs.parseXml(xml, { noent: true });
}

function loadRemote(text) {
  // ruleid: js-xxe-libxmljs-noent-option
  return libxmljs.parseXmlString(text, { noblanks: true, noent: 1 });
}

// ok: js-xxe-libxmljs-noent-option
const doc = libxmljs.parseXml(fs.readFileSync('feed.xml', 'utf8'), { nonet: true });
// ok: js-xxe-libxmljs-noent-option
const doc2 = libxmljs.parseXml(fs.readFileSync('feed.xml', 'utf8'), { noent: false });

function handler(req, res) {
  // reported by js-xxe-libxmljs-noent instead
  // ok: js-xxe-libxmljs-noent-option
  res.send(libxmljs.parseXml(req.body, { noent: true }).toString());
}
