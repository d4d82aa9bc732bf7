// Keyboard and display checks on key pages of the example portal (tottori):
// - tab order follows reading order (DOM order, top to bottom), no positive tabindex
// - every focusable element has a role and an accessible name (Chromium's own
//   accessibility tree, what screen readers get)
// - 表示の設定: text size and colour scheme switched by keyboard alone
// - prefers-reduced-motion: reduce → no transition, no animation, no smooth scrolling
// - print: navigation and controls hidden, link URLs printed after external links,
//   readable type
//   SITES=dir node --test display.test.mjs   (needs the tottori site)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sitesFromEnv, startServer, launchChromium, named } from './lib.mjs';

const entry = sitesFromEnv().find((s) => s.name === 'tottori');
const KEY_PAGES = ['index.html', 'plan/1/1/3/index.html', 'resources/index.html', 'search/index.html', 'navi/index.html'];

let srv;
let browser;
before(async () => {
  assert.ok(entry && !entry.error, 'SITES must include the tottori site');
  srv = await startServer(entry.dir);
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await srv?.close(); });

for (const rel of KEY_PAGES) {
  test(`tab order ${rel}: every Tab stop comes after the previous one, in reading order`, async () => {
    const page = await browser.newPage();
    try {
      await page.goto(srv.url(rel));
      const positive = await page.$$eval('[tabindex]', (els) => els.filter((e) => e.tabIndex > 0).map((e) => e.outerHTML.slice(0, 80)));
      assert.deepEqual(positive, [], 'no positive tabindex (it breaks the reading order)');
      await page.evaluate(() => { window.__stops = []; });
      const problems = [];
      let count = 0;
      for (let i = 0; i < 400; i++) {
        await page.keyboard.press('Tab');
        const step = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return { done: true };
          if (window.__stops.includes(el)) return { done: true };
          const prev = window.__stops[window.__stops.length - 1];
          window.__stops.push(el);
          const d = (e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} "${(e.textContent || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 30)}"`;
          if (!prev) return { done: false };
          const after = !!(prev.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
          // visual order: not above the previous stop (same line allowed; the skip link is
          // shown at the top of the page only while focused)
          const a = prev.getBoundingClientRect(); const b = el.getBoundingClientRect();
          const up = b.top + window.scrollY < a.top + window.scrollY - Math.max(a.height, 8) && !prev.classList.contains('skip-link');
          return { done: false, bad: !after ? `${d(el)} comes before ${d(prev)} in the document` : up ? `${d(el)} is above ${d(prev)} on screen` : null };
        });
        if (step.done) break;
        count++;
        if (step.bad) problems.push(step.bad);
      }
      assert.ok(count > 5, `only ${count} Tab stops`);
      assert.deepEqual(problems, [], `${rel}: Tab order differs from reading order`);
    } finally { await page.close(); }
  });

  test(`names ${rel}: every focusable element has a role and an accessible name`, async () => {
    const page = await browser.newPage();
    try {
      await page.goto(srv.url(rel));
      // open the settings panel so that its radios are in the tree too
      await page.getByRole('button', { name: named('表示の設定') }).click();
      const cdp = await browser.context.newCDPSession(page);
      const { nodes } = await cdp.send('Accessibility.getFullAXTree');
      const focusable = nodes.filter((n) => !n.ignored && (n.properties || []).some((p) => p.name === 'focusable' && p.value.value));
      const bad = focusable
        .filter((n) => !['RootWebArea', 'main'].includes(n.role?.value))
        .filter((n) => !n.name?.value?.trim() || ['generic', 'none', 'StaticText'].includes(n.role?.value))
        .map((n) => `${n.role?.value} "${n.name?.value ?? ''}"`);
      assert.ok(focusable.length > 5, `focusable nodes found: ${focusable.length}`);
      assert.deepEqual(bad, [], `${rel}: focusable elements without a role or a name`);
    } finally { await page.close(); }
  });
}

test('表示の設定 by keyboard alone: text size and colour scheme change at once and are remembered', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(srv.url('index.html'));
    const toggle = page.getByRole('button', { name: named('表示の設定') });
    for (let i = 0; i < 20 && !(await toggle.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
    assert.ok(await toggle.evaluate((b) => b === document.activeElement), 'Tab reaches 表示の設定');
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('Tab'); // first radio group: 文字の大きさ (the checked radio)
    assert.equal(await page.evaluate(() => document.activeElement.id), 'pref-textSize-m');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-text-size')), 'l');
    const size = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    assert.ok(size > 16, `text is larger: ${size}px`);
    await page.keyboard.press('Tab'); // next group: 色
    assert.equal(await page.evaluate(() => document.activeElement.id), 'pref-scheme-default');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-scheme')), 'contrast');
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(0, 0, 0)');
    await page.keyboard.press('Escape');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.ok(await toggle.evaluate((b) => b === document.activeElement), 'Escape returns focus to the button');
    await page.goto(srv.url('plan/1/1/3/index.html'));
    assert.deepEqual(await page.evaluate(() => [document.documentElement.getAttribute('data-text-size'), document.documentElement.getAttribute('data-scheme')]), ['l', 'contrast']);
    await page.evaluate(() => localStorage.removeItem('tsunagu-prefs'));
  } finally { await page.close(); }
});

test('prefers-reduced-motion: reduce → nothing moves (transitions, animations, smooth scrolling)', async () => {
  const page = await browser.newPage();
  try {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const moving = [];
    for (const rel of KEY_PAGES) {
      await page.goto(srv.url(rel));
      await page.getByRole('button', { name: named('表示の設定') }).click(); // the panel's parts too
      const found = await page.evaluate(() => {
        const out = [];
        const secs = (v) => v.split(',').map((x) => parseFloat(x) * (x.trim().endsWith('ms') ? 0.001 : 1));
        for (const el of [document.documentElement, ...document.querySelectorAll('body, body *')]) {
          for (const pseudo of [null, '::before', '::after']) {
            const cs = getComputedStyle(el, pseudo);
            const d = `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\s+/g, '.') : ''}${pseudo || ''}`;
            if (cs.transitionProperty !== 'none' && secs(cs.transitionDuration).some((s) => s > 0)) out.push(`${d}: transition ${cs.transitionProperty} ${cs.transitionDuration}`);
            if (cs.animationName !== 'none') out.push(`${d}: animation ${cs.animationName}`);
            if (cs.scrollBehavior === 'smooth') out.push(`${d}: scroll-behavior smooth`);
          }
        }
        return out;
      });
      moving.push(...found.map((f) => `${rel}: ${f}`));
    }
    assert.deepEqual(moving, []);
    // and with reduce on, the CSS really switches them off: the reduce rule is in effect
    assert.equal(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches), true);
  } finally { await page.close(); }
});

test('the settings panel stays on the screen of a phone, with 特大 and furigana', async () => {
  for (const width of [320, 360, 414]) {
    const page = await browser.newPage();
    try {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(srv.url('index.html'));
      await page.evaluate(() => localStorage.setItem('tsunagu-prefs', JSON.stringify({ textSize: 'xl', furigana: 'all' })));
      await page.goto(srv.url('index.html'));
      // (with furigana shown, the readings are part of the button's name)
      await page.locator('.settings-toggle').click();
      const box = await page.locator('#settings-panel').evaluate((e) => { const b = e.getBoundingClientRect(); return { left: b.left, right: b.right }; });
      assert.ok(box.left >= 0 && box.right <= width, `${width}px: the panel spans ${box.left}..${box.right}`);
      // and its first choice, 標準, can be pressed where it is
      await page.locator('#settings-panel input[type=radio]').first().click();
      assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-text-size')), 'm');
    } finally { await page.close(); }
  }
});

test('on a phone with 特大 and furigana, short lines break between phrases, not inside a word', async () => {
  const page = await browser.newPage();
  try {
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(srv.url('index.html'));
    await page.evaluate(() => localStorage.setItem('tsunagu-prefs', JSON.stringify({ textSize: 'xl', furigana: 'all' })));
    await page.goto(srv.url('index.html'));
    // the base text of each line an element is laid out in (readings left out)
    const lines = (selector, nth = 0) => page.locator(selector).nth(nth).evaluate((el) => {
      const out = [];
      let top = null;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
        acceptNode: (n) => (n.parentElement.closest('rt, rp') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
      });
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        for (let i = 0; i < n.length; i++) {
          const r = document.createRange();
          r.setStart(n, i); r.setEnd(n, i + 1);
          const rect = r.getClientRects()[0];
          if (!rect || !n.data[i].trim()) continue;
          if (top === null || rect.top > top + rect.height / 2) { out.push(''); top = rect.top; }
          out[out.length - 1] += n.data[i];
        }
      }
      return out;
    });
    // (was 「鳥取市 地域福祉ポー｜タル」 and 「やさしい日本語のペー｜ジ」)
    assert.deepEqual(await lines('.site-title a'), ['鳥取市', '地域福祉ポータル']);
    assert.deepEqual(await lines('.lang-switch a'), ['やさしい日本語の', 'ページ']);
    // a time, a date or a count of a place's opening days is never broken (was 「10｜時〜15時」,
    // 「13時30分〜15｜時30分」, 「（12｜月29日〜1月3日）」)
    await page.goto(srv.url('resources/kinds/salon/index.html'));
    const kept = page.locator('main .resource-hours .nw');
    const n = await kept.count();
    assert.ok(n > 50, `${n} kept pieces`);
    const broken = [];
    for (let i = 0; i < n; i++) {
      const l = await lines('main .resource-hours .nw', i);
      if (l.length !== 1) broken.push(l.join('｜'));
    }
    assert.deepEqual(broken, []);
  } finally {
    await page.evaluate(() => localStorage.removeItem('tsunagu-prefs')).catch(() => {});
    await page.close();
  }
});

test('on a phone, the way out of a page about abuse stays on the screen and hides no focused element', async () => {
  const page = await browser.newPage();
  try {
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(srv.url('index.html'));
    await page.evaluate(() => localStorage.setItem('tsunagu-prefs', JSON.stringify({ textSize: 'xl', furigana: 'all' })));
    await page.goto(srv.url('navi/abuse/index.html'));
    const exit = page.locator('.quick-exit a');
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height > 3 * 640, `the page is ${height} px tall: long enough to need this`);
    // at the end of the page it is still on the screen
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const box = await exit.boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 640, JSON.stringify(box));
    // every Tab stop after it is shown below it or beside it, never under it: going down the
    // page, and back up it with Shift+Tab (the focused element then scrolls in at the top)
    await page.evaluate(() => window.scrollTo(0, 0));
    await exit.focus();
    const hidden = [];
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press(i < 200 ? 'Tab' : 'Shift+Tab');
      const step = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body || el.closest('.quick-exit')) return { done: true };
        const r = el.getBoundingClientRect();
        const x = r.left + r.width / 2, y = r.top + Math.min(r.height / 2, 10);
        const top = document.elementFromPoint(x, y);
        const covered = !!top && !!top.closest('.quick-exit') && !el.closest('.quick-exit');
        return { done: false, covered, what: (el.textContent || '').trim().slice(0, 30) };
      });
      if (step.done && i < 200) { i = 199; continue; }
      if (step.done) break;
      if (step.covered) hidden.push(step.what);
    }
    assert.deepEqual(hidden, []);
  } finally {
    await page.evaluate(() => localStorage.removeItem('tsunagu-prefs')).catch(() => {});
    await page.close();
  }
});

test('on a phone the main navigation folds behind メニュー: keyboard opens it, Escape folds it; wide screens and no JavaScript show every link', async () => {
  const linkNames = async (page) => page.locator('.site-nav ul a').evaluateAll((as) => as.filter((a) => a.getClientRects().length > 0).map((a) => a.textContent));
  const page = await browser.newPage();
  try {
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(srv.url('index.html'));
    await page.evaluate(() => localStorage.removeItem('tsunagu-prefs'));
    await page.goto(srv.url('plan/1/1/3/index.html'));
    const all = await page.locator('.site-nav ul a').count();
    assert.ok(all >= 5, `nav links: ${all}`);
    const menu = page.getByRole('button', { name: named('メニュー') });
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    assert.deepEqual(await linkNames(page), [], 'folded: no link of the menu shows');
    const h1 = await page.locator('h1').evaluate((e) => e.getBoundingClientRect().top);
    assert.ok(h1 < 640, `the page heading starts on the first screen: ${h1}px`);
    for (let i = 0; i < 20 && !(await menu.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
    assert.ok(await menu.evaluate((b) => b === document.activeElement), 'Tab reaches メニュー');
    await page.keyboard.press('Enter');
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    assert.equal((await linkNames(page)).length, all, 'open: every link shows');
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.activeElement.closest('.site-nav ul') !== null), 'the next Tab is the first link');
    await page.keyboard.press('Escape');
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    assert.ok(await menu.evaluate((b) => b === document.activeElement), 'Escape returns focus to メニュー');
    assert.deepEqual(await linkNames(page), []);
    // a desktop window: no button, every link
    await page.setViewportSize({ width: 1280, height: 800 });
    assert.equal(await menu.isVisible(), false);
    assert.equal((await linkNames(page)).length, all);
  } finally { await page.close(); }
  const nojs = await launchChromium({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } });
  try {
    await nojs.page.goto(srv.url('plan/1/1/3/index.html'));
    assert.equal(await nojs.page.locator('.menu-toggle').count(), 0);
    const shown = await nojs.page.locator('.site-nav ul a').evaluateAll((as) => as.filter((a) => a.getClientRects().length > 0).length);
    assert.ok(shown >= 5, `without JavaScript every link shows: ${shown}`);
  } finally { await nojs.close(); }
});

test('表示の設定 closes from its 閉じる button and by Escape on the button itself', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(srv.url('index.html'));
    await page.evaluate(() => localStorage.removeItem('tsunagu-prefs'));
    await page.goto(srv.url('index.html'));
    const toggle = page.getByRole('button', { name: named('表示の設定') });
    await toggle.click();
    assert.equal(await page.locator('#settings-panel').isVisible(), true);
    await page.locator('#settings-panel').getByRole('button', { name: named('閉じる') }).click();
    assert.equal(await page.locator('#settings-panel').isVisible(), false);
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.ok(await toggle.evaluate((b) => b === document.activeElement), '閉じる returns focus to the button');
    await toggle.press('Enter');
    assert.equal(await page.locator('#settings-panel').isVisible(), true);
    await toggle.press('Escape');
    assert.equal(await page.locator('#settings-panel').isVisible(), false);
  } finally { await page.close(); }
});

test('print in 白黒反転 and ダーク: dark text on white paper, as in the default colours', async () => {
  for (const scheme of ['contrast', 'dark']) {
    const page = await browser.newPage();
    try {
      await page.goto(srv.url('index.html'));
      await page.evaluate((s) => localStorage.setItem('tsunagu-prefs', JSON.stringify({ scheme: s })), scheme);
      await page.goto(srv.url('resources/konkyu-foodbank/index.html'));
      assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-scheme')), scheme);
      await page.emulateMedia({ media: 'print' });
      const light = await page.evaluate(() => {
        // relative luminance of a computed rgb() colour
        const lum = (c) => {
          const [r, g, b] = c.match(/[\d.]+/g).slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        return [...document.querySelectorAll('main *')]
          .filter((e) => e.offsetParent !== null && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
          .filter((e) => lum(getComputedStyle(e).color) > 0.2)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${getComputedStyle(e).color} 「${e.textContent.trim().slice(0, 20)}」`);
      });
      assert.deepEqual(light, [], `${scheme}: text too light for paper`);
    } finally { await page.close(); }
  }
});

