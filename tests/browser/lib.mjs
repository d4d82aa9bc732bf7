// Shared helpers for tsunagu's browser tests (node --test).
// - sitesFromEnv():   the built site folders to test (SITES env, comma-separated)
// - listFiles/listHtml(dir): files under a site folder (relative POSIX paths, sorted)
// - startServer(dir): tiny static HTTP server bound to 127.0.0.1 on a free port
// - launchChromium(): Debian chromium via playwright-core, fresh --user-data-dir,
//                     every request not to 127.0.0.1/localhost/file:/data: is aborted
// - watchPage(page):  collects failed requests, HTTP errors and console errors of a page
// Adapted from the site-audit toolkit; it has no runtime dependency outside this folder.
import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..', '..');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const DEFAULT_SITES = ['../../target/sites/tottori', '../../target/sites/yonago', '../../target/sites/base'];

/**
 * The site folders under test: SITES env (comma-separated; relative paths are taken
 * from the current directory) or the two default sites, relative to this folder.
 * Returns [{name, dir, error}] — error is set when the folder is missing or has no
 * HTML, so that the caller can register a failing test instead of skipping.
 */
export function sitesFromEnv() {
  const raw = (process.env.SITES || '').split(',').map((s) => s.trim()).filter(Boolean);
  const dirs = raw.length ? raw.map((s) => path.resolve(s)) : DEFAULT_SITES.map((s) => path.resolve(HERE, s));
  const seen = new Map();
  return dirs.map((dir) => {
    let name = path.basename(dir);
    if (seen.has(name)) { seen.set(name, seen.get(name) + 1); name = `${name}#${seen.get(name)}`; } else seen.set(name, 1);
    let error = null;
    let st = null;
    try { st = fs.statSync(dir); } catch { /* missing */ }
    if (!st) error = `site folder does not exist: ${dir} (build it first, e.g. bash tests/run.sh)`;
    else if (!st.isDirectory()) error = `site path is not a folder: ${dir}`;
    else if (!listHtml(dir).length) error = `site folder has no .html files: ${dir}`;
    return { name, dir, error };
  });
}

/** Every file under dir whose name matches re (relative POSIX paths, sorted). Skips dot-entries and node_modules. */
export function listFiles(dir, re) {
  const out = [];
  const walk = (d, rel) => {
    for (const ent of fs.readdirSync(d, { withFileTypes: true })) {
      if (ent.name.startsWith('.') || ent.name === 'node_modules') continue;
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      if (ent.isDirectory()) walk(path.join(d, ent.name), r);
      else if (ent.isFile() && re.test(ent.name)) out.push(r);
    }
  };
  walk(path.resolve(dir), '');
  return out.sort();
}

/** All .html files under dir. */
export function listHtml(dir) {
  return listFiles(dir, /\.html?$/i);
}

/** URL path for a relative POSIX file path (each segment percent-encoded). */
export function urlPath(rel) {
  return rel.split('/').map(encodeURIComponent).join('/');
}

/** The home page and the first page at a depth of at least `minFolders` folders (null if none). */
export function keyPages(dir, minFolders = 3) {
  const files = listHtml(dir);
  const home = files.includes('index.html') ? 'index.html' : null;
  const deep = files.find((f) => f.split('/').length - 1 >= minFolders) || null;
  return { home, deep };
}

const MIME = {
  '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.gif': 'image/gif', '.webp': 'image/webp', '.avif': 'image/avif', '.ico': 'image/x-icon',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8', '.xml': 'application/xml; charset=utf-8',
  '.webmanifest': 'application/manifest+json', '.wasm': 'application/wasm', '.pdf': 'application/pdf',
};

