// The search UI on the example portal: typing in the header form leads to the results,
// whose count is announced; works over http and from file://; axe-clean with results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { sitesFromEnv, startServer, launchChromium, axeSource, plainText, searchStatus, waitForPlainText } from './lib.mjs';

const entry = sitesFromEnv().find((s) => s.name === 'tottori');

async function searchFrom(page, startUrl, query) {
  await page.goto(startUrl);
  await page.locator('#header-q').fill(query);
  await page.locator('#header-q').press('Enter');
  return {
    status: await searchStatus(page),
    titles: await page.$$eval('#search-results li > a', (as) => as.map((a) => a.textContent)),
    hrefs: await page.$$eval('#search-results li > a', (as) => as.map((a) => a.href)),
    // per result, the text of each <mark> in its snippet (base text: no readings)
    marks: await page.$$eval('#search-results li', (lis) => lis.map((li) => [...li.querySelectorAll('.search-snippet mark')].map((m) => {
      const c = m.cloneNode(true);
      c.querySelectorAll('rt, rp').forEach((e) => e.remove());
      return c.textContent;
    }))),
    // per result, its snippet's text (base text: no readings)
    snippets: await page.$$eval('#search-results li', (lis) => lis.map((li) => {
      const s = li.querySelector('.search-snippet');
      if (!s) return '';
      const c = s.cloneNode(true);
      c.querySelectorAll('rt, rp').forEach((e) => e.remove());
      return c.textContent.trim();
    })),
  };
}

for (const via of ['http', 'file']) {
  test(`searching 地域食堂 from the home page over ${via}`, async () => {
    assert.ok(entry && !entry.error, 'SITES must include the tottori site');
    const srv = via === 'http' ? await startServer(entry.dir) : null;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const start = via === 'http' ? srv.base + 'index.html' : pathToFileURL(`${entry.dir}/index.html`).href;
      const r = await searchFrom(page, start, '地域食堂');
      assert.match(r.status, /^\d+件見つかりました$/);
      // the tab's title names the search and its count (what a screen reader says first)
      const count = r.status.match(/^(\d+)件/)[1];
      assert.match(await page.title(), new RegExp(`^「地域食堂」の検索結果（${count}件） \\| サイト内検索 \\| `));
      // The 地域食堂 measure (plan/1/2/2) is among the first results.
      assert.ok(r.hrefs.slice(0, 5).some((h) => h.includes('plan/1/2/2/index.html')), r.titles.join(' / '));
      // Results lead somewhere real.
      await page.goto(r.hrefs[0]);
      assert.equal(await page.locator('main').count(), 1);
    } finally {
      await browser.close();
      if (srv) await srv.close();
    }
  });
}

