/* tsunagu: 読み上げ — reads the page's main content aloud with the browser's own speech
 * synthesis (no download, no service). Only added where the browser has speechSynthesis.
 * Reads the base text, never the ruby readings (<rt>/<rp>), nor hidden or script-added
 * parts; one sentence at a time (。！？ and block ends), each highlighted while it is read
 * (CSS Custom Highlight API, so the layout never changes). Stops when the page is left. */
(function () {
  'use strict';
  if (!('speechSynthesis' in window) || typeof window.SpeechSynthesisUtterance !== 'function') return;
  var synth = window.speechSynthesis;
  var HIGHLIGHT = 'tsunagu-reading';
  var SKIP = { RT: 1, RP: 1, SCRIPT: 1, STYLE: 1, NOSCRIPT: 1, TEMPLATE: 1, svg: 1, SVG: 1 };
  var INLINE = /^(inline|contents|ruby|ruby-base|ruby-text)/;

  function skipped(el) {
    if (SKIP[el.tagName]) return true;
    if (el.hidden || el.hasAttribute('data-js-only') || el.getAttribute('aria-hidden') === 'true') return true;
    // what a closed <details> holds beyond its summary is not on the screen
    var p = el.parentElement;
    if (p && p.tagName === 'DETAILS' && !p.open && el.tagName !== 'SUMMARY') return true;
    return getComputedStyle(el).display === 'none';
  }

  /* The sentences of `root`: [{text, range}] — text as spoken, range over the page's
   * text nodes (for the highlight). Whitespace runs become one space. */
  function sentences(root) {
    var blocks = [];
    var cur = { text: '', at: [] };
    function flush() {
      if (cur.text.replace(/\s+/g, '')) blocks.push(cur);
      cur = { text: '', at: [] };
    }
    function walk(node) {
      for (var n = node.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 3) {
          var s = n.data;
          for (var i = 0; i < s.length; i++) {
            var ch = s.charAt(i);
            if (/\s/.test(ch)) {
              if (!cur.text || cur.text.charAt(cur.text.length - 1) === ' ') continue;
              ch = ' ';
            }
            cur.text += ch;
            cur.at.push([n, i]);
          }
        } else if (n.nodeType === 1 && !skipped(n)) {
          var block = !INLINE.test(getComputedStyle(n).display);
          if (block) flush();
          walk(n);
          if (block) flush();
        }
      }
    }
    walk(root);
    flush();
    var out = [];
    blocks.forEach(function (b) {
      var re = /[^。！？!?]+(?:[。！？!?]+[」』）)]*)?|[。！？!?]+[」』）)]*/g;
      var m;
      while ((m = re.exec(b.text))) {
        var start = m.index;
        var end = start + m[0].length;
        while (start < end && b.text.charAt(start) === ' ') start++;
        while (end > start && b.text.charAt(end - 1) === ' ') end--;
        if (end <= start) continue;
        var range = null;
        try {
          range = document.createRange();
          range.setStart(b.at[start][0], b.at[start][1]);
          range.setEnd(b.at[end - 1][0], b.at[end - 1][1] + 1);
        } catch (e) { range = null; }
        out.push({ text: b.text.slice(start, end), range: range });
      }
    });
    return out;
  }

  function jaVoice() {
    var voices = [];
    try { voices = synth.getVoices() || []; } catch (e) { /* none */ }
    for (var i = 0; i < voices.length; i++) {
      if (/^ja([-_]|$)/i.test(voices[i].lang || '')) return voices[i];
    }
    return null;
  }

  var canHighlight = !!(window.CSS && CSS.highlights && typeof window.Highlight === 'function');
  if (canHighlight) {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync('::highlight(' + HIGHLIGHT + ') { background-color: var(--changed-bg); color: var(--text); text-decoration: underline; }');
      document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
    } catch (e) { canHighlight = false; }
  }
  function highlight(range) {
    if (!canHighlight) return;
    if (range) CSS.highlights.set(HIGHLIGHT, new Highlight(range));
    else CSS.highlights.delete(HIGHLIGHT);
  }
  function follow(range) {
    if (!range || !range.getBoundingClientRect) return;
    var r = range.getBoundingClientRect();
    if (r.top >= 0 && r.bottom <= window.innerHeight) return;
    var el = range.startContainer.parentElement;
    if (!el || !el.scrollIntoView) return;
    var reduce = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    el.scrollIntoView({ block: 'center', behavior: reduce ? 'auto' : 'smooth' });
  }

  /** The theme's string `key` as HTML, with the page's furigana (prefs.js). */
  function text(key, plain) {
    return window.tsunaguText(key, plain);
  }

  function button(key, plain) {
    var b = document.createElement('button');
    b.type = 'button';
    b.innerHTML = text(key, plain);
    return b;
  }

  function init() {
    var main = document.querySelector('main');
    if (!main) return;
    var group = document.createElement('div');
    group.className = 'read-aloud';
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', '読み上げ');
    group.setAttribute('data-js-only', '');
    var play = button('read-play', '読み上げ');
    var pause = button('read-pause', '一時停止');
    var stop = button('read-stop', '停止');
    var status = document.createElement('span');
    status.className = 'read-aloud-status';
    status.setAttribute('role', 'status');
    group.appendChild(play);
    group.appendChild(pause);
    group.appendChild(stop);
    group.appendChild(status);

    var state = 'idle'; // idle | reading | paused
    var run = 0; // bumped on every start/stop, so late events of old utterances are ignored
    var list = [];
    var index = 0;

    function show(s) {
      state = s;
      play.setAttribute('aria-pressed', s === 'idle' ? 'false' : 'true');
      pause.setAttribute('aria-pressed', s === 'paused' ? 'true' : 'false');
      pause.innerHTML = s === 'paused' ? text('read-resume', '再開') : text('read-pause', '一時停止');
      pause.setAttribute('aria-disabled', s === 'idle' ? 'true' : 'false');
      stop.setAttribute('aria-disabled', s === 'idle' ? 'true' : 'false');
      status.innerHTML = s === 'reading' ? text('read-reading', '読み上げ中')
        : s === 'paused' ? text('read-paused', '一時停止中') : '';
    }

    function speakNext(id) {
      if (id !== run) return;
      if (index >= list.length) { finish(); return; }
      var s = list[index];
      var u = new SpeechSynthesisUtterance(s.text);
      u.lang = 'ja-JP';
      var v = jaVoice();
      if (v) u.voice = v;
      u.onstart = function () { if (id === run) { highlight(s.range); follow(s.range); } };
      u.onend = function () { if (id === run) { index++; speakNext(id); } };
      u.onerror = function (e) {
        if (id !== run) return;
        if (e && (e.error === 'interrupted' || e.error === 'canceled')) return;
        finish();
      };
      synth.speak(u);
    }

    function start() {
      run++;
      synth.cancel();
      list = sentences(main);
      index = 0;
      if (!list.length) { finish(); return; }
      show('reading');
      speakNext(run);
    }

    function finish() {
      run++;
      highlight(null);
      show('idle');
    }

    function halt() {
      if (state === 'idle') return;
      finish();
      synth.cancel();
    }

    play.addEventListener('click', function () {
      // a toggle: pressed while reading (or paused); pressing it again stops
      if (state === 'idle') start();
      else halt();
    });
    pause.addEventListener('click', function () {
      if (state === 'reading') { synth.pause(); show('paused'); }
      else if (state === 'paused') { synth.resume(); show('reading'); }
    });
    stop.addEventListener('click', halt);
    window.addEventListener('pagehide', function () { run++; highlight(null); synth.cancel(); });

    show('idle');
    var h1 = main.querySelector('h1');
    if (h1 && h1.parentNode) h1.parentNode.insertBefore(group, h1.nextSibling);
    else main.insertBefore(group, main.firstChild);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
