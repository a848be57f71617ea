/* The contribution form at /kontribusi/: builds a valid entry file in the browser, without git.
 *
 * Every list and limit comes from kontribusi/vocab.json, which the build writes from the
 * vocabularies and the validator's own constants, so the checks here mirror `katalog validate`.
 * Nothing is sent anywhere: the only request is for vocab.json, from this site.
 */
(function () {
  "use strict";

  var YAML11_WORDS = /^(y|n|yes|no|true|false|on|off|null)$/;
  // C0 and C1 controls but tab, LF and CR (the validator refuses them), and non-characters.
  var CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff\ufffe\uffff]/g;
  // Line breaks to YAML (NEL, LS, PS) but not to git or GitHub: pasted from a word processor they
  // mean a new line, so they become one (a space in one-line values), never a raw YAML break.
  var LINE_BREAK = /[\u0085\u2028\u2029]/g;
  var counter = 0;

  /* ---------- text and YAML ---------- */

  function clean(value) {
    // PyYAML refuses these characters even inside quotes; a lone surrogate is not UTF-8 either.
    return String(value || "").replace(LINE_BREAK, "\n").replace(CONTROL, "").replace(/[\ud800-\udfff]/g, function (c, i, s) {
      var code = c.charCodeAt(0);
      var next = s.charCodeAt(i + 1);
      var prev = s.charCodeAt(i - 1);
      if (code < 0xdc00 && next >= 0xdc00 && next <= 0xdfff) return c;
      if (code >= 0xdc00 && prev >= 0xd800 && prev < 0xdc00) return c;
      return "";
    });
  }

  function oneLine(value) {
    // The validator collapses runs of whitespace to one space, as Python's str.split() does.
    return clean(value).split(/\s+/).filter(Boolean).join(" ");
  }

  function length(text) {
    return Array.from(text).length; // code points, as Python's len()
  }

  function quote(text) {
    // A JSON string is a valid double-quoted YAML scalar: no YAML 1.1 trap survives quoting.
    return JSON.stringify(text);
  }

  function scalar(text) {
    // Vocabulary slugs stay plain and readable, unless YAML 1.1 would read them as something else.
    return /^[a-z][a-z0-9-]*$/.test(text) && !YAML11_WORDS.test(text) ? text : quote(text);
  }

  function renderEntry(entry, sections) {
    var lines = ["---"];
    function add(line) {
      lines.push(line);
    }
    add("title: " + quote(entry.title));
    add("summary: " + quote(entry.summary));
    add("agency:");
    add("  name: " + quote(entry.agency.name));
    add("  type: " + scalar(entry.agency.type));
    if (entry.regency) add("regency: " + quote(entry.regency));
    add("sectors: [" + entry.sectors.map(scalar).join(", ") + "]");
    add("sdgs: [" + entry.sdgs.join(", ") + "]");
    if (entry.sdg_targets.length) add("sdg_targets: [" + entry.sdg_targets.map(quote).join(", ") + "]");
    if (entry.launched !== null) add("launched: " + entry.launched);
    if (entry.stage) add("stage: " + scalar(entry.stage));
    if (entry.status) add("status: " + scalar(entry.status));
    if (entry.awards.length) {
      add("awards:");
      entry.awards.forEach(function (a) {
        add("  - program: " + scalar(a.program));
        add("    year: " + a.year);
        add("    level: " + scalar(a.level));
        if (a.decree) add("    decree: " + quote(a.decree));
      });
    }
    if (entry.replicates) add("replicates: " + quote(entry.replicates));
    if (entry.replications.length) {
      add("replications:");
      entry.replications.forEach(function (r) {
        add("  - agency: " + quote(r.agency));
        add("    province: " + scalar(r.province));
        if (r.regency) add("    regency: " + quote(r.regency));
        add("    year: " + r.year);
        if (r.status) add("    status: " + scalar(r.status));
        if (r.note) add("    note: " + quote(r.note));
      });
    }
    if (entry.legal_basis.length) {
      add("legal_basis:");
      entry.legal_basis.forEach(function (text) {
        add("  - " + quote(text));
      });
    }
    if (entry.links.length) {
      add("links:");
      entry.links.forEach(function (link) {
        add("  - title: " + quote(link.title));
        add("    url: " + quote(link.url));
      });
    }
    if (entry.contact) {
      add("contact:");
      add("  unit: " + quote(entry.contact.unit));
      if (entry.contact.email) add("  email: " + quote(entry.contact.email));
      if (entry.contact.phone) add("  phone: " + quote(entry.contact.phone));
    }
    if (entry.tags.length) add("tags: [" + entry.tags.map(quote).join(", ") + "]");
    if (entry.updated) add("updated: " + entry.updated);
    if (entry.translation_en) {
      add("translations:");
      add("  en:");
      add("    title: " + quote(entry.translation_en.title));
      add("    summary: " + quote(entry.translation_en.summary));
    }
    if (entry.redirect_from.length) add("redirect_from: [" + entry.redirect_from.map(quote).join(", ") + "]");
    add("---");
    sections.forEach(function (section) {
      var body = clean(section.text).replace(/\r\n?/g, "\n").replace(/^\n+|\s+$/g, "");
      if (body) lines.push("", "## " + section.name, "", body);
    });
    return lines.join("\n") + "\n";
  }

  /* ---------- checks mirroring generator/validation.py ---------- */

  function checkEntry(entry, where, vocab, thisYear) {
    var L = vocab.limits;
    var P = {};
    Object.keys(vocab.patterns).forEach(function (name) {
      P[name] = new RegExp(vocab.patterns[name]); // no `u` flag: the patterns are Python's
    });
    var problems = [];
    function problem(key, message) {
      problems.push({ key: key, message: message, field: where[key] || where[key.replace(/\[.*$/, "")] });
    }
    function text(key, value, bounds, required) {
      if (!value) {
        if (required) problem(key, "wajib diisi");
        return;
      }
      var n = length(value);
      if (n < bounds[0] || n > bounds[1])
        problem(key, "panjang " + n + " karakter; diharapkan " + bounds[0] + "-" + bounds[1] + " karakter");
    }
    function year(key, value, required) {
      if (value === null) {
        if (required) problem(key, "wajib diisi");
      } else if (isNaN(value)) {
        problem(key, "harus berupa angka tahun, mis. 2021");
      } else if (!(value >= L.first_year && value <= thisYear)) {
        problem(key, "tahun " + value + " di luar rentang " + L.first_year + "-" + thisYear);
      }
    }
    function count(key, items, low, high) {
      if (items.length < low || items.length > high)
        problem(key, items.length + " butir; diharapkan " + low + "-" + high + " butir");
    }
    function unique(key, items) {
      var seen = {};
      items.forEach(function (item, i) {
        var id = JSON.stringify(item);
        if (seen[id]) problem(key + "[" + i + "]", "nilai ganda: " + id);
        seen[id] = true;
      });
    }
    function regencyIn(key, code, province) {
      if (!code) return;
      var list = vocab.regencies[province] || [];
      if (!list.some(function (r) { return r[0] === code; }))
        problem(key, "kabupaten/kota " + code + " tidak terletak di provinsi '" + province + "'");
    }

    var province = entry.province;
    if (!vocab.provinces.some(function (p) { return p.slug === province; })) problem("province", "pilih provinsi");
    if (!entry.slug) problem("slug", "wajib diisi");
    else if (!P.slug.test(entry.slug) || length(entry.slug) < L.slug[0] || length(entry.slug) > L.slug[1])
      problem("slug", "'" + entry.slug + "' bukan slug yang sah: 3-80 huruf kecil ASCII, angka dan tanda hubung tunggal");
    text("title", entry.title, L.title, true);
    text("summary", entry.summary, L.summary, true);
    if (entry.summary && P.html_tag.test(entry.summary)) problem("summary", "ringkasan berupa teks biasa, tanpa tag HTML");
    text("agency.name", entry.agency.name, L.name, true);
    if (!entry.agency.type) problem("agency.type", "pilih jenis instansi");
    regencyIn("regency", entry.regency, province);
    count("sectors", entry.sectors, 1, L.sectors);
    count("sdgs", entry.sdgs, 1, L.sdgs);
    if (entry.sdg_targets.length) count("sdg_targets", entry.sdg_targets, 1, L.sdg_targets);
    entry.sdg_targets.forEach(function (target, i) {
      var match = P.sdg_target.exec(target);
      if (!match) problem("sdg_targets[" + i + "]", "'" + target + "' bukan target TPB yang sah, mis. \"16.9\"");
      else if (entry.sdgs.indexOf(Number(match[1])) < 0)
        problem("sdg_targets[" + i + "]", "target " + target + " milik tujuan " + match[1] + ", yang tidak ada di sdgs");
    });
    unique("sdg_targets", entry.sdg_targets);
    if (entry.launched !== null) year("launched", entry.launched, true);
    if (entry.awards.length) count("awards", entry.awards, 1, L.list);
    entry.awards.forEach(function (a, i) {
      var key = "awards[" + i + "]";
      var program = vocab.awards.filter(function (p) { return p.slug === a.program; })[0];
      if (!program) problem(key + ".program", "pilih program penghargaan");
      else if (!program.levels.some(function (l) { return l.slug === a.level; })) problem(key + ".level", "pilih tingkat penghargaan");
      year(key + ".year", a.year, true);
      text(key + ".decree", a.decree, L.text, false);
    });
    unique("awards", entry.awards);
    if (entry.replicates) {
      if (!P.id.test(entry.replicates)) problem("replicates", "'" + entry.replicates + "' bukan id entri (provinsi/slug)");
      else if (entry.replicates === province + "/" + entry.slug) problem("replicates", "entri tidak dapat mereplikasi dirinya sendiri");
    }
    if (entry.replications.length) count("replications", entry.replications, 1, L.list);
    entry.replications.forEach(function (r, i) {
      var key = "replications[" + i + "]";
      text(key + ".agency", r.agency, L.name, true);
      if (!r.province) problem(key + ".province", "pilih provinsi");
      else regencyIn(key + ".regency", r.regency, r.province);
      year(key + ".year", r.year, true);
      text(key + ".note", r.note, L.text, false);
    });
    unique("replications", entry.replications);
    if (entry.legal_basis.length) count("legal_basis", entry.legal_basis, 1, L.list);
    entry.legal_basis.forEach(function (t, i) { text("legal_basis[" + i + "]", t, L.text, true); });
    unique("legal_basis", entry.legal_basis);
    if (entry.links.length) count("links", entry.links, 1, L.list);
    entry.links.forEach(function (link, i) {
      text("links[" + i + "].title", link.title, L.text, true);
      if (!link.url) problem("links[" + i + "].url", "wajib diisi");
      else if (!P.url.test(link.url)) problem("links[" + i + "].url", "'" + link.url + "' harus alamat lengkap yang diawali https://");
    });
    unique("links", entry.links);
    if (entry.contact) {
      text("contact.unit", entry.contact.unit, L.name, true);
      if (entry.contact.email && !P.email.test(entry.contact.email)) problem("contact.email", "alamat surel tidak sah");
      if (entry.contact.phone && !P.phone.test(entry.contact.phone)) problem("contact.phone", "nomor telepon tidak sah, mis. +62 21 555 0100");
    }
    if (entry.tags.length) count("tags", entry.tags, 1, L.tags);
    entry.tags.forEach(function (t, i) { text("tags[" + i + "]", t, L.tag, true); });
    unique("tags", entry.tags);
    if (entry.updated && !isIsoDate(entry.updated)) problem("updated", "tanggal harus berbentuk YYYY-MM-DD");
    if (entry.translation_en) {
      text("translations.en.title", entry.translation_en.title, L.title, true);
      text("translations.en.summary", entry.translation_en.summary, L.summary, true);
    }
    if (entry.redirect_from.length) count("redirect_from", entry.redirect_from, 1, L.list);
    entry.redirect_from.forEach(function (former, i) {
      var slug = former.split("/")[1] || "";
      if (!P.id.test(former) || !P.slug.test(slug) || length(slug) < L.slug[0] || length(slug) > L.slug[1])
        problem("redirect_from[" + i + "]", "'" + former + "' bukan id entri (provinsi/slug)");
    });
    unique("redirect_from", entry.redirect_from);
    return problems;
  }

  function isIsoDate(text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
    var d = new Date(text + "T00:00:00Z");
    return !isNaN(d) && d.toISOString().slice(0, 10) === text;
  }

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function slugify(text) {
    return oneLine(text)
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80)
      .replace(/-+$/, "");
  }

  /* ---------- the form ---------- */

  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") el.textContent = value;
      else if (name.slice(0, 2) === "on") el.addEventListener(name.slice(2), value);
      else el.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child) el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return el;
  }

  function uid(name) {
    counter += 1;
    return "kf-" + name + "-" + counter;
  }

  function hintFor(id, hint) {
    return hint ? h("p", { class: "kf-hint", id: id + "-hint", text: hint }) : null;
  }

  function field(label, key, control, hint) {
    control.id = control.id || uid(key.replace(/[^a-z]+/g, "-"));
    control.setAttribute("data-key", key);
    if (hint) control.setAttribute("aria-describedby", control.id + "-hint");
    return h("div", { class: "kf-field" }, [
      h("label", { for: control.id }, [label, " ", h("code", { text: key })]),
      hintFor(control.id, hint),
      control,
    ]);
  }

  function input(attrs) {
    return h("input", Object.assign({ type: "text", autocomplete: "off" }, attrs));
  }

  function select(options, empty, attrs) {
    var el = h("select", attrs || {});
    if (empty !== null) el.appendChild(h("option", { value: "", text: empty }));
    options.forEach(function (o) {
      el.appendChild(h("option", { value: o[0], text: o[1] }));
    });
    return el;
  }

  function fillSelect(el, options, empty) {
    var keep = el.value;
    el.textContent = "";
    el.appendChild(h("option", { value: "", text: empty }));
    options.forEach(function (o) {
      el.appendChild(h("option", { value: o[0], text: o[1] }));
    });
    el.value = options.some(function (o) { return o[0] === keep; }) ? keep : "";
  }

  function regencyOptions(vocab, province) {
    return (vocab.regencies[province] || []).map(function (r) { return [r[0], r[0] + " " + r[1]]; });
  }

  function checkboxGroup(legend, key, options, hint) {
    var hintId = uid(key) + "-hint";
    var group = h("fieldset", { class: "kf-group kf-checks", "data-key": key, "aria-describedby": hint ? hintId : null }, [
      h("legend", {}, [legend, " ", h("code", { text: key })]),
      hint ? h("p", { class: "kf-hint", id: hintId, text: hint }) : null,
    ]);
    options.forEach(function (o) {
      var id = uid(key);
      var box = h("input", { type: "checkbox", id: id, value: o[0], name: key });
      var label = h("label", { for: id, class: "kf-check" }, [box, " ", o[1]]);
      if (o[2]) label.style.setProperty("--kf-colour", o[2]);
      group.appendChild(label);
    });
    return group;
  }

  function repeatable(title, key, addLabel, build) {
    var list = h("div", { class: "kf-items" });
    var section = h("fieldset", { class: "kf-group", "data-key": key }, [
      h("legend", {}, [title, " ", h("code", { text: key })]),
      list,
    ]);
    function renumber() {
      Array.prototype.forEach.call(list.children, function (item, i) {
        item.querySelector("legend").textContent = title + " " + (i + 1);
      });
    }
    function addItem() {
      var item = h("fieldset", { class: "kf-item" }, [h("legend", { text: "" })]);
      build(item);
      item.appendChild(
        h("button", {
          type: "button",
          class: "kf-button kf-remove",
          text: "Hapus",
          onclick: function () {
            list.removeChild(item);
            renumber();
          },
        })
      );
      list.appendChild(item);
      renumber();
      var first = item.querySelector("input, select, textarea");
      if (first) first.focus();
    }
    section.appendChild(h("button", { type: "button", class: "kf-button", text: addLabel, onclick: addItem }));
    return section;
  }

  function value(scope, key) {
    // A repeated item's fields share keys (year, status...): read only those of `scope` itself.
    var own = scope.classList.contains("kf-item") ? scope : null;
    var found = Array.prototype.filter.call(scope.querySelectorAll('[data-key="' + key + '"]'), function (el) {
      return el.closest(".kf-item") === own;
    })[0];
    return found ? found.value : "";
  }

  function checked(scope, key) {
    return Array.prototype.map.call(
      scope.querySelectorAll('[data-key="' + key + '"] input:checked'),
      function (box) { return box.value; }
    );
  }

  function intOrNull(text) {
    var t = String(text || "").trim();
    return /^\d+$/.test(t) ? Number(t) : t ? NaN : null;
  }

  function splitList(text, separator) {
    return clean(text).split(separator).map(oneLine).filter(Boolean);
  }

  function build(root, vocab) {
    var thisYear = new Date().getFullYear();
    var scope = vocab.province_scope.length ? vocab.province_scope : null;
    var provinces = vocab.provinces.map(function (p) { return [p.slug, p.name]; });
    var entryProvinces = provinces.filter(function (p) { return !scope || scope.indexOf(p[0]) >= 0; });
    var yearAttrs = { type: "number", inputmode: "numeric", min: vocab.limits.first_year, max: thisYear, step: 1 };
    var slugEdited = false;

    var form = h("form", { class: "kf-form", novalidate: true, "aria-describedby": "kf-intro" });
    var province = select(entryProvinces, "— pilih provinsi —", { required: true });
    var slug = input({ required: true, maxlength: 80, spellcheck: "false", oninput: function () { slugEdited = true; } });
    var title = input({ required: true, maxlength: vocab.limits.title[1] });
    var regency = select([], "— tidak diisi (tingkat provinsi/nasional) —");
    title.addEventListener("input", function () {
      if (!slugEdited) slug.value = slugify(title.value);
    });
    province.addEventListener("change", function () {
      fillSelect(regency, regencyOptions(vocab, province.value), "— tidak diisi (tingkat provinsi/nasional) —");
    });
    var summary = h("textarea", { rows: 3, required: true, maxlength: vocab.limits.summary[1] + 50 });
    var counterText = h("p", { class: "kf-hint kf-counter" });
    summary.addEventListener("input", function () {
      counterText.textContent = length(oneLine(summary.value)) + " / " + vocab.limits.summary[1] + " karakter";
    });

    function section(titleText, children, open) {
      return h("details", { class: "kf-section", open: open }, [h("summary", { text: titleText })].concat(children));
    }

    form.appendChild(
      section("1. Letak berkas", [
        field("Provinsi (folder)", "province", province, "Instansi pusat (kementerian/lembaga) memilih Nasional."),
        field("Nama berkas (slug)", "slug", slug, "Huruf kecil, angka dan tanda hubung, 3-80 karakter; dibuat dari judul bila dibiarkan."),
      ], true)
    );
    form.appendChild(
      section("2. Data wajib", [
        field("Judul inovasi", "title", title, "3-120 karakter, sebagaimana ditulis instansinya."),
        field("Ringkasan", "summary", summary, "Teks biasa 20-400 karakter, satu atau dua kalimat."),
        counterText,
        field("Nama instansi pelaksana", "agency.name", input({ required: true })),
        field("Jenis instansi", "agency.type", select(vocab.agency_types.map(function (t) { return [t.slug, t.name]; }), "— pilih —", { required: true })),
        checkboxGroup("Sektor", "sectors", vocab.sectors.map(function (t) { return [t.slug, t.name]; }), "Pilih 1-" + vocab.limits.sectors + "."),
        checkboxGroup(
          "Tujuan TPB/SDG",
          "sdgs",
          vocab.goals.map(function (g) { return [String(g.number), g.number + ". " + g.name, g.colour]; }),
          "Pilih 1-" + vocab.limits.sdgs + " tujuan yang paling relevan."
        ),
      ], true)
    );
    form.appendChild(
      section("3. Data tambahan (boleh dikosongkan)", [
        field("Kabupaten/kota", "regency", regency, "Kode Kemendagri; hanya kabupaten/kota di provinsi yang dipilih."),
        field("Target TPB", "sdg_targets", input({ placeholder: "16.9, 16.10" }), "Pisahkan dengan koma; setiap target milik tujuan yang dipilih."),
        field("Tahun mulai", "launched", input(yearAttrs), "Kosongkan bila tidak diketahui pasti."),
        field("Tahap", "stage", select(vocab.stages.map(function (t) { return [t.slug, t.name]; }), "— tidak disebut —")),
        field("Status", "status", select(vocab.statuses.map(function (t) { return [t.slug, t.name]; }), "— tidak disebut —")),
        repeatable("Penghargaan", "awards", "Tambah penghargaan", function (item) {
          var program = select(vocab.awards.map(function (a) { return [a.slug, a.name]; }), "— pilih program —");
          var level = select([], "— pilih tingkat —");
          program.addEventListener("change", function () {
            var found = vocab.awards.filter(function (a) { return a.slug === program.value; })[0];
            fillSelect(level, found ? found.levels.map(function (l) { return [l.slug, l.name]; }) : [], "— pilih tingkat —");
          });
          item.appendChild(field("Program", "program", program));
          item.appendChild(field("Tingkat", "level", level));
          item.appendChild(field("Tahun", "year", input(yearAttrs)));
          item.appendChild(field("Nomor keputusan", "decree", input({})));
        }),
        field("Mereplikasi entri", "replicates", input({ placeholder: "jawa-barat/pikobar", spellcheck: "false" }), "Id entri katalog yang direplikasi inovasi ini (provinsi/slug); harus sudah ada."),
        repeatable("Pereplikasi tanpa entri sendiri", "replications", "Tambah pereplikasi", function (item) {
          var where = select(provinces, "— pilih provinsi —");
          var code = select([], "— tidak diisi —");
          where.addEventListener("change", function () { fillSelect(code, regencyOptions(vocab, where.value), "— tidak diisi —"); });
          item.appendChild(field("Instansi", "agency", input({})));
          item.appendChild(field("Provinsi", "province", where));
          item.appendChild(field("Kabupaten/kota", "regency", code));
          item.appendChild(field("Tahun", "year", input(yearAttrs)));
          item.appendChild(field("Status", "status", select(vocab.replication_statuses.map(function (t) { return [t.slug, t.name]; }), "— tidak diisi —")));
          item.appendChild(field("Catatan", "note", input({})));
        }),
        field("Dasar hukum", "legal_basis", h("textarea", { rows: 2 }), "Satu peraturan per baris, mis. Peraturan Wali Kota Bekasi No. 12 Tahun 2020."),
        repeatable("Tautan", "links", "Tambah tautan", function (item) {
          item.appendChild(field("Judul", "title", input({})));
          item.appendChild(field("Alamat (https://)", "url", input({ type: "url", inputmode: "url", spellcheck: "false" })));
        }),
        field("Unit kontak", "contact.unit", input({}), "Hanya kontak kelembagaan, jangan data pribadi."),
        field("Surel kontak", "contact.email", input({ type: "email" })),
        field("Telepon kontak", "contact.phone", input({ type: "tel" })),
        field("Kata kunci", "tags", input({}), "Pisahkan dengan koma; paling banyak " + vocab.limits.tags + "."),
        field("Tanggal tinjauan terakhir", "updated", input({ type: "date", value: today() })),
        field("Judul dalam bahasa Inggris", "translations.en.title", input({ lang: "en" })),
        field("Ringkasan dalam bahasa Inggris", "translations.en.summary", h("textarea", { rows: 2, lang: "en" })),
        field("Id lama (pindah/ganti nama)", "redirect_from", h("textarea", { rows: 1, spellcheck: "false" }), "Hanya bila entri ini menggantikan berkas lama: satu id per baris."),
      ])
    );
    form.appendChild(
      section("4. Uraian (isi halaman)", vocab.sections.map(function (name) {
        return field(name, "## " + name, h("textarea", { rows: 4, "data-section": name }));
      }).concat([h("p", { class: "kf-hint", text: "Tulis hanya fakta yang bersumber; sebutkan sumbernya. Bagian kosong dilewati." })]))
    );

    var errors = h("div", { class: "kf-errors", role: "alert", tabindex: "-1", hidden: true });
    var output = h("textarea", { id: "kf-output", rows: 16, readonly: true, spellcheck: "false", class: "kf-output" });
    var path = h("code", { id: "kf-path" });
    var status = h("p", { class: "kf-status", role: "status", "aria-live": "polite" });
    var copy = h("button", { type: "button", class: "kf-button", id: "kf-copy", text: "Salin" });
    var download = h("button", { type: "button", class: "kf-button", id: "kf-download", text: "Unduh" });
    var forge = h("a", { id: "kf-new-file", class: "kf-button", target: "_blank", rel: "noopener", hidden: true, text: "Buka halaman berkas baru di GitHub" });
    var result = h("section", { class: "kf-result", hidden: true, "aria-labelledby": "kf-result-title" }, [
      h("h3", { id: "kf-result-title", text: "Berkas entri" }),
      h("p", {}, ["Simpan sebagai ", path, ", lalu ajukan lewat pull request."]),
      h("label", { for: "kf-output", text: "Isi berkas (Markdown dengan front matter YAML)" }),
      output,
      h("div", { class: "kf-actions" }, [copy, download, forge]),
      status,
    ]);
    form.appendChild(h("div", { class: "kf-actions" }, [h("button", { type: "submit", class: "kf-button kf-primary", text: "Buat berkas entri" })]));

    function collectEntry() {
      function item(list, fn) {
        return Array.prototype.map.call(root.querySelectorAll('[data-key="' + list + '"] .kf-item'), fn).filter(Boolean);
      }
      var contact = {
        unit: oneLine(value(form, "contact.unit")),
        email: oneLine(value(form, "contact.email")),
        phone: oneLine(value(form, "contact.phone")),
      };
      var english = {
        title: oneLine(value(form, "translations.en.title")),
        summary: oneLine(value(form, "translations.en.summary")),
      };
      return {
        province: province.value,
        slug: oneLine(slug.value),
        title: oneLine(title.value),
        summary: oneLine(summary.value),
        agency: { name: oneLine(value(form, "agency.name")), type: value(form, "agency.type") },
        regency: regency.value || null,
        sectors: checked(form, "sectors"),
        sdgs: checked(form, "sdgs").map(Number),
        sdg_targets: splitList(value(form, "sdg_targets"), /[,;\s]+/),
        launched: intOrNull(value(form, "launched")),
        stage: value(form, "stage"),
        status: value(form, "status"),
        awards: item("awards", function (el) {
          var a = { program: value(el, "program"), year: intOrNull(value(el, "year")), level: value(el, "level"), decree: oneLine(value(el, "decree")) };
          return a.program || a.year !== null || a.level || a.decree ? a : null;
        }),
        replicates: oneLine(value(form, "replicates")),
        replications: item("replications", function (el) {
          var r = {
            agency: oneLine(value(el, "agency")),
            province: value(el, "province"),
            regency: value(el, "regency") || null,
            year: intOrNull(value(el, "year")),
            status: value(el, "status"),
            note: oneLine(value(el, "note")),
          };
          return r.agency || r.province || r.year !== null || r.note ? r : null;
        }),
        legal_basis: splitList(value(form, "legal_basis"), /\n/),
        links: item("links", function (el) {
          var link = { title: oneLine(value(el, "title")), url: oneLine(value(el, "url")) };
          return link.title || link.url ? link : null;
        }),
        contact: contact.unit || contact.email || contact.phone ? contact : null,
        tags: splitList(value(form, "tags"), /[,;]/),
        updated: oneLine(value(form, "updated")),
        translation_en: english.title || english.summary ? english : null,
        redirect_from: splitList(value(form, "redirect_from"), /[\s,]+/),
      };
    }

    function fieldsByKey() {
      var where = {};
      Array.prototype.forEach.call(form.querySelectorAll("[data-key]"), function (el) {
        var key = el.getAttribute("data-key");
        var item = el.closest(".kf-item");
        if (item) {
          var list = item.parentNode.parentNode.getAttribute("data-key");
          key = list + "[" + Array.prototype.indexOf.call(item.parentNode.children, item) + "]." + key;
        }
        if (!where[key]) where[key] = el;
      });
      return where;
    }

    function showErrors(problems) {
      errors.textContent = "";
      errors.hidden = false;
      errors.appendChild(h("p", { text: problems.length + " hal perlu diperbaiki sebelum berkas dapat dibuat:" }));
      var list = h("ul");
      problems.forEach(function (p) {
        var target = p.field;
        var link = h("a", {
          href: target && target.id ? "#" + target.id : "#",
          onclick: function (event) {
            event.preventDefault();
            if (!target) return;
            var details = target.closest("details");
            if (details) details.open = true;
            (target.matches("fieldset") ? target.querySelector("input, select, button") : target).focus();
          },
        }, [h("code", { text: p.key }), ": " + p.message]);
        list.appendChild(h("li", {}, [link]));
      });
      errors.appendChild(list);
      Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (el) { el.removeAttribute("aria-invalid"); });
      problems.forEach(function (p) {
        if (p.field) p.field.setAttribute("aria-invalid", "true");
      });
      errors.focus();
    }

    var current = { text: "", name: "" };
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var entry = collectEntry();
      var problems = checkEntry(entry, fieldsByKey(), vocab, thisYear);
      result.hidden = true;
      if (problems.length) {
        showErrors(problems);
        return;
      }
      errors.hidden = true;
      var sections = Array.prototype.map.call(form.querySelectorAll("[data-section]"), function (el) {
        return { name: el.getAttribute("data-section"), text: el.value };
      });
      current.text = renderEntry(entry, sections);
      current.name = entry.slug + ".md";
      output.value = current.text;
      path.textContent = vocab.content_path + "/" + entry.province + "/" + current.name;
      download.textContent = "Unduh " + current.name;
      if (vocab.new_file_url) {
        var url = vocab.new_file_url + encodeURIComponent(entry.province) + "?filename=" + encodeURIComponent(current.name);
        var withText = url + "&value=" + encodeURIComponent(current.text);
        forge.href = withText.length <= 8000 ? withText : url; // long URLs fail: then paste the text
        forge.hidden = false;
      }
      status.textContent = "";
      result.hidden = false;
      result.scrollIntoView({ block: "start" });
      output.focus({ preventScroll: true });
    });

    copy.addEventListener("click", function () {
      function fallback() {
        output.focus();
        output.select();
        var ok = false;
        try {
          ok = document.execCommand("copy");
        } catch (e) {
          ok = false;
        }
        status.textContent = ok ? "Tersalin." : "Tekan Ctrl+C (atau tahan lalu Salin) untuk menyalin teks yang sudah dipilih.";
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(current.text).then(function () { status.textContent = "Tersalin."; }, fallback);
      } else {
        fallback();
      }
    });

    download.addEventListener("click", function () {
      var blob = new Blob([current.text], { type: "text/markdown;charset=utf-8" });
      var link = h("a", { href: URL.createObjectURL(blob), download: current.name });
      document.body.appendChild(link);
      link.click();
      document.body.removeChild(link);
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      status.textContent = "Berkas " + current.name + " diunduh.";
    });

    root.textContent = "";
    root.appendChild(form);
    root.appendChild(errors);
    root.appendChild(result);
  }

  function start() {
    var root = document.getElementById("kontribusi-form");
    if (!root || root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "loading");
    var url = new URL(root.getAttribute("data-vocab") || "vocab.json", document.baseURI);
    fetch(url.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.json();
      })
      .then(function (vocab) {
        build(root, vocab);
        root.setAttribute("data-ready", "true");
      })
      .catch(function (error) {
        root.setAttribute("data-ready", "error");
        root.appendChild(h("p", { class: "kf-errors", role: "alert", text: "Formulir tidak dapat dimuat (" + error.message + "). Gunakan langkah penyunting web GitHub di atas." }));
      });
  }

  window.katalogKontribusi = { renderEntry: renderEntry, checkEntry: checkEntry, slugify: slugify };
  // Material's instant navigation swaps pages without reloading scripts; it announces each page.
  // start() runs once per form element, so being called by both paths is harmless.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
