// axe-core accessibility check of every .html page of every built site, in the default
// display settings and in three more combinations that together cover every colour scheme
// (標準 / 白黒反転 / ダーク / the system's dark setting), every text size (標準 / 大 / 特大)
// and furigana (なし / すべて / grade modes) — a pairwise design instead of all 36
// combinations. Two of them run at 320 CSS px wide (a phone, or 400 % zoom of a 1280 px
// window) and also check reflow (WCAG 1.4.10): no horizontal scrolling.
// One test per page and combination, named "axe <site>/<page> [settings]": zero WCAG 2.x
// A/AA violations, no failed request and no console error while loading.
// Every site gets the default settings on every page, and the other combinations on one
// page of each kind (first folder and depth) and every fifth page besides: the display
// settings change the theme's CSS, which every page of a kind shares. (Every combination
// on every page of the example portal took 615 s of a 28.7-minute CI run on 2 cores; this
// keeps the whole test command well under 30 minutes.)
// Per-page counts go to target/a11y-results/<site>.axe.json for the 試験結果 page.
//   SITES=dir1,dir2 node --test a11y.test.mjs
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sitesFromEnv, listHtml, startServer, launchChromium, watchPage, axeSource, recordResults } from './lib.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const sites = sitesFromEnv();
const AXE = axeSource();
const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 320, height: 640 };

// prefs: what settings.js stores in localStorage 'tsunagu-prefs' (see prefs.js); attrs: what
// prefs.js must then have set on <html> before the page was painted.
const COMBOS = [
  { name: '標準', prefs: null, colorScheme: 'light', viewport: WIDE,
    attrs: { 'data-scheme': null, 'data-text-size': null, 'data-furigana': null } },
  { name: '白黒反転・大・ふりがなすべて', prefs: { scheme: 'contrast', textSize: 'l', furigana: 'all' }, colorScheme: 'light', viewport: WIDE,
    attrs: { 'data-scheme': 'contrast', 'data-text-size': 'l', 'data-furigana': 'all' } },
  { name: 'ダーク・特大・ふりがな3年・幅320px', prefs: { scheme: 'dark', textSize: 'xl', furigana: '3' }, colorScheme: 'light', viewport: NARROW, reflow: true,
    attrs: { 'data-scheme': 'dark', 'data-text-size': 'xl', 'data-furigana': '3' } },
  { name: 'OSのダーク設定・標準・ふりがな1年・幅320px', prefs: { textSize: 'm', furigana: '1' }, colorScheme: 'dark', viewport: NARROW, reflow: true,
    attrs: { 'data-scheme': null, 'data-text-size': 'm', 'data-furigana': '1' } },
];

// Horizontal overflow at the current width: the document must not scroll sideways, and no
// element may stick out of the viewport, except inside a labelled, keyboard-focusable
// scroll region (role=region, tabindex, a name), where a wide table may scroll on its own.
function reflowProblems() {
  const html = document.documentElement;
  const vw = html.clientWidth;
  const out = [];
  if (html.scrollWidth > vw) out.push(`document is ${html.scrollWidth}px wide in a ${vw}px viewport`);
  const allowed = (el) => {
    const r = el.closest('[role=region][tabindex]');
    return !!(r && (r.getAttribute('aria-label') || r.getAttribute('aria-labelledby')) && /auto|scroll/.test(getComputedStyle(r).overflowX));
  };
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const cs = getComputedStyle(p);
      if (/hidden|clip/.test(cs.overflowX) && p.getBoundingClientRect().right <= vw + 0.5) return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (!el.checkVisibility()) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > vw + 0.5 || r.left < -0.5) {
      if (allowed(el) || clipped(el)) continue;
      const cs = getComputedStyle(el);
      if (cs.position === 'absolute' && (r.right < 0 || r.bottom < 0 || r.left > vw)) continue; // off-screen (skip link)
      let d = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '');
      out.push(`${d} spans ${Math.round(r.left)}..${Math.round(r.right)}px`);
      if (out.length > 8) break;
    }
  }
  return out;
}

let browser;
// Two tabs of one browser (same localStorage): axe runs on two pages at a time, one per core.
let pool = [];
before(async () => {
  browser = await launchChromium();
  const second = await browser.page.context().newPage();
  pool = [browser.page, second].map((page) => ({ page, watch: watchPage(page), busy: false }));
});
const waiting = [];
/** Run `fn(page, watch)` on a free tab, waiting for one if both are busy. */
async function withTab(fn) {
  let slot;
  while (!(slot = pool.find((s) => !s.busy))) await new Promise((r) => waiting.push(r));
  slot.busy = true;
  try {
    return await fn(slot.page, slot.watch);
  } finally {
    slot.busy = false;
    waiting.shift()?.();
  }
}
after(async () => { await browser?.close(); });

