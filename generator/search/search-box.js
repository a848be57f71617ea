/* The header search box on every page: a combobox listing the best matches while typing.

   Loaded on every page, so it stays small: the engine and the index load on first use (focus,
   "/" or Ctrl+K), never on page load. Without JavaScript the box is a plain form to /cari/. */
(function () {
  "use strict";

  var MAX_RESULTS = 6;
  var script = document.currentScript;
  var MAGNIFY = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">' +
    '<path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79' +
    'l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14' +
    ' 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';
  var box = document.querySelector(".kat-search");
  if (!box || !script) return;
  /* The search page, relative to this page as the script's own address is: assets/search/ and
     cari/ sit side by side at the site's root, so no page has to name it. */
  var searchPage = script.getAttribute("src").replace(/assets\/search\/search-box\.js(?:[?#].*)?$/, "cari/");

  /* Every page ships only the box's empty container (it is repeated on 100,000 pages): the
     form, a plain GET to the search page, and the combobox's buttons, hint, live region and
     result list are built here. */
  function build() {
    var form = document.createElement("form");
    form.id = "kat-search-form";
    form.className = "kat-search__form";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Cari inovasi");
    form.setAttribute("action", searchPage);
    form.setAttribute("method", "get");
    var field = document.createElement("input");
    field.id = "kat-search-input";
    field.className = "kat-search__input";
    field.type = "search";
    field.name = "q";
    field.placeholder = "Cari inovasi…";
    field.setAttribute("aria-label", "Cari inovasi");
    form.appendChild(field);
    box.appendChild(form);
  }
  if (!box.querySelector("form")) build();
  var form = box.querySelector("form");
  var input = box.querySelector("input[type=search]");
  if (!form || !input) return;

  function enhance() {
    var attrs = {
      autocomplete: "off", autocapitalize: "off", spellcheck: "false", enterkeyhint: "search",
      role: "combobox", "aria-autocomplete": "list", "aria-expanded": "false",
      "aria-controls": "kat-search-results", "aria-describedby": "kat-search-hint"
    };
    Object.keys(attrs).forEach(function (name) { input.setAttribute(name, attrs[name]); });
    var toggleButton = document.createElement("button");
    toggleButton.type = "button";
    toggleButton.className = "kat-search__toggle md-header__button md-icon";
    toggleButton.setAttribute("aria-label", "Buka pencarian");
    toggleButton.setAttribute("aria-expanded", "false");
    toggleButton.setAttribute("aria-controls", form.id);
    toggleButton.hidden = true;
    toggleButton.innerHTML = MAGNIFY;
    box.insertBefore(toggleButton, form);
    var submit = document.createElement("button");
    submit.type = "submit";
    submit.className = "kat-search__submit md-icon";
    submit.setAttribute("aria-label", "Cari");
    submit.innerHTML = MAGNIFY;
    form.appendChild(submit);
    var hint = document.createElement("span");
    hint.id = "kat-search-hint";
    hint.className = "kat-visually-hidden";
    hint.textContent = "Tekan garis miring atau Ctrl+K untuk mencari, panah atas dan bawah " +
      "untuk memilih hasil, Enter untuk membuka.";
    form.appendChild(hint);
    var live = document.createElement("p");
    live.className = "kat-visually-hidden";
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    live.setAttribute("data-kat-box-status", "");
    form.appendChild(live);
    var panelEl = document.createElement("div");
    panelEl.className = "kat-search__panel";
    panelEl.hidden = true;
    var count = document.createElement("p");
    count.className = "kat-search__count";
    count.setAttribute("aria-hidden", "true");
    var results = document.createElement("ul");
    results.id = "kat-search-results";
    results.className = "kat-search__results";
    results.setAttribute("role", "listbox");
    results.setAttribute("aria-label", "Hasil pencarian");
    var all = document.createElement("a");
    all.className = "kat-search__all";
    all.href = form.getAttribute("action");
    all.hidden = true;
    all.textContent = "Lihat semua hasil";
    panelEl.appendChild(count);
    panelEl.appendChild(results);
    panelEl.appendChild(all);
    form.appendChild(panelEl);
  }
  if (!box.querySelector(".kat-search__panel")) enhance();
  var panel = box.querySelector(".kat-search__panel");
  var list = box.querySelector("[role=listbox]");
  var status = box.querySelector("[data-kat-box-status]");
  var countLine = box.querySelector(".kat-search__count");
  var more = box.querySelector(".kat-search__all");
  var toggle = box.querySelector(".kat-search__toggle");
  // The index, the engine and the site root are found from this script's own address, so the
  // markup repeated on every page need not carry them.
  var assets = box.getAttribute("data-assets") || new URL(".", script.src).href;
  var root = box.getAttribute("data-root") || new URL("../../search/", assets).href;
  var siteRoot = box.getAttribute("data-site-root") || new URL("../../", assets).href;
  var pageUrl = form.getAttribute("action");
  var indexPromise = null;
  var active = -1;
  var items = [];
  var sequence = 0;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement("script");
      el.src = src;
      el.async = false; // downloads in parallel with the next one, runs in order
      el.onload = resolve;
      el.onerror = function () { reject(new Error(src)); };
      document.head.appendChild(el);
    });
  }

  /* The engine, its stemmer and meta.json, fetched once and in parallel. */
  function index() {
    if (!indexPromise) {
      var ready = window.KatalogEngine ? Promise.resolve()
        : Promise.all([loadScript(assets + "stemmer.js"), loadScript(assets + "engine.js")]);
      var meta = fetch(root + "meta.json", { cache: "no-cache" }).then(function (res) {
        if (!res.ok) throw new Error("meta.json: HTTP " + res.status);
        return res.json();
      });
      indexPromise = Promise.all([ready, meta]).then(function (parts) {
        var m = parts[1];
        return window.KatalogEngine.open(root, null, m);
      });
      indexPromise.catch(function () { indexPromise = null; });
    }
    return indexPromise;
  }

  function setExpanded(open) {
    panel.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) setActive(-1);
  }

  function setActive(i) {
    items.forEach(function (li, k) { li.setAttribute("aria-selected", k === i ? "true" : "false"); });
    active = i;
    if (i >= 0 && items[i]) {
      input.setAttribute("aria-activedescendant", items[i].id);
      items[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function pageLink(query) {
    return pageUrl + (query ? "?q=" + encodeURIComponent(query) : "");
  }

  function append(parent, tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text != null) el.textContent = text;
    parent.appendChild(el);
    return el;
  }

  function renderPieces(parent, pieces) {
    pieces.forEach(function (p) {
      if (p.hit) append(parent, "mark", null, p.text);
      else parent.appendChild(document.createTextNode(p.text));
    });
  }

  function formatCount(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function show(query, idx, result, records) {
    list.textContent = "";
    // Options hold no link: a listbox may not contain interactive elements. Choosing an option
    // (Enter on the active one, or a click) opens its page.
    items = records.map(function (rec, i) {
      var li = append(list, "li", "kat-search__item");
      li.id = "kat-search-opt-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-href", siteRoot + rec.url);
      renderPieces(append(li, "span", "kat-search__title"), idx.highlight(rec.title, result.terms));
      append(li, "span", "kat-search__meta", rec.agency + " · " + rec.region);
      li.addEventListener("click", function () { window.location.href = li.getAttribute("data-href"); });
      return li;
    });
    status.textContent = countLine.textContent = result.total
      ? formatCount(result.total) + " inovasi cocok dengan “" + query.trim() + "”"
      : "Tidak ada inovasi yang cocok dengan “" + query.trim() + "”";
    more.hidden = !result.total;
    more.href = pageLink(query.trim());
    more.textContent = "Lihat semua " + formatCount(result.total) + " hasil";
    list.setAttribute("data-query", query);
    setActive(-1);
    setExpanded(true);
  }

  var pending = null;

  function run() {
    var query = input.value;
    var mine = ++sequence;
    if (!query.trim()) {
      list.textContent = "";
      items = [];
      status.textContent = countLine.textContent = "";
      setExpanded(false);
      return;
    }
    // A newer keystroke cancels the records still loading for an older one: on a slow line
    // they would otherwise queue ahead of the records wanted. Shards are never cancelled (the
    // next keystroke usually needs the same shard).
    if (pending) pending.abort();
    var controller = pending = window.AbortController ? new AbortController() : null;
    index().then(function (idx) {
      return idx.search(query, Object.create(null), false).then(function (result) {
        if (mine !== sequence) return null;
        var ids = result.ids.slice(0, MAX_RESULTS);
        return idx.records(ids, controller && controller.signal).then(function (records) {
          if (mine === sequence) show(query, idx, result, records);
        });
      });
    }).catch(function (err) {
      if (mine !== sequence || (err && err.name === "AbortError")) return;
      status.textContent = countLine.textContent =
        "Pencarian tidak dapat dimuat. Coba halaman pencarian.";
      more.hidden = false;
      more.href = pageLink(query.trim());
      setExpanded(true);
      if (window.console) console.error(err);
    });
  }

  input.addEventListener("focus", function () {
    index();
    if (input.value.trim() && items.length) setExpanded(true);
  });
  input.addEventListener("input", run);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!items.length) return;
      ev.preventDefault();
      setExpanded(true);
      var step = ev.key === "ArrowDown" ? 1 : -1;
      var next = active + step;
      if (next >= items.length) next = 0;
      if (next < 0) next = items.length - 1;
      setActive(next);
    } else if (ev.key === "Enter") {
      if (active >= 0 && items[active]) {
        ev.preventDefault();
        window.location.href = items[active].getAttribute("data-href");
      }
    } else if (ev.key === "Escape") {
      if (!panel.hidden) {
        ev.preventDefault();
        setExpanded(false);
      } else if (input.value) {
        input.value = "";
        run();
      }
      if (box.classList.contains("kat-search--open")) closeOverlay();
    }
  });
  list.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
  document.addEventListener("click", function (ev) {
    if (!box.contains(ev.target)) {
      setExpanded(false);
      if (box.classList.contains("kat-search--open")) closeOverlay();
    }
  });

  /* On narrow screens the form sits behind a button and opens over the header. */
  function openOverlay() {
    box.classList.add("kat-search--open");
    if (toggle) toggle.setAttribute("aria-expanded", "true");
    input.focus();
  }
  function closeOverlay() {
    box.classList.remove("kat-search--open");
    if (toggle) {
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    }
  }
  box.classList.add("kat-search--js");
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function (ev) {
      ev.preventDefault();
      if (box.classList.contains("kat-search--open")) closeOverlay();
      else openOverlay();
    });
  }

  function isTyping(el) {
    if (!el) return false;
    var tag = el.tagName;
    return el.isContentEditable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }

  /* "/" or Ctrl+K (Cmd+K) focuses search; the page's own search field wins on /cari/. Capture
     phase, so the theme's own shortcuts never see these keys. */
  window.addEventListener("keydown", function (ev) {
    var slash = ev.key === "/" && !ev.ctrlKey && !ev.metaKey && !ev.altKey;
    var ctrlK = (ev.key === "k" || ev.key === "K") && (ev.ctrlKey || ev.metaKey) && !ev.altKey;
    if (!(ctrlK || (slash && !isTyping(document.activeElement)))) return;
    ev.preventDefault();
    ev.stopPropagation();
    var pageField = document.querySelector("[data-kat-cari] input[type=search]");
    var target = pageField && pageField.offsetParent !== null ? pageField : input;
    if (target === input && toggle && input.offsetParent === null) {
      openOverlay();
    } else {
      target.focus();
      target.select();
    }
  }, true);
})();
