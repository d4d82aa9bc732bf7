/*
 * tsunagu — open-now.js: 「今日ひらいている」「今週ひらいている」 in the browser.
 *
 * A plain script: no modules, no fetch, no dependencies, no build step; it works from
 * file://. It defines window.tsunaguOpen:
 *
 *   occursOn(data, "2026-04-11", holidays)   -> [[660, 840], ...]  openings that day, in
 *                                               minutes after midnight (1440 = 24:00)
 *   isOpenAt(data, new Date(), holidays)     -> true/false (the Date is read in Japan time)
 *   isOpenDuring(data, "2026-04-13", "2026-04-19", holidays) -> true/false (both included)
 *   dateInJapan(new Date())                  -> "2026-04-11"
 *
 * `data` is Schedule::to_browser_json() and `holidays` a list of "YYYY-MM-DD" strings
 * (holidays_json() in src/schedule/browser.rs), both written into the page by the site
 * generator. The rules are exactly those of src/schedule/eval.rs (a test compares the two
 * on every day of 2026):
 *
 * 1. a rule occurs on a date inside [from, to] whose weekday (weekly) or place in the month
 *    (monthly: [2, 5] = 2nd Saturday, [-1, 4] = last Friday, [null, 5] = every Saturday;
 *    bymonthday -1 = last day) matches;
 * 2. `interval` counts weeks (Monday to Sunday) or months from the week or month of
 *    `from`, else from the week of Monday 2024-01-01 or from January 2024;
 * 3. holidays (closed_holidays), 年末年始 12/29–1/3 (closed_year_end) and closed_dates
 *    close the rules; one-off dates are always open;
 * 4. openings are sorted and overlapping or touching ones joined.
 */
