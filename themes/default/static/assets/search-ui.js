/* tsunagu: the search page. Reads ?q= (the header form submits here, also from file://),
 * runs window.tsunaguSearch (assets/search/search.js) and shows the results as a list of
 * links, the count announced politely (「5件見つかりました」). Filters narrow by kind,
 * area and who a place is for. No request leaves the site. */
(function () {
  'use strict';
  function init() {
    var form = document.querySelector('form.search-form');
    var input = document.getElementById('search-q');
    var list = document.getElementById('search-results');
    var status = document.getElementById('search-status');
    var filters = document.querySelector('.search-filters');
    if (!form || !input || !list || !status || !window.tsunaguSearch) return;
    var params = new URLSearchParams(window.location.search);
    input.value = params.get('q') || '';
    if (filters) {
      filters.hidden = false;
      var selects = filters.querySelectorAll('select');
      for (var i = 0; i < selects.length; i++) {
        selects[i].value = params.get(selects[i].name) || '';
        selects[i].addEventListener('change', run);
      }
    }
    function esc(s) {
      return String(s).replace(/[&<>"']/g, function (c) {
        return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
      });
    }
    // the status line's messages, with the site's furigana (templates/ui_text.html, through
    // prefs.js's tsunaguText; a theme without them gets these plain ones)
    var PLAIN = {
      searching: '検索しています…',
      found: '件見つかりました',
      none: '見つかりませんでした。ほかの言葉や、ひらがなでも探してみてください。',
      failed: '検索できませんでした。下の一覧から探してください。',
    };
    function say(name, count) {
      status.innerHTML = window.tsunaguText('search-' + name, PLAIN[name], count);
    }
    // The tab's title names the search and its count: it is what a screen reader says
    // first, and what the history and a bookmark keep.
    var pageTitle = document.title;
    function titled(q, count) {
      document.title = q ? '「' + q + '」の検索結果（' + count + '件） | ' + pageTitle : pageTitle;
    }
    var seq = 0;
    function run(e) {
      if (e && e.preventDefault) e.preventDefault();
      var q = input.value.trim();
      var f = {};
      if (filters) {
        var ss = filters.querySelectorAll('select');
        for (var i = 0; i < ss.length; i++) {
          if (!ss[i].value) continue;
          // an area with narrower ones: the places in those too (data-within, a JSON list)
          var within = ss[i].selectedOptions[0] && ss[i].selectedOptions[0].getAttribute('data-within');
          f[ss[i].name] = within ? [ss[i].value].concat(JSON.parse(within)) : ss[i].value;
        }
      }
      if (!q) { list.hidden = true; status.textContent = ''; titled(''); return; }
      var mine = ++seq;
      say('searching');
      window.tsunaguSearch(q, { limit: 50, filters: f }).then(function (hits) {
        if (mine !== seq) return;
        list.innerHTML = hits.map(function (h) {
          var meta = [[h.kind, h.kindHtml], [h.area, h.areaHtml]]
            .filter(function (p) { return p[0]; })
            .map(function (p) { return p[1] || esc(p[0]); }).join('｜');
          // h.url is already relative to this page (search.js resolves it).
          return '<li><a href="' + esc(h.url) + '">' + (h.titleHtml || esc(h.title)) + '</a>' +
            (meta ? '<p class="search-meta">' + meta + '</p>' : '') +
            (h.snippet ? '<p class="search-snippet">' + h.snippet + '</p>' : '') + '</li>';
        }).join('');
        list.hidden = hits.length === 0;
        if (hits.length) say('found', hits.length); else say('none');
        titled(q, hits.length);
      }, function () {
        if (mine === seq) say('failed');
      });
    }
    form.addEventListener('submit', function (e) {
      run(e);
      var url = new URL(window.location.href);
      url.searchParams.set('q', input.value.trim());
      try { window.history.replaceState(null, '', url.toString()); } catch (err) { /* file:// in some browsers */ }
    });
    if (input.value) run();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