/** Serve `dir` on 127.0.0.1:<free port>. Resolves {port, base, close()}. Directories redirect to / and serve index.html. */
export function startServer(dir) {
  const root = path.resolve(dir);
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      const rel = decodeURIComponent(url.pathname);
      let file = path.resolve(root, '.' + rel);
      if (file !== root && !file.startsWith(root + path.sep)) { res.writeHead(403).end('forbidden'); return; }
      let st = await fsp.stat(file).catch(() => null);
      if (st && st.isDirectory()) {
        if (!rel.endsWith('/')) { res.writeHead(301, { Location: url.pathname + '/' + url.search }).end(); return; }
        file = path.join(file, 'index.html');
        st = await fsp.stat(file).catch(() => null);
      }
      if (!st || !st.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
        return;
      }
      res.writeHead(200, {
        'Content-Type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': st.size, 'Cache-Control': 'no-store',
      });
      if (req.method === 'HEAD') { res.end(); return; }
      fs.createReadStream(file).pipe(res);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = server.address().port;
      resolve({
        port, base: `http://127.0.0.1:${port}/`,
        url: (rel) => `http://127.0.0.1:${port}/${urlPath(rel)}`,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

export function isLocalUrl(u) {
  let url;
  try { url = new URL(u); } catch { return false; }
  if (['file:', 'data:', 'blob:', 'about:'].includes(url.protocol)) return true;
  return ['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)
    && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/**
 * Launch Debian chromium with a fresh profile folder (Playwright forbids --user-data-dir
 * in args, so launchPersistentContext(freshDir) is used). Requests that are not local
 * are aborted. Returns {context, page, newPage(), close()}.
 */
export async function launchChromium({ javaScriptEnabled = true, viewport = { width: 1280, height: 800 }, locale = 'ja-JP' } = {}) {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
  }
  const { chromium } = require('playwright-core');
  const userDataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'tsunagu-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport, locale, deviceScaleFactor: 1, javaScriptEnabled,
      timeout: 60000,
    });
  } catch (e) {
    await fsp.rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    throw e;
  }
  context.setDefaultTimeout(30000);
  await context.route('**/*', (route) => (isLocalUrl(route.request().url())
    ? route.continue()
    : route.abort('blockedbyclient')));
  const page = context.pages()[0] || await context.newPage();
  let closed = false;
  const close = async () => {
    if (closed) return; closed = true;
    await context.close().catch(() => {});
    await fsp.rm(userDataDir, { recursive: true, force: true }).catch(() => {});
  };
  return { context, page, newPage: () => context.newPage(), close };
}

/**
 * Record problems of a page: HTTP responses >= 400, failed requests (including blocked
 * non-local ones), console errors and uncaught exceptions. Call reset() before a
 * navigation and read problems() after it.
 */
export function watchPage(page) {
  let list = [];
  page.on('response', (r) => { if (r.status() >= 400) list.push(`HTTP ${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => {
    const err = r.failure()?.errorText || 'failed';
    const why = isLocalUrl(r.url()) ? err : `${err} (external request blocked: pages must not load anything from outside the site)`;
    list.push(`request failed: ${why} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const loc = m.location();
    // "Failed to load resource" duplicates a failed request / HTTP error already listed
    if (/^Failed to load resource/.test(m.text()) && loc?.url && list.some((l) => l.endsWith(` ${loc.url}`))) return;
    list.push(`console error: ${m.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
  });
  page.on('pageerror', (e) => list.push(`uncaught exception: ${e?.message || e}`));
  return { reset: () => { list = []; }, problems: () => [...new Set(list)] };
}

/** Inline source of axe-core (injected into each page). */
export function axeSource() {
  return fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
}

/** Path of vnu.jar from the vnu-jar package. */
export function vnuJarPath() {
  return path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
}

export const normalizeSpace = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

/**
 * An accessible name to match with Playwright's getByRole/getByLabel, for text that may hold
 * ruby: exact, with white space allowed between characters. Chromium's accessibility tree
 * (what screen readers get) names 「<ruby>表示<rt>…</rt></ruby>の設定」 表示の設定 while the
 * readings are hidden; Playwright's own name computation puts a space around each <ruby>.
 */
export function named(name) {
  const chars = [...name].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^\\s*${chars.join('\\s*')}\\s*$`);
}

/** The text of an element without its readings (<rt>, <rp>); runs in the page. */
export function plainText(el) {
  const c = el.cloneNode(true);
  c.querySelectorAll('rt, rp').forEach((e) => e.remove());
  return c.textContent;
}

/**
 * Waits until the text of `selector` without its readings ({@link plainText}) matches
 * `pattern` (a RegExp); returns that text.
 */
export async function waitForPlainText(page, selector, pattern, timeout = 15000) {
  let text = '';
  for (const end = Date.now() + timeout; Date.now() < end; await page.waitForTimeout(50)) {
    const el = await page.$(selector); // no waiting: absent is ''
    text = el ? await el.evaluate(plainText) : '';
    if (pattern.test(text)) return text;
  }
  throw new Error(`${selector} never read ${pattern}; last: ${JSON.stringify(text)}`);
}

/** The status line of the search page, as text without its readings (<rt>, <rp>), once it
 * tells a result: 「N件見つかりました」 or 「見つかりませんでした…」. */
export function searchStatus(page) {
  return waitForPlainText(page, '#search-status', /件見つかりました|見つかりませんでした/);
}

/** Where the browser suites leave per-page results for write-results.mjs (the 試験結果 page). */
export const RESULTS_DIR = process.env.A11Y_RESULTS_DIR || path.join(REPO_ROOT, 'target', 'a11y-results');

/**
 * Save one suite's per-page results of a site as RESULTS_DIR/<site>.<suite>.json, with the
 * site folder it came from (write-results.mjs only uses results of the example site).
 */
export function recordResults(site, suite, data) {
  try {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${site.name.replace(/[^\w.-]/g, '_')}.${suite}.json`);
    fs.writeFileSync(file, JSON.stringify({ site: site.name, dir: path.resolve(site.dir), suite, written: new Date().toISOString(), ...data }, null, 1));
  } catch (e) {
    console.log(`# could not record ${suite} results of ${site.name}: ${e.message}`);
  }
}
