// 読み上げ (read-aloud.js) in the browser, with speechSynthesis replaced by a recorder
// (headless Chromium has no voices): the controls appear only where speech synthesis
// exists, work by keyboard alone, read the base text of <main> (never the ruby readings,
// even with furigana shown), and pass axe while shown.
//   SITES=dir node --test read-aloud.test.mjs   (needs the tottori site)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sitesFromEnv, startServer, launchChromium, axeSource, watchPage, plainText } from './lib.mjs';

const entry = sitesFromEnv().find((s) => s.name === 'tottori');
const PAGE = 'plan/1/1/3/index.html';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// A recording speechSynthesis: speak() queues, finish() ends the current utterance (the
// next one is then spoken by the page), calls are logged in order.
const STUB = `(() => {
  const log = [];
  const queue = [];
  let current = null;
  const fire = (u, type, extra) => { const e = Object.assign({ type, utterance: u }, extra || {}); u['on' + type]?.(e); };
  const next = () => { current = queue.shift() || null; if (current) fire(current, 'start'); };
  const synth = {
    speaking: false, paused: false, pending: false,
    getVoices: () => [{ name: 'English', lang: 'en-US', voiceURI: 'en' }, { name: '日本語', lang: 'ja-JP', voiceURI: 'ja' }],
    speak(u) { log.push({ call: 'speak', text: u.text, lang: u.lang, voice: u.voice?.lang ?? null }); queue.push(u); if (!current) next(); },
    pause() { log.push({ call: 'pause' }); this.paused = true; },
    resume() { log.push({ call: 'resume' }); this.paused = false; },
    cancel() {
      log.push({ call: 'cancel' });
      const dropped = [current, ...queue].filter(Boolean);
      queue.length = 0; current = null;
      for (const u of dropped) fire(u, 'error', { error: 'canceled' });
    },
    addEventListener() {}, removeEventListener() {},
  };
  class Utterance { constructor(text) { this.text = text; this.lang = ''; this.voice = null; } }
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = Utterance;
  window.__speech = {
    log,
    finish() { if (!current) return false; const u = current; current = null; fire(u, 'end'); if (!current) next(); return true; },
    current: () => current?.text ?? null,
  };
})();`;

const NO_SPEECH = `(() => {
  delete Window.prototype.speechSynthesis; delete window.speechSynthesis;
  delete window.SpeechSynthesisUtterance;
})();`;

let srv;
before(async () => { if (entry && !entry.error) srv = await startServer(entry.dir); });
after(async () => { await srv?.close(); });

async function withPage(init, fn) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.addInitScript(init);
    // furigana shown: the readings are on screen but must not be spoken
    await page.addInitScript(() => localStorage.setItem('tsunagu-prefs', JSON.stringify({ furigana: 'all' })));
    await fn(page, browser);
  } finally {
    await browser.close();
  }
}

// The 「読み上げ」 button, the group's first. Not by its name: these pages show furigana,
// and its readings are then part of it (as of every word on the page).
function playButton(page) {
  return page.locator('.read-aloud button').first();
}

// Tab until the element matching `selector` (inside the read-aloud group) has focus.
async function tabTo(page, name) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    const inGroup = await focused.evaluate((el) => !!el.closest('.read-aloud')).catch(() => false);
    const got = inGroup ? await focused.evaluate(plainText) : null;
    if (got === name) return;
  }
  assert.fail(`Tab never reached the 「${name}」 button`);
}

// The base text of <main>: what a sighted reader reads, without readings and without
// the controls scripts add.
const baseText = (page) => page.evaluate(() => {
  const m = document.querySelector('main').cloneNode(true);
  for (const el of m.querySelectorAll('rt, rp, [data-js-only]')) el.remove();
  const probe = document.createElement('div');
  probe.style.cssText = 'position:absolute;left:-99999px;width:60rem';
  probe.appendChild(m);
  document.body.appendChild(probe);
  const t = m.innerText;
  probe.remove();
  return t;
});

test('the example site is there', () => {
  assert.ok(entry && !entry.error, 'SITES must include the tottori site');
});

