// axe-core accessibility check of every .html page of every built site.
// One test per page, named "axe <site>/<page>": zero WCAG 2.x A/AA violations, no failed
// request (HTTP 4xx/5xx, blocked external request) and no console error while loading.
//   SITES=dir1,dir2 node --test a11y.test.mjs
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sitesFromEnv, listHtml, startServer, launchChromium, watchPage, axeSource } from './lib.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const sites = sitesFromEnv();
const AXE = axeSource();

let browser;
let watch;
before(async () => {
  browser = await launchChromium();
  watch = watchPage(browser.page);
});
after(async () => { await browser?.close(); });

for (const site of sites) {
  if (site.error) {
    test(`axe ${site.name}: site exists`, () => assert.fail(site.error));
    continue;
  }
  describe(`axe ${site.name}`, () => {
    let srv;
    before(async () => { srv = await startServer(site.dir); });
    after(async () => { await srv?.close(); });

    for (const rel of listHtml(site.dir)) {
      test(`axe ${site.name}/${rel}`, { timeout: 60000 }, async () => {
        const page = browser.page;
        watch.reset();
        const resp = await page.goto(srv.url(rel), { waitUntil: 'load' });
        assert.ok(resp, `no response for ${rel}`);
        assert.equal(resp.status(), 200, `HTTP ${resp.status()} for ${rel}`);
        await page.evaluate(AXE);
        const violations = await page.evaluate(async (tags) => {
          const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
          return r.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, summary: n.failureSummary })),
          }));
        }, TAGS);
        const problems = watch.problems();
        const lines = [];
        for (const v of violations) {
          lines.push(`[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
          for (const n of v.nodes.slice(0, 10)) lines.push(`    - ${n.target.join(' ')}  ${n.html.replace(/\s+/g, ' ').slice(0, 160)}`);
          if (v.nodes.length > 10) lines.push(`    … and ${v.nodes.length - 10} more`);
        }
        for (const p of problems) lines.push(p);
        assert.ok(lines.length === 0,
          `${site.name}/${rel}: ${violations.length} axe violation(s), ${problems.length} load problem(s)\n${lines.join('\n')}`);
      });
    }
  });
}
