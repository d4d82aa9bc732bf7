/* tsunagu: apply the visitor's display settings before the page is painted (no flash).
 * Loaded synchronously in <head>; tiny on purpose. Settings live in localStorage only. */
(function () {
  try {
    var p = JSON.parse(localStorage.getItem('tsunagu-prefs') || '{}');
    var html = document.documentElement;
    if (/^(m|l|xl)$/.test(p.textSize)) html.setAttribute('data-text-size', p.textSize);
    if (/^(default|contrast|dark)$/.test(p.scheme)) html.setAttribute('data-scheme', p.scheme);
    if (/^(off|all|[1-6])$/.test(p.furigana)) html.setAttribute('data-furigana', p.furigana);
  } catch (e) { /* storage unavailable: defaults apply */ }
})();
