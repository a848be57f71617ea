/* The contribution form at /kontribusi/: builds a valid entry file in the browser, without git.
 *
 * Every list and limit comes from kontribusi/vocab.json, which the build writes from the
 * vocabularies and the validator's own constants, so the checks here mirror `katalog validate`.
 * So does every sentence: vocab.json carries the templates of generator/entries/messages.py, and
 * a problem here is reported with the validator's code and words. Nothing is sent anywhere: the
 * only request is for vocab.json, from this site.
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

  /* ---------- sentences ---------- */

  // A template of messages.py with its {name} placeholders filled, as Python's str.format does
  // ({{ and }} are literal braces); a missing value is left empty, as render_message leaves it.
  function fill(template, params) {
    return String(template).replace(/\{\{|\}\}|\{(\w+)\}/g, function (match, name) {
      if (!name) return match.charAt(0);
      var value = params ? params[name] : undefined;
      return value === undefined || value === null ? "" : String(value);
    });
  }

  // The same, with elements for some placeholders: a list of strings and nodes for h().
  function fillNodes(template, nodes) {
    return String(template).split(/(\{\w+\})/).map(function (part) {
      var name = /^\{(\w+)\}$/.exec(part);
      return name && nodes[name[1]] ? nodes[name[1]] : fill(part, {});
    });
  }

  // The catalogue in the page's language (<html lang>), Indonesian when it has no such language.
  function messagesFor(vocab) {
    var lang = (document.documentElement.lang || "").toLowerCase().split("-")[0];
    return vocab.messages[lang] || vocab.messages.id;
  }

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

  function checkEntry(entry, where, vocab, thisYear, templates) {
    var L = vocab.limits;
    var words = templates || vocab.messages.id.problems;
    var P = {};
    Object.keys(vocab.patterns).forEach(function (name) {
      P[name] = new RegExp(vocab.patterns[name]); // no `u` flag: the patterns are Python's
    });
    var problems = [];
    // code: a problem code of messages.py (vocab.messages), params: its placeholders
    function problem(key, code, params) {
      var field = where[key] || where[key.replace(/\[.*$/, "")];
      problems.push({ key: key, code: code, message: fill(words[code] || code, params), field: field });
    }
    function text(key, value, bounds, required) {
      if (!value) {
        if (required) problem(key, "form-required");
        return;
      }
      var n = length(value);
      if (n < bounds[0] || n > bounds[1]) problem(key, "length", { found: n, low: bounds[0], high: bounds[1] });
    }
    function year(key, value, required) {
      if (value === null) {
        if (required) problem(key, "form-required");
      } else if (isNaN(value)) {
        problem(key, "form-year-digits");
      } else if (!(value >= L.first_year && value <= thisYear)) {
        problem(key, "range", { found: value, low: L.first_year, high: thisYear });
      }
    }
    function count(key, items, low, high) {
      if (items.length < low || items.length > high)
        problem(key, "count", { found: items.length, low: low, high: high });
    }
    function unique(key, items) {
      var seen = {};
      items.forEach(function (item, i) {
        var id = JSON.stringify(item);
        if (seen[id]) problem(key + "[" + i + "]", "duplicate", { found: typeof item === "object" ? id : item });
        seen[id] = true;
      });
    }
    function regencyName(code) {
      var names = Object.keys(vocab.regencies).map(function (p) {
        return vocab.regencies[p].filter(function (r) { return r[0] === code; })[0];
      }).filter(Boolean);
      return names.length ? code + " (" + names[0][1] + ")" : code;
    }
    function regencyIn(key, code, province) {
      if (!code) return;
      var list = vocab.regencies[province] || [];
      if (!list.some(function (r) { return r[0] === code; })) {
        var examples = list.slice(0, 4).map(function (r) { return r[0] + " " + r[1]; }).join(", ");
        problem(key, "regency-province", { found: regencyName(code), province: province, examples: examples || "-" });
      }
    }

    var province = entry.province;
    if (!vocab.provinces.some(function (p) { return p.slug === province; })) problem("province", "form-choose-province");
    if (!entry.slug) problem("slug", "form-required");
    else if (!P.slug.test(entry.slug) || length(entry.slug) < L.slug[0] || length(entry.slug) > L.slug[1])
      problem("slug", "slug-invalid", { slug: entry.slug });
    text("title", entry.title, L.title, true);
    text("summary", entry.summary, L.summary, true);
    if (entry.summary && P.html_tag.test(entry.summary)) problem("summary", "summary-html");
    text("agency.name", entry.agency.name, L.name, true);
    if (!entry.agency.type) problem("agency.type", "form-choose-agency-type");
    regencyIn("regency", entry.regency, province);
    count("sectors", entry.sectors, 1, L.sectors);
    count("sdgs", entry.sdgs, 1, L.sdgs);
    if (entry.sdg_targets.length) count("sdg_targets", entry.sdg_targets, 1, L.sdg_targets);
    entry.sdg_targets.forEach(function (target, i) {
      var match = P.sdg_target.exec(target);
      if (!match) problem("sdg_targets[" + i + "]", "sdg-target-format", { found: target });
      else if (entry.sdgs.indexOf(Number(match[1])) < 0)
        problem("sdg_targets[" + i + "]", "sdg-target-goal", { found: target, goal: match[1] });
    });
    unique("sdg_targets", entry.sdg_targets);
    if (entry.launched !== null) year("launched", entry.launched, true);
    if (entry.awards.length) count("awards", entry.awards, 1, L.list);
    entry.awards.forEach(function (a, i) {
      var key = "awards[" + i + "]";
      var program = vocab.awards.filter(function (p) { return p.slug === a.program; })[0];
      if (!program) problem(key + ".program", "form-choose-award-program");
      else if (!program.levels.some(function (l) { return l.slug === a.level; })) problem(key + ".level", "form-choose-award-level");
      year(key + ".year", a.year, true);
      text(key + ".decree", a.decree, L.text, false);
    });
    unique("awards", entry.awards);
    if (entry.replicates) {
      if (!P.id.test(entry.replicates)) problem("replicates", "id-format", { found: entry.replicates });
      else if (entry.replicates === province + "/" + entry.slug) problem("replicates", "replicates-self");
    }
    if (entry.replications.length) count("replications", entry.replications, 1, L.list);
    entry.replications.forEach(function (r, i) {
      var key = "replications[" + i + "]";
      text(key + ".agency", r.agency, L.name, true);
      if (!r.province) problem(key + ".province", "form-choose-province");
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
      if (!link.url) problem("links[" + i + "].url", "form-required");
      else if (!P.url.test(link.url)) problem("links[" + i + "].url", "url-https", { found: link.url });
    });
    unique("links", entry.links);
    if (entry.contact) {
      text("contact.unit", entry.contact.unit, L.name, true);
      if (entry.contact.email && !P.email.test(entry.contact.email)) problem("contact.email", "email-format", { found: entry.contact.email });
      if (entry.contact.phone && !P.phone.test(entry.contact.phone)) problem("contact.phone", "phone-format", { found: entry.contact.phone });
    }
    if (entry.tags.length) count("tags", entry.tags, 1, L.tags);
    entry.tags.forEach(function (t, i) { text("tags[" + i + "]", t, L.tag, true); });
    unique("tags", entry.tags);
    if (entry.updated && !isIsoDate(entry.updated)) problem("updated", "date-format", { found: entry.updated });
    if (entry.translation_en) {
      text("translations.en.title", entry.translation_en.title, L.title, true);
      text("translations.en.summary", entry.translation_en.summary, L.summary, true);
    }
    if (entry.redirect_from.length) count("redirect_from", entry.redirect_from, 1, L.list);
    entry.redirect_from.forEach(function (former, i) {
      var slug = former.split("/")[1] || "";
      if (!P.id.test(former) || !P.slug.test(slug) || length(slug) < L.slug[0] || length(slug) > L.slug[1])
        problem("redirect_from[" + i + "]", "id-format", { found: former });
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

  function repeatable(title, key, addLabel, removeLabel, build) {
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
          text: removeLabel,
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
    var messages = messagesFor(vocab);
    function say(name, params) {
      return fill(messages.texts[name] || name, params);
    }
    var L = vocab.limits;
    var noRegency = say("form-no-regency-option");

    var form = h("form", { class: "kf-form", novalidate: true, "aria-describedby": "kf-intro" });
    var province = select(entryProvinces, say("form-choose-province-option"), { required: true });
    var slug = input({ required: true, maxlength: 80, spellcheck: "false", oninput: function () { slugEdited = true; } });
    var title = input({ required: true, maxlength: vocab.limits.title[1] });
    var regency = select([], noRegency);
    title.addEventListener("input", function () {
      if (!slugEdited) slug.value = slugify(title.value);
    });
    province.addEventListener("change", function () {
      fillSelect(regency, regencyOptions(vocab, province.value), noRegency);
    });
    var summary = h("textarea", { rows: 3, required: true, maxlength: vocab.limits.summary[1] + 50 });
    var counterText = h("p", { class: "kf-hint kf-counter" });
    summary.addEventListener("input", function () {
      counterText.textContent = say("form-summary-counter", { count: length(oneLine(summary.value)), high: L.summary[1] });
    });

    function section(titleText, children, open) {
      return h("details", { class: "kf-section", open: open }, [h("summary", { text: titleText })].concat(children));
    }

    form.appendChild(
      section(say("form-section-place"), [
        field(say("form-province"), "province", province, say("form-province-hint")),
        field(say("form-slug"), "slug", slug, say("form-slug-hint", { low: L.slug[0], high: L.slug[1] })),
      ], true)
    );
    form.appendChild(
      section(say("form-section-required"), [
        field(say("form-title"), "title", title, say("form-title-hint", { low: L.title[0], high: L.title[1] })),
        field(say("form-summary"), "summary", summary, say("form-summary-hint", { low: L.summary[0], high: L.summary[1] })),
        counterText,
        field(say("form-agency-name"), "agency.name", input({ required: true })),
        field(say("form-agency-type"), "agency.type", select(vocab.agency_types.map(function (t) { return [t.slug, t.name]; }), say("form-choose"), { required: true })),
        checkboxGroup(say("form-sectors"), "sectors", vocab.sectors.map(function (t) { return [t.slug, t.name]; }), say("form-sectors-hint", { high: L.sectors })),
        checkboxGroup(
          say("form-sdgs"),
          "sdgs",
          vocab.goals.map(function (g) { return [String(g.number), g.number + ". " + g.name, g.colour]; }),
          say("form-sdgs-hint", { high: L.sdgs })
        ),
      ], true)
    );
    form.appendChild(
      section(say("form-section-optional"), [
        field(say("form-regency"), "regency", regency, say("form-regency-hint")),
        field(say("form-sdg-targets"), "sdg_targets", input({ placeholder: "16.9, 16.10" }), say("form-sdg-targets-hint")),
        field(say("form-launched"), "launched", input(yearAttrs), say("form-launched-hint")),
        field(say("form-stage"), "stage", select(vocab.stages.map(function (t) { return [t.slug, t.name]; }), say("form-unstated-option"))),
        field(say("form-status"), "status", select(vocab.statuses.map(function (t) { return [t.slug, t.name]; }), say("form-unstated-option"))),
        repeatable(say("form-awards"), "awards", say("form-awards-add"), say("form-remove"), function (item) {
          var program = select(vocab.awards.map(function (a) { return [a.slug, a.name]; }), say("form-choose-program-option"));
          var level = select([], say("form-choose-level-option"));
          program.addEventListener("change", function () {
            var found = vocab.awards.filter(function (a) { return a.slug === program.value; })[0];
            fillSelect(level, found ? found.levels.map(function (l) { return [l.slug, l.name]; }) : [], say("form-choose-level-option"));
          });
          item.appendChild(field(say("form-award-program"), "program", program));
          item.appendChild(field(say("form-award-level"), "level", level));
          item.appendChild(field(say("form-year"), "year", input(yearAttrs)));
          item.appendChild(field(say("form-award-decree"), "decree", input({})));
        }),
        field(say("form-replicates"), "replicates", input({ placeholder: "jawa-barat/pikobar", spellcheck: "false" }), say("form-replicates-hint")),
        repeatable(say("form-replications"), "replications", say("form-replications-add"), say("form-remove"), function (item) {
          var where = select(provinces, say("form-choose-province-option"));
          var code = select([], say("form-empty-option"));
          where.addEventListener("change", function () { fillSelect(code, regencyOptions(vocab, where.value), say("form-empty-option")); });
          item.appendChild(field(say("form-replication-agency"), "agency", input({})));
          item.appendChild(field(say("form-replication-province"), "province", where));
          item.appendChild(field(say("form-regency"), "regency", code));
          item.appendChild(field(say("form-year"), "year", input(yearAttrs)));
          item.appendChild(field(say("form-status"), "status", select(vocab.replication_statuses.map(function (t) { return [t.slug, t.name]; }), say("form-empty-option"))));
          item.appendChild(field(say("form-replication-note"), "note", input({})));
        }),
        field(say("form-legal-basis"), "legal_basis", h("textarea", { rows: 2 }), say("form-legal-basis-hint")),
        repeatable(say("form-links"), "links", say("form-links-add"), say("form-remove"), function (item) {
          item.appendChild(field(say("form-link-title"), "title", input({})));
          item.appendChild(field(say("form-link-url"), "url", input({ type: "url", inputmode: "url", spellcheck: "false" })));
        }),
        field(say("form-contact-unit"), "contact.unit", input({}), say("form-contact-unit-hint")),
        field(say("form-contact-email"), "contact.email", input({ type: "email" })),
        field(say("form-contact-phone"), "contact.phone", input({ type: "tel" })),
        field(say("form-tags"), "tags", input({}), say("form-tags-hint", { high: L.tags })),
        field(say("form-updated"), "updated", input({ type: "date", value: today() })),
        field(say("form-english-title"), "translations.en.title", input({ lang: "en" })),
        field(say("form-english-summary"), "translations.en.summary", h("textarea", { rows: 2, lang: "en" })),
        field(say("form-redirect-from"), "redirect_from", h("textarea", { rows: 1, spellcheck: "false" }), say("form-redirect-from-hint")),
      ])
    );
    form.appendChild(
      section(say("form-section-body"), vocab.sections.map(function (name) {
        return field(name, "## " + name, h("textarea", { rows: 4, "data-section": name }));
      }).concat([h("p", { class: "kf-hint", text: say("form-body-hint") })]))
    );

    var errors = h("div", { class: "kf-errors", role: "alert", tabindex: "-1", hidden: true });
    var output = h("textarea", { id: "kf-output", rows: 16, readonly: true, spellcheck: "false", class: "kf-output" });
    var path = h("code", { id: "kf-path" });
    var status = h("p", { class: "kf-status", role: "status", "aria-live": "polite" });
    var copy = h("button", { type: "button", class: "kf-button", id: "kf-copy", text: say("form-copy") });
    var download = h("button", { type: "button", class: "kf-button", id: "kf-download", text: say("form-download") });
    var forge = h("a", { id: "kf-new-file", class: "kf-button", target: "_blank", rel: "noopener", hidden: true, text: say("form-new-file") });
    var result = h("section", { class: "kf-result", hidden: true, "aria-labelledby": "kf-result-title" }, [
      h("h3", { id: "kf-result-title", text: say("form-result") }),
      h("p", {}, fillNodes(messages.texts["form-save-as"], { path: path })),
      h("label", { for: "kf-output", text: say("form-output") }),
      output,
      h("div", { class: "kf-actions" }, [copy, download, forge]),
      status,
    ]);
    form.appendChild(h("div", { class: "kf-actions" }, [h("button", { type: "submit", class: "kf-button kf-primary", text: say("form-submit") })]));

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
      errors.appendChild(h("p", { text: say("form-problems", { count: problems.length }) }));
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
      var problems = checkEntry(entry, fieldsByKey(), vocab, thisYear, messages.problems);
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
      download.textContent = say("form-download-file", { name: current.name });
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
        status.textContent = say(ok ? "form-copied" : "form-copy-by-hand");
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(current.text).then(function () { status.textContent = say("form-copied"); }, fallback);
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
      status.textContent = say("form-downloaded", { name: current.name });
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
        // Without vocab.json there is no catalogue: the page carries this one sentence itself.
        root.setAttribute("data-ready", "error");
        var failed = root.querySelector("[data-kf-failed]");
        if (failed) {
          failed.appendChild(h("code", { text: error.message }));
          failed.hidden = false;
        }
      });
  }

  window.katalogKontribusi = { renderEntry: renderEntry, checkEntry: checkEntry, slugify: slugify };
  // Material's instant navigation swaps pages without reloading scripts; it announces each page.
  // start() runs once per form element, so being called by both paths is harmless.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
