/*
 * tsunagu search — the browser side of the offline Japanese search (no dependencies, no
 * build step, no fetch: every file is a .js loaded with a <script> tag, so it works from
 * file:// as well as over HTTP).
 *
 * Include it with the manifest's address:
 *   <script src="{root}assets/search/search.js" data-index="{root}search/index.js"></script>
 * then: window.tsunaguSearch("地域食堂", {limit: 10, filters: {kind, area, audience}})
 *   -> Promise<[{url, path, title, titleHtml, kind, kindHtml, area, areaHtml, audience,
 *                snippet, score, doc}]>
 * (`url` is ready for href, relative to the page; `titleHtml`, `kindHtml` and `areaHtml`
 * the title and names as HTML, with ruby where the index has readings; `snippet` is HTML with <mark> (and ruby): the start
 * of the page's text, or an excerpt from further on where the match is not in its title
 * or start.)
 *
 * Tokenizing and scoring are a port of src/search/tokenize.rs and of tantivy's BM25
 * (src/search/mod.rs explains the query); tests/browser/search-parity.test.mjs checks
 * that both give the same results.
 */
(function () {
  'use strict';

  // tantivy's FIELD_NORMS_TABLE (src/fieldnorm/code.rs): fieldnorm id -> token count;
  // 0..40 as is, then steps of 2, 4, 8, … eight at a time.
  var FIELD_NORMS = [];
  (function () {
    for (var v = 0; v <= 40; v++) FIELD_NORMS.push(v);
    for (var step = 2, x = 40; FIELD_NORMS.length < 256; step *= 2) {
      for (var k = 0; k < 8 && FIELD_NORMS.length < 256; k++) FIELD_NORMS.push(x += step);
    }
  })();
  var f32 = Math.fround;
  var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var DIGIT = new Int8Array(128); // char code -> digit
  for (var d = 0; d < 64; d++) DIGIT[ALPHABET.charCodeAt(d)] = d;
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  var MARK = /\p{M}/u;
  var has = Object.prototype.hasOwnProperty;

  // ---------------------------------------------------------------- where the index is
  var me = document.currentScript;
  var indexUrl = (me && me.getAttribute('data-index')) || (function () {
    var s = document.querySelector && document.querySelector('script[data-index]');
    return s ? s.getAttribute('data-index') : 'search/index.js';
  })();
  var base = indexUrl.replace(/index\.js(?:[?#].*)?$/, ''); // ".../search/"
  var root = base.replace(/search\/$/, ''); // the site root, relative to the page

  // ---------------------------------------------------------------- tokenizer
  function isCjk(c) {
    return (c >= 0x3005 && c <= 0x3007) || (c >= 0x3041 && c <= 0x309f) ||
      (c >= 0x30a0 && c <= 0x30fa) || (c >= 0x30fc && c <= 0x30ff) ||
      (c >= 0x31f0 && c <= 0x31ff) || (c >= 0x3400 && c <= 0x4dbf) ||
      (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0x20000 && c <= 0x3ffff);
  }
  function isWord(ch) {
    return !isCjk(ch.codePointAt(0)) && WORD.test(ch);
  }
  function isKana(c) {
    return (c >= 0x3041 && c <= 0x309f) || c === 0x30fc;
  }
  function fold(c) {
    return (c >= 0x30a1 && c <= 0x30f6) || c === 0x30fd || c === 0x30fe ? c - 0x60 : c;
  }
  /** NFKC, katakana → hiragana, lower case (tokenize.rs `normalize`). */
  function normalize(s) {
    var out = '';
    for (var ch of s.normalize('NFKC')) out += String.fromCodePoint(fold(ch.codePointAt(0)));
    return out.toLowerCase();
  }

  /** The variants table: first character → [[spelling chars], canonical], longest first. */
  function variantTable(groups) {
    var byFirst = new Map();
    groups.forEach(function (g) {
      g.forEach(function (w) {
        var chars = Array.from(w);
        if (!byFirst.has(chars[0])) byFirst.set(chars[0], []);
        byFirst.get(chars[0]).push([chars, g[0]]);
      });
    });
    byFirst.forEach(function (list) {
      list.sort(function (a, b) { return b[0].length - a[0].length; });
    });
    return byFirst;
  }
  function startsWith(chars, i, w) {
    if (i + w.length > chars.length) return false;
    for (var k = 0; k < w.length; k++) if (chars[i + k] !== w[k]) return false;
    return true;
  }
  /** Variants on normalized text, as an array of units {ch, from, to} (to keep offsets). */
  function applyVariants(units, table) {
    if (!table.size) return units;
    var chars = units.map(function (u) { return u.ch; });
    var out = [];
    for (var i = 0; i < chars.length;) {
      var list = table.get(chars[i]) || [];
      var hit = null;
      for (var k = 0; k < list.length && !hit; k++) if (startsWith(chars, i, list[k][0])) hit = list[k];
      if (hit) {
        var from = units[i].from, to = units[i + hit[0].length - 1].to;
        for (var c of hit[1]) out.push({ ch: c, from: from, to: to });
        i += hit[0].length;
      } else {
        out.push(units[i]);
        i++;
      }
    }
    return out;
  }
  function unitsOf(s) {
    return Array.from(s).map(function (ch) { return { ch: ch, from: 0, to: 0 }; });
  }

  /**
   * Query tokens of normalized chars, run by run (tokenize.rs `run_spans`):
   * `size(cjk, length)` says how a run is cut, 2 (bigram fields: a word run is one token, a
   * CJK run of one character that character, a longer one its bigrams) or 4 (every other
   * one of its four-character grams, and the last).
   * Each token has `grams`: the kind of field it is looked up in (1, 2 or 4).
   */
  function runTokens(chars, size) {
    var toks = [], run = [], runCjk = false;
    function flush() {
      if (!run.length) return;
      var n = size(runCjk, run.length);
      if (!runCjk) toks.push({ text: run.join(''), grams: 2 });
      else if (n === 2 && run.length === 1) toks.push({ text: run[0], grams: 1 });
      else {
        for (var k = 0; k + n <= run.length; k++) {
          // four-character grams: every other one and the last (tokenize.rs `query_tokens`)
          if (n === 4 && k % 2 === 1 && k + n < run.length) continue;
          toks.push({ text: run.slice(k, k + n).join(''), grams: n });
        }
      }
      run = [];
    }
    chars.forEach(function (ch) {
      var cjk = isCjk(ch.codePointAt(0));
      if (!cjk && !isWord(ch)) return flush();
      if (run.length && cjk !== runCjk) flush();
      runCjk = cjk;
      run.push(ch);
    });
    flush();
    return toks;
  }

  /**
   * Distinct query tokens and whether the reading fields are searched (tokenize.rs
   * `query_tokens`): a kana-only query's runs of four or more characters give their
   * four-character grams when the index has `readings` (`long` is then 4, else 0: the
   * size of the reading's long grams, from the manifest).
   */
  function queryTokens(q, table, long) {
    var norm = normalize(q), sawKana = false, kanaOnly = true;
    for (var ch of norm) {
      var c = ch.codePointAt(0);
      if (isKana(c)) sawKana = true;
      else if (isCjk(c) || isWord(ch)) kanaOnly = false;
    }
    kanaOnly = kanaOnly && sawKana;
    var chars = applyVariants(unitsOf(norm), table).map(function (u) { return u.ch; });
    var seen = new Set(), tokens = [];
    runTokens(chars, function (cjk, length) {
      return long && kanaOnly && cjk && length >= long ? long : 2;
    }).forEach(function (t) {
      if (!seen.has(t.text)) { seen.add(t.text); tokens.push(t); }
    });
    return { tokens: tokens, kanaOnly: kanaOnly };
  }

  // ---------------------------------------------------------------- encoding
  function fnv1a(s) {
    var h = 0x811c9dc5;
    function byte(b) { h = Math.imul(h ^ b, 0x01000193) >>> 0; }
    for (var ch of s) {
      var c = ch.codePointAt(0);
      if (c < 0x80) byte(c);
      else if (c < 0x800) { byte(0xc0 | (c >> 6)); byte(0x80 | (c & 63)); }
      else if (c < 0x10000) { byte(0xe0 | (c >> 12)); byte(0x80 | ((c >> 6) & 63)); byte(0x80 | (c & 63)); }
      else { byte(0xf0 | (c >> 18)); byte(0x80 | ((c >> 12) & 63)); byte(0x80 | ((c >> 6) & 63)); byte(0x80 | (c & 63)); }
    }
    return h >>> 0;
  }
  /** A reader of base-64 varints (export.rs `varint`; values below 2^30). */
  function Reader(s) { this.s = s; this.i = 0; }
  Reader.prototype.more = function () { return this.i < this.s.length; };
  Reader.prototype.next = function () {
    var s = this.s, i = this.i, v = 0, shift = 0, d;
    do {
      d = DIGIT[s.charCodeAt(i++)];
      v |= (d & 31) << shift;
      shift += 5;
    } while (d & 32);
    this.i = i;
    return v;
  };

  // ---------------------------------------------------------------- loading
  var loaded = {}; // key -> data registered by the script
  var loading = {}; // key -> Promise
  function load(key, src) {
    if (has.call(loaded, key)) return Promise.resolve(loaded[key]);
    if (loading[key]) return loading[key];
    loading[key] = new Promise(function (resolve, reject) {
      var el = document.createElement('script');
      el.src = src;
      el.charset = 'utf-8';
      el.async = true;
      el.onload = function () {
        delete loading[key];
        if (has.call(loaded, key)) resolve(loaded[key]);
        else reject(new Error('tsunagu search: ' + src + ' did not register itself'));
      };
      el.onerror = function () {
        delete loading[key];
        reject(new Error('tsunagu search: cannot load ' + src));
      };
      (document.head || document.documentElement || document.body).appendChild(el);
    });
    return loading[key];
  }
  // doc -> [url, title, kind, area, audience, text(, readings, title readings)]
  var docRows = {};
  function keepRow(doc, row) {
    if (!has.call(docRows, doc) || docRows[doc].length < row.length) docRows[doc] = row;
  }
  window.tsunaguSearchShard = function (id, data, rows) {
    loaded['t:' + id] = data;
    // a heavy term's file brings the rows of its best docs: [[doc, ...row], …]
    if (rows) for (var i = 0; i < rows.length; i++) keepRow(rows[i][0], rows[i].slice(1));
  };
  window.tsunaguSearchDocs = function (n, rows) {
    loaded['d:' + n] = rows;
    var first = n * manifest.docShard;
    for (var i = 0; i < rows.length; i++) keepRow(first + i, rows[i]);
  };
  window.tsunaguSearchFacets = function (data) { loaded.f = data; };
  window.tsunaguSearchTexts = function (n, texts) { loaded['x:' + n] = texts; };

  var ready = null; // Promise of the prepared manifest
  var manifest = null; // the manifest once loaded
  function index() {
    if (!ready) {
      ready = new Promise(function (resolve, reject) {
        var el = document.createElement('script');
        el.src = indexUrl;
        el.charset = 'utf-8';
        el.onload = function () {
          var m = window.tsunaguSearchIndex;
          if (!m || m.format !== 4) return reject(new Error('tsunagu search: bad ' + indexUrl));
          m.table = variantTable(m.variants);
          m.long = 0;
          m.fields.forEach(function (f) { if (m.readings && f.grams > 2) m.long = f.grams; });
          m.avg = m.fields.map(function (f) { return f32(f32(f.tokens) / f32(m.docs)); });
          // fieldnorm id -> BM25 length normalisation, per field
          m.norms = m.avg.map(function (avg) {
            var t = new Float64Array(256);
            for (var id = 0; id < 256; id++) t[id] = f32(K1 * f32(f32(1 - B) + f32(f32(B * FIELD_NORMS[id]) / avg)));
            return t;
          });
          Object.keys(m.terms).forEach(function (g) {
            var files = m.terms[g], r = new Reader(files.heavy), b = 0;
            files.heavySet = new Set();
            while (r.more()) files.heavySet.add(b += r.next());
          });
          manifest = m;
          resolve(m);
        };
        el.onerror = function () { ready = null; reject(new Error('tsunagu search: cannot load ' + indexUrl)); };
        (document.head || document.documentElement || document.body).appendChild(el);
      });
    }
    return ready;
  }
  /**
   * The encoded postings of `term` in a shard group, or null. The manifest says which file
   * holds it (export.rs `write_term_shards`): its heavy bucket's own file, or a light shard.
   */
  function termValue(m, group, term) {
    // the kana terms of group m have files of their own (export.rs `file_group`)
    if (group === 'm' && Array.from(term).every(function (ch) { return isKana(ch.codePointAt(0)); })) group = 'k';
    var files = m.terms[group], h = fnv1a(term), id;
    if (files.buckets && files.heavySet.has(h % files.buckets)) id = group + 'h' + (h % files.buckets);
    else id = group + (h % files.shards);
    return load('t:' + id, base + 't/' + id + '.js').then(function (shard) {
      return has.call(shard, term) ? shard[term] : null;
    });
  }

  // ---------------------------------------------------------------- scoring (tantivy BM25)
  var K1 = f32(1.2), B = f32(0.75);
  function idf(n, N) {
    var x = f32(f32(f32(N - n) + 0.5) / f32(n + 0.5));
    return f32(Math.log(f32(1 + x)));
  }
  function fieldsFor(m, tok, kanaOnly) {
    var out = [];
    m.fields.forEach(function (f, i) {
      if (f.grams === tok.grams && (!f.reading || kanaOnly)) out.push(i);
    });
    return out;
  }
  /**
   * Adds one query token's scores into `acc` (a Float32Array with a slot per doc; 0 = no
   * match, as scores are > 0): a union over its fields, summed in field order as tantivy
   * does. `data`: group -> the term's encoded postings (export.rs) or null. Groups hold
   * fields in order (m: title, body, reading, reading_4; u: the unigram fields), each value lists its
   * fields in order, so reading them group after group keeps the order; the fields the
   * query does not search (reading, unless the query is all kana) are skipped.
   */
  function scoreToken(m, fields, data, acc) {
    var want = [], groups = [];
    fields.forEach(function (fi) {
      want[fi] = true;
      var g = m.fields[fi].group;
      if (groups.indexOf(g) < 0) groups.push(g);
    });
    var one = new Float64Array(256);
    groups.forEach(function (g) {
      var s = data[g];
      if (!s) return;
      var r = new Reader(s);
      while (r.more()) {
        var fi = r.next(), n = r.next(), i = r.i, doc = 0, v, d, shift, k;
        var use = want[fi] === true;
        var weight = 0, norms = null;
        if (use) {
          var field = m.fields[fi];
          weight = f32(f32(idf(n, m.docs) * f32(1 + K1)) * f32(field.boost));
          norms = m.norms[fi];
          for (k = 0; k < 256; k++) one[k] = f32(weight * f32(1 / f32(1 + norms[k])));
        }
        for (k = 0; k < n; k++) {
          // varints inline, one-digit values first (most doc gaps)
          v = DIGIT[s.charCodeAt(i++)];
          if (v & 32) {
            v &= 31; shift = 5;
            do { d = DIGIT[s.charCodeAt(i++)]; v |= (d & 31) << shift; shift += 5; } while (d & 32);
          }
          doc += v;
          v = DIGIT[s.charCodeAt(i++)];
          if (v & 32) {
            v &= 31; shift = 5;
            do { d = DIGIT[s.charCodeAt(i++)]; v |= (d & 31) << shift; shift += 5; } while (d & 32);
          }
          var id = v >> 1, sc;
          if (v & 1) {
            var tf = 0;
            shift = 0;
            do { d = DIGIT[s.charCodeAt(i++)]; tf |= (d & 31) << shift; shift += 5; } while (d & 32);
            tf += 2;
            if (!use) continue;
            sc = f32(weight * f32(tf / f32(tf + norms[id])));
          } else {
            if (!use) continue;
            sc = one[id];
          }
          acc[doc] += sc; // a Float32Array rounds the sum to f32
        }
        r.i = i;
      }
    });
  }

  // ---------------------------------------------------------------- facets and results
  function decodeFacets(m, data) {
    var n = m.docs, kind = new Reader(data.kind), area = new Reader(data.area), aud = new Reader(data.audience);
    var out = { kind: new Array(n), area: new Array(n), audience: new Array(n) };
    for (var i = 0; i < n; i++) {
      out.kind[i] = m.kinds[kind.next() - 1] || '';
      out.area[i] = m.areas[area.next() - 1] || '';
      var c = aud.next(), list = [];
      for (var k = 0; k < c; k++) list.push(m.audiences[aud.next()]);
      out.audience[i] = list;
    }
    return out;
  }
  function asSet(v) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) return null;
    return new Set(Array.isArray(v) ? v : [v]);
  }
  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  var normalized = new Map(); // a character (cluster) of result text -> its normalized chars
  /** A row's readings (search/snippet.rs) as `[start, length, grade, reading, …]`. */
  function decodeWords(s) {
    var out = [], r = new Reader(s), end = 0;
    while (r.more()) {
      var start = end + r.next(), len = r.next(), grade = r.next(), n = r.next();
      out.push(start, len, grade, s.substr(r.i, n));
      r.i += n;
      end = start + len;
    }
    return out;
  }
  /** The words of a result row's title with their readings (decodeWords), or null. */
  function titleWords(row) {
    return row.length >= 8 ? decodeWords(row[7]) : null;
  }
  /** A word with its reading, as the pages show furigana (src/furigana/output.rs). */
  function rubyHtml(base, grade, reading) {
    return '<ruby data-g="' + grade + '">' + escapeHtml(base) + '<rp>（</rp><rt>' +
      escapeHtml(reading) + '</rt><rp>）</rp></ruby>';
  }
  /** Name `i` of a vocabulary as HTML, with ruby where the index has its `words`. */
  function vocabHtml(m, names, words, i) {
    var name = names[i] || '';
    return snippet(name, [], m.table, name.length, words && words[i] ? decodeWords(words[i]) : null);
  }
  var SENTENCE_END = '。！？!?\n', CLAUSE_END = '、，,）)」』】 　';
  /**
   * Where an excerpt of `text` showing a match at `first` begins: at the start of the
   * match's sentence when it is near (within half the width), else after a 、 or a closing
   * bracket shortly before (a quarter of the width), else at the start of the nearest
   * word before (…障がい者, not …い者).
   */
  function excerptStart(text, first, width, words) {
    var near = first - Math.floor(width / 2), s;
    for (s = first - 1; s >= Math.max(0, near); s--) {
      if (SENTENCE_END.indexOf(text.charAt(s)) >= 0) return s + 1;
    }
    if (near <= 0) return 0;
    var start = first - Math.floor(width / 4);
    for (s = start; s < first; s++) {
      if (CLAUSE_END.indexOf(text.charAt(s - 1)) >= 0) return s;
    }
    // the nearest word (with a reading) that starts shortly before: its kanji and the
    // kana after them are one word (障|がい者), the start of a word is a boundary
    var at = start;
    for (var w = 0; words && w < words.length && words[w] <= start; w += 4) {
      if (words[w] >= start - 8) { at = words[w]; }
    }
    return at;
  }
  /**
   * The text with the query's tokens in <mark>, cut to about `width` characters; `words`
   * (or null, from decodeWords) shown as ruby, and with `byReading` matched by their
   * readings (ちいきしょくどう marks 地域食堂). A word is marked whole or not at all.
   */
  function snippet(text, tokens, table, width, words, byReading) {
    var units = [], chars = Array.from(text), pos = 0, w = 0;
    for (var i = 0; i < chars.length;) {
      if (byReading && words) while (w < words.length && words[w] < pos) w += 4;
      if (byReading && words && w < words.length && words[w] === pos) {
        var wordStart = pos, reading = Array.from(normalize(words[w + 3]));
        while (i < chars.length && pos < wordStart + words[w + 1]) pos += chars[i++].length;
        for (var k = 0; k < reading.length; k++) units.push({ ch: reading[k], from: wordStart, to: pos });
        w += 4;
        continue;
      }
      var from = pos, cluster = chars[i++];
      while (i < chars.length && chars[i].charCodeAt(0) >= 0x300 && MARK.test(chars[i])) cluster += chars[i++];
      pos += cluster.length;
      var c = cluster.length === 1 ? cluster.charCodeAt(0) : 0, n;
      // hiragana and common kanji are their own normal form (NFKC, fold, lower case)
      if ((c >= 0x3041 && c <= 0x3096) || (c >= 0x4e00 && c <= 0x9fff)) n = cluster;
      else {
        n = normalized.get(cluster);
        if (n === undefined) normalized.set(cluster, n = Array.from(normalize(cluster)));
      }
      for (var k = 0; k < n.length; k++) units.push({ ch: n[k], from: from, to: pos });
    }
    units = applyVariants(units, table);
    var marked = new Uint8Array(text.length + 1), first = -1;
    var norm = units.map(function (u) { return u.ch; });
    tokens.forEach(function (t) {
      var w = Array.from(t.text);
      for (var k = 0; k + w.length <= norm.length; k++) {
        if (!startsWith(norm, k, w)) continue;
        var a = units[k].from, b = units[k + w.length - 1].to;
        for (var x = a; x < b; x++) marked[x] = 1;
      }
    });
    // shown from the longest marked run, the first of them: 少年鑑別支所 where the query
    // is that, not the 別支 of a 個別支援 before it
    for (var x = 0, best = 0; x < text.length;) {
      if (!marked[x]) { x++; continue; }
      var y = x;
      while (y < text.length && marked[y]) y++;
      if (y - x > best) { best = y - x; first = x; }
      x = y;
    }
    var start = first <= 0 ? 0 : excerptStart(text, first, width, words);
    // not on the white space or the revision marker （変更） a sentence ended with
    var rest = /^(?:\s|（[^）\s]{1,6}）(?=\s))+/.exec(text.slice(start, first));
    if (rest) start += rest[0].length;
    while (start > 0 && start < text.length && /[\uDC00-\uDFFF]/.test(text.charAt(start))) start--;
    var end = Math.min(text.length, start + width);
    while (end < text.length && /[\uDC00-\uDFFF]/.test(text.charAt(end))) end++;
    var html = start > 0 ? '…' : '', open = false, wi = 0;
    for (var j = start; j < end; j++) {
      if (words) while (wi < words.length && words[wi] < j) wi += 4;
      if (words && wi < words.length && words[wi] === j) {
        var wordEnd = Math.min(text.length, j + words[wi + 1]), any = false;
        for (var x = j; x < wordEnd; x++) if (marked[x]) any = true;
        if (any && !open) { html += '<mark>'; open = true; }
        if (!any && open) { html += '</mark>'; open = false; }
        html += rubyHtml(text.slice(j, wordEnd), words[wi + 2], words[wi + 3]);
        end = Math.max(end, wordEnd); // a word is not cut
        j = wordEnd - 1;
        continue;
      }
      if (marked[j] && !open) { html += '<mark>'; open = true; }
      if (!marked[j] && open) { html += '</mark>'; open = false; }
      html += escapeHtml(text.charAt(j));
    }
    if (open) html += '</mark>';
    return html + (end < text.length ? '…' : '');
  }

  /** The visitor's display setting shows furigana (prefs.js sets data-furigana). */
  function furiganaShown() {
    var root = document.documentElement, v = root && root.getAttribute && root.getAttribute('data-furigana');
    return !!v && v !== 'off';
  }
  var SNIPPET_WIDTH = 80;
  var MARK_OPEN = '<mark>';
  /**
   * A hit whose title and snippet do not show the match gets an excerpt from further on
   * (search/x/: a text, or [text, its words' readings]), its words shown as ruby and, for a
   * kana query, matched by their readings as in the snippet.
   */
  function excerpts(m, q, hits) {
    var deep = hits.filter(function (h) {
      return m.textShard && h.snippet.indexOf(MARK_OPEN) < 0 &&
        snippet(h.title, q.tokens, m.table, h.title.length + 1, titleWords(docRows[h.doc]), q.kanaOnly).indexOf(MARK_OPEN) < 0;
    });
    return Promise.all(deep.map(function (h) {
      var n = Math.floor(h.doc / m.textShard);
      return load('x:' + n, base + 'x/' + n + '.js').then(function (texts) {
        var entry = texts[h.doc - n * m.textShard] || '', read = typeof entry !== 'string';
        var text = read ? entry[0] : entry, words = read ? decodeWords(entry[1]) : null;
        var found = text ? snippet(text, q.tokens, m.table, SNIPPET_WIDTH, words, q.kanaOnly) : '';
        if (found.indexOf(MARK_OPEN) >= 0) h.snippet = found;
      }, function () { /* keep the snippet */ });
    })).then(function () { return hits; });
  }

  /** Searches; see the comment at the top of this file. */
  function tsunaguSearch(query, options) {
    var opts = options || {};
    var limit = opts.limit === undefined ? 10 : opts.limit;
    var filters = opts.filters || {};
    return index().then(function (m) {
      var q = queryTokens(String(query || ''), m.table, m.long);
      if (!q.tokens.length || limit <= 0 || !m.docs) return [];
      var plan = q.tokens.map(function (tok) { return { tok: tok, fields: fieldsFor(m, tok, q.kanaOnly) }; });
      var wants = [];
      plan.forEach(function (p) {
        var groups = {};
        p.fields.forEach(function (fi) { groups[m.fields[fi].group] = true; });
        p.data = {};
        Object.keys(groups).sort().forEach(function (g) {
          wants.push(termValue(m, g, p.tok.text).then(function (v) { p.data[g] = v; }));
        });
      });
      var kinds = asSet(filters.kind), areas = asSet(filters.area), auds = asSet(filters.audience);
      if (kinds || areas || auds) {
        wants.push(load('f', base + 'f.js').then(function (data) {
          if (!m.facets) m.facets = decodeFacets(m, data);
        }));
      }
      return Promise.all(wants).then(function () {
        var N = m.docs, total = null;
        plan.forEach(function (p) {
          var acc = new Float32Array(N);
          scoreToken(m, p.fields, p.data, acc);
          if (!total) { total = acc; return; }
          for (var d = 0; d < N; d++) if (total[d] !== 0) total[d] = acc[d] !== 0 ? total[d] + acc[d] : 0;
        });
        // the best `limit` docs, by score then doc id (as tantivy), with the filters applied
        var top = [];
        for (var doc = 0; doc < N; doc++) {
          var score = total[doc];
          if (score === 0) continue;
          if (m.facets) {
            if (kinds && !kinds.has(m.facets.kind[doc])) continue;
            if (areas && !areas.has(m.facets.area[doc])) continue;
            if (auds && !m.facets.audience[doc].some(function (a) { return auds.has(a); })) continue;
          }
          if (has.call(m.boosts, doc) && m.boosts[doc] !== 1) score = f32(score * f32(m.boosts[doc]));
          if (top.length === limit && score <= top[limit - 1].score) continue;
          var at = top.length === limit ? limit - 1 : top.length;
          while (at > 0 && top[at - 1].score < score) { top[at] = top[at - 1]; at--; }
          top[at] = { doc: doc, score: score };
        }
        var shards = {};
        // a kana-only query, or furigana shown: rows without readings will not do
        var rowLength = m.readings && (q.kanaOnly || furiganaShown()) ? 8 : 6;
        top.forEach(function (h) {
          if (!has.call(docRows, h.doc) || docRows[h.doc].length < rowLength) shards[Math.floor(h.doc / m.docShard)] = true;
        });
        return Promise.all(Object.keys(shards).map(function (n) {
          return load('d:' + n, base + 'd/' + n + '.js');
        })).then(function () {
          var hits = top.map(function (h) {
            var row = docRows[h.doc];
            return {
              url: root + row[0],
              path: row[0],
              title: row[1],
              // the whole title, no marks: its words' readings as ruby
              titleHtml: snippet(row[1], [], m.table, row[1].length, titleWords(row)),
              kind: m.kinds[row[2]] || '',
              area: m.areas[row[3]] || '',
              // the kind and area names with their words' readings as ruby
              kindHtml: vocabHtml(m, m.kinds, m.kindWords, row[2]),
              areaHtml: vocabHtml(m, m.areas, m.areaWords, row[3]),
              audience: row[4].map(function (a) { return m.audiences[a]; }),
              snippet: snippet(row[5], q.tokens, m.table, SNIPPET_WIDTH, row.length >= 8 ? decodeWords(row[6]) : null, q.kanaOnly),
              score: h.score,
              doc: h.doc,
            };
          });
          return excerpts(m, q, hits);
        });
      });
    });
  }
  tsunaguSearch.tokenize = function (q) {
    return index().then(function (m) { return queryTokens(q, m.table, m.long); });
  };
  tsunaguSearch.normalize = normalize;
  tsunaguSearch.preload = function () { return index(); };
  window.tsunaguSearch = tsunaguSearch;
})();
