// open-now.js gives exactly the answers of the Rust schedule engine.
//
// The cases are written by `cargo test` (tests/schedule.rs, browser_parity_cases) to
// target/schedule-parity.json: for ~20 schedules, the openings on every day from December
// 2025 to January 2027, is-open at many moments of 2026, and is-open during every week and
// month of 2026. A missing file is a failure: run `cargo test --test it schedule::` first
// (tests/run.sh runs cargo test before this suite).
//
// open-now.js is loaded twice: as a browser would (a plain script in a fresh context with
// only `window`: no module, no require, no fetch), and through require() (module.exports).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const script = resolve(root, 'themes/default/static/assets/open-now.js');
const casesPath = resolve(root, 'target/schedule-parity.json');

function loadAsPlainScript() {
  const window = {};
  const context = vm.createContext({ window });
  vm.runInContext(readFileSync(script, 'utf8'), context, { filename: script });
  return window.tsunaguOpen;
}

function loadCases() {
  assert.ok(
    existsSync(casesPath),
    `${casesPath} is missing: run \`cargo test --test it schedule::\` first (it writes the cases)`,
  );
  const cases = JSON.parse(readFileSync(casesPath, 'utf8'));
  assert.ok(cases.schedules.length >= 20, `only ${cases.schedules.length} schedules`);
  assert.ok(cases.holidays.includes('2026-09-22'), 'holidays 2025–2027 are in the file');
  return cases;
}

test('open-now.js runs as a plain script and defines window.tsunaguOpen', () => {
  const api = loadAsPlainScript();
  assert.equal(typeof api, 'object');
  for (const name of ['occursOn', 'isOpenAt', 'isOpenDuring', 'dateInJapan']) {
    assert.equal(typeof api[name], 'function', name);
  }
  const src = readFileSync(script, 'utf8');
  assert.doesNotMatch(src, /\bfetch\s*\(|\bimport\s*\(|^\s*(import|export)\s/m, 'no fetch, no modules');
});

test('require() gets the same functions', () => {
  const api = createRequire(import.meta.url)(script);
  assert.equal(typeof api.occursOn, 'function');
  assert.equal(api.dateInJapan(new Date('2026-04-10T15:00:00Z')), '2026-04-11', 'midnight in Japan');
  assert.equal(api.dateInJapan(new Date('2026-04-10T14:59:59Z')), '2026-04-10');
});

// Arrays made inside the script's own context have another Array prototype.
const plain = (x) => JSON.parse(JSON.stringify(x));

test('hand-checked answers', () => {
  const api = loadAsPlainScript();
  // 第2・第4土曜 11:00–14:00 from 2026-04-01; closed on holidays.
  const data = {
    rules: [{ freq: 'monthly', interval: 1, byday: [[2, 5], [4, 5]], open: 660, close: 840, from: '2026-04-01' }],
    dates: [{ date: '2026-04-29', open: 600, close: 720 }],
    closed_holidays: true,
    closed_year_end: false,
    closed_dates: [],
  };
  const holidays = ['2026-04-29'];
  assert.deepEqual(plain(api.occursOn(data, '2026-04-11', holidays)), [[660, 840]]); // 2nd Saturday
  assert.deepEqual(plain(api.occursOn(data, '2026-04-18', holidays)), []); // 3rd
  assert.deepEqual(plain(api.occursOn(data, '2026-03-14', holidays)), []); // before `from`
  assert.deepEqual(plain(api.occursOn(data, '2026-04-29', holidays)), [[600, 720]]); // a date wins
  assert.deepEqual(plain(api.occursOn(data, '2026-02-30', holidays)), []); // no such day
  assert.equal(api.isOpenAt(data, new Date('2026-04-11T11:00:00+09:00'), holidays), true);
  assert.equal(api.isOpenAt(data, new Date('2026-04-11T10:59:59+09:00'), holidays), false);
  assert.equal(api.isOpenAt(data, new Date('2026-04-11T14:00:00+09:00'), holidays), false);
  assert.equal(api.isOpenDuring(data, '2026-04-13', '2026-04-19', holidays), false);
  assert.equal(api.isOpenDuring(data, '2026-04-20', '2026-04-26', holidays), true);
  assert.equal(api.isOpenDuring(data, '2026-04-26', '2026-04-20', holidays), false);
});

test('every case of the Rust engine gives the same answer', () => {
  const cases = loadCases();
  const inPage = loadAsPlainScript();
  const required = createRequire(import.meta.url)(script);
  const holidaysSet = new Set(cases.holidays);
  let compared = 0;
  const failures = [];
  const check = (label, got, want) => {
    compared++;
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      failures.push(`${label}: open-now.js ${JSON.stringify(got)}, Rust ${JSON.stringify(want)}`);
    }
  };
  for (const s of cases.schedules) {
    for (const [date, spans] of s.days) {
      check(`${s.name} ${date}`, inPage.occursOn(s.data, date, cases.holidays), spans);
      check(`${s.name} ${date} (Set)`, required.occursOn(s.data, date, holidaysSet), spans);
    }
    for (const [at, open] of s.at) {
      check(`${s.name} at ${at}`, inPage.isOpenAt(s.data, new Date(`${at}:00+09:00`), cases.holidays), open);
    }
    for (const [from, to, open] of s.during) {
      check(`${s.name} ${from}..${to}`, inPage.isOpenDuring(s.data, from, to, cases.holidays), open);
    }
  }
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} of ${compared} differ`);
  assert.ok(compared > 10000, `only ${compared} comparisons`);
});
