/* tsunagu: the 「表示の設定」 panel — 文字サイズ, 配色, ふりがな — as labelled radio groups,
 * and the 「メニュー」 button that folds the main navigation on narrow screens.
 * Changes apply at once (attributes on <html>, see prefs.js) and are remembered in
 * localStorage. Without JavaScript the panel is not shown and the page keeps its defaults. */
(function () {
  'use strict';
  var KEY = 'tsunagu-prefs';
  var html = document.documentElement;
  var groups = [
    { key: 'textSize', attr: 'data-text-size', legend: '文字の大きさ', def: 'm',
      options: [['m', '標準'], ['l', '大'], ['xl', '特大']] },
    { key: 'scheme', attr: 'data-scheme', legend: '色', def: 'default',
      options: [['default', '標準'], ['contrast', '白黒反転'], ['dark', 'ダーク']] },
    { key: 'furigana', attr: 'data-furigana', legend: 'ふりがな', def: 'off',
      // 「小学3年までの漢字以外」: readings for the kanji a child learns after 3rd grade
      // (were 「3年より上」, which reads as a riddle)
      options: [['off', 'なし'], ['all', 'すべての漢字'], ['1', '小学1年の漢字以外'],
        ['2', '小学2年までの漢字以外'], ['3', '小学3年までの漢字以外'], ['4', '小学4年までの漢字以外'],
        ['5', '小学5年までの漢字以外'], ['6', '小学校の漢字以外']] }
  ];

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || '{}'); } catch (e) { return {}; }
  }
  function save(p) {
    try { localStorage.setItem(KEY, JSON.stringify(p)); } catch (e) { /* private mode */ }
  }
  /** An element; `key` and `plain` name its text (window.tsunaguText, from prefs.js). */
  function el(tag, attrs, key, plain) {
    var e = document.createElement(tag);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]); }
    if (key) e.innerHTML = window.tsunaguText(key, plain);
    return e;
  }

  function init() {
    var slot = document.getElementById('settings');
    if (!slot) return;
    var prefs = load();
    var button = el('button', { type: 'button', 'class': 'settings-toggle', 'aria-expanded': 'false', 'aria-controls': 'settings-panel' }, 'settings', '表示の設定');
    var panel = el('div', { id: 'settings-panel', 'class': 'settings-panel', hidden: '' });
    groups.forEach(function (g) {
      var fs = el('fieldset', {});
      fs.appendChild(el('legend', {}, 'settings-' + g.key, g.legend));
      var current = html.getAttribute(g.attr) || g.def;
      g.options.forEach(function (o) {
        var id = 'pref-' + g.key + '-' + o[0];
        var input = el('input', { type: 'radio', name: 'pref-' + g.key, id: id, value: o[0] });
        if (o[0] === current) input.checked = true;
        input.addEventListener('change', function () {
          html.setAttribute(g.attr, o[0]);
          prefs[g.key] = o[0];
          save(prefs);
        });
        var label = el('label', { 'for': id });
        label.appendChild(input);
        label.insertAdjacentHTML('beforeend', ' ' + window.tsunaguText(id, o[1]));
        fs.appendChild(label);
      });
      panel.appendChild(fs);
    });
    var close = el('button', { type: 'button', 'class': 'settings-close' }, 'settings-close', '閉じる');
    panel.appendChild(close);
    function shut() { panel.hidden = true; button.setAttribute('aria-expanded', 'false'); button.focus(); }
    button.addEventListener('click', function () {
      var open = button.getAttribute('aria-expanded') === 'true';
      button.setAttribute('aria-expanded', String(!open));
      panel.hidden = open;
    });
    close.addEventListener('click', shut);
    slot.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && !panel.hidden) shut();
    });
    slot.appendChild(button);
    slot.appendChild(panel);
  }

  /* The main navigation folds behind a 「メニュー」 button on narrow screens (a phone, or
   * a desktop zoomed to 400 %), where its links took a whole screen before the page's own
   * heading. The CSS hides the list only below 40em and only with .is-collapsed, which
   * only this script sets: without JavaScript, and on wide screens, every link shows. */
  function initMenu() {
    var nav = document.querySelector('.site-nav');
    var list = nav && nav.querySelector('ul');
    if (!list) return;
    list.id = list.id || 'site-nav-list';
    var button = el('button', { type: 'button', 'class': 'menu-toggle', 'aria-expanded': 'false', 'aria-controls': list.id }, 'menu', 'メニュー');
    function set(open) {
      button.setAttribute('aria-expanded', String(open));
      nav.classList.toggle('is-collapsed', !open);
    }
    button.addEventListener('click', function () { set(button.getAttribute('aria-expanded') !== 'true'); });
    nav.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && button.getAttribute('aria-expanded') === 'true' && getComputedStyle(button).display !== 'none') {
        set(false);
        button.focus();
      }
    });
    nav.insertBefore(button, list);
    set(false);
  }

  function start() { init(); initMenu(); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