test('a hiragana query finds and marks kanji text, a deep match gets an excerpt, and no hits are announced too', async () => {
  const srv = await startServer(entry.dir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const r = await searchFrom(page, srv.base + 'index.html', 'ちいきしょくどう');
    assert.match(r.status, /件見つかりました/);
    const measure = r.hrefs.findIndex((h) => h.includes('plan/1/2/2/index.html'));
    assert.ok(measure >= 0 && measure < 5, r.titles.join(' / '));
    // its text begins 「社会的孤立防止、…を担う地域食堂が…」: the kanji the kana query found are
    // marked, by the readings of their words
    assert.deepEqual(r.marks[measure], ['地域食堂']);
    assert.ok(r.marks.filter((m) => m.includes('地域食堂')).length >= 5, JSON.stringify(r.marks));
    // a kanji query marks them by their own characters (and its bigram 地域 in 地域づくり)
    const kanji = await searchFrom(page, srv.base + 'index.html', '地域食堂');
    const marks = kanji.marks[kanji.hrefs.findIndex((h) => h.includes('plan/1/2/2/index.html'))];
    assert.ok(marks.includes('地域食堂'), JSON.stringify(marks));
    // a kanji query found deep in a text: the snippet becomes an excerpt around it
    const deep = await searchFrom(page, srv.base + 'index.html', '民生委員');
    const carers = deep.hrefs.findIndex((h) => h.includes('plan/2/1/4/index.html'));
    assert.ok(carers >= 0, deep.titles.join(' / '));
    assert.ok(!deep.titles[carers].includes('民生委員'), deep.titles[carers]);
    assert.ok(deep.marks[carers].includes('民生委員'), JSON.stringify(deep.marks[carers]));
    // and so is a hiragana one: the excerpt's words have their readings
    const kana = await searchFrom(page, srv.base + 'index.html', 'みんせいいいん');
    const kanaCarers = kana.hrefs.findIndex((h) => h.includes('plan/2/1/4/index.html'));
    assert.ok(kanaCarers >= 0, kana.titles.join(' / '));
    assert.ok(kana.marks[kanaCarers].includes('民生委員'), JSON.stringify(kana.marks[kanaCarers]));
    // An excerpt begins where a reader can: not inside a word, not on a space or on the
    // marker the sentence before ended with. plan/1/1/3 says 「…孤立しがちなひとり暮らし
    // 高齢者や障がい者をはじめとする住民の生活課題の発見と見守り支援活動が…」 with no 。 or 、
    // near 見守り: the excerpt began 「…い者をはじめとする」.
    const watch = await searchFrom(page, srv.base + 'index.html', '見守り');
    const network = watch.hrefs.findIndex((h) => h.includes('plan/1/1/3/index.html'));
    assert.ok(network >= 0, watch.titles.join(' / '));
    assert.match(watch.snippets[network], /^…障がい者をはじめとする住民の/);
    // plan/2/1/4: 「…努めます。（変更） 民生委員・児童委員、…」
    assert.match(deep.snippets[carers], /^…民生委員・児童委員、/);
    for (const s of [...watch.snippets, ...deep.snippets]) {
      assert.doesNotMatch(s, /^…[\s（]/, s);
    }
    // a match on the last lines of the example's longest page (plan/4/6, past its first
    // 2,000 characters) gets an excerpt as well
    const last = await searchFrom(page, srv.base + 'index.html', '少年鑑別支所');
    const juvenile = last.hrefs.findIndex((h) => h.includes('plan/4/6/index.html'));
    assert.ok(juvenile >= 0, last.titles.join(' / '));
    assert.ok(last.marks[juvenile].some((m) => m.includes('鑑別')), JSON.stringify(last.marks[juvenile]));
    const none = await searchFrom(page, srv.base + 'index.html', 'ｘｙｚｚｙ');
    assert.match(none.status, /見つかりませんでした/);
  } finally {
    await browser.close();
    await srv.close();
  }
});

test('the filters narrow the results, a wider area takes in its districts, and the choices read as plain text', async () => {
  const srv = await startServer(entry.dir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(srv.base + 'index.html');
    await page.evaluate(() => localStorage.setItem('tsunagu-prefs', JSON.stringify({ furigana: 'all' })));
    await page.goto(srv.base + 'search/index.html?q=' + encodeURIComponent('食堂'));
    await waitForPlainText(page, '#search-status', /件見つかりました/);
    // a <select> cannot show ruby: its choices are plain text, with no readings in brackets
    const options = await page.$$eval('.search-filters option', (os) => os.map((o) => ({ text: o.textContent, ruby: o.querySelectorAll('ruby').length })));
    assert.ok(options.some((o) => o.text === '中央圏域'), JSON.stringify(options));
    assert.deepEqual(options.filter((o) => o.ruby || /[（）]/.test(o.text)), []);
    const areasOf = async () => {
      await waitForPlainText(page, '#search-status', /件見つかりました|見つかりませんでした/);
      const metas = await Promise.all((await page.locator('#search-results .search-meta').all()).map((m) => m.evaluate(plainText)));
      return metas.map((t) => t.split('｜')[1]);
    };
    // 中央圏域 (config.toml: 中央地区, 駅前地区 and 城山地区 are in it): the places in them
    await page.selectOption('#filter-area', '中央圏域');
    const central = await areasOf();
    assert.ok(central.length > 0, 'places in the districts of 中央圏域');
    for (const a of central) assert.ok(['中央圏域', '中央地区', '駅前地区', '城山地区'].includes(a), central.join(' / '));
    // a district: its own places only
    await page.selectOption('#filter-area', '中央地区');
    const district = await areasOf();
    assert.ok(district.length > 0 && district.length < central.length, `${district.length} of ${central.length}`);
    for (const a of district) assert.equal(a, '中央地区');
    // the whole city: every place the query finds
    await page.selectOption('#filter-area', '');
    await page.selectOption('#filter-kind', '地域食堂・こども食堂');
    const all = await areasOf();
    await page.selectOption('#filter-area', '鳥取市全域');
    assert.equal((await areasOf()).length, all.length);
  } finally {
    await browser.close();
    await srv.close();
  }
});

