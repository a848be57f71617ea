/* "Unduh hasil (CSV)" on /cari/: the current result set as a CSV file, written in the browser.

   The rows are katalog.csv's own rows (same columns, same cells, already disarmed against
   spreadsheet formulas at build time), stored beside this page (cari/baris/, the button's
   data-rows) in search-document order, many entries a file; only the files holding a result are fetched. search-page.js announces every
   result set with a `katalog:results` event on its container. */
(function () {
  "use strict";

  var container = document.querySelector("[data-kat-cari]");
  if (!container) return;
  var button = container.querySelector("[data-kat-download]");
  var note = container.querySelector("[data-kat-download-status]");
  if (!button || !window.fetch || !window.Blob) return;
  var root = button.getAttribute("data-rows");
  var current = null; // {ids, query}
  var layout = null; // the promise of search/rows/index.json

  container.addEventListener("katalog:results", function (ev) {
    current = ev.detail;
    button.hidden = false;
    button.disabled = !current.ids.length;
  });

  function formatCount(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function fetchJSON(path) {
    return fetch(root + path).then(function (response) {
      if (!response.ok) throw new Error(path + ": " + response.status);
      return response.json();
    });
  }

  /* As Python's csv writer with QUOTE_MINIMAL, so a row is byte for byte katalog.csv's. */
  function cell(text) {
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function line(cells) {
    return cells.map(cell).join(",") + "\r\n";
  }

  function fileName(query) {
    var words = (query || "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return "hasil-pencarian" + (words ? "-" + words.slice(0, 40) : "") + ".csv";
  }

  function rowsOf(ids) {
    layout = layout || fetchJSON("index.json");
    return layout.then(function (info) {
      var wanted = Object.create(null);
      ids.forEach(function (d) { wanted[Math.floor(d / info.chunk)] = 1; });
      var keys = Object.keys(wanted);
      return Promise.all(keys.map(function (k) { return fetchJSON(k + ".json"); }))
        .then(function (files) {
          var byChunk = Object.create(null);
          keys.forEach(function (k, i) { byChunk[k] = files[i]; });
          return {
            columns: info.columns,
            rows: ids.map(function (d) { return byChunk[Math.floor(d / info.chunk)][d % info.chunk]; })
          };
        });
    });
  }

  button.addEventListener("click", function () {
    if (!current || !current.ids.length) return;
    var taken = current;
    button.disabled = true;
    if (note) note.textContent = "Menyiapkan berkas…";
    rowsOf(taken.ids).then(function (table) {
      // The byte order mark makes Excel read UTF-8, as in katalog.csv.
      var text = "\uFEFF" + line(table.columns) + table.rows.map(line).join("");
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
      link.download = fileName(taken.query);
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
      if (note) note.textContent = "Berkas " + formatCount(taken.ids.length) + " baris telah diunduh.";
    }).catch(function (err) {
      if (note) note.textContent = "Berkas tidak dapat dibuat. Unduh katalog.csv dari halaman Data.";
      if (window.console) console.error(err);
    }).then(function () {
      button.disabled = !(current && current.ids.length);
    });
  });
})();
