/* Indonesian tokenizer and stemmer: the rules of generator/stemmer.py, line for line.
   The index was built with the Python side; a query finds it only if both sides agree, which
   tests/stemmer_vectors.json checks in Node and in the browser. */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.KatalogStemmer = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var MIN_TOKEN = 2;
  var MAX_TOKEN = 30;
  var MIN_STEM_INPUT = 4;
  var MIN_DICT_ROOT = 3;
  var MIN_RULE_ROOT = 4;
  var MAX_PREFIXES = 3;
  var PARTICLES = ["lah", "kah", "pun"];
  var POSSESSIVES = ["nya", "ku", "mu"];
  var DERIVATIONAL = ["kan", "an", "i"];
  var INVALID_CONFIXES = {
    "be i": 1, "di an": 1, "ke i": 1, "ke kan": 1, "me an": 1, "se i": 1, "se kan": 1,
    "te an": 1, "pe kan": 1, "pe i": 1
  };
  var OUTER_ONLY = { di: 1, me: 1 };
  var ALPHA = /^[a-z]+$/;
  var SEPARATORS = /[^a-z0-9]+/;

  function isVowel(ch) {
    return ch === "a" || ch === "e" || ch === "i" || ch === "o" || ch === "u";
  }

  function oneOf(ch, chars) {
    return ch !== "" && chars.indexOf(ch) !== -1;
  }

  function normalize(text) {
    text = text.toLowerCase();
    // Python's str.isascii() shortcut: only non-ASCII text needs decomposing
    if (/[^\x00-\x7f]/.test(text)) {
      text = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    }
    return text;
  }

  function splitWords(text) {
    var out = [];
    var parts = normalize(text).split(SEPARATORS);
    for (var i = 0; i < parts.length; i++) {
      var w = parts[i];
      if (w.length >= MIN_TOKEN && w.length <= MAX_TOKEN) out.push(w);
    }
    return out;
  }

  function endsWith(s, suffix) {
    return s.length >= suffix.length && s.slice(s.length - suffix.length) === suffix;
  }

  function suffixBases(word) {
    var inflected = [word];
    var rest = word;
    var groups = [PARTICLES, POSSESSIVES];
    for (var g = 0; g < groups.length; g++) {
      for (var i = 0; i < groups[g].length; i++) {
        var suffix = groups[g][i];
        if (endsWith(rest, suffix) && rest.length - suffix.length >= MIN_DICT_ROOT) {
          rest = rest.slice(0, rest.length - suffix.length);
          inflected.push(rest);
          break;
        }
      }
    }
    var bases = [];
    for (var f = 0; f < inflected.length; f++) {
      var form = inflected[f];
      bases.push([form, ""]);
      for (var d = 0; d < DERIVATIONAL.length; d++) {
        var der = DERIVATIONAL[d];
        if (endsWith(form, der) && form.length - der.length >= MIN_DICT_ROOT) {
          if (der === "kan") bases.push([form.slice(0, form.length - 2), "an"]);
          bases.push([form.slice(0, form.length - der.length), der]);
          break;
        }
      }
    }
    var seen = {};
    var unique = [];
    for (var b = 0; b < bases.length; b++) {
      if (!Object.prototype.hasOwnProperty.call(seen, bases[b][0])) {
        seen[bases[b][0]] = 1;
        unique.push(bases[b]);
      }
    }
    return unique;
  }

  function nasal(rest) {
    var after;
    if (rest.slice(0, 2) === "ng") {
      after = rest.slice(2);
      if (oneOf(after.charAt(0), "ghkqx")) return [after];
      if (isVowel(after.charAt(0))) return [after, "k" + after];
      return [];
    }
    if (rest.slice(0, 2) === "ny") {
      after = rest.slice(2);
      return isVowel(after.charAt(0)) ? ["s" + after, rest] : [];
    }
    if (rest.charAt(0) === "m") {
      after = rest.slice(1);
      if (oneOf(after.charAt(0), "bfvp")) return [after];
      if (isVowel(after.charAt(0)) || after.charAt(0) === "r") return ["p" + after, "m" + after];
      return [];
    }
    if (rest.charAt(0) === "n") {
      after = rest.slice(1);
      if (oneOf(after.charAt(0), "cdjzst")) return [after];
      if (isVowel(after.charAt(0))) return ["t" + after, "n" + after];
      return [];
    }
    return [];
  }

  function me(rest) {
    if (oneOf(rest.charAt(0), "lrwy") && isVowel(rest.charAt(1))) return [rest];
    return nasal(rest);
  }

  function pe(rest) {
    var first = rest.charAt(0);
    if (oneOf(first, "wy") && isVowel(rest.charAt(1))) return [rest];
    if (first === "r") {
      var after = rest.slice(1);
      return isVowel(after.charAt(0)) ? [after, rest] : [after];
    }
    if (first === "l") return rest.slice(1, 5) === "ajar" ? [rest.slice(1)] : [rest];
    if (first === "m" || first === "n") return nasal(rest);
    if (first !== "" && !isVowel(first)) return [rest];
    return [];
  }

  function isCEr(rest) {
    return rest.length > 3 && !isVowel(rest.charAt(0)) && rest.charAt(0) !== "r" &&
      rest.slice(1, 3) === "er";
  }

  function tagged(list, kind) {
    return list.map(function (rest) { return [rest, kind]; });
  }

  function stripPrefix(w) {
    var two = w.slice(0, 2);
    if (two === "di" || two === "ke" || two === "se") return [[w.slice(2), two]];
    if (two === "me") return tagged(me(w.slice(2)), "me");
    if (two === "pe") return tagged(pe(w.slice(2)), "pe");
    var after;
    if (w.slice(0, 3) === "ber") {
      after = w.slice(3);
      return isVowel(after.charAt(0)) ? [[after, "be"], ["r" + after, "be"]] : [[after, "be"]];
    }
    if (two === "be" && isCEr(w.slice(2))) return [[w.slice(2), "be"]];
    if (w.slice(0, 3) === "bel" && w.slice(3, 7) === "ajar") return [[w.slice(3), "be"]];
    if (w.slice(0, 3) === "ter") {
      after = w.slice(3);
      return isVowel(after.charAt(0)) ? [[after, "te"], ["r" + after, "te"]] : [[after, "te"]];
    }
    if (two === "te" && isCEr(w.slice(2))) return [[w.slice(2), "te"]];
    return [];
  }

  function prefixCandidates(word, suffix, minRoot, depth, previous, out) {
    if (depth >= MAX_PREFIXES) return;
    var alts = stripPrefix(word);
    for (var i = 0; i < alts.length; i++) {
      var rest = alts[i][0];
      var kind = alts[i][1];
      if (rest.length < minRoot || kind === previous) continue;
      if (depth > 0 && OUTER_ONLY[kind]) continue;
      if (depth === 0 && INVALID_CONFIXES[kind + " " + suffix]) continue;
      out.push(rest);
      prefixCandidates(rest, suffix, minRoot, depth + 1, kind, out);
    }
  }

  function isRuleSuffix(word, base, suffix) {
    var inflection = word.slice(base.length + suffix.length);
    if (inflection !== "" && inflection !== "nya") return false;
    if (suffix === "i" && isVowel(base.charAt(base.length - 1))) return false;
    return base.length >= MIN_RULE_ROOT;
  }

  function firstPrefix(word, suffix, kinds) {
    var alts = stripPrefix(word);
    if (!alts.length) return null;
    var rest = alts[0][0];
    var kind = alts[0][1];
    if (rest.length < MIN_RULE_ROOT || (kinds.length && kind === kinds[kinds.length - 1])) {
      return null;
    }
    if (kinds.length && OUTER_ONLY[kind]) return null;
    if (!kinds.length && INVALID_CONFIXES[kind + " " + suffix]) return null;
    return [rest, kind];
  }

  function ruleStem(word, bases) {
    for (var b = bases.length - 1; b >= 0; b--) {
      var base = bases[b][0];
      var suffix = bases[b][1];
      if (base !== word && !isRuleSuffix(word, base, suffix)) continue;
      var stem = base;
      var kinds = [];
      while (kinds.length < MAX_PREFIXES) {
        var step = firstPrefix(stem, kinds.length ? "" : suffix, kinds);
        if (step === null) break;
        stem = step[0];
        kinds.push(step[1]);
      }
      if (suffix === "i" && !kinds.length) continue;
      if (stem.length >= MIN_RULE_ROOT) return stem;
    }
    return word;
  }

  function stemWord(word, roots) {
    if (word.length < MIN_STEM_INPUT || !ALPHA.test(word) || roots.has(word)) return word;
    var bases = suffixBases(word);
    var i;
    for (i = 0; i < bases.length; i++) {
      if (roots.has(bases[i][0])) return bases[i][0];
    }
    for (i = bases.length - 1; i >= 0; i--) {
      var candidates = [];
      prefixCandidates(bases[i][0], bases[i][1], MIN_DICT_ROOT, 0, "", candidates);
      for (var c = 0; c < candidates.length; c++) {
        if (roots.has(candidates[c])) return candidates[c];
      }
    }
    return ruleStem(word, bases);
  }

  /* A stemmer bound to one lexicon ({roots: [...], stopwords: [...]}), memoised like Python's. */
  function Stemmer(lexicon) {
    this.roots = new Set(lexicon.roots);
    this.stopwords = new Set(lexicon.stopwords);
    this.cache = new Map();
  }

  Stemmer.prototype.stem = function (word) {
    var hit = this.cache.get(word);
    if (hit === undefined) {
      hit = stemWord(word, this.roots);
      this.cache.set(word, hit);
    }
    return hit;
  };

  Stemmer.prototype.isStopword = function (word) {
    return this.stopwords.has(word);
  };

  Stemmer.prototype.terms = function (text) {
    var self = this;
    return splitWords(text).filter(function (w) { return !self.stopwords.has(w); })
      .map(function (w) { return self.stem(w); });
  };

  return {
    Stemmer: Stemmer,
    stemWord: stemWord,
    splitWords: splitWords,
    normalize: normalize,
    stripPrefix: stripPrefix
  };
});