test('without JavaScript the search page says so next to the form and shows no filters that cannot work', async () => {
  const srv = await startServer(entry.dir);
  const browser = await launchChromium({ javaScriptEnabled: false });
  try {
    const page = browser.page;
    await page.goto(srv.base + 'search/index.html?q=' + encodeURIComponent('食堂'));
    assert.equal(await page.locator('.search-filters').isVisible(), false, 'the filters need JavaScript');
    const note = page.locator('.search-nojs');
    assert.ok(await note.isVisible());
    assert.match(await note.evaluate(plainText), /検索が使えません.*分類から探す/);
    // right after the form, before the list it points to
    const order = await page.evaluate(() => {
      const form = document.querySelector('form.search-form'), note = document.querySelector('.search-nojs'), browse = document.getElementById('browse');
      return [form.compareDocumentPosition(note) & Node.DOCUMENT_POSITION_FOLLOWING, note.compareDocumentPosition(browse) & Node.DOCUMENT_POSITION_FOLLOWING].map(Boolean);
    });
    assert.deepEqual(order, [true, true]);
  } finally {
    await browser.close();
    await srv.close();
  }
});

test('with furigana on, results show readings over their titles and snippets, axe-clean', async () => {
  const srv = await startServer(entry.dir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(srv.base + 'index.html');
    await page.evaluate(() => localStorage.setItem('tsunagu-prefs', JSON.stringify({ furigana: 'all' })));
    // a kanji query: its heavy terms' rows have no readings, the doc shards bring them
    const r = await searchFrom(page, srv.base + 'index.html', '地域食堂');
    const measure = r.hrefs.findIndex((h) => h.includes('plan/1/2/2/index.html'));
    assert.ok(measure >= 0, r.titles.join(' / '));
    const item = page.locator('#search-results li').nth(measure);
    // ②　地域食堂の充実: 地域, 食堂, 充実 are read
    const readings = await item.locator('a rt').allTextContents();
    for (const reading of ['ちいき', 'しょくどう', 'じゅうじつ']) assert.ok(readings.includes(reading), readings.join(' '));
    assert.ok(await item.locator('.search-snippet ruby').count() > 3);
    const shown = await item.locator('a rt').first().evaluate((rt) => getComputedStyle(rt).display);
    assert.notEqual(shown, 'none');
    // the meta lines (kind｜area) too: 「地域食堂・こども食堂｜…地区」
    const metas = page.locator('#search-results .search-meta');
    const metaTexts = await Promise.all((await metas.all()).map((m) => m.evaluate(plainText)));
    const place = metaTexts.findIndex((t) => t.startsWith('地域食堂・こども食堂｜') && t.endsWith('地区'));
    assert.ok(place >= 0, metaTexts.join(' / '));
    const metaReadings = await metas.nth(place).locator('rt').allTextContents();
    for (const reading of ['ちいき', 'しょくどう', 'ちく']) assert.ok(metaReadings.includes(reading), metaReadings.join(' '));
    // and the status line: 「N件[けん]見[み]つかりました」
    assert.match(r.status, /^\d+件見つかりました$/);
    assert.deepEqual(await page.locator('#search-status rt').allTextContents(), ['けん', 'み']);
    // an excerpt from further on (民生委員 is past plan/2/1/4's snippet) has them too
    const deep = await searchFrom(page, srv.base + 'index.html', '民生委員');
    const carers = deep.hrefs.findIndex((h) => h.includes('plan/2/1/4/index.html'));
    assert.ok(carers >= 0 && deep.marks[carers].includes('民生委員'), JSON.stringify(deep.marks));
    const excerpt = await page.locator('#search-results li').nth(carers).locator('.search-snippet mark rt').allTextContents();
    assert.deepEqual(excerpt.slice(0, 2), ['みんせい', 'いいん']);
    await page.evaluate(axeSource());
    const a = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }));
    assert.deepEqual(a.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
    // furigana off again: the readings are there but not shown
    await page.evaluate(() => localStorage.setItem('tsunagu-prefs', JSON.stringify({ furigana: 'off' })));
    const off = await searchFrom(page, srv.base + 'index.html', 'ちいきしょくどう');
    assert.match(off.status, /件見つかりました/);
    const rts = page.locator('#search-results rt');
    assert.ok(await rts.count() > 0, 'a kana query brings readings');
    assert.equal(await rts.first().evaluate((rt) => getComputedStyle(rt).display), 'none');
  } finally {
    await browser.close();
    await srv.close();
  }
});

test('axe finds nothing on the search page with results shown', async () => {
  const srv = await startServer(entry.dir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await searchFrom(page, srv.base + 'index.html', 'サロン');
    await page.evaluate(axeSource());
    const r = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }));
    assert.deepEqual(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
  } finally {
    await browser.close();
    await srv.close();
  }
});
