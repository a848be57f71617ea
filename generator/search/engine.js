/* Search engine over the static index written by generator/search/index.py.

   meta.json         counts, facet values, shard keys, the stemmer's lexicon, the site's URL
                     patterns (fetched first)
   terms/<k>.json.gz stem -> [title, summary, body] posting lists (the shard whose key is the
                     longest prefix of the stem)
   facets.json.gz    facet key -> posting list per value, in meta's value order
   docs/<n>.json.gz  display records, meta.chunk entries a file

   The .gz files are stored gzipped (a third of the space on the host) and inflated here.

   Posting lists are strings (see generator/postings.py): "v" gaps, "b" bitmap, "r" runs, six
   bits a character in the base64url alphabet. Filters and counts work on bitsets of N bits. */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("./stemmer.js"));
  } else {
    root.KatalogEngine = factory(root.KatalogStemmer);
  }
})(typeof self !== "undefined" ? self : this, function (StemmerLib) {
  "use strict";

  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  /* Maps without a prototype: a stem, slug or URL parameter named "constructor", "__proto__" or
     "toString" is a key like any other, never a property of Object.prototype. */
  function dict() { return Object.create(null); }
  function ownValue(object, key) {
    return object != null && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  }

  var DIGIT = dict();
  for (var a = 0; a < ALPHABET.length; a++) DIGIT[ALPHABET.charAt(a)] = a;
  var TIER_WEIGHTS = [10, 4, 1]; // a title word outranks a summary word, which outranks the body
  var EXPANSION_WEIGHT = 0.6; // "puskes" may mean "puskesmas", less surely than the word itself
  var MAX_EXPANSIONS = 12;
  var MIN_PREFIX = 3;
  var MAX_SHARDS_PER_PREFIX = 6;

  /* ---- posting lists ---- */

  function readVarints(text, from) {
    var values = [];
    var value = 0;
    var shift = 0;
    for (var i = from; i < text.length; i++) {
      var d = DIGIT[text.charAt(i)];
      value += (d & 31) * Math.pow(2, shift);
      if (d & 32) {
        shift += 5;
      } else {
        values.push(value);
        value = 0;
        shift = 0;
      }
    }
    return values;
  }

  /* Calls fn(doc) for every doc of an encoded list, ascending. */
  function forEachDoc(text, fn) {
    if (!text) return;
    var mode = text.charAt(0);
    var i;
    if (mode === "v") {
      var gaps = readVarints(text, 1);
      var doc = -1;
      for (i = 0; i < gaps.length; i++) {
        doc += gaps[i] + 1;
        fn(doc);
      }
    } else if (mode === "r") {
      var runs = readVarints(text, 1);
      var end = -1;
      for (i = 0; i < runs.length; i += 2) {
        var start = end + 1 + runs[i];
        end = start + runs[i + 1];
        for (var d = start; d <= end; d++) fn(d);
      }
    } else if (mode === "b") {
      var pos = 1;
      var first = 0;
      var shift = 0;
      for (;;) {
        var digit = DIGIT[text.charAt(pos++)];
        first += (digit & 31) * Math.pow(2, shift);
        if (!(digit & 32)) break;
        shift += 5;
      }
      for (i = pos; i < text.length; i++) {
        var bits = DIGIT[text.charAt(i)];
        if (!bits) continue;
        var base = (first + i - pos) * 6;
        for (var b = 0; b < 6; b++) if (bits & (1 << b)) fn(base + b);
      }
    } else {
      throw new Error("unknown posting encoding " + mode);
    }
  }

  function decodeList(text) {
    var docs = [];
    forEachDoc(text, function (d) { docs.push(d); });
    return docs;
  }

  /* ---- bitsets ---- */

  function Bits(size) {
    this.size = size;
    this.words = new Uint32Array((size + 31) >>> 5);
  }
  Bits.fromList = function (size, text) {
    var bits = new Bits(size);
    var w = bits.words;
    forEachDoc(text, function (d) { w[d >>> 5] |= 1 << (d & 31); });
    return bits;
  };
  Bits.all = function (size) {
    var bits = new Bits(size);
    bits.words.fill(0xffffffff);
    var extra = bits.words.length * 32 - size;
    if (extra) bits.words[bits.words.length - 1] = 0xffffffff >>> extra;
    return bits;
  };
  Bits.prototype.has = function (d) { return (this.words[d >>> 5] & (1 << (d & 31))) !== 0; };
  Bits.prototype.and = function (other) {
    var out = new Bits(this.size);
    for (var i = 0; i < out.words.length; i++) out.words[i] = this.words[i] & other.words[i];
    return out;
  };
  Bits.prototype.orInPlace = function (other) {
    for (var i = 0; i < this.words.length; i++) this.words[i] |= other.words[i];
    return this;
  };
  function popcount32(v) {
    v = v - ((v >>> 1) & 0x55555555);
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  Bits.prototype.count = function () {
    var n = 0;
    for (var i = 0; i < this.words.length; i++) if (this.words[i]) n += popcount32(this.words[i]);
    return n;
  };
  Bits.prototype.countAnd = function (other) {
    var n = 0;
    for (var i = 0; i < this.words.length; i++) {
      var v = this.words[i] & other.words[i];
      if (v) n += popcount32(v);
    }
    return n;
  };
  Bits.prototype.toList = function () {
    var out = [];
    for (var i = 0; i < this.words.length; i++) {
      var v = this.words[i];
      while (v) {
        var low = v & -v;
        out.push(i * 32 + 31 - Math.clz32(low));
        v ^= low;
      }
    }
    return out;
  };

  /* ---- query parsing ---- */

  /* Words of a query: stopwords dropped; the last word, still being typed unless followed by a
     space, also matches longer stems (`prefix`). */
  function parseQuery(stemmer, text) {
    var words = StemmerLib.splitWords(text || "");
    var open = !!text && !/[\s]$/.test(text);
    var terms = [];
    var seen = dict();
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      var isLast = i === words.length - 1;
      if (stemmer.isStopword(w) && !(isLast && open)) continue;
      var stem = stemmer.isStopword(w) ? "" : stemmer.stem(w);
      var prefixes = [];
      if (isLast && open && w.length >= MIN_PREFIX && /^[a-z]+$/.test(w)) {
        prefixes.push(w);
        if (stem && stem !== w && stem.length >= MIN_PREFIX) prefixes.push(stem);
      }
      var key = stem + "|" + prefixes.join(",");
      if (seen[key] || (!stem && !prefixes.length)) continue;
      seen[key] = 1;
      terms.push({ word: w, stem: stem, prefixes: prefixes });
    }
    return terms;
  }

  /* ---- the index ---- */

  function Index(root, meta, fetcher) {
    this.root = root;
    this.meta = meta;
    this.size = meta.count;
    this.fetcher = fetcher;
    this.cache = dict();
    this.shardKeys = new Set(meta.shards);
    this.maxKey = meta.shards.reduce(function (m, k) { return Math.max(m, k.length); }, 0);
    this.stemmer = new StemmerLib.Stemmer({
      roots: meta.lexicon.roots.split(" "),
      stopwords: meta.lexicon.stopwords.split(" ")
    });
    this.facetBits = null;
    this.facetByKey = dict();
    for (var i = 0; i < meta.facets.length; i++) this.facetByKey[meta.facets[i].key] = meta.facets[i];
  }

  /* One fetch per file and page. A fetch cancelled through `signal` leaves the cache, and a
     caller that was sharing it (its own signal not aborted) fetches again. */
  Index.prototype.fetchJSON = function (path, signal) {
    var self = this;
    var hit = this.cache[path];
    if (!hit) {
      hit = this.cache[path] = this.fetcher(this.root + path + "?v=" + this.meta.version, signal)
        .catch(function (err) {
          if (self.cache[path] === hit) delete self.cache[path];
          throw err;
        });
    }
    return hit.catch(function (err) {
      if (err && err.name === "AbortError" && !(signal && signal.aborted)) {
        return self.fetchJSON(path, signal);
      }
      throw err;
    });
  };

  Index.prototype.shardFor = function (stem) {
    for (var n = Math.min(stem.length, this.maxKey); n >= 1; n--) {
      var key = stem.slice(0, n);
      if (this.shardKeys.has(key)) return key;
    }
    return null;
  };

  /* Shards holding every stem that starts with `prefix` (null when too many to fetch). */
  Index.prototype.shardsForPrefix = function (prefix) {
    var keys = [];
    var own = this.shardFor(prefix);
    if (own) keys.push(own);
    var longer = this.meta.shards.filter(function (k) {
      return k.length > prefix.length && k.slice(0, prefix.length) === prefix;
    });
    if (longer.length > MAX_SHARDS_PER_PREFIX) return keys;
    return keys.concat(longer);
  };

  Index.prototype.shard = function (key) {
    return this.fetchJSON("terms/" + key + ".json.gz");
  };

  /* Fetches, in one wave, every shard a query needs. Resolves to [{term, lists}] where lists is
     [{stem, tiers, exact}] for each matching stem. */
  Index.prototype.lookup = function (terms) {
    var self = this;
    var wanted = dict();
    terms.forEach(function (t) {
      if (t.stem) {
        var k = self.shardFor(t.stem);
        if (k) wanted[k] = 1;
      }
      t.prefixes.forEach(function (p) {
        self.shardsForPrefix(p).forEach(function (key) { wanted[key] = 1; });
      });
    });
    var keys = Object.keys(wanted);
    return Promise.all(keys.map(function (k) { return self.shard(k); })).then(function (shards) {
      var byKey = dict();
      keys.forEach(function (k, i) { byKey[k] = shards[i]; });
      return terms.map(function (t) {
        var found = [];
        var seen = dict();
        if (t.stem) {
          var tiers = ownValue(byKey[self.shardFor(t.stem)], t.stem);
          if (tiers) {
            found.push({ stem: t.stem, tiers: tiers, exact: true });
            seen[t.stem] = 1;
          }
        }
        var expansions = [];
        t.prefixes.forEach(function (p) {
          self.shardsForPrefix(p).forEach(function (key) {
            var shard = byKey[key];
            if (!shard) return;
            Object.keys(shard).forEach(function (stem) {
              if (!seen[stem] && stem.slice(0, p.length) === p) {
                seen[stem] = 1;
                expansions.push({ stem: stem, tiers: shard[stem], exact: false });
              }
            });
          });
        });
        // the most frequent completions first: "layan" before "layang"
        expansions.forEach(function (e) { e.size = listLength(e.tiers); });
        expansions.sort(function (x, y) { return y.size - x.size || (x.stem < y.stem ? -1 : 1); });
        return { term: t, lists: found.concat(expansions.slice(0, MAX_EXPANSIONS)) };
      });
    });
  };

  function listLength(tiers) {
    var n = 0;
    tiers.forEach(function (text) { forEachDoc(text, function () { n++; }); });
    return n;
  }

  /* Text matches: {bits, scores} or null when the query has no searchable word. Every query
     word must match (AND); a doc's score adds each word's best weighted tier. */
  Index.prototype.matchText = function (text) {
    var terms = parseQuery(this.stemmer, text);
    if (!terms.length) return Promise.resolve(null);
    var size = this.size;
    return this.lookup(terms).then(function (groups) {
      var scores = new Float64Array(size);
      var matched = null;
      groups.forEach(function (group) {
        var best = new Float64Array(size);
        var bits = new Bits(size);
        group.lists.forEach(function (list) {
          var df = listLength(list.tiers) || 1;
          var idf = Math.log(1 + size / df) * (list.exact ? 1 : EXPANSION_WEIGHT);
          list.tiers.forEach(function (encoded, tier) {
            var weight = TIER_WEIGHTS[tier] * idf;
            forEachDoc(encoded, function (d) {
              if (weight > best[d]) best[d] = weight;
              bits.words[d >>> 5] |= 1 << (d & 31);
            });
          });
        });
        matched = matched ? matched.and(bits) : bits;
        for (var i = 0; i < size; i++) if (best[i]) scores[i] += best[i];
      });
      return { bits: matched, scores: scores, terms: terms };
    });
  };

  /* ---- facets ---- */

  Index.prototype.loadFacets = function () {
    var self = this;
    if (this.facetBits) return Promise.resolve(this.facetBits);
    return this.fetchJSON("facets.json.gz").then(function (lists) {
      if (!self.facetBits) {
        var out = dict();
        self.meta.facets.forEach(function (facet) {
          out[facet.key] = (ownValue(lists, facet.key) || []).map(function (encoded) {
            return Bits.fromList(self.size, encoded);
          });
        });
        self.facetBits = out;
      }
      return self.facetBits;
    });
  };

  /* The value indexes a filter selects in one facet; a range facet selects [from, to]. */
  Index.prototype.selectedIndexes = function (facet, selection) {
    var values = facet.values;
    var out = [];
    if (facet.range) {
      if (!selection || (selection.from == null && selection.to == null)) return out;
      for (var i = 0; i < values.length; i++) {
        var year = +values[i][0];
        if ((selection.from == null || year >= selection.from) &&
            (selection.to == null || year <= selection.to)) out.push(i);
      }
      return out.length ? out : [-1];
    }
    (selection || []).forEach(function (slug) {
      for (var j = 0; j < values.length; j++) if (values[j][0] === slug) out.push(j);
    });
    return out;
  };

  function isActive(facet, selection) {
    if (facet.range) return !!selection && (selection.from != null || selection.to != null);
    return !!selection && selection.length > 0;
  }

  /* Docs passing every facet's selection except `skip` (values OR'ed within a facet). */
  Index.prototype.filterBits = function (filters, skip) {
    var self = this;
    var result = null;
    this.meta.facets.forEach(function (facet) {
      if (facet.key === skip || !isActive(facet, ownValue(filters, facet.key))) return;
      var union = new Bits(self.size);
      self.selectedIndexes(facet, ownValue(filters, facet.key)).forEach(function (i) {
        if (i >= 0) union.orInPlace(self.facetBits[facet.key][i]);
      });
      result = result ? result.and(union) : union;
    });
    return result;
  };

  Index.prototype.hasFilters = function (filters) {
    var self = this;
    return this.meta.facets.some(function (f) { return isActive(f, ownValue(filters, f.key)); });
  };

  /* ---- search ---- */

  /* Resolves to {ids (ranked), total, counts|null, terms}. `withCounts` asks for facet counts,
     which need facets.json; the header box never asks. A caller that shows results before
     counts asks without, then calls `counts` with the result. */
  Index.prototype.search = function (text, filters, withCounts) {
    var self = this;
    filters = filters || dict();
    var filtered = this.hasFilters(filters);
    return Promise.all([
      this.matchText(text),
      filtered || withCounts ? this.loadFacets() : Promise.resolve(null)
    ]).then(function (parts) {
      var match = parts[0];
      var hasText = !!match;
      var textBits = hasText ? match.bits : Bits.all(self.size);
      var filterBits = filtered ? self.filterBits(filters, null) : null;
      var resultBits = filterBits ? textBits.and(filterBits) : textBits;
      var ids = resultBits.toList();
      if (hasText) {
        var scores = match.scores;
        ids.sort(function (x, y) { return scores[y] - scores[x] || x - y; });
      }
      var words = hasText ? match.terms : parseQuery(self.stemmer, text);
      var result = {
        ids: ids, total: ids.length, counts: null, terms: words, hasText: hasText,
        textBits: textBits, filters: filters
      };
      if (!withCounts) return result;
      return self.counts(result).then(function (counts) {
        result.counts = counts;
        return result;
      });
    });
  };

  /* Facet counts for a result of `search`: per facet, per value, the docs matching the text and
     every other facet's selection. */
  Index.prototype.counts = function (result) {
    var self = this;
    return this.loadFacets().then(function () {
      var counts = dict();
      self.meta.facets.forEach(function (facet) {
        var others = self.filterBits(result.filters, facet.key);
        var base = others ? result.textBits.and(others) : result.textBits;
        counts[facet.key] = self.facetBits[facet.key].map(function (bits) {
          return base.countAnd(bits);
        });
      });
      return counts;
    });
  };

  /* ---- suggestions for a query that finds nothing ---- */

  /* Edit distance with adjacent transpositions ("kesehtan" is one step from "kesehatan"'s
     stem's neighbourhood), giving up beyond `limit`. */
  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev2 = null;
    var prev = [];
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      var row = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
        var v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) &&
            a.charAt(i - 2) === b.charAt(j - 1)) v = Math.min(v, prev2[j - 2] + 1);
        row.push(v);
        if (v < best) best = v;
      }
      if (best > limit) return limit + 1;
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  }

  var MAX_SUGGESTIONS = 3;

  /* Resolves to corrected queries (at most MAX_SUGGESTIONS) for words of `text` that match no
     indexed stem: the nearest stems of the shard the word's stem lives in, most used first,
     written back with the word's own affixes ("kesehtan" -> stem "seht" -> "sehat" ->
     "kesehatan") when the stemmer reads the result as that stem again. */
  Index.prototype.suggest = function (text) {
    var self = this;
    var terms = parseQuery(this.stemmer, (text || "").trim() + " ");
    if (!terms.length) return Promise.resolve([]);
    return this.lookup(terms).then(function (groups) {
      var missing = groups.filter(function (g) { return !g.lists.length && g.term.stem; });
      if (!missing.length) return [];
      return Promise.all(missing.map(function (g) {
        var key = self.shardFor(g.term.stem);
        return key ? self.shard(key) : Promise.resolve({});
      })).then(function (shards) {
        var fixes = missing.map(function (g, n) { return nearest(self, g.term, shards[n]); });
        var out = [];
        for (var k = 0; k < MAX_SUGGESTIONS; k++) {
          var changed = false;
          var words = terms.map(function (t) {
            var at = missing.findIndex(function (g) { return g.term === t; });
            if (at === -1) return t.word;
            var options = fixes[at];
            if (!options.length) return t.word;
            changed = changed || k < options.length;
            return options[Math.min(k, options.length - 1)];
          });
          var q = words.join(" ");
          if (changed && out.indexOf(q) === -1) out.push(q);
        }
        return out;
      });
    });
  };

  function nearest(index, term, shard) {
    var stem = term.stem;
    var limit = stem.length <= 4 ? 1 : 2;
    var found = [];
    Object.keys(shard).forEach(function (candidate) {
      var d = editDistance(stem, candidate, limit);
      if (d <= limit) found.push({ stem: candidate, d: d, size: listLength(shard[candidate]) });
    });
    found.sort(function (x, y) { return x.d - y.d || y.size - x.size || (x.stem < y.stem ? -1 : 1); });
    var words = [];
    found.forEach(function (f) {
      var word = respell(index, term.word, stem, f.stem);
      if (words.indexOf(word) === -1) words.push(word);
    });
    return words.slice(0, MAX_SUGGESTIONS);
  }

  /* The typed word with its stem swapped for `replacement`, if that reads as `replacement`;
     otherwise the indexed stem itself (always a word the index has). */
  function respell(index, word, stem, replacement) {
    var at = word.indexOf(stem);
    if (at !== -1) {
      var spelled = word.slice(0, at) + replacement + word.slice(at + stem.length);
      if (index.stemmer.stem(spelled) === replacement) return spelled;
    }
    return replacement;
  }

  /* An entry's page, relative to the site root, from the site's own URL pattern (meta.urls). */
  Index.prototype.entryUrl = function (id) {
    return this.meta.urls.entry.split("{id}").join(id);
  };

  /* Display records for doc numbers, fetching only their chunks. */
  Index.prototype.records = function (ids, signal) {
    var self = this;
    var chunk = this.meta.chunk;
    var chunks = dict();
    ids.forEach(function (d) { chunks[Math.floor(d / chunk)] = 1; });
    var keys = Object.keys(chunks);
    return Promise.all(keys.map(function (k) { return self.fetchJSON("docs/" + k + ".json.gz", signal); }))
      .then(function (files) {
        var byChunk = dict();
        keys.forEach(function (k, i) { byChunk[k] = files[i]; });
        return ids.map(function (d) {
          var rec = byChunk[Math.floor(d / chunk)][d % chunk];
          return {
            doc: d, id: rec[0], title: rec[1], agency: rec[2], region: rec[3], summary: rec[4],
            launched: rec[5], sdgs: rec[6], url: self.entryUrl(rec[0])
          };
        });
      });
  };

  /* Splits `text` into [{text, hit}] pieces, hit where a word's stem matches the query. */
  Index.prototype.highlight = function (text, terms) {
    var stemmer = this.stemmer;
    var stems = dict();
    var prefixes = [];
    terms.forEach(function (t) {
      if (t.stem) stems[t.stem] = 1;
      prefixes = prefixes.concat(t.prefixes);
    });
    var pieces = [];
    var re = /[A-Za-z0-9\u00C0-\u024F]+/g;
    var last = 0;
    var m;
    while ((m = re.exec(text))) {
      var words = StemmerLib.splitWords(m[0]);
      var hit = false;
      if (words.length === 1 && !stemmer.isStopword(words[0])) {
        var s = stemmer.stem(words[0]);
        hit = !!stems[s] || prefixes.some(function (p) {
          return s.slice(0, p.length) === p || words[0].slice(0, p.length) === p;
        });
      }
      if (hit) {
        if (m.index > last) pieces.push({ text: text.slice(last, m.index), hit: false });
        pieces.push({ text: m[0], hit: true });
        last = m.index + m[0].length;
      }
    }
    if (last < text.length) pieces.push({ text: text.slice(last), hit: false });
    return pieces;
  };

  /* JSON from a response whose body may be gzipped: a .gz file arrives as stored (gzip's magic
     bytes first), unless the host labelled it Content-Encoding: gzip and the browser already
     inflated it. */
  function readJSON(res) {
    return res.arrayBuffer().then(function (buffer) {
      var head = new Uint8Array(buffer, 0, Math.min(2, buffer.byteLength));
      if (head[0] !== 0x1f || head[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(buffer));
      var inflated = new Blob([buffer]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(inflated).json();
    });
  }

  function fetchJSONWith(url, signal) {
    return fetch(url, { credentials: "same-origin", signal: signal || undefined }).then(function (res) {
      if (!res.ok) throw new Error(url + ": HTTP " + res.status);
      return readJSON(res);
    });
  }

  var opened = dict();

  /* The index under `root` (a URL ending in "/search/"), loaded once per page. meta.json is
     revalidated (its version names every other file, which may then be cached for good);
     `meta` may be given when the caller already fetched it alongside the scripts. */
  function open(root, fetcher, meta) {
    if (!opened[root]) {
      var get = fetcher || fetchJSONWith;
      var metaUrl = root + "meta.json";
      var load = meta ? Promise.resolve(meta) : fetcher ? get(metaUrl)
        : fetch(metaUrl, { cache: "no-cache", credentials: "same-origin" }).then(function (res) {
          if (!res.ok) throw new Error(metaUrl + ": HTTP " + res.status);
          return res.json();
        });
      opened[root] = load.then(function (m) { return new Index(root, m, get); });
      opened[root].catch(function () { delete opened[root]; });
    }
    return opened[root];
  }

  return {
    open: open,
    Index: Index,
    Bits: Bits,
    decodeList: decodeList,
    parseQuery: parseQuery
  };
});
