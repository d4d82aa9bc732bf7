// Nu HTML Checker (vnu.jar from the vnu-jar package) over every .html and .css file of
// every built site, in ONE java run. One test per file, named "vnu <site>/<file>": zero
// errors (warnings are printed but allowed).
//   SITES=dir1,dir2 node --test html.test.mjs
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sitesFromEnv, listFiles, vnuJarPath, recordResults } from './lib.mjs';

const JAVA = process.env.JAVA || 'java';
const sites = sitesFromEnv();
const checked = []; // {site, rel, abs}
for (const site of sites) {
  if (site.error) continue;
  for (const rel of listFiles(site.dir, /\.(html?|css)$/i)) checked.push({ site: site.name, rel, abs: path.join(site.dir, rel) });
}

function runVnu(files) {
  const jar = vnuJarPath();
  if (!fs.existsSync(jar)) throw new Error(`vnu.jar not found at ${jar} (run npm ci in tests/browser)`);
  const args = ['-Xss8m', '-jar', jar, '--format', 'json', '--exit-zero-always'];
  if (files.some((f) => /\.css$/i.test(f))) args.push('--also-check-css');
  args.push(...files);
  return new Promise((resolve, reject) => {
    const p = spawn(JAVA, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('error', (e) => reject(new Error(`cannot run ${JAVA}: ${e.message} (install openjdk-17-jre-headless)`)));
    p.on('close', (code) => {
      // vnu writes its JSON report to stderr
      const text = err.trim() || out.trim();
      let report;
      try { report = JSON.parse(text); } catch {
        reject(new Error(`vnu exited ${code} without a JSON report:\n${text.slice(0, 4000)}`));
        return;
      }
      if (code !== 0) { reject(new Error(`vnu exited ${code}:\n${text.slice(0, 4000)}`)); return; }
      resolve(report);
    });
  });
}

const byFile = new Map(); // abs path -> [{kind, line}]
const unattributed = [];
let vnuError = null;
const t0 = Date.now();

before(async () => {
  if (!checked.length) return;
  let report;
  try { report = await runVnu(checked.map((c) => c.abs)); } catch (e) { vnuError = e; return; }
  for (const m of report.messages || []) {
    const isErr = m.type === 'error' || m.type === 'non-document-error';
    const isWarn = m.type === 'info' && m.subType === 'warning';
    if (!isErr && !isWarn) continue;
    let abs = null;
    if (m.url) { try { abs = path.resolve(fileURLToPath(new URL(m.url))); } catch { abs = null; } }
    const where = `${m.lastLine ?? m.firstLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}`;
    const extract = m.extract ? `  «${m.extract.replace(/\s+/g, ' ').trim().slice(0, 120)}»` : '';
    const entry = { kind: isErr ? 'error' : 'warning', where, text: `${m.message}${extract}` };
    if (abs && byFile.has(abs)) byFile.get(abs).push(entry);
    else if (abs) { byFile.set(abs, [entry]); }
    else unattributed.push(entry);
  }
  console.log(`# vnu: ${checked.length} files checked in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // per-page error counts for the 試験結果 page (see write-results.mjs)
  for (const site of sites) {
    if (site.error) continue;
    const pages = {};
    for (const c of checked.filter((x) => x.site === site.name)) {
      pages[c.rel] = (byFile.get(path.resolve(c.abs)) || []).filter((e) => e.kind === 'error').length;
    }
    recordResults(site, 'vnu', { complete: true, pages });
  }
});

for (const site of sites) {
  if (site.error) test(`vnu ${site.name}: site exists`, () => assert.fail(site.error));
}

if (checked.length) {
  test('vnu ran', () => {
    if (vnuError) throw vnuError;
    const errs = unattributed.filter((e) => e.kind === 'error');
    assert.equal(errs.length, 0, `vnu reported errors not tied to a file:\n${errs.map((e) => `${e.where}: ${e.text}`).join('\n')}`);
  });
}

for (const c of checked) {
  test(`vnu ${c.site}/${c.rel}`, () => {
    if (vnuError) assert.fail(`vnu did not run: ${vnuError.message.split('\n')[0]}`);
    const msgs = byFile.get(path.resolve(c.abs)) || [];
    const fmt = (e) => `${c.site}/${c.rel}:${e.where}: ${e.kind}: ${e.text}`;
    const warnings = msgs.filter((e) => e.kind === 'warning');
    for (const w of warnings) console.log(`# ${fmt(w)}`);
    const errors = msgs.filter((e) => e.kind === 'error');
    assert.ok(errors.length === 0, `${errors.length} HTML error(s):\n${errors.map(fmt).join('\n')}`);
  });
}
