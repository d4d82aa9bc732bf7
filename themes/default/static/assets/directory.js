/* tsunagu: optional enhancements of resource lists (the lists work without this file).
 * - 「今日ひらいている」「今週ひらいている」 filters, evaluated here from each place's
 *   schedule (data-schedule) and the national holidays (assets/holidays.js), with
 *   open-now.js — the same rules the generator uses.
 * - 「近い順に並べる」: asks for the position only when the button is pressed; the position
 *   is used in this page only, never stored or sent anywhere.
 * - 「このページをすぐ閉じる」 replaces the page in the history, so Back does not return.
 * Plain script, no modules, no requests: works from file:// too. */
(function () {
  'use strict';

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  function quickExit() {
    var links = document.querySelectorAll('a[data-quick-exit]');
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener('click', function (e) {
        e.preventDefault();
        window.location.replace(this.href);
      });
    }
  }

  function distanceKm(lat1, lon1, lat2, lon2) {
    var r = 6371, rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * r * Math.asin(Math.sqrt(a));
  }

  /** The theme's string `key` as HTML, with the page's furigana (prefs.js). */
  function text(key, plain, value) {
    return window.tsunaguText(key, plain, value);
  }
  /** An element; `key` and `plain` name its text (see `text`). */
  function el(tag, attrs, key, plain) {
    var e = document.createElement(tag);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]); }
    if (key) e.innerHTML = text(key, plain);
    return e;
  }

  function tools(items) {
    var open = window.tsunaguOpen;
    var holidays = window.tsunaguHolidays || [];
    var first = document.querySelector('main ul.resources');
    var anchor = first.closest('section') || first;
    // data-js-only: controls that exist only with JavaScript (not content).
    var box = el('div', { 'class': 'directory-tools', role: 'group', 'aria-labelledby': 'tools-title', 'data-js-only': '' });
    box.appendChild(el('p', { id: 'tools-title' }, 'dir-tools', '表示をしぼる・並べかえる'));
    var status = el('p', { 'class': 'tools-status', 'aria-live': 'polite', role: 'status' });

    if (open) {
      var fs = el('fieldset', {});
      fs.appendChild(el('legend', {}, 'dir-open', '開いている日'));
      [['all', 'すべて'], ['today', '今日ひらいている'], ['week', '今週ひらいている']].forEach(function (o, i) {
        var id = 'open-' + o[0];
        var input = el('input', { type: 'radio', name: 'open-filter', id: id, value: o[0] });
        if (i === 0) input.checked = true;
        var label = el('label', { 'for': id });
        label.appendChild(input);
        label.insertAdjacentHTML('beforeend', ' ' + text(id, o[1]));
        fs.appendChild(label);
        input.addEventListener('change', function () { filter(o[0]); });
      });
      box.appendChild(fs);
    }
    var located = items.some(function (li) { return li.hasAttribute('data-lat'); });
    if (located && navigator.geolocation) {
      var button = el('button', { type: 'button' }, 'dir-nearest', '近い順に並べる');
      button.addEventListener('click', function () {
        status.innerHTML = text('dir-locating', '現在地を調べています…');
        navigator.geolocation.getCurrentPosition(function (pos) {
          sortByDistance(pos.coords.latitude, pos.coords.longitude);
        }, function () {
          status.innerHTML = text('dir-no-location', '現在地がわかりませんでした。地区から探すこともできます。');
        }, { maximumAge: 600000, timeout: 15000 });
      });
      box.appendChild(button);
    }
    if (!box.querySelector('fieldset, button')) return;
    box.appendChild(status);
    anchor.parentNode.insertBefore(box, anchor);

    // Dates as in Japan (the places are there), whatever the visitor's time zone.
    function shift(key, days) {
      var p = key.split('-');
      var d = new Date(Date.UTC(+p[0], +p[1] - 1, +p[2] + days));
      return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate());
    }
    function weekday(key) {
      var p = key.split('-');
      return new Date(Date.UTC(+p[0], +p[1] - 1, +p[2])).getUTCDay();
    }

    function filter(mode) {
      var today = open.dateInJapan(new Date());
      var monday = shift(today, -((weekday(today) + 6) % 7));
      var sunday = shift(monday, 6);
      var shown = 0;
      items.forEach(function (li) {
        var ok = true;
        if (mode !== 'all') {
          var raw = li.getAttribute('data-schedule');
          var data = null;
          try { data = raw ? JSON.parse(raw) : null; } catch (e) { data = null; }
          ok = !!data && (mode === 'today'
            ? open.occursOn(data, today, holidays).length > 0
            : open.isOpenDuring(data, monday, sunday, holidays));
        }
        li.hidden = !ok;
        if (ok) shown++;
      });
      // Hide groups left empty, so headings do not announce nothing.
      var groups = document.querySelectorAll('main .kind-group');
      for (var i = 0; i < groups.length; i++) {
        groups[i].hidden = !groups[i].querySelector('li.resource:not([hidden])');
      }
      // A heading's count (N件) is of the places shown in its section.
      var counts = document.querySelectorAll('main .count-n');
      for (var j = 0; j < counts.length; j++) {
        var section = counts[j].closest('section');
        if (section) counts[j].textContent = String(section.querySelectorAll('li.resource:not([hidden])').length);
      }
      status.innerHTML = text('dir-count', '件あります。', shown);
    }

    function sortByDistance(lat, lon) {
      var lists = document.querySelectorAll('main ul.resources');
      for (var i = 0; i < lists.length; i++) {
        var lis = Array.prototype.slice.call(lists[i].children);
        lis.forEach(function (li) {
          var d = li.hasAttribute('data-lat')
            ? distanceKm(lat, lon, parseFloat(li.getAttribute('data-lat')), parseFloat(li.getAttribute('data-lon')))
            : Infinity;
          li.setAttribute('data-distance', String(d));
          var p = li.querySelector('.resource-distance');
          if (!p) { p = el('p', { 'class': 'resource-distance', 'data-js-only': '' }); li.appendChild(p); }
          p.innerHTML = isFinite(d)
            ? text('dir-distance', 'ここから約{}', d < 1 ? Math.round(d * 1000) + 'm' : d.toFixed(1) + 'km')
            : text('dir-no-place', '場所の情報がありません');
        });
        lis.sort(function (a, b) {
          return parseFloat(a.getAttribute('data-distance')) - parseFloat(b.getAttribute('data-distance'));
        });
        lis.forEach(function (li) { lists[i].appendChild(li); });
      }
      status.innerHTML = text('dir-sorted', '種類ごとに、近い順に並べかえました。');
    }
  }

  function init() {
    quickExit();
    var items = Array.prototype.slice.call(document.querySelectorAll('main li.resource'));
    if (items.length > 1) tools(items);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
