// Write the accessibility test results of the example portal into the repository, for the
// 試験結果 page of the next build (see src/accessibility.rs). Called by tests/run.sh after
// the browser tests; reads what a11y.test.mjs and html.test.mjs recorded in
// target/a11y-results/ and the TAP summary of the whole browser run.
//   node tests/browser/write-results.mjs [--site DIR] [--out FILE] [--tap FILE]
// Defaults: --site target/sites/tottori, --out content/accessibility-results.toml,
// --tap target/browser.tap. Writes nothing (exit 0, with a note) when a suite did not run
// over that site, so a partial run never replaces the published results.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { REPO_ROOT, RESULTS_DIR, CHROMIUM_PATH } from './lib.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 && args[i + 1] ? args[i + 1] : def; };
const siteDir = path.resolve(opt('--site', path.join(REPO_ROOT, 'target', 'sites', 'tottori')));
const outFile = path.resolve(opt('--out', path.join(REPO_ROOT, 'content', 'accessibility-results.toml')));
const tapFile = path.resolve(opt('--tap', path.join(REPO_ROOT, 'target', 'browser.tap')));

function load(suite) {
  if (!fs.existsSync(RESULTS_DIR)) return null;
  for (const f of fs.readdirSync(RESULTS_DIR)) {
    if (!f.endsWith(`.${suite}.json`)) continue;
    const data = JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, f), 'utf8'));
    if (path.resolve(data.dir) === siteDir) return data;
  }
  return null;
}

const axe = load('axe');
const vnu = load('vnu');
const skip = (why) => { console.log(`write-results: ${why}; ${path.relative(REPO_ROOT, outFile)} left as it was`); process.exit(0); };
if (!axe || !axe.complete) skip(`no complete axe results for ${siteDir}`);
if (!vnu || !vnu.complete) skip(`no Nu checker results for ${siteDir}`);

const version = (pkg) => require(`${pkg}/package.json`).version;
let chromium = 'unknown';
try {
  const out = execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  chromium = (out.match(/(\d+\.\d+\.\d+\.\d+)/) || [, out.trim()])[1];
} catch { /* keep unknown */ }

// TAP summary of the whole browser run (keyboard, reflow, motion, print, read-aloud …)
let checks = [];
if (fs.existsSync(tapFile)) {
  const tap = fs.readFileSync(tapFile, 'utf8');
  const n = (k) => Number((tap.match(new RegExp(`^# ${k} (\\d+)`, 'm')) || [])[1] || 0);
  if (n('pass') + n('fail') > 0) {
    checks.push({ name: 'ブラウザー（Chromium）での試験（キーボード操作、見出しとランドマーク、表示の設定、読み上げ、幅320pxでの表示、動きを減らす設定、印刷 など）', passed: n('pass'), failed: n('fail') });
  }
}

const q = (s) => JSON.stringify(String(s)); // a TOML basic string is a JSON string
const today = new Date();
const date = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
const urls = [...new Set([...Object.keys(axe.pages), ...Object.keys(vnu.pages).filter((u) => /\.html?$/.test(u))])].sort();
const lines = [
  '# ウェブアクセシビリティ試験の結果（試験結果のページの元のデータ）。',
  '# テスト（bash tests/run.sh）が書き直します。手で直さないでください。',
  `date = ${date}`,
  `site = ${q(path.basename(siteDir))}`,
  '',
  '[[tools]]', 'name = "axe-core"', `version = ${q(version('axe-core'))}`,
  `purpose = ${q(`WCAG 2.2 のレベル A・AA の自動試験。すべてのページを${axe.combinations[0]}の表示で、ページの種類ごとに 1 ページと 5 ページに 1 ページをほかの ${axe.combinations.length - 1} 通りの表示の設定（${axe.combinations.slice(1).join('、')}）でも試験`)}`,
  '',
  '[[tools]]', 'name = "Nu Html Checker (vnu)"', `version = ${q(version('vnu-jar'))}`, 'purpose = "HTML の文法の試験"',
  '',
  '[[tools]]', 'name = "Chromium"', `version = ${q(chromium)}`, 'purpose = "試験に使ったブラウザー（Playwright で操作）"',
];
for (const c of checks) lines.push('', '[[checks]]', `name = ${q(c.name)}`, `passed = ${c.passed}`, `failed = ${c.failed}`);
for (const u of urls) {
  const a = axe.pages[u];
  lines.push('', '[[pages]]', `url = ${q(u)}`, `title = ${q(a?.title || '')}`,
    `axe = ${a ? a.axe : 1}`, `vnu = ${vnu.pages[u] ?? 1}`);
}
fs.writeFileSync(outFile, lines.join('\n') + '\n');
const bad = urls.filter((u) => (axe.pages[u]?.axe ?? 1) + (vnu.pages[u] ?? 1) > 0).length;
console.log(`write-results: ${urls.length} pages (${bad} with problems) → ${path.relative(REPO_ROOT, outFile)}`);
