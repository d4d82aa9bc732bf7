// Furigana in the browser: off by default and hidden from assistive technology; switched
// by keyboard in the 表示の設定 panel; remembered across pages; axe-clean in every mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { sitesFromEnv, startServer, launchChromium, axeSource, named } from './lib.mjs';

const entry = sitesFromEnv().find((s) => s.name === 'tottori');
const PAGE = 'plan/1/1/3/index.html';

async function withBrowser(fn) {
  const srv = await startServer(entry.dir);
  const browser = await launchChromium();
  try {
    await fn(browser, srv.base);
  } finally {
    await browser.close();
    await srv.close();
  }
}

test('the example site was built with readings', () => {
  assert.ok(entry && !entry.error, 'SITES must include the tottori site');
  const html = fs.readFileSync(`${entry.dir}/${PAGE}`, 'utf8');
  assert.match(html, /<ruby data-g="\d">[^<]+<rp>（<\/rp><rt>[ぁ-ゖー]+<\/rt><rp>）<\/rp><\/ruby>/);
});

test('off by default: readings are not displayed and not in the accessibility tree', async () => {
  await withBrowser(async (browser, base) => {
    const page = await browser.newPage();
    await page.goto(base + PAGE);
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-furigana')), null);
    const shown = await page.$$eval('rt', (rts) => rts.filter((rt) => getComputedStyle(rt).display !== 'none').length);
    assert.equal(shown, 0);
    // The heading is read once, as its base text, in Chromium's own accessibility tree
    // (what screen readers get; Playwright's ariaSnapshot computes names differently).
    const cdp = await browser.context.newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const h1 = nodes.find((n) => n.role?.value === 'heading');
    assert.equal(h1.name.value, '（３） 地区を単位とする福祉活動の充実');
    assert.ok(!nodes.some((n) => /^(ちく|たんい|ふくし)$/.test(n.name?.value ?? '')), 'no reading is exposed');
  });
});

test('switched by keyboard, applied at once, remembered on the next page', async () => {
  await withBrowser(async (browser, base) => {
    const page = await browser.newPage();
    await page.goto(base + PAGE);
    await page.getByRole('button', { name: named('表示の設定') }).focus();
    // found by its name above; the name changes once its own readings are shown
    const toggle = page.locator('.settings-toggle');
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await page.getByRole('radio', { name: named('なし') }).focus();
    await page.keyboard.press('ArrowRight'); // → すべての漢字
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-furigana')), 'all');
    const shown = await page.$$eval('main rt', (rts) => rts.filter((rt) => getComputedStyle(rt).display !== 'none').length);
    assert.ok(shown > 10, `readings shown: ${shown}`);
    // the scripts' own words too (assets/ui-text.js): 表示[ひょうじ]の設定[せってい],
    // the panel's すべての漢字[かんじ], 読[よ]み上[あ]げ; shown like the page's
    assert.deepEqual(await toggle.locator('rt').allTextContents(), ['ひょうじ', 'せってい']);
    assert.deepEqual(await page.locator('label[for=pref-furigana-all] rt').allTextContents(), ['かんじ']);
    assert.deepEqual(await page.locator('.read-aloud button').first().locator('rt').allTextContents(), ['よ', 'あ']);
    assert.notEqual(await toggle.locator('rt').first().evaluate((rt) => getComputedStyle(rt).display), 'none');
    await page.keyboard.press('Escape');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    // Next page: the setting is applied before the first paint (prefs.js in <head>).
    await page.goto(base + 'index.html', { waitUntil: 'commit' });
    await page.waitForSelector('body');
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-furigana')), 'all');
  });
});

test('readings over small text (badges, meta lines) are no smaller than half the root size', async () => {
  await withBrowser(async (browser, base) => {
    const page = await browser.newPage();
    // the plan page has （変更） badges, the home page a 新着 badge and the news list's dates
    for (const rel of [PAGE, 'index.html', 'glossary/index.html']) {
      await page.goto(base + rel);
      await page.evaluate(() => document.documentElement.setAttribute('data-furigana', 'all'));
      const { floor, small } = await page.evaluate(() => {
        const floor = parseFloat(getComputedStyle(document.documentElement).fontSize) / 2;
        const small = [...document.querySelectorAll('rt')]
          .filter((rt) => getComputedStyle(rt).display !== 'none')
          .map((rt) => [rt.textContent, parseFloat(getComputedStyle(rt).fontSize), rt.closest('[class]')?.className])
          .filter(([, size]) => size < floor - 0.01);
        return { floor, small };
      });
      assert.deepEqual(small, [], `${rel}: readings smaller than ${floor}px`);
    }
  });
});

test('grade mode shows readings only for kanji above that grade', async () => {
  await withBrowser(async (browser, base) => {
    const page = await browser.newPage();
    await page.goto(base + PAGE);
    await page.evaluate(() => document.documentElement.setAttribute('data-furigana', '6'));
    const visible = await page.$$eval('main ruby', (rs) => rs
      .filter((r) => getComputedStyle(r.querySelector('rt')).display !== 'none')
      .map((r) => r.getAttribute('data-g')));
    assert.ok(visible.length > 0);
    assert.ok(visible.every((g) => g === '7'), `only beyond grade 6: ${[...new Set(visible)]}`);
  });
});

test('axe finds nothing with readings on, in every mode', async () => {
  await withBrowser(async (browser, base) => {
    const page = await browser.newPage();
    const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
    const failures = [];
    for (const rel of [PAGE, 'index.html', 'resources/index.html']) {
      for (const mode of ['all', '1', '2', '3', '4', '5', '6']) {
        await page.goto(base + rel);
        await page.evaluate((m) => document.documentElement.setAttribute('data-furigana', m), mode);
        await page.evaluate(axeSource());
        const r = await page.evaluate((t) => window.axe.run(document, { runOnly: { type: 'tag', values: t } }), tags);
        for (const v of r.violations) failures.push(`${rel} [${mode}] ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});
