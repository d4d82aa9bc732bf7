/* tsunagu: optional enhancements of resource lists and pages (they work without this file).
 * - a place's page: 「いま、ひらいています」「今日はお休みです。次にひらくのは…」.
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
    // Focus scrolls below the way out, which stays at the top of the screen: by its own
    // height, which text size and furigana change (the stylesheet's 5rem is for no script).
    var box = document.querySelector('.quick-exit');
    if (box && window.ResizeObserver) {
      new window.ResizeObserver(function () {
        var top = parseFloat(window.getComputedStyle(box).top) || 0;
        document.documentElement.style.scrollPaddingTop = Math.ceil(top + box.offsetHeight + 8) + 'px';
      }).observe(box);
    }
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

  // Dates as in Japan (the places are there), whatever the visitor's time zone:
  // "YYYY-MM-DD" keys, as open-now.js takes them.
  function shift(key, days) {
    var p = key.split('-');
    var d = new Date(Date.UTC(+p[0], +p[1] - 1, +p[2] + days));
    return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate());
  }
  /** 0 = Sunday … 6 = Saturday. */
  function weekday(key) {
    var p = key.split('-');
    return new Date(Date.UTC(+p[0], +p[1] - 1, +p[2])).getUTCDay();
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

  /** The string `key` with `html` (already HTML) in place of its value. */
  function textWith(key, plain, html) {
    return text(key, plain, '\u0001').replace('\u0001', html);
  }
  /** 「12月1日（火）」, each part with the site's furigana (ui_text.html: 1日 is ついたち). */
  function dateHtml(key) {
    var p = key.split('-');
    var wd = weekday(key);
    // kept on one line, as the page keeps its own dates (.nw: 11月26｜日 is hard to read)
    return '<span class="nw">' + text('month-' + (+p[1]), (+p[1]) + '月') + text('day-' + (+p[2]), (+p[2]) + '日') +
      '</span>' + text('wd-' + wd, '（' + '日月火水木金土'.charAt(wd) + '）');
  }
  /**
   * 「10時」「8時30分」, as the page's list of opening days writes times, with readings
   * (ui_text.html): 時 じ; 分 ふん after 2, 5, 7, 9 (にふん, ごふん) and ぷん after the
   * other digits (じゅっぷん, さんぷん, よんぷん, ろっぷん, はっぷん).
   */
  function timeHtml(minutes) {
    var h = Math.floor(minutes / 60), m = minutes % 60;
    var out = h + text('time-hour', '時');
    if (m) out += m + ([2, 5, 7, 9].indexOf(m % 10) >= 0 ? text('time-fun', '分') : text('time-pun', '分'));
    return '<span class="nw">' + out + '</span>';
  }
  function spansText(spans) {
    return spans.map(function (s) { return timeHtml(s[0]) + '〜' + timeHtml(s[1]); }).join('、');
  }

  /* A place's page: whether it is open now or later today, and else when it next opens,
   * from its schedule (closed dates, holidays and 年末年始 included). The page's own list
   * of opening days stays as it is; without JavaScript this line is simply absent. */
  function placeStatus() {
    var box = document.querySelector('main .open-status[data-schedule]');
    var open = window.tsunaguOpen;
    if (!box || !open) return;
    var data = null;
    try { data = JSON.parse(box.getAttribute('data-schedule')); } catch (e) { return; }
    if (!data || !((data.rules || []).length || (data.dates || []).length)) return;
    var holidays = window.tsunaguHolidays || [];
    var now = new Date();
    var today = open.dateInJapan(now);
    var mins = Math.floor(((now.getTime() + 9 * 3600000) % 86400000) / 60000);
    var spans = open.occursOn(data, today, holidays);
    var current = spans.filter(function (s) { return s[0] <= mins && mins < s[1]; })[0];
    var later = spans.filter(function (s) { return s[0] > mins; });
    var out;
    if (current) out = textWith('status-now', 'いま、ひらいています（{}まで）。', timeHtml(current[1]));
    else if (later.length) out = textWith('status-later', '今日は {} にひらきます。', spansText(later));
    else if (spans.length) out = text('status-ended', '今日の分は終わりました。');
    else out = text('status-closed', '今日はお休みです。');
    if (!current && !later.length) {
      // one-off dates may be further away than a year; rules repeat within one
      for (var i = 1; i <= 400; i++) {
        var key = shift(today, i);
        var next = open.occursOn(data, key, holidays);
        if (next.length) {
          out += textWith('status-next', '次にひらくのは {} です。', dateHtml(key) + ' ' + spansText(next));
          break;
        }
      }
    }
    box.innerHTML = out;
    box.hidden = false;
  }

  function init() {
    quickExit();
    placeStatus();
    var items = Array.prototype.slice.call(document.querySelectorAll('main li.resource'));
    if (items.length > 1) tools(items);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
