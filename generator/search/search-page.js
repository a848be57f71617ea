/* The search page /cari/: text search combined with facet filters and their counts.

   The whole view lives in the query string (q, provinsi, sektor, sdg, tahun=2015-2020,
   penghargaan, instansi, status, hal), so a view can be shared and the back button works:
   filters and pages push a history entry, typing replaces the current one. Without JavaScript
   the page shows links to the static index pages instead (the markup in docs/cari.md). */
(function () {
  "use strict";

  var PAGE_SIZE = 20;
  var container = document.querySelector("[data-kat-cari]");
  if (!container || !window.KatalogEngine) return;
  var root = container.getAttribute("data-root");
  var siteRoot = container.getAttribute("data-site-root");
  var ui = container.querySelector("[data-kat-ui]");
  var fallback = container.querySelector("[data-kat-fallback]");
  var form = container.querySelector("form");
  var input = form.querySelector("input[type=search]");
  var facetsBox = ui.querySelector("[data-kat-facets]");
  var filtersToggle = ui.querySelector(".kat-cari__filters");
  var chips = ui.querySelector("[data-kat-chips]");
  var status = ui.querySelector("[data-kat-status]");
  var resultsList = ui.querySelector("[data-kat-results]");
  var pager = ui.querySelector("[data-kat-pager]");
  var emptyBox = ui.querySelector("[data-kat-empty]");
  var filterCount = ui.querySelector("[data-kat-filter-count]");
  var filtersDone = ui.querySelector("[data-kat-filters-done]");
  var inlineMeta = container.querySelector("script[data-inline-of]");
  var idx = null;
  var state = emptyState();
  var sequence = 0;
  var controls = dict(); // facet key -> {inputs: {slug: checkbox}, counts: {slug: element}} or selects

  ui.hidden = false;
  if (fallback) fallback.hidden = true;
  container.setAttribute("data-state", "loading");

  /* Prototype-free maps: a slug or URL parameter named "constructor" or "__proto__" is data. */
  function dict() {
    return Object.create(null);
  }

  function emptyState() {
    return { q: "", filters: dict(), page: 1 };
  }

  function formatCount(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  /* ---- URL <-> state ---- */

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    var next = emptyState();
    next.q = params.get("q") || "";
    next.page = Math.max(1, parseInt(params.get("hal") || "1", 10) || 1);
    idx.meta.facets.forEach(function (facet) {
      if (facet.range) {
        var raw = params.get(facet.key);
        if (raw) {
          var parts = raw.split("-");
          var from = parseInt(parts[0], 10);
          var to = parseInt(parts.length > 1 ? parts[1] : parts[0], 10);
          next.filters[facet.key] = { from: isNaN(from) ? null : from, to: isNaN(to) ? null : to };
        }
      } else {
        var known = dict();
        facet.values.forEach(function (v) { known[v[0]] = 1; });
        var picked = params.getAll(facet.key).filter(function (v) { return known[v]; });
        if (picked.length) next.filters[facet.key] = picked;
      }
    });
    return next;
  }

  function toQuery(s) {
    var params = new URLSearchParams();
    if (s.q.trim()) params.set("q", s.q.trim());
    idx.meta.facets.forEach(function (facet) {
      var sel = s.filters[facet.key];
      if (!sel) return;
      if (facet.range) {
        if (sel.from != null || sel.to != null) {
          params.set(facet.key, (sel.from != null ? sel.from : "") + "-" + (sel.to != null ? sel.to : ""));
        }
      } else {
        sel.forEach(function (v) { params.append(facet.key, v); });
      }
    });
    if (s.page > 1) params.set("hal", String(s.page));
    var text = params.toString();
    return text ? "?" + text : "";
  }

  function commit(push) {
    var url = window.location.pathname + toQuery(state);
    if (push) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }

  /* ---- facet controls ---- */

  /* A facet no entry has a value of (no award yet, say) gets no heading at all. */
  function shownFacets() {
    return idx.meta.facets.filter(function (facet) { return facet.values.length > 0; });
  }

  function buildFacets() {
    facetsBox.textContent = "";
    shownFacets().forEach(function (facet) {
      var details = el("details", "kat-facet");
      details.open = true;
      details.setAttribute("data-facet", facet.key);
      var summary = el("summary", "kat-facet__summary", facet.label);
      details.appendChild(summary);
      var fieldset = el("fieldset", "kat-facet__fieldset");
      var legend = el("legend", "kat-visually-hidden", facet.label);
      fieldset.appendChild(legend);
      details.appendChild(fieldset);
      if (facet.range) buildRange(facet, fieldset);
      else buildChecks(facet, fieldset);
      facetsBox.appendChild(details);
    });
  }

  function buildChecks(facet, fieldset) {
    var list = el("ul", "kat-facet__values");
    if (facet.values.length > 12) list.classList.add("kat-facet__values--long");
    var entry = { inputs: dict(), counts: dict(), items: dict() };
    facet.values.forEach(function (value, i) {
      var slug = value[0];
      var li = el("li", "kat-facet__value");
      if (slug.indexOf("/") !== -1) li.classList.add("kat-facet__value--level");
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.name = facet.key;
      box.value = slug;
      box.id = "kat-f-" + facet.key + "-" + i;
      box.addEventListener("change", function () { toggleValue(facet, slug, box.checked); });
      label.appendChild(box);
      label.appendChild(el("span", "kat-facet__label", value[1]));
      var count = el("span", "kat-facet__count", formatCount(value[2]));
      label.appendChild(count);
      label.appendChild(el("span", "kat-visually-hidden", " inovasi"));
      li.appendChild(label);
      list.appendChild(li);
      entry.inputs[slug] = box;
      entry.counts[slug] = count;
      entry.items[slug] = li;
    });
    fieldset.appendChild(list);
    controls[facet.key] = entry;
  }

  function buildRange(facet, fieldset) {
    var wrap = el("div", "kat-facet__range");
    var entry = { selects: dict() };
    ["from", "to"].forEach(function (side) {
      var id = "kat-f-" + facet.key + "-" + side;
      var label = el("label", "kat-facet__range-label", side === "from" ? "Dari" : "Sampai");
      label.htmlFor = id;
      var select = el("select");
      select.id = id;
      select.name = facet.key + "-" + side;
      select.appendChild(new Option(side === "from" ? "paling awal" : "paling akhir", ""));
      facet.values.forEach(function (value) {
        select.appendChild(new Option(value[0] + " (" + formatCount(value[2]) + ")", value[0]));
      });
      select.addEventListener("change", function () { changeRange(facet); });
      wrap.appendChild(label);
      wrap.appendChild(select);
      entry.selects[side] = select;
    });
    fieldset.appendChild(wrap);
    controls[facet.key] = entry;
  }

  function toggleValue(facet, slug, on) {
    var sel = (state.filters[facet.key] || []).filter(function (v) { return v !== slug; });
    if (on) sel.push(slug);
    if (sel.length) state.filters[facet.key] = sel;
    else delete state.filters[facet.key];
    state.page = 1;
    commit(true);
    run();
  }

  function changeRange(facet) {
    var c = controls[facet.key].selects;
    var from = c.from.value ? parseInt(c.from.value, 10) : null;
    var to = c.to.value ? parseInt(c.to.value, 10) : null;
    if (from != null && to != null && from > to) {
      var swap = from; from = to; to = swap;
    }
    if (from == null && to == null) delete state.filters[facet.key];
    else state.filters[facet.key] = { from: from, to: to };
    state.page = 1;
    commit(true);
    run();
  }

  /* Puts the controls in line with `state` (after the back button or on load). */
  function syncControls() {
    input.value = state.q;
    shownFacets().forEach(function (facet) {
      var c = controls[facet.key];
      var sel = state.filters[facet.key];
      if (facet.range) {
        c.selects.from.value = sel && sel.from != null ? String(sel.from) : "";
        c.selects.to.value = sel && sel.to != null ? String(sel.to) : "";
      } else {
        Object.keys(c.inputs).forEach(function (slug) {
          c.inputs[slug].checked = !!sel && sel.indexOf(slug) !== -1;
        });
      }
    });
  }

  function updateCounts(counts) {
    shownFacets().forEach(function (facet) {
      var c = controls[facet.key];
      var list = counts ? counts[facet.key] : null;
      facet.values.forEach(function (value, i) {
        var n = list ? list[i] : value[2];
        if (facet.range) {
          [c.selects.from, c.selects.to].forEach(function (select) {
            select.options[i + 1].text = value[0] + " (" + formatCount(n) + ")";
          });
        } else {
          c.counts[value[0]].textContent = formatCount(n);
          c.items[value[0]].classList.toggle("kat-facet__value--empty", n === 0);
        }
      });
    });
  }

  function labelOf(facet, slug) {
    for (var i = 0; i < facet.values.length; i++) if (facet.values[i][0] === slug) return facet.values[i][1];
    return slug;
  }

  function renderChips() {
    chips.textContent = "";
    var any = false;
    idx.meta.facets.forEach(function (facet) {
      var sel = state.filters[facet.key];
      if (!sel) return;
      var pieces = [];
      if (facet.range) {
        pieces.push({
          text: (sel.from != null ? sel.from : "…") + "–" + (sel.to != null ? sel.to : "…"),
          remove: function () { delete state.filters[facet.key]; }
        });
      } else {
        sel.forEach(function (slug) {
          pieces.push({
            text: labelOf(facet, slug),
            remove: function () {
              var rest = state.filters[facet.key].filter(function (v) { return v !== slug; });
              if (rest.length) state.filters[facet.key] = rest;
              else delete state.filters[facet.key];
            }
          });
        });
      }
      pieces.forEach(function (piece) {
        any = true;
        var button = el("button", "kat-chip");
        button.type = "button";
        button.appendChild(el("span", "kat-chip__facet", facet.label + ": "));
        button.appendChild(el("span", null, piece.text));
        button.appendChild(el("span", "kat-chip__x", " ×"));
        button.setAttribute("aria-label", "Hapus saringan " + facet.label + ": " + piece.text);
        button.addEventListener("click", function () {
          piece.remove();
          state.page = 1;
          syncControls();
          commit(true);
          run();
          input.focus();
        });
        chips.appendChild(button);
      });
    });
    if (any) {
      var clear = el("button", "kat-chip kat-chip--clear", "Hapus semua saringan");
      clear.type = "button";
      clear.addEventListener("click", clearFilters);
      chips.appendChild(clear);
    }
    chips.hidden = !any;
    var active = activeCount();
    filterCount.hidden = !active;
    filterCount.textContent = "";
    if (active) {
      filterCount.appendChild(el("span", "kat-cari__filters-number", String(active)));
      filterCount.appendChild(el("span", "kat-visually-hidden", " saringan aktif"));
    }
  }

  /* Values picked across facets (a year range counts once): the number on the Saring button. */
  function activeCount() {
    var n = 0;
    idx.meta.facets.forEach(function (facet) {
      var sel = state.filters[facet.key];
      if (!sel) return;
      n += facet.range ? 1 : sel.length;
    });
    return n;
  }

  /* ---- results ---- */

  function renderPieces(parent, pieces) {
    pieces.forEach(function (p) {
      if (p.hit) parent.appendChild(el("mark", null, p.text));
      else parent.appendChild(document.createTextNode(p.text));
    });
  }

  function describe(result) {
    var text = result.total
      ? formatCount(result.total) + " inovasi ditemukan"
      : "Tidak ada inovasi yang cocok";
    if (state.q.trim()) text += " untuk “" + state.q.trim() + "”";
    var filterCount = 0;
    Object.keys(state.filters).forEach(function () { filterCount++; });
    if (filterCount) text += " dengan " + filterCount + " saringan";
    var pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    if (pages > 1) text += ", halaman " + state.page + " dari " + pages;
    return text + ".";
  }

  function renderResults(result, records) {
    resultsList.textContent = "";
    resultsList.start = (state.page - 1) * PAGE_SIZE + 1;
    records.forEach(function (rec) {
      var li = el("li", "kat-result");
      var h = el("h3", "kat-result__title");
      var a = el("a");
      a.href = siteRoot + rec.url;
      renderPieces(a, idx.highlight(rec.title, result.terms));
      h.appendChild(a);
      li.appendChild(h);
      var meta = el("p", "kat-result__meta");
      meta.appendChild(el("span", "kat-result__agency", rec.agency));
      meta.appendChild(el("span", "kat-result__region", rec.region));
      if (rec.launched) meta.appendChild(el("span", "kat-result__year", "sejak " + rec.launched));
      if (rec.sdgs && rec.sdgs.length) {
        meta.appendChild(el("span", "kat-result__sdgs", "TPB " + rec.sdgs.join(", ")));
      }
      li.appendChild(meta);
      var snippet = el("p", "kat-result__snippet");
      renderPieces(snippet, idx.highlight(rec.summary, result.terms));
      li.appendChild(snippet);
      resultsList.appendChild(li);
    });
    renderPager(result.total);
    renderEmpty(result);
  }

  /* ---- nothing found: the nearest indexed words, what to try, the index pages ---- */

  function queryLink(q) {
    var a = el("a", "kat-cari__suggestion", q);
    a.href = toQuery({ q: q, filters: state.filters, page: 1 }) || "?";
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      state.q = q;
      state.page = 1;
      input.value = q;
      commit(true);
      run();
    });
    return a;
  }

  function renderEmpty(result) {
    emptyBox.textContent = "";
    emptyBox.hidden = result.total > 0;
    if (result.total > 0) return;
    var mine = sequence;
    var tips = el("ul", "kat-cari__tips");
    if (state.q.trim()) {
      tips.appendChild(el("li", null, "Periksa ejaan, atau pakai kata yang lebih umum."));
      tips.appendChild(el("li", null, "Pakai lebih sedikit kata: setiap kata harus ada di inovasi yang dicari."));
    }
    if (activeCount()) {
      var li = el("li", null, "Kurangi saringan, atau ");
      var clear = el("button", "kat-cari__clear", "hapus semua saringan");
      clear.type = "button";
      clear.addEventListener("click", clearFilters);
      li.appendChild(clear);
      li.appendChild(document.createTextNode("."));
      tips.appendChild(li);
    }
    if (tips.childNodes.length) {
      emptyBox.appendChild(el("p", "kat-cari__empty-title", "Yang dapat dicoba:"));
      emptyBox.appendChild(tips);
    }
    if (fallback) {
      var browse = fallback.querySelector("ul");
      if (browse) {
        emptyBox.appendChild(el("p", null, "Atau telusuri katalog melalui halaman indeks:"));
        emptyBox.appendChild(browse.cloneNode(true));
      }
    }
    if (!state.q.trim() || !idx.suggest) return;
    idx.suggest(state.q).then(function (words) {
      if (mine !== sequence || !words.length) return;
      var p = el("p", "kat-cari__suggestions", "Mungkin maksud Anda: ");
      words.forEach(function (q, i) {
        if (i) p.appendChild(document.createTextNode(", "));
        p.appendChild(queryLink(q));
      });
      p.appendChild(document.createTextNode("?"));
      emptyBox.insertBefore(p, emptyBox.firstChild);
      status.textContent = describe(result) + " Mungkin maksud Anda: " + words.join(", ") + "?";
    });
  }

  function clearFilters() {
    state.filters = dict();
    state.page = 1;
    syncControls();
    commit(true);
    run();
    input.focus();
  }

  function renderPager(total) {
    pager.textContent = "";
    var pages = Math.ceil(total / PAGE_SIZE);
    pager.hidden = pages <= 1;
    if (pages <= 1) return;
    function link(page, text, rel) {
      var s = { q: state.q, filters: state.filters, page: page };
      var a = el("a", "kat-pager__link md-button", text);
      a.href = toQuery(s) || "?";
      a.rel = rel;
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        state.page = page;
        commit(true);
        run().then(function () { status.focus(); });
      });
      return a;
    }
    if (state.page > 1) pager.appendChild(link(state.page - 1, "‹ Sebelumnya", "prev"));
    pager.appendChild(el("span", "kat-pager__info", "Halaman " + state.page + " dari " + pages));
    if (state.page < pages) pager.appendChild(link(state.page + 1, "Berikutnya ›", "next"));
  }

  var pending = null; // the AbortController of the records still loading

  /* Results first, facet counts after: counts need facets.json (the largest search file, 236 KB
     gzipped at 50,000 entries), and fetching it beside the term shards and the records made a
     pasted query wait for it. A filtered view loads it anyway (its results need it). The counts
     on screen stay those of the previous view, marked busy, until the new ones are in. */
  function run() {
    var mine = ++sequence;
    var hasText = !!state.q.trim();
    var withCounts = hasText || idx.hasFilters(state.filters);
    container.setAttribute("data-state", "loading");
    renderChips();
    if (pending) pending.abort(); // see search-box.js: stale records must not queue
    var controller = pending = window.AbortController ? new AbortController() : null;
    return idx.search(state.q, state.filters, false).then(function (result) {
      if (mine !== sequence) return null;
      var pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
      if (state.page > pages) state.page = pages;
      var slice = result.ids.slice((state.page - 1) * PAGE_SIZE, state.page * PAGE_SIZE);
      return idx.records(slice, controller && controller.signal).then(function (records) {
        if (mine !== sequence) return null;
        renderResults(result, records);
        status.textContent = describe(result);
        resultsList.setAttribute("data-query", state.q);
        // The whole result set, for search-download.js ("Unduh hasil (CSV)").
        container.dispatchEvent(new CustomEvent("katalog:results", {
          detail: { ids: result.ids, query: state.q.trim() }
        }));
        if (!withCounts) return null;
        facetsBox.setAttribute("aria-busy", "true");
        return idx.counts(result);
      }).then(function (counts) {
        if (mine !== sequence) return;
        facetsBox.removeAttribute("aria-busy");
        updateCounts(counts);
        container.setAttribute("data-state", "ready");
      });
    }).catch(function (err) {
      if (mine !== sequence || (err && err.name === "AbortError")) return;
      facetsBox.removeAttribute("aria-busy");
      status.textContent = "Pencarian tidak dapat dimuat. Telusuri katalog melalui halaman indeks.";
      if (fallback) fallback.hidden = false;
      container.setAttribute("data-state", "error");
      if (window.console) console.error(err);
    });
  }

  /* ---- keyboard: arrows move through result links ---- */

  function resultLinks() {
    return Array.prototype.slice.call(resultsList.querySelectorAll(".kat-result__title a"));
  }

  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") {
      var links = resultLinks();
      if (links.length) {
        ev.preventDefault();
        links[0].focus();
      }
    }
  });
  resultsList.addEventListener("keydown", function (ev) {
    if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp" && ev.key !== "Escape") return;
    var links = resultLinks();
    var at = links.indexOf(document.activeElement);
    if (at === -1) return;
    ev.preventDefault();
    if (ev.key === "Escape") return input.focus();
    var next = at + (ev.key === "ArrowDown" ? 1 : -1);
    if (next < 0) input.focus();
    else if (next < links.length) links[next].focus();
  });

  input.addEventListener("input", function () {
    state.q = input.value;
    state.page = 1;
    commit(false);
    run();
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    state.q = input.value;
    state.page = 1;
    commit(true);
    run().then(function () {
      var links = resultLinks();
      if (links.length && window.matchMedia("(max-width: 59.9375em)").matches) links[0].focus();
    });
  });
  window.addEventListener("popstate", function () {
    state = readUrl();
    syncControls();
    run();
  });

  if (filtersDone) {
    filtersDone.addEventListener("click", function () {
      if (filtersToggle) filtersToggle.open = false;
      status.scrollIntoView({ block: "start" });
      var links = resultLinks();
      if (links.length) links[0].focus();
      else status.focus();
    });
  }

  /* The page may carry meta.json inline (filled at build time): a pasted query then starts
     fetching its shards at once instead of after one more round trip. */
  function readInlineMeta() {
    if (!inlineMeta || !inlineMeta.textContent.trim()) return null;
    try {
      return JSON.parse(inlineMeta.textContent);
    } catch (err) {
      return null; // fetched instead
    }
  }

  window.KatalogEngine.open(root, null, readInlineMeta()).then(function (index) {
    idx = index;
    buildFacets();
    if (filtersToggle && window.matchMedia("(max-width: 59.9375em)").matches) {
      filtersToggle.open = false;
    }
    state = readUrl();
    syncControls();
    return run();
  }).catch(function (err) {
    status.textContent = "Pencarian tidak dapat dimuat. Telusuri katalog melalui halaman indeks.";
    if (fallback) fallback.hidden = false;
    ui.hidden = true;
    container.setAttribute("data-state", "error");
    if (window.console) console.error(err);
  });
})();
