/*
 * tsunagu search — the browser side of the offline Japanese search (no dependencies, no
 * build step, no fetch: every file is a .js loaded with a <script> tag, so it works from
 * file:// as well as over HTTP).
 *
 * Include it with the manifest's address:
 *   <script src="{root}assets/search/search.js" data-index="{root}search/index.js"></script>
 * then: window.tsunaguSearch("地域食堂", {limit: 10, filters: {kind, area, audience}})
 *   -> Promise<[{url, path, title, kind, area, audience, snippet, score, doc}]>
 * (`url` is ready for href, relative to the page; `snippet` is HTML with <mark>.)
 *
 * Tokenizing and scoring are a port of src/search/tokenize.rs and of tantivy's BM25
 * (src/search/mod.rs explains the query); tests/browser/search-parity.test.mjs checks
 * that both give the same results.
 */
(function () {
  'use strict';

  var FIELD_NORMS = [
    // tantivy's FIELD_NORMS_TABLE (src/fieldnorm/code.rs): fieldnorm id -> token count
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
    25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 42, 44, 46, 48, 50, 52, 54,
    56, 60, 64, 68, 72, 76, 80, 84, 88, 96, 104, 112, 120, 128, 136, 144, 152, 168, 184, 200,
    216, 232, 248, 264, 280, 312, 344, 376, 408, 440, 472, 504, 536, 600, 664, 728, 792, 856,
    920, 984, 1048, 1176, 1304, 1432, 1560, 1688, 1816, 1944, 2072, 2328, 2584, 2840, 3096,
    3352, 3608, 3864, 4120, 4632, 5144, 5656, 6168, 6680, 7192, 7704, 8216, 9240, 10264, 11288,
    12312, 13336, 14360, 15384, 16408, 18456, 20504, 22552, 24600, 26648, 28696, 30744, 32792,
    36888, 40984, 45080, 49176, 53272, 57368, 61464, 65560, 73752, 81944, 90136, 98328, 106520,
    114712, 122904, 131096, 147480, 163864, 180248, 196632, 213016, 229400, 245784, 262168,
    294936, 327704, 360472, 393240, 426008, 458776, 491544, 524312, 589848, 655384, 720920,
    786456, 851992, 917528, 983064, 1048600, 1179672, 1310744, 1441816, 1572888, 1703960,
    1835032, 1966104, 2097176, 2359320, 2621464, 2883608, 3145752, 3407896, 3670040, 3932184,
    4194328, 4718616, 5242904, 5767192, 6291480, 6815768, 7340056, 7864344, 8388632, 9437208,
    10485784, 11534360, 12582936, 13631512, 14680088, 15728664, 16777240, 18874392, 20971544,
    23068696, 25165848, 27263000, 29360152, 31457304, 33554456, 37748760, 41943064, 46137368,
    50331672, 54525976, 58720280, 62914584, 67108888, 75497496, 83886104, 92274712, 100663320,
    109051928, 117440536, 125829144, 134217752, 150994968, 167772184, 184549400, 201326616,
    218103832, 234881048, 251658264, 268435480, 301989912, 335544344, 369098776, 402653208,
    436207640, 469762072, 503316504, 536870936, 603979800, 671088664, 738197528, 805306392,
    872415256, 939524120, 1006632984, 1073741848, 1207959576, 1342177304, 1476395032,
    1610612760, 1744830488, 1879048216, 2013265944
  ];
  var f32 = Math.fround;
  var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var DIGIT = {};
  for (var d = 0; d < 64; d++) DIGIT[ALPHABET.charAt(d)] = d;
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

  /** Bigram-field tokens of normalized chars (tokenize.rs `bigrams`). */
  function bigrams(chars) {
    var toks = [], run = [], runCjk = false;
    function flush() {
      if (!run.length) return;
      if (!runCjk) toks.push({ text: run.join(''), single: false });
      else if (run.length === 1) toks.push({ text: run[0], single: true });
      else for (var k = 0; k + 1 < run.length; k++) toks.push({ text: run[k] + run[k + 1], single: false });
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

  /** Distinct query tokens and whether the reading fields are searched. */
  function queryTokens(q, table) {
    var norm = normalize(q), sawKana = false, kanaOnly = true;
    for (var ch of norm) {
      var c = ch.codePointAt(0);
      if (isKana(c)) sawKana = true;
      else if (isCjk(c) || isWord(ch)) kanaOnly = false;
    }
    var chars = applyVariants(unitsOf(norm), table).map(function (u) { return u.ch; });
    var seen = new Set(), tokens = [];
    bigrams(chars).forEach(function (t) {
      if (!seen.has(t.text)) { seen.add(t.text); tokens.push(t); }
    });
    return { tokens: tokens, kanaOnly: kanaOnly && sawKana };
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
  /** A reader of base-64 varints (export.rs `varint`). */
  function Reader(s) { this.s = s; this.i = 0; }
  Reader.prototype.more = function () { return this.i < this.s.length; };
  Reader.prototype.next = function () {
    var v = 0, shift = 0, d;
    do {
      d = DIGIT[this.s.charAt(this.i++)];
      v += (d & 31) * Math.pow(2, shift);
      shift += 5;
    } while (d & 32);
    return v;
  };
  /** A term's value → {field: {docs, tfs, norms}}. */
  function decodeTerm(s) {
    var r = new Reader(s), out = {};
    while (r.more()) {
      var field = r.next(), n = r.next(), doc = 0;
      var p = { docs: new Array(n), tfs: new Array(n), norms: new Array(n) };
      for (var k = 0; k < n; k++) {
        doc += r.next();
        var v = r.next();
        p.docs[k] = doc;
        p.norms[k] = v >> 1;
        p.tfs[k] = v & 1 ? r.next() + 2 : 1;
      }
      out[field] = p;
    }
    return out;
  }

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
  window.tsunaguSearchShard = function (id, data) { loaded['t:' + id] = data; };
  window.tsunaguSearchDocs = function (n, rows) { loaded['d:' + n] = rows; };
  window.tsunaguSearchFacets = function (data) { loaded.f = data; };

  var ready = null; // Promise of the prepared manifest
  function index() {
    if (!ready) {
      ready = new Promise(function (resolve, reject) {
        var el = document.createElement('script');
        el.src = indexUrl;
        el.charset = 'utf-8';
        el.onload = function () {
          var m = window.tsunaguSearchIndex;
          if (!m || m.format !== 1) return reject(new Error('tsunagu search: bad ' + indexUrl));
          m.table = variantTable(m.variants);
          m.avg = m.fields.map(function (f) { return f32(f32(f.tokens) / f32(m.docs)); });
          resolve(m);
        };
        el.onerror = function () { ready = null; reject(new Error('tsunagu search: cannot load ' + indexUrl)); };
        (document.head || document.documentElement || document.body).appendChild(el);
      });
    }
    return ready;
  }
  /**
   * The encoded postings of `term` in a shard group, or null: from its shard or, for a heavy
   * term (the shard holds a number k), from the term's own file `<shard>-<k>.js`.
   */
  function termValue(m, group, term) {
    var id = group + (fnv1a(term) % m.shards[group]);
    return load('t:' + id, base + 't/' + id + '.js').then(function (shard) {
      if (!has.call(shard, term)) return null;
      if (typeof shard[term] === 'string') return shard[term];
      var own = id + '-' + shard[term];
      return load('t:' + own, base + 't/' + own + '.js').then(function (one) {
        return has.call(one, term) ? one[term] : null;
      });
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
      if (f.unigram === tok.single && (!f.reading || kanaOnly)) out.push(i);
    });
    return out;
  }
  /** doc -> score of one query token (a union over its fields); data: group -> postings. */
  function scoreToken(m, tok, fields, data) {
    var scores = new Map(), decoded = {};
    fields.forEach(function (fi) {
      var field = m.fields[fi], g = field.group;
      if (!has.call(decoded, g)) decoded[g] = data[g] ? decodeTerm(data[g]) : {};
      var p = decoded[g][fi];
      if (!p) return;
      var weight = f32(f32(idf(p.docs.length, m.docs) * f32(1 + K1)) * f32(field.boost));
      var avg = m.avg[fi];
      for (var k = 0; k < p.docs.length; k++) {
        var tf = p.tfs[k];
        var norm = f32(K1 * f32(f32(1 - B) + f32(f32(B * FIELD_NORMS[p.norms[k]]) / avg)));
        var s = f32(weight * f32(tf / f32(tf + norm)));
        var doc = p.docs[k];
        scores.set(doc, f32((scores.get(doc) || 0) + s));
      }
    });
    return scores;
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
  /** The text with the query's tokens in <mark>, cut to about `width` characters. */
  function snippet(text, tokens, table, width) {
    var units = [], chars = Array.from(text), pos = 0;
    for (var i = 0; i < chars.length;) {
      var from = pos, cluster = chars[i++];
      while (i < chars.length && MARK.test(chars[i])) cluster += chars[i++];
      pos += cluster.length;
      for (var c of normalize(cluster)) units.push({ ch: c, from: from, to: pos });
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
        if (first < 0 || a < first) first = a;
      }
    });
    var start = first < 0 ? 0 : Math.max(0, first - Math.floor(width / 4));
    while (start > 0 && start < text.length && /[\uDC00-\uDFFF]/.test(text.charAt(start))) start--;
    var end = Math.min(text.length, start + width);
    while (end < text.length && /[\uDC00-\uDFFF]/.test(text.charAt(end))) end++;
    var html = start > 0 ? '…' : '', open = false;
    for (var j = start; j < end; j++) {
      if (marked[j] && !open) { html += '<mark>'; open = true; }
      if (!marked[j] && open) { html += '</mark>'; open = false; }
      html += escapeHtml(text.charAt(j));
    }
    if (open) html += '</mark>';
    return html + (end < text.length ? '…' : '');
  }

  /** Searches; see the comment at the top of this file. */
  function tsunaguSearch(query, options) {
    var opts = options || {};
    var limit = opts.limit === undefined ? 10 : opts.limit;
    var filters = opts.filters || {};
    return index().then(function (m) {
      var q = queryTokens(String(query || ''), m.table);
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
        var perToken = plan.map(function (p) { return scoreToken(m, p.tok, p.fields, p.data); });
        var smallest = perToken.reduce(function (a, b) { return b.size < a.size ? b : a; });
        var hits = [];
        smallest.forEach(function (_, doc) {
          var total = 0;
          for (var t = 0; t < perToken.length; t++) {
            var s = perToken[t].get(doc);
            if (s === undefined) return;
            total = f32(total + s);
          }
          if (m.facets) {
            if (kinds && !kinds.has(m.facets.kind[doc])) return;
            if (areas && !areas.has(m.facets.area[doc])) return;
            if (auds && !m.facets.audience[doc].some(function (a) { return auds.has(a); })) return;
          }
          var boost = has.call(m.boosts, doc) ? m.boosts[doc] : 1;
          if (boost !== 1) total = f32(total * f32(boost));
          hits.push({ doc: doc, score: total });
        });
        hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
        hits = hits.slice(0, limit);
        var shards = {};
        hits.forEach(function (h) { shards[Math.floor(h.doc / m.docShard)] = true; });
        return Promise.all(Object.keys(shards).map(function (n) {
          return load('d:' + n, base + 'd/' + n + '.js');
        })).then(function () {
          return hits.map(function (h) {
            var row = loaded['d:' + Math.floor(h.doc / m.docShard)][h.doc % m.docShard];
            return {
              url: root + row[0],
              path: row[0],
              title: row[1],
              kind: m.kinds[row[2]] || '',
              area: m.areas[row[3]] || '',
              audience: row[4].map(function (a) { return m.audiences[a]; }),
              snippet: snippet(row[5], q.tokens, m.table, 80),
              score: h.score,
              doc: h.doc,
            };
          });
        });
      });
    });
  }
  tsunaguSearch.tokenize = function (q) {
    return index().then(function (m) { return queryTokens(q, m.table); });
  };
  tsunaguSearch.normalize = normalize;
  tsunaguSearch.preload = function () { return index(); };
  window.tsunaguSearch = tsunaguSearch;
})();
