// The directory's JavaScript enhancements, on the base fixture site (tests/fixtures/base),
// whose schedules are known:
//   北A地区サロン: 第2・第4土曜 11:00–14:00, closed on holidays; at 35.50, 134.20
//   南圏域サロン: every Wednesday 10:00–12:00; at 35.40, 134.25
//   テスト市総合相談窓口: Mon–Fri 8:30–17:15, closed on holidays and 12/29–1/3; no position
// Expected answers are worked out by hand from the calendar of November 2026 (the 1st is a
// Sunday): Sat 14th = 2nd Saturday; Mon 16th a weekday; Mon 23rd 勤労感謝の日.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { sitesFromEnv, startServer, launchChromium, named, plainText, waitForPlainText } from './lib.mjs';

const entry = sitesFromEnv().find((s) => s.name === 'base');
const site = entry?.dir;

test('the base fixture site was built', () => {
  assert.ok(entry, 'SITES must include the base fixture (target/sites/base)');
  assert.equal(entry.error, null);
});

async function withPage(fn, { geolocation } = {}) {
  const srv = await startServer(site);
  const browser = await launchChromium();
  try {
    if (geolocation) {
      await browser.context.grantPermissions(['geolocation']);
      await browser.context.setGeolocation(geolocation);
    }
    const page = await browser.newPage();
    await fn(page, srv.base);
  } finally {
    await browser.close();
    await srv.close();
  }
}

async function visibleNames(page) {
  // innerText, not textContent: the page's automatic readings (<rt>, hidden) are left out.
  return page.$$eval('main li.resource:not([hidden]) .resource-name a', (as) => as.map((a) => a.innerText.trim()));
}

for (const [when, expected] of [
  ['2026-11-14T10:00:00+09:00', ['北A地区サロン（サンプル）']],
  ['2026-11-16T10:00:00+09:00', ['テスト市総合相談窓口（サンプル）']],
  ['2026-11-18T10:00:00+09:00', ['南圏域サロン（サンプル）', 'テスト市総合相談窓口（サンプル）']],
  ['2026-11-23T10:00:00+09:00', []],
]) {
  test(`今日ひらいている on ${when.slice(0, 10)}`, async () => {
    await withPage(async (page, base) => {
      await page.clock.setFixedTime(new Date(when));
      await page.goto(base + 'resources/index.html');
      await page.getByRole('radio', { name: named('今日ひらいている') }).check();
      const names = await visibleNames(page);
      assert.deepEqual(names.sort(), [...expected].sort());
      await assert.doesNotReject(waitForPlainText(page, '.tools-status[role=status]', new RegExp(`^${expected.length}件あります。$`)));
      // the headings' counts are of the places shown
      assert.equal(await page.locator('#all-places').evaluate(plainText), `すべての場所（${expected.length}件）`);
      const groups = await page.$$eval('main .kind-group:not([hidden])', (gs) => gs.map((g) => [Number(g.querySelector('.count-n').textContent), g.querySelectorAll('li.resource:not([hidden])').length]));
      assert.equal(groups.reduce((sum, [, n]) => sum + n, 0), expected.length);
      for (const [claimed, shown] of groups) assert.equal(claimed, shown);
    });
  });
}

test('今週ひらいている in the week of 2026-11-23 (Monday is a holiday)', async () => {
  await withPage(async (page, base) => {
    await page.clock.setFixedTime(new Date('2026-11-23T10:00:00+09:00'));
    await page.goto(base + 'resources/index.html');
    await page.getByRole('radio', { name: named('今週ひらいている') }).check();
    // Week 23–29: the window opens Tue–Fri, 南 on Wed 25th, 北A on Sat 28th (4th Saturday).
    assert.equal((await visibleNames(page)).length, 3);
    await page.getByLabel('すべて', { exact: true }).check();
    assert.equal((await visibleNames(page)).length, 3);
  });
});

test('近い順に並べる sorts by distance, only when asked, and stores nothing', async () => {
  await withPage(async (page, base) => {
    await page.goto(base + 'resources/kinds/salon/index.html');
    // By reading (キタ… before 南…) the list starts with 北A.
    assert.deepEqual(await visibleNames(page), ['北A地区サロン（サンプル）', '南圏域サロン（サンプル）']);
    await page.getByRole('button', { name: named('近い順に並べる') }).click();
    // (within each kind of place: the headings stay)
    await waitForPlainText(page, '.tools-status[role=status]', /^種類ごとに、近い順に並べかえました。$/);
    // Standing next to 南 (35.40, 134.25): it comes first; 北A is about 12 km away.
    assert.deepEqual(await visibleNames(page), ['南圏域サロン（サンプル）', '北A地区サロン（サンプル）']);
    const distances = await Promise.all((await page.locator('main .resource-distance').all()).map((p) => p.evaluate(plainText)));
    assert.match(distances[0], /^ここから約\d+m$/);
    assert.match(distances[1], /^ここから約1[12]\.\dkm$/);
    const stored = await page.evaluate(() => localStorage.length + sessionStorage.length + document.cookie.length);
    assert.equal(stored, 0);
  }, { geolocation: { latitude: 35.401, longitude: 134.251 } });
});

