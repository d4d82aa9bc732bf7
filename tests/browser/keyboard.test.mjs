// Keyboard, structure, no-JavaScript and file:// checks on the home page and one deep
// page (the first page at least 3 folders deep, e.g. plan/1/1/1/index.html) of each site.
//   SITES=dir1,dir2 node --test keyboard.test.mjs
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sitesFromEnv, keyPages, startServer, launchChromium, watchPage, normalizeSpace } from './lib.mjs';

const TAB_STOPS = 10;
const sites = sitesFromEnv();

let browser; // JavaScript on
let noJs; // JavaScript off
let watch; // problems of browser.page
before(async () => {
  browser = await launchChromium();
  watch = watchPage(browser.page);
  noJs = await launchChromium({ javaScriptEnabled: false });
});
after(async () => { await browser?.close(); await noJs?.close(); });

// Helpers installed into each page as window.__kb (with Runtime.evaluate, which a page's
// Content-Security-Policy does not block, unlike <style> tags or eval()).
const HELPERS = `window.__kb = {
  // short description of an element, for messages
  describe(el) {
    if (!el) return '(none)';
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.classList && el.classList.length) s += '.' + [...el.classList].join('.');
    const href = el.getAttribute && el.getAttribute('href');
    if (href !== null && href !== undefined) s += '[href="' + href + '"]';
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').replace(/\\s+/g, ' ').trim().slice(0, 40);
    return text ? s + ' "' + text + '"' : s;
  },
  // focus-indicator related computed style
  style(el) {
    const cs = getComputedStyle(el);
    return { outlineStyle: cs.outlineStyle, outlineWidth: cs.outlineWidth, outlineColor: cs.outlineColor,
             outlineOffset: cs.outlineOffset, boxShadow: cs.boxShadow };
  },
  // freeze transitions/animations so that computed styles are final right after focusing
  noMotion() {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('*,*::before,*::after{transition:none!important;animation:none!important}');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  },
};`;

// The text of <main>, leaving out controls that scripts add on top of the content
// (marked data-js-only): the content itself must be the same with JavaScript off.
async function mainText(page) {
  return page.evaluate(() => {
    const m = document.querySelector('main');
    if (!m) return null;
    const hidden = [...m.querySelectorAll('[data-js-only]')];
    for (const el of hidden) el.setAttribute('hidden', '');
    const text = m.innerText;
    for (const el of hidden) el.removeAttribute('hidden');
    return text;
  });
}

