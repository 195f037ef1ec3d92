// ruleid: js-postmessage-no-origin-check
window.addEventListener('message', (event) => {
  if (event.data.type === 'navigate') {
    location.href = event.data.url;
  }
});

// ruleid: js-postmessage-no-origin-check
window.onmessage = function (e) {
  document.getElementById('status').innerHTML = e.data.statusHtml;
};

window.addEventListener(
  'message',
  // ruleid: js-postmessage-no-origin-check
  async ({ data }) => {
    localStorage.setItem('token', data.token);
  },
  false,
);

// ok: js-postmessage-no-origin-check
window.addEventListener('message', (event) => {
  if (event.origin !== 'https://checkout.example.com') return;
  handleCheckout(event.data);
});

// ok: js-postmessage-no-origin-check
window.addEventListener('message', ({ origin, data }) => {
  if (!TRUSTED_ORIGINS.includes(origin)) return;
  render(data);
});

// ok: js-postmessage-no-origin-check
window.addEventListener('message', (e) => {
  if (e.source !== iframe.contentWindow) return;
  resize(e.data.height);
});

// ok: js-postmessage-no-origin-check
window.addEventListener('message', onMessage);

// ok: js-postmessage-no-origin-check
window.addEventListener('resize', () => layout(window.innerWidth));

// in a dedicated worker, messages can only come from the page that created it
// ok: js-postmessage-no-origin-check
onmessage = (e) => postMessage(heavyComputation(e.data));

// ok: js-postmessage-no-origin-check
self.addEventListener('message', (e) => postMessage(transform(e.data)));
