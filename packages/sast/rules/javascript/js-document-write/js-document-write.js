function trackCampaign() {
  const campaign = new URLSearchParams(location.search).get('utm_campaign');
  // ruleid: js-document-write
  document.write('<img src="/pixel.gif?c=' + campaign + '">');
}

function greet(name) {
  // ruleid: js-document-write
  document.writeln(`<h1>Welcome back, ${name}</h1>`);
}

function loadWidget(src) {
  // ruleid: js-document-write
  window.document.write('<script src="' + src + '"></script>');
}

// ok: js-document-write
document.write('<p>Loading…</p>');

// ok: js-document-write
document.writeln(`<noscript>Please enable JavaScript.</noscript>`);

// ok: js-document-write
document.write(DOMPurify.sanitize(untrusted));

// ok: js-document-write
logger.write(`request ${id} done`);