for (const site of sites) {
  if (site.error) {
    test(`keyboard ${site.name}: site exists`, () => assert.fail(site.error));
    continue;
  }
  const { home, deep } = keyPages(site.dir, 3);
  describe(`keyboard ${site.name}`, () => {
    let srv;
    before(async () => { srv = await startServer(site.dir); });
    after(async () => { await srv?.close(); });

    test(`${site.name}: has a home page and a page ≥ 3 folders deep`, () => {
      assert.ok(home, `${site.dir} has no index.html at its top`);
      assert.ok(deep, `${site.dir} has no .html page at least 3 folders deep (e.g. plan/1/1/1/index.html)`);
    });

    for (const rel of [home, deep].filter(Boolean)) {
      const name = `${site.name}/${rel}`;
      const open = async (page = browser.page) => {
        const resp = await page.goto(srv.url(rel), { waitUntil: 'load' });
        assert.equal(resp?.status(), 200, `HTTP ${resp?.status()} for ${rel}`);
        await page.evaluate(HELPERS);
        return page;
      };

      test(`skip link ${name}: first Tab focuses a link to #main, Enter moves focus into <main id="main">`, async () => {
        const page = await open();
        const mains = await page.evaluate(() => [...document.querySelectorAll('main')].map((m) => m.id));
        assert.deepEqual(mains, ['main'], `expected exactly one <main id="main">, found ${JSON.stringify(mains)}`);
        await page.keyboard.press('Tab');
        const first = await page.evaluate(() => {
          const el = document.activeElement;
          return { tag: el?.tagName.toLowerCase(), href: el?.getAttribute('href'), desc: window.__kb.describe(el) };
        });
        assert.ok(first.tag === 'a' && first.href === '#main',
          `first Tab stop must be a skip link <a href="#main">, got ${first.desc}`);
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => location.hash === '#main', null, { timeout: 5000 }).catch(() => {});
        const after = await page.evaluate(() => {
          const el = document.activeElement;
          const main = document.getElementById('main');
          return { inside: !!(main && el && main.contains(el)), desc: window.__kb.describe(el), hash: location.hash };
        });
        assert.ok(after.inside,
          `after Enter on the skip link focus must be on or inside <main id="main"> (give it tabindex="-1"); `
          + `activeElement is ${after.desc}, location.hash=${JSON.stringify(after.hash)}`);
      });

      test(`focus indicator ${name}: first ${TAB_STOPS} Tab stops show a visible outline/box-shadow`, async () => {
        const page = await open();
        await page.evaluate(() => window.__kb.noMotion());
        const stops = [];
        for (let i = 0; i < TAB_STOPS; i++) {
          await page.keyboard.press('Tab');
          const handle = await page.evaluateHandle(() => document.activeElement);
          const info = await handle.evaluate((el) => {
            const r = el.getBoundingClientRect();
            const visible = (el.checkVisibility ? el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) : true)
              && r.width > 0 && r.height > 0
              && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
            return { isBody: el === document.body || el === document.documentElement,
              desc: window.__kb.describe(el), style: window.__kb.style(el), visible };
          });
          if (info.isBody) break; // ran past the last focusable element
          if (stops.length && await handle.evaluate((el, first) => el === first, stops[0].handle)) break; // wrapped
          stops.push({ handle, ...info });
        }
        assert.ok(stops.length > 0, 'Tab focused nothing');
        await page.evaluate(() => document.activeElement?.blur());
        const bad = [];
        for (const s of stops) {
          const un = await s.handle.evaluate((el) => window.__kb.style(el));
          const f = s.style;
          const outline = f.outlineStyle !== 'none' && parseFloat(f.outlineWidth) > 0
            && (f.outlineStyle !== un.outlineStyle || f.outlineWidth !== un.outlineWidth
              || f.outlineColor !== un.outlineColor || un.outlineStyle === 'none' || parseFloat(un.outlineWidth) === 0);
          const shadow = f.boxShadow !== 'none' && f.boxShadow !== un.boxShadow;
          if (!outline && !shadow) {
            bad.push(`${s.desc}: no focus indicator (focused outline: ${f.outlineStyle} ${f.outlineWidth} ${f.outlineColor}, `
              + `box-shadow: ${f.boxShadow}; unfocused outline: ${un.outlineStyle} ${un.outlineWidth}, box-shadow: ${un.boxShadow})`);
          }
          if (!s.visible) bad.push(`${s.desc}: focused but not visible on screen`);
        }
        assert.ok(bad.length === 0, `${bad.length} focus problem(s) among ${stops.length} Tab stops:\n${bad.join('\n')}`);
      });

      test(`headings ${name}: exactly one h1, no skipped level`, async () => {
        const page = await open();
        const hs = await page.evaluate(() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6,[role=heading]')]
          .filter((el) => !el.closest('[hidden],[aria-hidden="true"]') && (!el.checkVisibility || el.checkVisibility()))
          .map((el) => ({
            level: el.getAttribute('role') === 'heading' ? Number(el.getAttribute('aria-level') || 2) : Number(el.tagName[1]),
            text: (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 60),
          })));
        const outline = hs.map((h) => `h${h.level} ${h.text}`).join('\n  ');
        const h1 = hs.filter((h) => h.level === 1).length;
        assert.equal(h1, 1, `expected exactly one h1, found ${h1}; headings:\n  ${outline}`);
        const skips = [];
        let prev = 0;
        for (const h of hs) {
          if (h.level > prev + 1) skips.push(`h${prev || '(start)'} → h${h.level} "${h.text}"`);
          prev = h.level;
        }
        assert.ok(skips.length === 0, `heading level skipped (the first heading must be the h1):\n  ${skips.join('\n  ')}\nheadings:\n  ${outline}`);
      });

      test(`landmarks ${name}: banner, navigation, main, contentinfo`, async () => {
        const page = await open();
        const lm = await page.evaluate(() => {
          const scoped = 'article,aside,main,nav,section,[role=article],[role=complementary],[role=main],[role=navigation],[role=region]';
          const shown = (el) => !el.closest('[hidden],[aria-hidden="true"]') && (!el.checkVisibility || el.checkVisibility());
          const top = (sel, role) => [...document.querySelectorAll(`${sel}:not([role]), [role=${role}]`)]
            .filter(shown).filter((el) => el.getAttribute('role') === role || !el.parentElement.closest(scoped));
          return {
            banner: top('header', 'banner').length,
            navigation: [...document.querySelectorAll('nav:not([role]), [role=navigation]')].filter(shown).length,
            main: [...document.querySelectorAll('main:not([role]), [role=main]')].filter(shown).length,
            contentinfo: top('footer', 'contentinfo').length,
          };
        });
        const want = { banner: 1, navigation: '≥1', main: 1, contentinfo: 1 };
        const bad = Object.entries(want).filter(([k, v]) => (v === '≥1' ? lm[k] < 1 : lm[k] !== v))
          .map(([k, v]) => `${k}: expected ${v}, found ${lm[k]}`);
        assert.ok(bad.length === 0, `landmarks (header/nav/main/footer at top level): ${bad.join('; ')}`);
      });

      test(`no JavaScript ${name}: <main> has the same text with JavaScript off`, async () => {
        const withJs = normalizeSpace(await mainText(await open()));
        const page = await open(noJs.page);
        const without = normalizeSpace(await mainText(page));
        assert.ok(without.length > 0, `<main> is missing or empty without JavaScript`);
        if (without !== withJs) {
          let i = 0;
          while (i < without.length && without[i] === withJs[i]) i++;
          assert.fail(`<main> text differs with JavaScript off (first difference at char ${i}):\n`
            + `  JS on : …${withJs.slice(Math.max(0, i - 40), i + 80)}\n  JS off: …${without.slice(Math.max(0, i - 40), i + 80)}`);
        }
      });
    }

    test(`file:// ${site.name}: home page opens from disk and its first link in <main> leads to a page`, async () => {
      assert.ok(home, `${site.dir} has no index.html at its top`);
      const page = browser.page;
      watch.reset();
      const start = pathToFileURL(path.join(site.dir, home)).href;
      await page.goto(start, { waitUntil: 'load' });
      assert.ok(await page.evaluate(() => !!document.querySelector('main')), `${start} has no <main>`);
      const links = page.locator('main a[href]:not([href^="#"])');
      const n = await links.count();
      let link = null; let href = null;
      for (let i = 0; i < n; i++) {
        const l = links.nth(i);
        const ok = await l.evaluate((a) => a.protocol === 'file:' && a.checkVisibility() && a.getClientRects().length > 0);
        if (ok) { link = l; href = await l.getAttribute('href'); break; }
      }
      assert.ok(link, `no visible link to a local page inside <main> of ${start}`);
      await link.click();
      await page.waitForURL((u) => u.href !== start && !u.href.startsWith(start + '#'), { timeout: 10000 });
      await page.waitForLoadState('load');
      const url = page.url();
      const hasMain = await page.evaluate(() => !!document.querySelector('main'));
      assert.ok(hasMain, `clicking <a href="${href}"> opened ${url}, which has no <main> `
        + '(a folder listing? internal links must end in index.html)');
      const problems = watch.problems();
      assert.ok(problems.length === 0, `problems when browsing from file://:\n${problems.join('\n')}`);
    });
  });
}
