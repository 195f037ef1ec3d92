/* global $, jQuery */
function showProfile(profile) {
  // ruleid: js-jquery-html
  $('#profile-name').html(profile.displayName);
}

function renderResults(items) {
  const rows = items.map((i) => `<li>${i.title}</li>`).join('');
  // ruleid: js-jquery-html
  $('#results').find('ul').html(rows);
}

jQuery(document).ready(() => {
  // ruleid: js-jquery-html
  jQuery('.flash').html(decodeURIComponent(location.hash.slice(1)));
});

function safe(profile, el) {
  // ok: js-jquery-html
  $('#profile-name').text(profile.displayName);
  // ok: js-jquery-html
  $('#spinner').html('<div class="spin"></div>');
  // ok: js-jquery-html
  $('#bio').html(DOMPurify.sanitize(profile.bioHtml));
  // ok: js-jquery-html
  const current = $('#bio').html();
  // ok: js-jquery-html
  $('#icon').html(ICON_HTML);
  // ok: js-jquery-html
  cheerioDoc.html(el);
  return current;
}