(function (root) {
  'use strict';

  var DAY_MS = 86400000;
  var MINUTE_MS = 60000;
  var JAPAN_OFFSET_MS = 9 * 3600000;
  /** isOpenDuring looks at most this many days from the start, per rule (as in Rust). */
  var MAX_SCAN_DAYS = 3660;

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = '0' + s;
    return s;
  }

  /** "YYYY-MM-DD" -> days since 1970-01-01, or NaN. */
  function dayNumber(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(s));
    if (!m) return NaN;
    var y = +m[1];
    var mo = +m[2];
    var d = +m[3];
    var t = new Date(0);
    t.setUTCFullYear(y, mo - 1, d);
    if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) {
      return NaN;
    }
    return Math.round(t.getTime() / DAY_MS);
  }

  /** Days since 1970-01-01 -> {y, m (1-12), d, wd (Monday = 0), key "YYYY-MM-DD"}. */
  function civil(n) {
    var t = new Date(n * DAY_MS);
    var y = t.getUTCFullYear();
    var m = t.getUTCMonth() + 1;
    var d = t.getUTCDate();
    return {
      y: y,
      m: m,
      d: d,
      wd: (t.getUTCDay() + 6) % 7,
      key: pad(y, 4) + '-' + pad(m, 2) + '-' + pad(d, 2)
    };
  }

  function daysInMonth(y, m) {
    var t = new Date(0);
    t.setUTCFullYear(y, m, 0);
    return t.getUTCDate();
  }

  function mod(a, n) {
    return ((a % n) + n) % n;
  }

  var DEFAULT_ANCHOR = dayNumber('2024-01-01'); // a Monday: ISO week 1 of 2024

  function ruleOccurs(rule, n, c) {
    if (rule.from != null && n < dayNumber(rule.from)) return false;
    if (rule.to != null && n > dayNumber(rule.to)) return false;
    var interval = Math.max(1, rule.interval || 1);
    var inStep;
    if (rule.freq === 'weekly') {
      var anchor = DEFAULT_ANCHOR;
      if (rule.from != null) {
        var f = dayNumber(rule.from);
        anchor = f - civil(f).wd;
      }
      var monday = n - c.wd;
      inStep = mod(Math.round((monday - anchor) / 7), interval) === 0;
    } else if (rule.freq === 'monthly') {
      var anchorMonth = 2024 * 12;
      if (rule.from != null) {
        var fc = civil(dayNumber(rule.from));
        anchorMonth = fc.y * 12 + fc.m - 1;
      }
      inStep = mod(c.y * 12 + c.m - 1 - anchorMonth, interval) === 0;
    } else {
      return false;
    }
    if (!inStep) return false;
    var last = daysInMonth(c.y, c.m);
    var byday = rule.byday || [];
    for (var i = 0; i < byday.length; i++) {
      var nth = byday[i][0];
      if (byday[i][1] !== c.wd) continue;
      if (nth == null) return true;
      if (nth > 0 ? Math.floor((c.d - 1) / 7) + 1 === nth
                  : Math.floor((last - c.d) / 7) + 1 === -nth) {
        return true;
      }
    }
    var bymonthday = rule.bymonthday || [];
    for (var j = 0; j < bymonthday.length; j++) {
      if (bymonthday[j] === -1 ? c.d === last : bymonthday[j] === c.d) return true;
    }
    return false;
  }

  function holidaySet(holidays) {
    if (!holidays) return { has: function () { return false; } };
    if (typeof holidays.has === 'function') return holidays;
    var set = {};
    for (var i = 0; i < holidays.length; i++) set[holidays[i]] = true;
    return { has: function (k) { return set[k] === true; } };
  }

  function isClosed(data, c, hs) {
    if (data.closed_holidays && hs.has(c.key)) return true;
    if (data.closed_year_end && ((c.m === 12 && c.d >= 29) || (c.m === 1 && c.d <= 3))) {
      return true;
    }
    return (data.closed_dates || []).indexOf(c.key) >= 0;
  }

  function spansOn(data, n, hs) {
    var c = civil(n);
    var spans = [];
    var rules = data.rules || [];
    if (!isClosed(data, c, hs)) {
      for (var i = 0; i < rules.length; i++) {
        if (ruleOccurs(rules[i], n, c)) spans.push([rules[i].open, rules[i].close]);
      }
    }
    var dates = data.dates || [];
    for (var j = 0; j < dates.length; j++) {
      if (dates[j].date === c.key) spans.push([dates[j].open, dates[j].close]);
    }
    spans.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var out = [];
    for (var k = 0; k < spans.length; k++) {
      var top = out[out.length - 1];
      if (top && spans[k][0] <= top[1]) {
        top[1] = Math.max(top[1], spans[k][1]);
      } else {
        out.push([spans[k][0], spans[k][1]]);
      }
    }
    return out;
  }

  /** Openings on the day "YYYY-MM-DD": [[openMinute, closeMinute], ...]. */
  function occursOn(data, dateStr, holidays) {
    var n = dayNumber(dateStr);
    if (isNaN(n) || !data) return [];
    return spansOn(data, n, holidaySet(holidays));
  }

  /** Whether open at the moment `when` (a Date or milliseconds), read in Japan time. */
  function isOpenAt(data, when, holidays) {
    if (!data) return false;
    var t = (when instanceof Date ? when.getTime() : Number(when)) + JAPAN_OFFSET_MS;
    if (!isFinite(t)) return false;
    var n = Math.floor(t / DAY_MS);
    var ms = t - n * DAY_MS;
    var spans = spansOn(data, n, holidaySet(holidays));
    for (var i = 0; i < spans.length; i++) {
      if (spans[i][0] * MINUTE_MS <= ms && ms < spans[i][1] * MINUTE_MS) return true;
    }
    return false;
  }

  /** Whether open on any day from fromStr to toStr ("YYYY-MM-DD", both included). */
  function isOpenDuring(data, fromStr, toStr, holidays) {
    var from = dayNumber(fromStr);
    var to = dayNumber(toStr);
    if (!data || isNaN(from) || isNaN(to) || from > to) return false;
    var dates = data.dates || [];
    for (var i = 0; i < dates.length; i++) {
      var dn = dayNumber(dates[i].date);
      if (from <= dn && dn <= to) return true;
    }
    var hs = holidaySet(holidays);
    var rules = data.rules || [];
    for (var r = 0; r < rules.length; r++) {
      var rule = rules[r];
      var start = rule.from != null ? Math.max(from, dayNumber(rule.from)) : from;
      var end = rule.to != null ? Math.min(to, dayNumber(rule.to)) : to;
      end = Math.min(end, start + MAX_SCAN_DAYS - 1);
      for (var n = start; n <= end; n++) {
        var c = civil(n);
        if (ruleOccurs(rule, n, c) && !isClosed(data, c, hs)) return true;
      }
    }
    return false;
  }

  /** "YYYY-MM-DD" of the moment `when` (a Date or milliseconds) in Japan. */
  function dateInJapan(when) {
    var t = (when instanceof Date ? when.getTime() : Number(when)) + JAPAN_OFFSET_MS;
    return civil(Math.floor(t / DAY_MS)).key;
  }

  var api = {
    occursOn: occursOn,
    isOpenAt: isOpenAt,
    isOpenDuring: isOpenDuring,
    dateInJapan: dateInJapan
  };
  if (root) root.tsunaguOpen = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof window !== 'undefined' ? window : null);
