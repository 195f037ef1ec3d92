import DOMPurify from 'dompurify';

const ICON_CLOSE = '<svg viewBox="0 0 10 10"><path d="M0 0L10 10"/></svg>';

function renderComment(comment) {
  const li = document.createElement('li');
  // ruleid: js-dom-innerhtml
  li.innerHTML = `<b>${comment.author}</b>: ${comment.text}`;
  document.querySelector('#comments').appendChild(li);
}

function showSearch() {
  const q = new URLSearchParams(location.search).get('q');
  // ruleid: js-dom-innerhtml
  document.getElementById('results-title').innerHTML = 'Results for ' + q;
}

function appendMessage(container, msg) {
  // ruleid: js-dom-innerhtml
  container.innerHTML += msg.html;
}

window.addEventListener('hashchange', () => {
  // ruleid: js-dom-innerhtml
  document.querySelector('main').outerHTML = decodeURIComponent(location.hash.slice(1));
});

function safe(el, comment) {
  // ok: js-dom-innerhtml
  el.textContent = comment.text;
  // ok: js-dom-innerhtml
  el.innerHTML = '';
  // ok: js-dom-innerhtml
  el.innerHTML = '<p class="empty">No comments yet</p>';
  // ok: js-dom-innerhtml
  el.innerHTML = `<div class="spinner"></div>`;
  // ok: js-dom-innerhtml
  el.innerHTML = DOMPurify.sanitize(comment.html);
  // ok: js-dom-innerhtml
  el.innerHTML = ICON_CLOSE;
  // ok: js-dom-innerhtml
  el.innerHTML = template.innerHTML;
}

// ok: js-dom-innerhtml
const current = document.body.innerHTML;

function renderLabel(el, label) {
  // ok: js-dom-innerhtml
  el.innerHTML = Utils.escapeHtml(label);
  // ok: js-dom-innerhtml
  el.innerHTML = sanitizeHtml(label, { allowedTags: ['b', 'i'] });
}
