// Security in the browser, over every page of each site in SITES: no request leaves the
// page's origin (lib.mjs aborts non-local requests; here every attempt is recorded and
// fails the test), and the Content-Security-Policy every page carries is never violated
// (securitypolicyviolation events stored by an init script, and CSP console errors).
// The search page is also driven with a query (its results are written with innerHTML),
// over http and from file:// — where 'self' must still allow the site's own scripts.
// One browser per site, one reused page, no screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sitesFromEnv, listHtml, startServer, launchChromium, searchStatus } from './lib.mjs';

const INIT = () => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || ''}:${e.lineNumber || ''}`);
  });
};

/** Record cross-origin requests and CSP console errors of `page`, relative to `origin()`. */
function watch(page, origin) {
  let list = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return;
    const o = origin();
    const same = o === 'file:' ? u.protocol === 'file:' : u.origin === o;
    if (!same) list.push(`request to another origin: ${r.url()} (from ${page.url()})`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) {
      list.push(`console: ${m.text()} (${page.url()})`);
    }
  });
  return { reset: () => { list = []; }, problems: () => [...new Set(list)] };
}

async function violations(page) {
  return page.evaluate(() => window.__cspViolations || ['init script did not run']);
}

for (const site of sitesFromEnv()) {
  test(`security ${site.name}: every page stays on its origin and keeps its Content-Security-Policy`, async () => {
    assert.ok(!site.error, site.error);
    const pages = listHtml(site.dir);
    const srv = await startServer(site.dir);
    const browser = await launchChromium();
    try {
      const page = browser.page;
      await page.addInitScript(INIT);
      let origin = new URL(srv.base).origin;
      const w = watch(page, () => origin);
      const problems = [];
      let withPolicy = 0;
      for (const rel of pages) {
        w.reset();
        await page.goto(srv.url(rel), { waitUntil: 'load' });
        const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content || '');
        if (csp) withPolicy++;
        else problems.push(`${rel}: no Content-Security-Policy meta tag`);
        if (/unsafe-inline|unsafe-eval/.test(csp)) problems.push(`${rel}: ${csp}`);
        for (const v of await violations(page)) problems.push(`${rel}: CSP violation ${v}`);
        problems.push(...w.problems().map((p) => `${rel}: ${p}`));
      }
      // The search UI writes its results with innerHTML: run a query over http and file://.
      if (pages.includes('search/index.html')) {
        const q = 'サロン';
        for (const via of ['http', 'file']) {
          origin = via === 'http' ? new URL(srv.base).origin : 'file:';
          w.reset();
          const base = via === 'http' ? srv.url('search/index.html')
            : pathToFileURL(path.join(site.dir, 'search', 'index.html')).href;
          await page.goto(`${base}?q=${encodeURIComponent(q)}`, { waitUntil: 'load' });
          const text = await searchStatus(page);
          if (!/件見つかりました/.test(text)) problems.push(`search over ${via} for ${q}: ${text}`);
          for (const v of await violations(page)) problems.push(`search over ${via}: CSP violation ${v}`);
          problems.push(...w.problems().map((p) => `search over ${via}: ${p}`));
        }
        // And the home page from disk: the settings script must run under 'self'.
        origin = 'file:';
        w.reset();
        await page.goto(pathToFileURL(path.join(site.dir, 'index.html')).href, { waitUntil: 'load' });
        const settings = await page.evaluate(() => document.getElementById('settings')?.children.length || 0);
        if (!settings) problems.push('file:// index.html: the settings script did not run');
        for (const v of await violations(page)) problems.push(`file:// index.html: CSP violation ${v}`);
        problems.push(...w.problems().map((p) => `file:// index.html: ${p}`));
      }
      assert.equal(withPolicy, pages.length, 'pages with the policy');
      assert.deepEqual(problems, [], problems.slice(0, 30).join('\n'));
    } finally {
      await browser.close();
      await srv.close();
    }
  });
}

test('security: the violation listener sees an inline script and a cross-origin request', async () => {
  // The checks above can fail: an inline script, an inline style and an image from another
  // origin on a page with the policy are all reported.
  const site = sitesFromEnv().find((s) => !s.error);
  assert.ok(site, 'no site built');
  const srv = await startServer(site.dir);
  const browser = await launchChromium();
  try {
    const page = browser.page;
    await page.addInitScript(INIT);
    const origin = new URL(srv.base).origin;
    const w = watch(page, () => origin);
    await page.goto(srv.url('index.html'), { waitUntil: 'load' });
    await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__ran = 1';
      document.body.append(s);
      const d = document.createElement('div');
      d.innerHTML = '<p style="color:red">x</p><img src="https://example.com/x.png" alt="">';
      document.body.append(d);
      await new Promise((r) => setTimeout(r, 300));
    });
    const v = await violations(page);
    assert.ok(v.some((x) => x.startsWith('script-src')), v.join('\n'));
    assert.ok(v.some((x) => x.startsWith('style-src')), v.join('\n'));
    assert.ok(v.some((x) => x.startsWith('img-src')), v.join('\n'));
    assert.equal(await page.evaluate(() => window.__ran), undefined);
    // A request to another origin that gets past the policy (a navigation) is recorded.
    await page.goto('https://example.com/').catch(() => {});
    assert.ok(w.problems().some((p) => p.includes('example.com')), w.problems().join('\n'));
  } finally {
    await browser.close();
    await srv.close();
  }
});
