// assets/search/search.js finds what tantivy finds, in the same order, with the same scores.
//
// `cargo test --test it search::` (tests/search.rs) exports the fixture's index to
// target/search-parity-site/ and writes tantivy's top 10 for ≥ 40 queries to
// target/search-parity.json. A missing file is a failure: run `cargo test --test it search::`
// first (tests/run.sh runs cargo test before this suite).
//
// search.js is loaded as a browser would load it — a plain script in a fresh context with
// only `window` and `document` — and the <script> tags it injects are served from the
// exported folder by a stub `document`. A last test opens the export from file:// in
// headless Chromium.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { dirname, resolve, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

import { launchChromium, watchPage } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const client = resolve(root, 'themes/default/static/assets/search/search.js');
const casesPath = resolve(root, 'target/search-parity.json');
const TOLERANCE = 1e-4;

function loadCases() {
  assert.ok(
    existsSync(casesPath),
    `${casesPath} is missing: run \`cargo test --test it search::\` first (it writes the cases)`,
  );
  const cases = JSON.parse(readFileSync(casesPath, 'utf8'));
  assert.ok(cases.queries.length >= 40, `only ${cases.queries.length} queries`);
  assert.ok(existsSync(join(cases.site, 'search/index.js')), `no export in ${cases.site}`);
  return cases;
}

/**
 * search.js in a fresh context. Injected <script src> are read from `siteDir` (the page is
 * at the site root, data-index="search/index.js"); `loaded` lists the files in load order.
 */
function loadClient(siteDir) {
  const loaded = [];
  const head = {
    appendChild(el) {
      setTimeout(() => {
        const file = join(siteDir, el.src);
        if (!existsSync(file)) return el.onerror && el.onerror(new Error(`missing ${el.src}`));
        loaded.push(el.src);
        vm.runInContext(readFileSync(file, 'utf8'), context, { filename: file });
        if (el.onload) el.onload();
      }, 0);
      return el;
    },
  };
  const document = {
    currentScript: { getAttribute: (n) => (n === 'data-index' ? 'search/index.js' : null) },
    head,
    createElement: () => ({}),
  };
  const window = { document };
  const context = vm.createContext({ window, document });
  vm.runInContext(readFileSync(client, 'utf8'), context, { filename: client });
  return { search: window.tsunaguSearch, loaded };
}

/** Every query of `cases` through search.js on `cases.site`: the differences from tantivy. */
async function compareWithTantivy(cases) {
  const { search } = loadClient(cases.site);
  const problems = [];
  let compared = 0;
  for (const c of cases.queries) {
    const tokens = await search.tokenize(c.q);
    const texts = tokens.tokens.map((t) => t.text);
    if (JSON.stringify(texts) !== JSON.stringify(c.tokens) || tokens.kanaOnly !== c.kanaOnly) {
      problems.push(`${c.q}: tokens ${JSON.stringify(texts)} ${tokens.kanaOnly}, tantivy ${JSON.stringify(c.tokens)} ${c.kanaOnly}`);
    }
    const hits = await search(c.q, { limit: 10 });
    const got = hits.map((h) => h.path);
    const want = c.hits.map((h) => h.url);
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      problems.push(`${c.q}: order\n  js:      ${got.join(' ')}\n  tantivy: ${want.join(' ')}`);
      continue;
    }
    c.hits.forEach((w, i) => {
      compared++;
      if (hits[i].doc !== w.doc) problems.push(`${c.q} #${i}: doc ${hits[i].doc} vs ${w.doc}`);
      if (Math.abs(hits[i].score - w.score) > TOLERANCE) {
        problems.push(`${c.q} #${i} ${w.url}: score ${hits[i].score} vs tantivy ${w.score}`);
      }
    });
  }
  return { problems, compared };
}

test('search.js gives tantivy\'s top 10 for every parity query', async () => {
  const cases = loadCases();
  // a long kana query takes the quadgram path here (8 characters: grams 0, 2 and 4 of 5)
  const kana = cases.queries.find((c) => c.q === 'ちいきしょくどう');
  assert.deepEqual(kana.tokens, ['ちいきし', 'きしょく', 'ょくどう']);
  const { problems, compared } = await compareWithTantivy(cases);
  assert.deepEqual(problems, []);
  assert.ok(compared >= 150, `only ${compared} hits compared`);
});

test('search.js gives tantivy\'s top 10 on an index without readings (furigana off)', async () => {
  const cases = loadCases().plain;
  assert.ok(cases && existsSync(join(cases.site, 'search/index.js')), 'no plain export');
  // kana queries take the bigram path there: their tokens differ from the main site's
  const kana = cases.queries.find((c) => c.q === 'ちいきしょくどう');
  assert.equal(kana.tokens.length, 7, JSON.stringify(kana.tokens));
  const { problems, compared } = await compareWithTantivy(cases);
  assert.deepEqual(problems, []);
  assert.ok(compared >= 100, `only ${compared} hits compared`);
});