test('print: no navigation or controls, URLs after external links, readable type', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(srv.url('resources/konkyu-foodbank/index.html'));
    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() => {
      const sel = ['.skip-link', '.site-nav', '.header-search', '#settings', '.breadcrumbs', '.site-footer', '.read-aloud', '.lang-switch'];
      return sel.flatMap((s) => [...document.querySelectorAll(s)].filter((e) => getComputedStyle(e).display !== 'none').map(() => s));
    });
    assert.deepEqual(shown, [], 'hidden in print');
    const body = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    assert.ok(body >= 16, `body text at least 12pt (16px) in print: ${body}px`);
    const links = await page.evaluate(() => [...document.querySelectorAll('main a[href^="http"]')].slice(0, 20)
      .map((a) => ({ href: a.getAttribute('href'), after: getComputedStyle(a, '::after').content })));
    assert.ok(links.length > 0, 'the page has external links to check');
    for (const l of links) assert.ok(l.after.includes(l.href), `URL printed after the link to ${l.href}: ${l.after}`);
    const inner = await page.evaluate(() => getComputedStyle(document.querySelector('main a:not([href^="http"]):not([href^="tel"]):not([href^="mailto"])'), '::after').content);
    assert.equal(inner, 'none', 'links inside the site are not followed by a relative path');
  } finally { await page.close(); }
});