/** One page per (first folder, depth) — a page of each kind the theme renders — and every fifth page. */
function pagesOfEachKind(pages) {
  const seen = new Set();
  return pages.filter((rel, i) => {
    const parts = rel.split('/');
    const key = `${parts.length > 1 ? parts[0] : ''}:${parts.length}`;
    const first = !seen.has(key);
    seen.add(key);
    return first || i % 5 === 0;
  });
}

for (const site of sites) {
  if (site.error) {
    test(`axe ${site.name}: site exists`, () => assert.fail(site.error));
    continue;
  }
  const results = new Map(); // rel -> {title, axe} (violations over every combination)
  const pages = listHtml(site.dir);
  describe(`axe ${site.name}`, () => {
    let srv;
    before(async () => { srv = await startServer(site.dir); });
    after(async () => {
      await srv?.close();
      recordResults(site, 'axe', {
        axeVersion: browser ? await browser.page.evaluate(() => window.axe?.version ?? null).catch(() => null) : null,
        combinations: COMBOS.map((c) => c.name),
        complete: [...results.keys()].length === pages.length,
        pages: Object.fromEntries(results),
      });
    });

    for (const combo of COMBOS) {
      describe(`axe ${site.name} [${combo.name}]`, { concurrency: 2 }, () => {
        before(async () => {
          for (const { page: tab } of pool) {
            await tab.setViewportSize(combo.viewport);
            await tab.emulateMedia({ colorScheme: combo.colorScheme });
          }
          const page = browser.page;
          await page.goto(srv.url(pages[0]), { waitUntil: 'load' });
          await page.evaluate((p) => {
            if (p) localStorage.setItem('tsunagu-prefs', JSON.stringify(p));
            else localStorage.removeItem('tsunagu-prefs');
          }, combo.prefs);
        });
        after(async () => {
          await browser.page.evaluate(() => localStorage.removeItem('tsunagu-prefs')).catch(() => {});
          for (const { page: tab } of pool) {
            await tab.setViewportSize(WIDE);
            await tab.emulateMedia({ colorScheme: 'light' });
          }
        });

        const tested = combo.prefs ? pagesOfEachKind(pages) : pages;
        for (const rel of tested) {
          const label = combo.prefs ? ` [${combo.name}]` : '';
          test(`axe ${site.name}/${rel}${label}`, { timeout: 60000 }, () => withTab(async (page, watch) => {
            const entry = results.get(rel) || { title: '', axe: 0 };
            results.set(rel, entry);
            entry.axe += 1; // counted as a failure until axe has run
            watch.reset();
            const resp = await page.goto(srv.url(rel), { waitUntil: 'load' });
            assert.ok(resp, `no response for ${rel}`);
            assert.equal(resp.status(), 200, `HTTP ${resp.status()} for ${rel}`);
            const attrs = await page.evaluate((names) => Object.fromEntries(names.map((n) => [n, document.documentElement.getAttribute(n)])), Object.keys(combo.attrs));
            assert.deepEqual(attrs, combo.attrs, 'display settings applied from localStorage');
            if (!entry.title) entry.title = (await page.title()).replace(/ \| [^|]*$/, '');
            await page.evaluate(AXE);
            const violations = await page.evaluate(async (tags) => {
              const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
              return r.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, summary: n.failureSummary })),
              }));
            }, TAGS);
            entry.axe += violations.reduce((n, v) => n + v.nodes.length, 0) - 1;
            const reflow = combo.reflow ? await page.evaluate(reflowProblems) : [];
            const problems = watch.problems();
            const lines = [];
            for (const v of violations) {
              lines.push(`[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
              for (const n of v.nodes.slice(0, 10)) lines.push(`    - ${n.target.join(' ')}  ${n.html.replace(/\s+/g, ' ').slice(0, 160)}`);
              if (v.nodes.length > 10) lines.push(`    … and ${v.nodes.length - 10} more`);
            }
            for (const r of reflow) lines.push(`reflow (WCAG 1.4.10, ${combo.viewport.width}px): ${r}`);
            for (const p of problems) lines.push(p);
            assert.ok(lines.length === 0,
              `${site.name}/${rel}${label}: ${violations.length} axe violation(s), ${reflow.length} reflow problem(s), `
              + `${problems.length} load problem(s)\n${lines.join('\n')}`);
          }));
        }
      });
    }
  });
}
