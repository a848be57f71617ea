/* "Unduh hasil (CSV)" on /cari/: the current result set as a CSV file, written in the browser.

   The rows are katalog.csv's own rows, byte for byte (same columns, same cells, already disarmed
   against spreadsheet formulas at build time), read from katalog.csv.gz: katalog.csv as gzip
   members of `rows` rows each, which the site holds even when katalog.csv is a release asset.
   cari/baris.json (the button's data-rows) says where each member ends; row n is search
   document n. Only the members holding a result are fetched, with HTTP Range requests (one per
   run of neighbouring members), and each is inflated on its own; a host that ignores Range
   sends the whole file, which serves as well. search-page.js announces every result set with a
   `katalog:results` event on its container. */
(function () {
  "use strict";

  var container = document.querySelector("[data-kat-cari]");
  if (!container) return;
  var button = container.querySelector("[data-kat-download]");
  var note = container.querySelector("[data-kat-download-status]");
  if (!button || !window.fetch || !window.Blob || !window.TextDecoder) return;
  if (!window.DecompressionStream || !window.Response) return;
  var indexUrl = new URL(button.getAttribute("data-rows"), document.baseURI).href;
  var current = null; // {ids, query}
  var layout = null; // the promise of cari/baris.json
  var ranges = Object.create(null); // member number -> its rows' text, once fetched
  // Neighbouring ranges this close are fetched in one request; past MAX_REQUESTS requests the
  // whole file is one request instead (a broad result set touches most of it anyway).
  var GAP = 2;
  var MAX_REQUESTS = 6;

  container.addEventListener("katalog:results", function (ev) {
    current = ev.detail;
    button.hidden = false;
    button.disabled = !current.ids.length;
  });

  function formatCount(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function index() {
    layout = layout || fetch(indexUrl).then(function (response) {
      if (!response.ok) throw new Error(indexUrl + ": " + response.status);
      return response.json();
    }).then(function (info) {
      info.url = new URL(info.csv, indexUrl).href;
      return info;
    });
    layout.catch(function () { layout = null; }); // a failed fetch is tried again next click
    return layout;
  }

  /* The records of CSV text, each without its CRLF: a CRLF inside quotes belongs to a cell. */
  function records(text) {
    var found = [];
    var start = 0;
    var quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c === 34) {
        quoted = !quoted;
      } else if (c === 13 && !quoted && text.charCodeAt(i + 1) === 10) {
        found.push(text.slice(start, i));
        start = i + 2;
        i++;
      }
    }
    return found;
  }

  /* Runs [first, last] of the ranges `wanted` (sorted), neighbours within GAP merged. */
  function runsOf(wanted) {
    var runs = [];
    wanted.forEach(function (r) {
      var last = runs[runs.length - 1];
      if (last && r - last[1] <= GAP + 1) last[1] = r;
      else runs.push([r, r]);
    });
    return runs;
  }

  /* Fetch bytes [start, end) of katalog.csv.gz; resolves to {bytes, at} (at: the offset of
     bytes[0] in the file), which is the whole file when the host answers without a range. */
  function fetchBytes(info, start, end) {
    var whole = start === 0 && end === info.offsets[info.offsets.length - 1];
    var headers = whole ? {} : { Range: "bytes=" + start + "-" + (end - 1) };
    return fetch(info.url, { headers: headers }).then(function (response) {
      if (response.status !== 200 && response.status !== 206) {
        throw new Error(info.url + ": " + response.status);
      }
      var at = 0;
      if (response.status === 206) {
        var range = /^bytes (\d+)-/.exec(response.headers.get("Content-Range") || "");
        if (!range) throw new Error(info.url + ": Content-Range");
        at = Number(range[1]);
      }
      return response.arrayBuffer().then(function (buffer) {
        return { bytes: new Uint8Array(buffer), at: at };
      });
    });
  }

  /* The text of one gzip member. */
  function inflate(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text();
  }

  function load(info, wanted) {
    var missing = wanted.filter(function (r) { return !(r in ranges); });
    if (!missing.length) return Promise.resolve();
    var offsets = info.offsets;
    var runs = runsOf(missing);
    if (runs.length > MAX_REQUESTS) runs = [[0, offsets.length - 2]];
    return Promise.all(runs.map(function (run) {
      var everything = run[0] === 0 && run[1] === offsets.length - 2;
      var start = everything ? 0 : offsets[run[0]];
      return fetchBytes(info, start, offsets[run[1] + 1]).then(function (got) {
        var members = [];
        for (var r = run[0]; r <= run[1]; r++) {
          var from = offsets[r] - got.at;
          var to = offsets[r + 1] - got.at;
          if (from < 0 || to > got.bytes.length) throw new Error(info.url + ": short range");
          members.push(inflate(got.bytes.subarray(from, to)));
        }
        return Promise.all(members).then(function (texts) {
          texts.forEach(function (text, n) { ranges[run[0] + n] = records(text); });
        });
      });
    }));
  }

  function rowsOf(ids) {
    return index().then(function (info) {
      var seen = Object.create(null);
      ids.forEach(function (d) { seen[Math.floor(d / info.rows)] = 1; });
      var wanted = Object.keys(seen).map(Number).sort(function (a, b) { return a - b; });
      return load(info, wanted).then(function () {
        return {
          header: info.header,
          rows: ids.map(function (d) {
            var row = ranges[Math.floor(d / info.rows)][d % info.rows];
            if (row === undefined) throw new Error("row " + d + " missing");
            return row;
          })
        };
      });
    });
  }

  function fileName(query) {
    var words = (query || "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return "hasil-pencarian" + (words ? "-" + words.slice(0, 40) : "") + ".csv";
  }

  button.addEventListener("click", function () {
    if (!current || !current.ids.length) return;
    var taken = current;
    button.disabled = true;
    if (note) note.textContent = "Menyiapkan berkas…";
    rowsOf(taken.ids).then(function (table) {
      // The byte order mark makes Excel read UTF-8, as in katalog.csv.
      var text = "\uFEFF" + table.header + table.rows.join("\r\n") + "\r\n";
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
