function addRow(table, user) {
  // ruleid: js-dom-insertadjacenthtml
  table.insertAdjacentHTML('beforeend', `<tr><td>${user.name}</td><td>${user.email}</td></tr>`);
}

function renderPreview(el) {
  const draft = localStorage.getItem('draft');
  // ruleid: js-dom-insertadjacenthtml
  el.insertAdjacentHTML('afterbegin', draft);
}

function fragmentFrom(html) {
  const range = document.createRange();
  // ruleid: js-dom-insertadjacenthtml
  return range.createContextualFragment(html);
}

function safe(table, user, html) {
  // ok: js-dom-insertadjacenthtml
  table.insertAdjacentHTML('beforeend', '<tr class="separator"></tr>');
  // ok: js-dom-insertadjacenthtml
  table.insertAdjacentText('beforeend', user.name);
  // ok: js-dom-insertadjacenthtml
  table.insertAdjacentHTML('beforeend', DOMPurify.sanitize(html));
  // ok: js-dom-insertadjacenthtml
  table.insertAdjacentHTML('beforeend', ROW_TEMPLATE);
}
