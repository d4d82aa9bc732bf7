// `tsunagu serve` in a real browser: the open tab reloads itself after an edit (no
// page.reload() here: live.js must do it), a content error shows the overlay on the page
// the reader has open (role="alert", file and line, axe finds nothing, Esc and the close
// button close it, focus is not lost), and fixing the file brings the page back without
// the overlay. Runs the release binary on a copy of tests/fixtures/base.
//   node --test tests/browser/serve.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, launchChromium, axeSource, watchPage } from './lib.mjs';

const BIN = path.join(REPO_ROOT, 'target', 'release', 'tsunagu');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const about = (body) => `+++\ntitle = "このサイトについて"\n+++\n## 目的\n\n${body}\n`;

let root;
let server;
let base;
let browser;

before(async () => {
  assert.ok(fs.existsSync(BIN), `${BIN} is built by tests/run.sh (cargo test --release)`);
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-serve-'));
  fs.cpSync(path.join(REPO_ROOT, 'tests', 'fixtures', 'base'), root, { recursive: true });
  fs.writeFileSync(path.join(root, 'content', 'about.md'), about('最初の本文です。'));
  server = spawn(BIN, ['serve', '--root', root, '--port', '0'], {
    env: { ...process.env, LANG: 'ja_JP.UTF-8', TSUNAGU_TODAY: '2026-11-23' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL:\n${stderr}`)), 60000);
    server.stderr.on('data', (chunk) => {
      stderr += chunk;
      const m = stderr.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
    server.on('exit', (code) => reject(new Error(`serve exited (${code}):\n${stderr}`)));
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const write = (text) => fs.writeFileSync(path.join(root, 'content', 'about.md'), text);
const overlay = (page) => page.locator('#tsunagu-overlay');

test('an edit reloads the open tab; an error shows an accessible overlay until fixed', async () => {
  const page = await browser.newPage();
  const watch = watchPage(page);
  await page.goto(base + 'about/');
  assert.match(await page.locator('main').innerText(), /最初の本文です。/);
  assert.equal(await overlay(page).count(), 0);

  // Saved: the tab shows the new text by itself.
  write(about('保存すると自動で表示が変わります。'));
  await page.waitForFunction(() => document.querySelector('main')?.innerText.includes('保存すると自動で表示が変わります。'), null, { timeout: 15000 });

  // Broken front matter (the closing +++ is missing): the overlay appears on this tab,
  // over the last good page, naming the file and line in Japanese.
  write('+++\ntitle = "このサイトについて"\n## 目的\n\n壊れた本文\n');
  await overlay(page).waitFor({ state: 'visible', timeout: 15000 });
  const box = overlay(page);
  assert.equal(await box.getAttribute('role'), 'alert');
  const text = await box.innerText();
  assert.match(text, /content\/about\.md/);
  assert.match(text, /\d+行|:\d+/, 'a line number');
  assert.match(text, /ヒント/);
  assert.match(await page.locator('main').innerText(), /保存すると自動で表示が変わります。/, 'the last good page stays under it');

  await page.evaluate(axeSource());
  const r = await page.evaluate((t) => window.axe.run(document, { runOnly: { type: 'tag', values: t } }), TAGS);
  assert.deepEqual(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);

  // By keyboard: the close button is reachable and works; Esc closes it too.
  const close = box.locator('[data-tsunagu-close]');
  await close.focus();
  assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-tsunagu-close')), true);
  await page.keyboard.press('Enter');
  assert.equal(await overlay(page).count(), 0, 'closed with its button');
  assert.notEqual(await page.evaluate(() => document.activeElement?.tagName), undefined);
  await page.reload();
  await overlay(page).waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  assert.equal(await overlay(page).count(), 0, 'closed with Esc');

  // Fixed: the tab reloads by itself, without the overlay, with the new text.
  write(about('直したので元どおりです。'));
  await page.waitForFunction(() => document.querySelector('main')?.innerText.includes('直したので元どおりです。'), null, { timeout: 15000 });
  assert.equal(await overlay(page).count(), 0);
  // A reload cancels what the page still had under way (its long poll): ERR_ABORTED.
  assert.deepEqual(watch.problems().filter((p) => !p.includes('net::ERR_ABORTED')), []);
  await page.close();
});
