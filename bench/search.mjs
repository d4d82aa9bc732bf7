// Search benchmark in headless Chromium: tsunagu's browser index against Pagefind on the
// same built pages. For each query, in a fresh page with the HTTP cache off, three phases:
//
// - load: what a page does when it loads (the search page and the header form may do it
//   eagerly or at idle): tsunagu: assets/search/search.js + the root index search/index.js
//   (tsunaguSearch.preload()); Pagefind: pagefind.js + options() + init().
// - first: the first query after load, with results ready to show: shards fetched on demand,
//   ranking and the result data (tsunaguSearch(q, {limit: 10}); Pagefind: pf.search(q) then
//   data() of the first 10).
// - warm: the same query once more.
//
// KB and files are what the server sent for load + first (client included). With --runs N
// every query is measured N times (each in a fresh page) and the medians are printed, with
// the spread of "first" (min–max).
//
//   node bench/search.mjs --site DIR [--pagefind DIR/pagefind] [--queries a,b,c] [--runs N]
//
// Uses playwright-core from tests/browser/node_modules and Debian /usr/bin/chromium.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(HERE, '..', 'tests', 'browser', 'package.json'));
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const site = path.resolve(opt('--site', ''));
const pagefindDir = opt('--pagefind', '') ? path.resolve(opt('--pagefind', '')) : null;
const queries = opt('--queries', '地域食堂,ちいきしょくどう,見守り,サロン,相談').split(',');
const runs = Math.max(1, Number(opt('--runs', '1')) || 1);
if (!fs.existsSync(path.join(site, 'search', 'index.js'))) {
  console.error(`no tsunagu search index in ${site}`);
  process.exit(2);
}

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm',
};
// Blank pages that load nothing but the search client under test.
const PAGES = {
  '/__bench/tsunagu.html': '<!DOCTYPE html><html lang="ja"><meta charset="utf-8"><title>b</title><body>',
  '/__bench/pagefind.html': '<!DOCTYPE html><html lang="ja"><meta charset="utf-8"><title>b</title><body>',
};
let counting = false;
let bytes = 0;
let files = 0;
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const rel = decodeURIComponent(url.pathname);
  if (PAGES[rel]) {
    res.writeHead(200, { 'Content-Type': MIME['.html'], 'Cache-Control': 'no-store' }).end(PAGES[rel]);
    return;
  }
  let file;
  if (rel.startsWith('/pagefind/') && pagefindDir) file = path.join(pagefindDir, rel.slice('/pagefind/'.length));
  else file = path.join(site, rel);
  if (!file.startsWith(site) && !(pagefindDir && file.startsWith(pagefindDir))) {
    res.writeHead(403).end();
    return;
  }
  fs.readFile(file, (err, data) => {
    if (err) {
      res.writeHead(404).end();
      return;
    }
    if (counting) {
      bytes += data.length;
      files += 1;
    }
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(file)] || 'application/octet-stream',
      'Content-Length': data.length, 'Cache-Control': 'no-store',
    }).end(data);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  // No host but the local server resolves, so nothing can leave the machine; this is
  // cheaper than intercepting every request with context.route, which added a round trip
  // through Playwright to each file both engines load (measured: about 4–10 ms a query).
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});

async function measure(engine, query) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/__bench/${engine}.html`);
  bytes = 0;
  files = 0;
  counting = true;
  const r = await page.evaluate(async ({ engine, query }) => {
    const t0 = performance.now();
    let search;
    if (engine === 'tsunagu') {
      await new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = '/assets/search/search.js';
        s.dataset.index = '/search/index.js';
        s.onload = resolve;
        s.onerror = reject;
        document.head.appendChild(s);
      });
      await window.tsunaguSearch.preload();
      search = async (q) => (await window.tsunaguSearch(q, { limit: 10 })).map((x) => x.title);
    } else {
      const pf = await import('/pagefind/pagefind.js');
      await pf.options({ excerptLength: 30 });
      await pf.init();
      search = async (q) => {
        const res = await pf.search(q);
        const data = await Promise.all(res.results.slice(0, 10).map((x) => x.data()));
        return data.map((d) => d.meta.title);
      };
    }
    const t1 = performance.now();
    const titles = await search(query);
    const t2 = performance.now();
    await search(query);
    const t3 = performance.now();
    return { load: t1 - t0, first: t2 - t1, warm: t3 - t2, titles };
  }, { engine, query });
  counting = false;
  await context.close();
  return { ...r, bytes, files };
}

const kb = (b) => (b / 1024).toFixed(1);
const pad = (s, n) => String(s).padEnd(n);
const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
console.log(`site: ${site}`);
console.log(`runs per query: ${runs} (median${runs > 1 ? '; "first" spread min–max' : ''})`);
console.log(`${pad('engine', 9)}${pad('query', 18)}${pad('KB', 8)}${pad('files', 7)}${pad('load ms', 9)}${pad('first ms', 10)}${pad('warm ms', 9)}${runs > 1 ? pad('first spread', 14) : ''}top result`);
for (const engine of pagefindDir ? ['tsunagu', 'pagefind'] : ['tsunagu']) {
  for (const q of queries) {
    // The first page of a browser pays one-off start-up costs: warm it with a throwaway run.
    if (q === queries[0]) await measure(engine, q);
    const rs = [];
    for (let i = 0; i < runs; i++) rs.push(await measure(engine, q));
    const m = (key) => median(rs.map((r) => r[key]));
    const firsts = rs.map((r) => r.first);
    const spread = `${Math.min(...firsts).toFixed(0)}–${Math.max(...firsts).toFixed(0)}`;
    const titles = rs[0].titles;
    console.log(`${pad(engine, 9)}${pad(q, 18 - [...q].length)}${pad(kb(m('bytes')), 8)}${pad(m('files'), 7)}${pad(m('load').toFixed(1), 9)}${pad(m('first').toFixed(1), 10)}${pad(m('warm').toFixed(1), 9)}${runs > 1 ? pad(spread, 14) : ''}${titles[0] ?? '(none)'} [${titles.length}]`);
  }
}
await browser.close();
server.close();
