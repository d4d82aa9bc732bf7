/* tsunagu: apply the visitor's display settings before the page is painted (no flash).
 * Loaded synchronously in <head>; tiny on purpose. Settings live in localStorage only.
 * Also window.tsunaguText, the theme's strings for the other scripts. */
(function () {
  try {
    var p = JSON.parse(localStorage.getItem('tsunagu-prefs') || '{}');
    var html = document.documentElement;
    if (/^(m|l|xl)$/.test(p.textSize)) html.setAttribute('data-text-size', p.textSize);
    if (/^(default|contrast|dark)$/.test(p.scheme)) html.setAttribute('data-scheme', p.scheme);
    if (/^(off|all|[1-6])$/.test(p.furigana)) html.setAttribute('data-furigana', p.furigana);
  } catch (e) { /* storage unavailable: defaults apply */ }
  /* The theme's strings for its scripts, with the site's furigana: the HTML of the element
   * [data-ui=KEY] of assets/ui-text.js (templates/ui_text.html), its [data-value] replaced
   * by `value`; for a theme without it, `plain` with the value in place of its {} (or
   * before it), escaped. */
  var strings = null;
  window.tsunaguText = function (key, plain, value) {
    var v = value === undefined ? '' : String(value);
    if (!strings && window.tsunaguUiText) {
      strings = document.createElement('template');
      strings.innerHTML = window.tsunaguUiText;
    }
    var e = strings && strings.content.querySelector('[data-ui="' + key + '"]');
    if (!e) return esc(plain.indexOf('{}') < 0 ? v + plain : plain.replace('{}', v));
    e = e.cloneNode(true);
    var slot = e.querySelector('[data-value]');
    if (slot) slot.outerHTML = esc(v);
    return e.innerHTML;
  };
  function esc(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
})();