test('read-aloud: keyboard only, speaks the base text in ja-JP sentence by sentence, pause/resume/stop', async () => {
  await withPage(STUB, async (page) => {
    const watch = watchPage(page);
    await page.goto(srv.url(PAGE));
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-furigana')), 'all');
    const shownRt = await page.$$eval('main rt', (rts) => rts.filter((r) => getComputedStyle(r).display !== 'none').length);
    assert.ok(shownRt > 5, `readings shown on the page: ${shownRt}`);
    const group = page.getByRole('group', { name: '読み上げ' });
    assert.equal(await group.count(), 1);
    assert.equal(await group.getAttribute('data-js-only'), '');

    await tabTo(page, '読み上げ');
    await page.keyboard.press('Enter');
    const play = playButton(page);
    assert.equal(await play.getAttribute('aria-pressed'), 'true');
    const first = await page.evaluate(() => window.__speech.current());
    assert.ok(first, 'something is being spoken');
    // the sentence being read is highlighted (Chromium has the Custom Highlight API)
    const hl = await page.evaluate(() => {
      const h = CSS.highlights.get('tsunagu-reading');
      return h ? [...h][0].toString() : null;
    });
    assert.ok(hl && hl.replace(/\s+/g, '').length > 0, 'the sentence is highlighted');

    // pause and resume by keyboard (Space on the focused button)
    await page.keyboard.press('Tab');
    assert.equal(await page.locator(':focus').evaluate(plainText), '一時停止');
    await page.keyboard.press('Space');
    assert.equal(await page.locator(':focus').evaluate(plainText), '再開');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-pressed')), 'true');
    await page.keyboard.press('Space');
    assert.equal(await page.locator(':focus').evaluate(plainText), '一時停止');

    // let every sentence finish
    let n = 0;
    while (await page.evaluate(() => window.__speech.finish())) { n++; assert.ok(n < 5000, 'runaway'); }
    const log = await page.evaluate(() => window.__speech.log);
    const calls = log.map((l) => l.call);
    assert.ok(calls.indexOf('pause') > calls.indexOf('speak') && calls.indexOf('resume') > calls.indexOf('pause'),
      `pause then resume called: ${calls.filter((c) => c !== 'speak').join(', ')}`);
    const spoken = log.filter((l) => l.call === 'speak');
    assert.ok(spoken.length > 3, `one utterance per sentence (${spoken.length})`);
    assert.ok(spoken.every((s) => s.lang === 'ja-JP' && s.voice === 'ja-JP'), 'lang ja-JP and the Japanese voice');
    assert.ok(spoken.every((s) => !/。[^」』）)]/.test(s.text.trim())), 'no utterance holds two sentences');
    const squash = (s) => s.replace(/\s+/g, '');
    assert.equal(squash(spoken.map((s) => s.text).join('')), squash(await baseText(page)),
      'spoken text = the base text of <main>, in order, without readings');
    assert.equal(await play.getAttribute('aria-pressed'), 'false', 'back to idle after the last sentence');
    assert.equal(await page.evaluate(() => CSS.highlights.has('tsunagu-reading')), false, 'highlight removed at the end');

    // start again and stop with the 停止 button
    await play.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.locator(':focus').evaluate(plainText), '停止');
    await page.keyboard.press('Enter');
    const after = await page.evaluate(() => window.__speech.log.slice(-3).map((l) => l.call));
    assert.ok(after.includes('cancel'), `stop cancels speech: ${after}`);
    assert.equal(await play.getAttribute('aria-pressed'), 'false');
    assert.equal(await page.evaluate(() => CSS.highlights.has('tsunagu-reading')), false);
    assert.equal(await page.evaluate(() => window.__speech.current()), null);
    assert.deepEqual(watch.problems(), []);
  });
});

test('read-aloud: speech stops when the page is left', async () => {
  await withPage(STUB, async (page) => {
    await page.goto(srv.url(PAGE));
    await playButton(page).press('Enter');
    await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide')));
    const calls = await page.evaluate(() => window.__speech.log.map((l) => l.call));
    assert.equal(calls.at(-1), 'cancel');
  });
});

test('read-aloud: axe finds nothing with the controls shown, idle and while reading', async () => {
  await withPage(STUB, async (page) => {
    const failures = [];
    for (const rel of [PAGE, 'index.html']) {
      await page.goto(srv.url(rel));
      assert.equal(await page.locator('.read-aloud').count(), 1, `controls on ${rel}`);
      await page.evaluate(axeSource());
      for (const phase of ['idle', 'reading']) {
        if (phase === 'reading') await playButton(page).click();
        const r = await page.evaluate((t) => window.axe.run(document, { runOnly: { type: 'tag', values: t } }), TAGS);
        for (const v of r.violations) failures.push(`${rel} [${phase}] ${v.id}: ${v.nodes.map((x) => x.target.join(' ')).slice(0, 3).join(', ')}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});

test('read-aloud: no controls where the browser has no speech synthesis', async () => {
  await withPage(NO_SPEECH, async (page) => {
    const watch = watchPage(page);
    await page.goto(srv.url(PAGE));
    assert.equal(await page.evaluate(() => 'speechSynthesis' in window), false);
    await page.waitForSelector('#settings-panel', { state: 'attached' }); // deferred scripts ran
    assert.equal(await page.locator('.read-aloud').count(), 0);
    assert.deepEqual(watch.problems(), []);
  });
});