test('the quick-exit link leaves for its neutral page', async () => {
  await withPage(async (page, base) => {
    await page.goto(base + 'navi/abuse/index.html');
    const link = page.locator('a[data-quick-exit]');
    assert.equal(await link.innerText(), 'このページをすぐ閉じる');
    const href = await link.getAttribute('href');
    assert.match(href, /^https:\/\//);
    // External requests are blocked in tests: the request itself shows where it went.
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url() === href, { timeout: 5000 }),
      link.click(),
    ]);
    assert.equal(request.url(), href);
  });
});

// A place's page says whether it is open now, later today, or when it next opens. Worked
// out by hand: Wed 18 Nov 2026; Thu 19th; Sat 21st → Mon 23rd is 勤労感謝の日, so the
// 窓口 opens Tue 24th; Mon 28 Dec → 12/29–1/3 closed, Mon 4 Jan 2027; 北A closes on
// holidays, and its next 2nd/4th Saturday after Sat 28 Nov (4th) is 12 Dec. Times are
// written as the page's list of days writes them (10時, 8時30分).
test('a place page: open now, later today, or when it next opens', async () => {
  const cases = [
    ['salon-minami', '2026-11-18T10:30:00+09:00', 'いま、ひらいています（12時まで）。'],
    ['salon-minami', '2026-11-18T09:00:00+09:00', '今日は 10時〜12時 にひらきます。'],
    ['salon-minami', '2026-11-18T12:00:00+09:00', '今日の分は終わりました。次にひらくのは 11月25日（水） 10時〜12時 です。'],
    ['salon-minami', '2026-11-19T10:00:00+09:00', '今日はお休みです。次にひらくのは 11月25日（水） 10時〜12時 です。'],
    ['soudan-city', '2026-11-21T10:00:00+09:00', '今日はお休みです。次にひらくのは 11月24日（火） 8時30分〜17時15分 です。'],
    ['soudan-city', '2026-12-28T18:00:00+09:00', '今日の分は終わりました。次にひらくのは 1月4日（月） 8時30分〜17時15分 です。'],
    ['salon-kita-a', '2026-11-28T15:00:00+09:00', '今日の分は終わりました。次にひらくのは 12月12日（土） 11時〜14時 です。'],
    ['salon-kita-a', '2026-11-30T23:59:00+09:00', '今日はお休みです。次にひらくのは 12月12日（土） 11時〜14時 です。'],
  ];
  await withPage(async (page, base) => {
    for (const [id, when, expected] of cases) {
      await page.clock.setFixedTime(new Date(when));
      await page.goto(`${base}resources/${id}/index.html`);
      const text = await waitForPlainText(page, 'main .open-status:not([hidden])', /。$/);
      assert.equal(text.replace(/\s+/g, ' ').trim(), expected, `${id} at ${when}`);
    }
    // the dates carry their readings: 1日 is ついたち, not いちにち
    await page.clock.setFixedTime(new Date('2026-11-27T12:00:00+09:00'));
    await page.evaluate(() => localStorage.setItem('tsunagu-prefs', JSON.stringify({ furigana: 'all' })));
    await page.goto(`${base}resources/salon-minami/index.html`);
    await waitForPlainText(page, 'main .open-status:not([hidden])', /12月2日/);
    const readings = await page.locator('main .open-status rt').allTextContents();
    assert.deepEqual(readings.slice(0, 4), ['きょう', 'やす', 'つぎ', 'がつ'], readings.join(' '));
    assert.ok(readings.includes('ふつか') && readings.includes('すい'), readings.join(' '));
    // times as the list of days writes them, 時 read じ (alone it is とき), and 分 ぷん or
    // ふん by the digit before it: 8時30分 はちじさんじゅっぷん, 17時15分 じゅうしちじじゅうごふん
    await page.clock.setFixedTime(new Date('2026-11-21T10:00:00+09:00'));
    await page.goto(`${base}resources/soudan-city/index.html`);
    await waitForPlainText(page, 'main .open-status:not([hidden])', /17時15分/);
    const times = await page.locator('main .open-status').evaluate((e) =>
      [...e.querySelectorAll('ruby')].map((r) => r.firstChild.textContent + ':' + r.querySelector('rt').textContent));
    assert.deepEqual(times.slice(-4), ['時:じ', '分:ぷん', '時:じ', '分:ふん'], times.join(' '));
    await page.evaluate(() => localStorage.removeItem('tsunagu-prefs'));
  });
  // without JavaScript the line is absent, and the opening days are still listed
  const nojs = await launchChromium({ javaScriptEnabled: false });
  const srv = await startServer(site);
  try {
    await nojs.page.goto(`${srv.base}resources/salon-minami/index.html`);
    assert.equal(await nojs.page.locator('main .open-status').isVisible(), false);
    assert.match(await nojs.page.locator('main .facts').evaluate(plainText), /毎週 水曜日/);
  } finally { await nojs.close(); await srv.close(); }
});