test('results carry display fields, HTML-escaped snippets with <mark>, and filters', async () => {
  const cases = loadCases();
  const { search } = loadClient(cases.site);
  const [top] = await search('ほっとあい');
  assert.equal(top.path, 'resources/hotto-ai/index.html');
  assert.equal(top.url, 'resources/hotto-ai/index.html', 'page at the site root: no prefix');
  assert.equal(top.title, '権利擁護センター ほっとあい');
  assert.equal(top.kind, '権利擁護');
  assert.equal(top.area, '市全域');
  assert.deepEqual([...top.audience], ['高齢者', '障がいのある人']); // arrays of the vm context: copy

  // variants are marked in their own spelling: 子供 in the body of キッチンこやま
  const kitchen = (await search('子ども食堂')).find((h) => h.path.includes('kodomo-kitchen'));
  assert.match(kitchen.snippet, /<mark>子供食堂<\/mark>/);
  // half-width katakana in the text, full-width in the query
  const yuuhi = (await search('サロン')).find((h) => h.path.includes('yuuhi'));
  assert.match(yuuhi.snippet, /<mark>サロン<\/mark>/);
  const faq = (await search('よくある質問 無料'))[0];
  assert.ok(faq && !faq.snippet.includes('<mark><') && faq.snippet.includes('<mark>無料</mark>'), faq?.snippet);
  const english = (await search('0857'))[0];
  assert.match(english.snippet, /Call <mark>0857<\/mark>-00/);

  const all = await search('相談', { limit: 100 });
  const elderly = await search('相談', { limit: 100, filters: { audience: '高齢者' } });
  assert.ok(elderly.length > 0 && elderly.length < all.length);
  assert.ok(elderly.every((h) => h.audience.includes('高齢者')));
  assert.deepEqual(elderly.map((h) => h.path), all.filter((h) => h.audience.includes('高齢者')).map((h) => h.path));
  const places = await search('相談', { limit: 100, filters: { kind: ['相談窓口', '権利擁護'], area: '市全域' } });
  assert.ok(places.length > 0);
  assert.ok(places.every((h) => ['相談窓口', '権利擁護'].includes(h.kind) && h.area === '市全域'));
  assert.equal((await search('宇宙ステーション')).length, 0);
  assert.equal((await search('')).length, 0);
});

test('a first query loads the manifest and only the shards it needs', async () => {
  const cases = loadCases();
  const { search, loaded } = loadClient(cases.site);
  await search('地域食堂', { limit: 10 });
  assert.equal(loaded[0], 'search/index.js');
  const terms = loaded.filter((f) => f.startsWith('search/t/'));
  // one file per bigram at most, named by the manifest alone (no second round of term files)
  assert.ok(terms.length >= 1 && terms.length <= 3, `3 bigrams → ≤ 3 term files: ${terms}`);
  assert.ok(terms.every((f) => /^search\/t\/mh?\d+\.js$/.test(f)), `no reading or unigram shards for a kanji query: ${terms}`);
  assert.ok(!loaded.includes('search/f.js'), 'facets only for filtered queries');
  // the heavy bigrams' files bring the rows of their best docs: the best hit needs no doc shard
  assert.ok(terms.some((f) => /^search\/t\/mh\d+\.js$/.test(f)), `heavy buckets in the parity site: ${terms}`);
  const fresh = loadClient(cases.site);
  const [best] = await fresh.search('地域食堂', { limit: 1 });
  assert.equal(best.path, cases.queries.find((c) => c.q === '地域食堂').hits[0].url);
  assert.deepEqual(fresh.loaded.filter((f) => f.startsWith('search/d/')), [], 'no doc shard for the best hit');
  // a kana-only query looks its terms up in the kana terms' files, whose rows carry the
  // readings it marks words by: no doc shard either
  const kana = loadClient(cases.site);
  const [first] = await kana.search('ちいきしょくどう', { limit: 1 });
  assert.equal(first.path, cases.queries.find((c) => c.q === 'ちいきしょくどう').hits[0].url);
  const kanaTerms = kana.loaded.filter((f) => f.startsWith('search/t/'));
  assert.ok(kanaTerms.length >= 1 && kanaTerms.every((f) => /^search\/t\/kh?\d+\.js$/.test(f)), `${kanaTerms}`);
  assert.deepEqual(kana.loaded.filter((f) => f.startsWith('search/d/')), [], 'no doc shard for the best hit');
});

test('file:// in Chromium: the client loads its shards with <script> tags and finds results', async () => {
  const cases = loadCases();
  const site = cases.site;
  mkdirSync(join(site, 'assets/search'), { recursive: true });
  copyFileSync(client, join(site, 'assets/search/search.js'));
  mkdirSync(join(site, 'deep/page'), { recursive: true });
  const page = join(site, 'deep/page/index.html');
  writeFileSync(page, `<!doctype html><html lang="ja"><meta charset="utf-8"><title>検索</title>
<script src="../../assets/search/search.js" data-index="../../search/index.js"></script>`);
  const browser = await launchChromium();
  try {
    const problems = watchPage(browser.page);
    await browser.page.goto(pathToFileURL(page).href);
    const hits = await browser.page.evaluate(async () => (await window.tsunaguSearch('ちいきしょくどう', { limit: 3 }))
      .map((h) => ({ url: h.url, score: h.score })));
    const want = cases.queries.find((c) => c.q === 'ちいきしょくどう').hits.slice(0, 3);
    assert.deepEqual(hits.map((h) => h.url), want.map((h) => `../../${h.url}`));
    hits.forEach((h, i) => assert.ok(Math.abs(h.score - want[i].score) <= TOLERANCE));
    assert.deepEqual(problems.problems(), []);
  } finally {
    await browser.close();
  }
});
