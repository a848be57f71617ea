"""Problem messages in Bahasa Indonesia (default) and English, one template per problem code."""

from __future__ import annotations

import re

from ..model import Problem

LANGUAGES = ("id", "en")

# code -> (Bahasa Indonesia, English). Placeholders name the problem's params.
MESSAGES: dict[str, tuple[str, str]] = {
    "file-empty": (
        "berkas kosong; sebuah entri butuh front matter YAML di antara baris '---'",
        "empty file; an entry needs YAML front matter between '---' lines",
    ),
    "file-binary": (
        "berkas biner (berisi byte NUL), bukan teks Markdown; entri harus berkas teks .md, "
        "dan gambar diletakkan di folder <slug>/",
        "binary file (contains a NUL byte), not Markdown text; an entry is a .md text "
        "file, and images go in the <slug>/ folder",
    ),
    "file-encoding": (
        "berkas bukan UTF-8; simpan ulang sebagai UTF-8",
        "file is not UTF-8; save it again as UTF-8",
    ),
    "file-too-large": (
        "berkas {size} byte; batasnya {limit} byte (256 KiB)",
        "file is {size} bytes; the limit is {limit} bytes (256 KiB)",
    ),
    "file-unreadable": ("berkas tidak dapat dibaca: {detail}", "file cannot be read: {detail}"),
    "file-symlink": (
        "tautan simbolik tidak diizinkan di folder konten (bisa menunjuk berkas mana pun di mesin "
        "build); salin berkasnya sendiri ke sini",
        "symbolic links are not allowed in the content folder (they can point at any file of "
        "the build machine); copy the file itself here",
    ),
    "file-not-regular": (
        "bukan berkas biasa (folder, FIFO atau perangkat); hanya berkas biasa yang dibaca",
        "not a regular file (a folder, FIFO or device); only regular files are read",
    ),
    "file-not-markdown": (
        "hanya berkas .md (entri) yang boleh ada di folder provinsi; media "
        "diletakkan di folder <slug>/ di sampingnya",
        "only .md files (entries) belong in a province folder; media goes in "
        "the <slug>/ folder beside it",
    ),
    "file-wrong-folder": (
        "entri harus berada di content/innovations/<provinsi>/<slug>.md",
        "an entry must be at content/innovations/<province>/<slug>.md",
    ),
    "media-svg": (
        "gambar SVG ditolak (dapat memuat skrip); gunakan png, jpg atau webp",
        "SVG images are refused (they can carry scripts); use png, jpg or webp",
    ),
    "media-type": (
        "folder media hanya untuk gambar png, jpg atau webp",
        "the media folder holds png, jpg or webp images only",
    ),
    "slug-invalid": (
        "nama berkas '{slug}' bukan slug yang sah: 3-80 huruf kecil ASCII, angka dan "
        "tanda hubung tunggal, mis. 'layanan-antrean-online'",
        "file name '{slug}' is not a valid slug: 3-80 lowercase ASCII letters, digits "
        "and single hyphens, e.g. 'online-queue-service'",
    ),
    "province-folder": (
        "folder provinsi '{found}' tidak dikenal; {suggestion}pindahkan berkas ke salah satu "
        "folder ini: {allowed} (lihat generator/data/provinces.yml)",
        "unknown province folder '{found}'; {suggestion}move the file into one of these "
        "folders: {allowed} (see generator/data/provinces.yml)",
    ),
    "front-matter-missing": (
        "berkas harus diawali baris '---' yang membuka front matter YAML",
        "the file must start with a '---' line opening the YAML front matter",
    ),
    "front-matter-unclosed": (
        "front matter tidak ditutup: tambahkan baris '---' setelah metadata",
        "front matter is not closed: add a '---' line after the metadata",
    ),
    "front-matter-not-mapping": (
        "front matter harus berupa pasangan 'kunci: nilai', satu per baris, mis. "
        'title: "Nama Inovasi"',
        "front matter must be 'key: value' pairs, one per line, e.g. title: \"Innovation name\"",
    ),
    "yaml-syntax": (
        "YAML tidak sah ({detail}); periksa indentasi (spasi) dan tanda kutip di baris ini "
        "dan baris sebelumnya",
        "invalid YAML ({detail}); check the indentation (spaces) and quotes on this line "
        "and the one before",
    ),
    "yaml-tag": (
        "tag YAML ({detail}) tidak diizinkan; tulis nilai biasa",
        "YAML tags ({detail}) are not allowed; write a plain value",
    ),
    "yaml-anchor": (
        "anchor YAML (&) tidak diizinkan; tulis nilainya langsung",
        "YAML anchors (&) are not allowed; write the value out",
    ),
    "yaml-alias": (
        "alias YAML (*) tidak diizinkan; tulis nilainya langsung",
        "YAML aliases (*) are not allowed; write the value out",
    ),
    "yaml-merge-key": (
        "kunci gabung YAML (<<) tidak diizinkan",
        "YAML merge keys (<<) are not allowed",
    ),
    "yaml-too-deep": ("struktur YAML terlalu dalam bertingkat", "YAML structure nested too deeply"),
    "yaml-complex-key": ("kunci harus berupa teks sederhana", "keys must be plain text"),
    "yaml-duplicate-key": ("kunci '{detail}' ditulis dua kali", "key '{detail}' is written twice"),
    "yaml-trap": (
        'YAML membaca {found} sebagai {kind}, bukan teks; beri tanda kutip: "{found}"',
        'YAML reads {found} as a {kind}, not text; quote it: "{found}"',
    ),
    "yaml-character": (
        "karakter kendali {detail} tidak diizinkan di YAML; hapus karakter itu",
        "control character {detail} is not allowed in YAML; delete it",
    ),
    "yaml-escape": (
        "escape \\u atau \\U pada teks bertanda kutip tidak menyatakan karakter Unicode "
        "(terbesar \\U0010FFFF; separuh surrogate \\uD800-\\uDFFF tidak sah); tulis "
        "karakternya langsung",
        "a \\u or \\U escape in a quoted value names no Unicode character (the largest is "
        "\\U0010FFFF; surrogate halves \\uD800-\\uDFFF are not characters); write the "
        "character itself",
    ),
    "text-control": (
        "karakter kendali {found} tidak diizinkan (mis. dari escape \\0, \\e atau \\x1b); "
        "hapus karakter itu",
        "control character {found} is not allowed (e.g. from an escape like \\0, \\e or "
        "\\x1b); delete it",
    ),
    "text-surrogate": (
        "{found} hanyalah separuh pasangan surrogate UTF-16, bukan karakter; tulis karakternya "
        "langsung, atau gunakan escape \\U berdigit delapan",
        "{found} is half of a UTF-16 surrogate pair, not a character; write the character "
        "itself, or an eight-digit \\U escape",
    ),
    "text-bidi": (
        "kendali arah teks {found} tidak berpasangan; setiap U+202A-U+202E ditutup U+202C dan "
        "setiap U+2066-U+2068 ditutup U+2069 di nilai yang sama, atau hapus kendali itu",
        "bidi control {found} is unpaired; each U+202A-U+202E must be closed by U+202C and each "
        "U+2066-U+2068 by U+2069 within the same value, or delete the control",
    ),
    "text-invisible": (
        "nilai hanya berisi karakter tak terlihat (spasi lebar nol, pengisi); tulis teks yang "
        "terbaca",
        "the value holds only invisible characters (zero-width spaces, fillers); write "
        "readable text",
    ),
    "type-text": ("diharapkan teks, ditemukan {found}", "expected text, found {found}"),
    "type-integer": (
        "diharapkan bilangan bulat tanpa tanda kutip, ditemukan {found}",
        "expected a whole number without quotes, found {found}",
    ),
    "year-quoted": (
        'tahun ditulis dengan tanda kutip ("{found}"), jadi dibaca sebagai teks; hapus '
        "tanda kutipnya: {found}",
        'the year is written in quotes ("{found}"), so it reads as text; remove the '
        "quotes: {found}",
    ),
    "number-quoted": (
        'angka ditulis dengan tanda kutip ("{found}"), jadi dibaca sebagai teks; hapus '
        "tanda kutipnya: {found}",
        'the number is written in quotes ("{found}"), so it reads as text; remove the '
        "quotes: {found}",
    ),
    "type-list": (
        "diharapkan daftar (baris '- ...' atau [a, b]), ditemukan {found}",
        "expected a list ('- ...' lines or [a, b]), found {found}",
    ),
    "type-mapping": (
        "diharapkan pasangan 'kunci: nilai', ditemukan {found}",
        "expected 'key: value' pairs, found {found}",
    ),
    "length": (
        "panjang {found} karakter; tulis {low}-{high} karakter",
        "{found} characters long; write {low}-{high} characters",
    ),
    "range": (
        "nilai {found} di luar rentang; tulis angka {low}-{high}",
        "value {found} out of range; write a number from {low} to {high}",
    ),
    "count": (
        "{found} butir; tulis {low}-{high} butir (pilih yang paling utama)",
        "{found} items; write {low}-{high} (keep the main ones)",
    ),
    "duplicate": (
        "'{found}' tercantum dua kali; hapus salah satunya",
        "'{found}' is listed twice; remove one",
    ),
    "unknown-value": (
        "nilai '{found}' tidak dikenal; {suggestion}nilai yang sah: {allowed}{where}",
        "unknown value '{found}'; {suggestion}valid values: {allowed}{where}",
    ),
    "unknown-key": (
        "kunci '{found}' tidak dikenal; {suggestion}kunci yang sah: {allowed} "
        "(lihat CONTRIBUTING.md)",
        "unknown key '{found}'; {suggestion}valid keys: {allowed} (see CONTRIBUTING.md)",
    ),
    "missing-key": (
        "kunci wajib belum diisi; tambahkan baris '{name}: ...' (lihat CONTRIBUTING.md)",
        "required key is missing; add a '{name}: ...' line (see CONTRIBUTING.md)",
    ),
    "summary-html": (
        "ringkasan harus teks polos; hapus tag HTML seperti <b> atau <a href>",
        "summary must be plain text; remove HTML tags such as <b> or <a href>",
    ),
    "regency-format": (
        "kode kabupaten/kota '{found}' harus berbentuk \"32.75\" (teks bertanda kutip)",
        "regency code '{found}' must look like \"32.75\" (quoted text)",
    ),
    "regency-unknown": (
        "kode kabupaten/kota '{found}' tidak ada dalam daftar Kemendagri "
        "(lihat generator/data/regencies.csv)",
        "regency code '{found}' is not in the Kemendagri list (see generator/data/regencies.csv)",
    ),
    "regency-province": (
        "kabupaten/kota {found} tidak terletak di provinsi '{province}' (folder "
        "berkas); contoh kode yang sah: {examples} (lihat "
        "generator/data/regencies.csv)",
        "regency {found} does not lie in province '{province}' (the file's "
        "folder); valid codes include: {examples} (see "
        "generator/data/regencies.csv)",
    ),
    "sdg-target-format": (
        "target TPB '{found}' harus berbentuk \"16.9\" (teks bertanda kutip)",
        "SDG target '{found}' must look like \"16.9\" (quoted text)",
    ),
    "sdg-target-goal": (
        "target '{found}' milik tujuan {goal}, yang tidak tercantum di sdgs; "
        "{suggestion}bila target ini memang benar, tambahkan {goal} ke sdgs",
        "target '{found}' belongs to goal {goal}, which is not listed in sdgs; "
        "{suggestion}if the target is right, add {goal} to sdgs",
    ),
    "id-format": (
        "id '{found}' harus berbentuk <provinsi>/<slug>, mis. jawa-barat/pikobar",
        "id '{found}' must look like <province>/<slug>, e.g. jawa-barat/pikobar",
    ),
    "replicates-self": (
        "entri tidak dapat mereplikasi dirinya sendiri; tulis id entri asal yang "
        "direplikasi, atau hapus kunci replicates",
        "an entry cannot replicate itself; write the id of the origin entry, or remove "
        "the replicates key",
    ),
    "replicates-missing": (
        "entri '{found}' tidak ada di katalog; tulis id entri yang direplikasi "
        "(path berkasnya tanpa .md), atau gunakan replications pada entri asal",
        "entry '{found}' is not in the catalogue; write the replicated entry's "
        "id (its file path without .md), or use replications in the origin "
        "entry",
    ),
    "redirect-taken": (
        "id lama '{found}' masih dipakai oleh entri yang ada; hapus baris ini (entri itu "
        "sendiri yang tayang di alamat tersebut)",
        "former id '{found}' is still used by an existing entry; remove this line (that "
        "entry itself is served at the address)",
    ),
    "redirect-duplicate": (
        "id lama '{found}' juga dialihkan oleh {other}; satu alamat lama hanya dapat "
        "mengarah ke satu entri: hapus salah satunya",
        "former id '{found}' is also redirected by {other}; an old address can lead to one "
        "entry only: remove one of them",
    ),
    "url-https": (
        "tautan '{found}' harus alamat lengkap yang diawali https://",
        "link '{found}' must be a full address starting with https://",
    ),
    "email-format": (
        "alamat surel '{found}' tidak sah; tulis alamat lengkap, mis. humas@dinas.go.id",
        "email address '{found}' is not valid; write a full address, e.g. pr@agency.go.id",
    ),
    "phone-format": (
        "nomor telepon '{found}' tidak sah; tulis sebagai teks, mis. \"+62 21 1234567\"",
        "phone number '{found}' is not valid; write it as text, e.g. \"+62 21 1234567\"",
    ),
    "date-format": (
        "tanggal '{found}' harus berbentuk TTTT-BB-HH, mis. 2024-05-17",
        "date '{found}' must be YYYY-MM-DD, e.g. 2024-05-17",
    ),
    "updated-future": (
        "tanggal {found} ada di masa depan (lewat dari tanggal build + 1 hari); tulis tanggal "
        "peninjauan terakhir",
        "date {found} lies in the future (after the build date + 1 day); write the date of the "
        "last review",
    ),
    "body-too-deep-markdown": (
        "kutipan '>' dan daftar bertingkat {found} lapis di baris ini; batasnya {limit}: "
        "ratakan strukturnya",
        "'>' quotes and lists nest {found} levels deep on this line; the limit is {limit}: "
        "flatten the structure",
    ),
    "body-too-deep-html": (
        "elemen HTML bertingkat {found} lapis di baris ini; batasnya {limit}: tutup elemennya "
        "atau ratakan strukturnya",
        "HTML elements nest {found} levels deep on this line; the limit is {limit}: close the "
        "elements or flatten the structure",
    ),
    "section-missing": (
        "bagian yang disarankan belum ada: {missing} (judul '## ...')",
        "recommended sections missing: {missing} ('## ...' headings)",
    ),
    "section-empty": (
        "bagian '## {section}' masih kosong; tulis isinya (hanya fakta yang bersumber) atau "
        "hapus judulnya",
        "section '## {section}' is empty; write it (sourced facts only) or remove the heading",
    ),
    "front-matter-tab": (
        "baris ini memakai tab; YAML hanya menerima spasi untuk indentasi: ganti tab dengan "
        "spasi (mis. dua spasi)",
        "this line uses a tab; YAML accepts only spaces for indentation: replace the tab "
        "with spaces (e.g. two)",
    ),
    "section-order": (
        "urutan bagian yang disarankan: {expected}",
        "recommended section order: {expected}",
    ),
    "taxonomy-missing": (
        "berkas kosakata tidak ditemukan atau tidak dapat dibaca",
        "vocabulary file missing or unreadable",
    ),
    "taxonomy-terms": (
        "berkas kosakata harus berisi daftar 'terms:'",
        "vocabulary file must hold a 'terms:' list",
    ),
    "taxonomy-term-field": (
        "setiap istilah butuh slug, name dan name_en berupa teks",
        "every term needs slug, name and name_en as text",
    ),
    "taxonomy-hub-national": (
        "slug '{slug}' sudah ada di kosakata nasional ({other}); hub hanya boleh menambah "
        "slug baru, tidak mengubah yang ada: ganti slug ini atau hapus istilahnya",
        "slug '{slug}' is already in the national vocabulary ({other}); a hub may only add "
        "new slugs, never change one: rename this slug or remove the term",
    ),
    "taxonomy-hub-conflict": (
        "slug '{slug}' juga ditambahkan hub lain dengan isi berbeda ({other}); samakan "
        "name/name_en/description di kedua berkas, atau pakai slug lain",
        "slug '{slug}' is also added by another hub with a different definition ({other}); "
        "make both files agree or use another slug",
    ),
    "taxonomy-slug": (
        "slug '{slug}' tidak sah: 3-80 huruf kecil ASCII, angka dan tanda hubung tunggal "
        "(slug menjadi alamat halaman)",
        "slug '{slug}' is not valid: 3-80 lowercase ASCII letters, digits and single hyphens "
        "(the slug becomes a page address)",
    ),
    "taxonomy-duplicate": (
        "slug '{slug}' sudah dipakai istilah lain di berkas ini; setiap slug harus unik",
        "slug '{slug}' is already used by another term in this file; each slug must be unique",
    ),
    "taxonomy-levels": (
        "program penghargaan butuh daftar 'levels:'",
        "an award programme needs a 'levels:' list",
    ),
    # The contribution form's own checks, where a field is empty or not chosen: in a form there is
    # no line to add, so the validator's missing-key sentence does not fit.
    "form-required": ("wajib diisi", "required"),
    "form-year-digits": (
        "harus berupa angka tahun, mis. 2021",
        "must be a year in digits, e.g. 2021",
    ),
    "form-choose-province": ("pilih provinsi", "choose a province"),
    "form-choose-agency-type": ("pilih jenis instansi", "choose the agency type"),
    "form-choose-award-program": ("pilih program penghargaan", "choose the award programme"),
    "form-choose-award-level": ("pilih tingkat penghargaan", "choose the award level"),
    # Commands that write files (katalog hub new, katalog import): not problems of a file, but
    # sentences a contributor reads at the terminal all the same.
    "import-unreadable": (
        "{source}: ekspor tidak dapat dibaca ({detail})",
        "{source}: the export cannot be read ({detail})",
    ),
    "import-too-large": (
        "{source}: ekspor lebih dari 1 GiB setelah dibuka; tidak diimpor",
        "{source}: the export is over 1 GiB unpacked; not imported",
    ),
    "import-not-export": (
        "{source}: bukan ekspor katalog (diharapkan JSON dengan daftar 'entries', seperti "
        "data/katalog-lengkap.json.gz)",
        "{source}: not a catalogue export (expected JSON with an 'entries' list, like "
        "data/katalog-lengkap.json.gz)",
    ),
    "import-conflict-not-imported": (
        "sudah ada di sini dan tidak ditulis oleh impor sebelumnya; tidak ditimpa (bandingkan "
        "sendiri, atau hapus berkasnya lalu impor ulang)",
        "already here and not written by an earlier import; not overwritten (compare it "
        "yourself, or delete the file and import again)",
    ),
    "import-no-address": (
        "{source}: ekspor ini tidak menyebut alamat situsnya (meta.site_url), jadi entri tidak "
        "dapat menautkan sumbernya; impor dari alamat https:// ekspornya, atau dari ekspor "
        "situs yang sudah diterbitkan",
        "{source}: this export names no site address (meta.site_url), so entries cannot link "
        "their source; import from the export's https:// address, or from a published site's "
        "export",
    ),
    "import-slug": (
        "entri '{id}': slug '{slug}' tidak sah; dilewati",
        "entry '{id}': slug '{slug}' is not valid; skipped",
    ),
    "import-record": (
        "entri '{id}': data ekspor tidak lengkap ({detail}); dilewati",
        "entry '{id}': incomplete export record ({detail}); skipped",
    ),
    "import-conflict": (
        "diubah di sini sejak impor terakhir; tidak ditimpa (gabungkan perubahannya sendiri, "
        "atau hapus berkasnya lalu impor ulang)",
        "changed here since the last import; not overwritten (merge the change yourself, or "
        "delete the file and import again)",
    ),
    "hub-province-unknown": (
        "provinsi '{found}' tidak dikenal; yang diharapkan salah satu dari: {allowed} "
        "(lihat generator/data/provinces.yml)",
        "unknown province '{found}'; expected one of: {allowed} (see generator/data/provinces.yml)",
    ),
    "hub-exists": (
        "{path} sudah ada; hub ini sudah dibuat (sunting berkas-berkasnya, tidak ditimpa)",
        "{path} already exists; this hub has been created (edit its files; nothing overwritten)",
    ),
    "hub-missing": (
        "{path}: folder hub '{found}' tidak ada; buat dengan: katalog hub new {found} --name ...",
        "{path}: hub folder '{found}' does not exist; create it with: katalog hub new {found} "
        "--name ...",
    ),
    "hub-name": (
        "--name wajib diisi: nama katalog hub, mis. 'Katalog Inovasi Jawa Timur'",
        "--name is required: the hub catalogue's name, e.g. 'Katalog Inovasi Jawa Timur'",
    ),
    "hub-colour": (
        "{option} '{found}' bukan warna #rrggbb, mis. #7a1f1f",
        "{option} '{found}' is not a #rrggbb colour, e.g. #7a1f1f",
    ),
    "hub-logo": (
        "--logo {found}: berkas tidak ada atau bukan salah satu dari {allowed}",
        "--logo {found}: no such file, or not one of {allowed}",
    ),
}

KIND_NAMES = {
    "boolean": ("boolean (ya/tidak)", "boolean"),
    "number": ("angka", "number"),
    "date": ("tanggal", "date"),
    "null": ("nilai kosong", "null"),
}


def render_message(problem: Problem, lang: str = "id") -> str:
    """The problem's sentence in `lang`; unknown codes fall back to the code itself."""
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 0
    params = dict(problem.params)
    if "kind" in params:
        params["kind"] = KIND_NAMES.get(params["kind"], (params["kind"],) * 2)[index]
    if params.get("suggestion"):
        # the nearest valid name comes first, before the list of every valid one
        params["suggestion"] = ("mungkin maksudnya '{}'? ", "did you mean '{}'? ")[index].format(
            params["suggestion"]
        )
    params.setdefault("name", problem.key.rsplit(".", 1)[-1])
    if params.get("where"):
        params["where"] = (" (lihat {})", " (see {})")[index].format(params["where"])
    template = MESSAGES.get(problem.code, (problem.code, problem.code))[index]
    try:
        return template.format_map(_Defaults(params))
    except (ValueError, IndexError):
        return template


class _Defaults(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def say(code: str, lang: str = "id", **params: object) -> str:
    """A sentence not tied to a file line (a command's, a prompt's answer, the scaffold's), from
    the same templates as problems."""
    items = tuple((name, str(value)) for name, value in params.items())
    return render_message(Problem("", 0, "", code, items), lang)


def format_problem(problem: Problem, lang: str = "id") -> str:
    """`path:line: error: key: message`, the one line format every reporter builds on.

    Paths and values come from the repository: the line shows them, and a terminal never acts on
    them.
    """
    return inert(
        f"{problem.path}:{problem.line}: {problem.severity.value}: {problem.key or '-'}: "
        + render_message(problem, lang)
    )


# Characters a terminal or a log viewer would act on, or that no UTF-8 output can carry: controls
# (ESC starts colour and cursor commands, CR overwrites the line), lone surrogates (from file names
# that are not UTF-8), bidi controls (they reorder the rest of the line) and line separators.
_ACTIVE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED_ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def inert(text: str) -> str:
    """`text` with every active character written as its Python escape: one visible line."""
    return _ACTIVE_RE.sub(_escape, text)


# Sentences of the reports and commands around the problems (summaries, gates, prompts).
# name -> (Bahasa Indonesia, English); placeholders as in MESSAGES.
TEXTS: dict[str, tuple[str, str]] = {
    "build-refused": (
        "{errors} error di katalog (lihat baris di atas); perbaiki lalu bangun ulang",
        "{errors} error(s) in the catalogue (see the lines above); fix them, then build again",
    ),
    "verdict-clean": ("Semua entri sah", "Every entry is valid"),
    "verdict-files": ("{files} berkas perlu diperbaiki", "{files} file(s) need fixing"),
    "verdict-warnings": (
        "Semua entri sah; {warnings} peringatan layak diperiksa",
        "Every entry is valid; {warnings} warning(s) worth a look",
    ),
    "summary-counts": (
        "{errors} error, {warnings} peringatan",
        "{errors} error(s), {warnings} warning(s)",
    ),
    "summary-intro": (
        "Setiap baris di bawah menyebut berkas, baris, kunci, masalahnya dan cara "
        "memperbaikinya. Buka berkas di penyunting web GitHub (ikon pensil), perbaiki "
        "baris yang disebut, lalu simpan perubahan ke cabang yang sama: pemeriksaan "
        "berjalan ulang sendiri.",
        "Each row names the file, line, key, the problem and how to fix it. Open the file "
        "in GitHub's web editor (the pencil icon), fix the line named, then commit to the "
        "same branch: the check runs again by itself.",
    ),
    "summary-columns": (
        "| Berkas | Baris | Kunci | Tingkat | Masalah dan cara memperbaiki |",
        "| File | Line | Key | Level | Problem and how to fix it |",
    ),
    "summary-docs": (
        "Format entri lengkap: [{url}]({url}).",
        "The full entry format: [{url}]({url}).",
    ),
    "summary-changed": (
        "Berkas yang diubah pull request ini ditampilkan lebih dulu.",
        "Files this pull request changes are listed first.",
    ),
    "annotations-more": (
        "{more} masalah lagi tidak ditampilkan sebagai anotasi (GitHub membatasi jumlahnya); "
        "semuanya tercantum di ringkasan job (tab Summary) dan di keluaran 'katalog validate'",
        "{more} more problem(s) are not shown as annotations (GitHub limits their number); "
        "all are listed in the job summary (Summary tab) and in the 'katalog validate' output",
    ),
    "base-unknown": (
        "katalog validate: tidak dapat membandingkan dengan '{base}' ({detail}); "
        "urutan berkas yang berubah diabaikan",
        "katalog validate: cannot compare with '{base}' ({detail}); "
        "changed files are not listed first",
    ),
    "gate-size": (
        "Situs terbangun: {size} dalam {files} berkas (batas GitHub Pages {limit})",
        "Built site: {size} in {files} files (GitHub Pages limit {limit})",
    ),
    "gate-site": (
        "situs {size} melebihi batas GitHub Pages {limit}: kurangi media besar di folder "
        "<slug>/ entri, atau terbitkan sebagian provinsi saja (province_scope, lihat "
        "docs/publikasi.md)",
        "the site is {size}, over GitHub Pages' {limit} limit: shrink large media in entries' "
        "<slug>/ folders, or publish fewer provinces (province_scope, see docs/publikasi.md)",
    ),
    "gate-file": (
        "berkas {path} berukuran {size}, melebihi batas {limit} per berkas: perkecil atau "
        "hapus berkas itu (media entri: kompres gambarnya)",
        "file {path} is {size}, over the {limit} per-file limit: shrink or remove it "
        "(entry media: compress the image)",
    ),
    "gate-ok": ("Situs muat di GitHub Pages", "The site fits GitHub Pages"),
    "gate-failed": (
        "Situs tidak dapat diterbitkan di GitHub Pages",
        "The site cannot be published on GitHub Pages",
    ),
    "gate-largest": ("Berkas terbesar:", "Largest files:"),
    "gate-missing": (
        "katalog check-site: folder {path} tidak ada; bangun situs dulu (make build)",
        "katalog check-site: folder {path} does not exist; build the site first (make build)",
    ),
    "stale-headline": (
        "{stale} dari {checked} entri belum diperbarui {months} bulan terakhir "
        "(updated sebelum {cutoff} atau tidak diisi)",
        "{stale} of {checked} entries not updated in the last {months} months "
        "(updated before {cutoff} or missing)",
    ),
    "stale-intro": (
        "Periksa apakah inovasi ini masih berjalan, perbarui isinya bila perlu, lalu tulis "
        "tanggal pemeriksaan di 'updated: TTTT-BB-HH'.",
        "Check whether these innovations still run, update them if needed, then write the "
        "date of the check in 'updated: YYYY-MM-DD'.",
    ),
    "stale-never": ("updated tidak diisi", "updated missing"),
    "ask-province": (
        "Provinsi (nama folder, mis. jawa-barat; instansi pusat: nasional)",
        "Province (the folder name, e.g. jawa-barat; central agencies: nasional)",
    ),
    "ask-regency": (
        "Kode kabupaten/kota (kosongkan bila instansi tingkat provinsi)",
        "Regency code (leave empty for a province-level agency)",
    ),
    "ask-title": ("Nama inovasi", "Name of the innovation"),
    "ask-slug": (
        "Nama berkas (slug: huruf kecil, angka, tanda hubung)",
        "File name (slug: lowercase letters, digits, hyphens)",
    ),
    "ask-summary": (
        "Ringkasan (20-400 karakter, satu atau dua kalimat)",
        "Summary (20-400 characters, one or two sentences)",
    ),
    "ask-agency-name": ("Nama instansi", "Agency name"),
    "ask-agency-type": ("Jenis instansi", "Agency type"),
    "ask-sectors": (
        "Sektor (1-3, pisahkan dengan koma)",
        "Sectors (1-3, separated by commas)",
    ),
    "ask-sdgs": (
        "Tujuan TPB/SDG (1-3 nomor 1-17, pisahkan dengan koma)",
        "SDG goals (1-3 numbers 1-17, separated by commas)",
    ),
    "ask-launched": (
        "Tahun mulai (opsional; kosongkan bila tidak tahu pasti)",
        "Year it started (optional; leave empty unless you are sure)",
    ),
    "new-choices": ("Pilihan: {choices}", "Choices: {choices}"),
    "new-regencies": ("Kabupaten/kota di {province}: {hint}", "Regencies in {province}: {hint}"),
    "new-missing": (
        "--{flag} wajib diisi dengan --no-input",
        "--{flag} is required with --no-input",
    ),
    "new-exists": (
        "{path} sudah ada; pilih nama berkas lain (berkas yang ada tidak ditimpa)",
        "{path} already exists; choose another file name (existing files are never overwritten)",
    ),
    "new-created": (
        "dibuat: {path}\nLengkapi bagian-bagiannya (hanya fakta yang bersumber), lalu periksa: "
        "katalog validate {path} --strict",
        "created: {path}\nWrite its sections (sourced facts only), then check: "
        "katalog validate {path} --strict",
    ),
    "new-section-hint": (
        "Tulis di sini; hanya fakta yang bersumber.",
        "Write here; sourced facts only.",
    ),
    "cli-not-content": (
        "{path}: bukan bagian dari folder konten (folder yang memuat innovations/)",
        "{path}: not inside a content folder (a folder holding innovations/)",
    ),
    "cli-nothing-written": (
        "katalog {command}: perbaiki error di atas; tak ada berkas ditulis",
        "katalog {command}: fix the errors above; no file was written",
    ),
    "cli-written": ("ditulis: {path} ({size} byte)", "written: {path} ({size} bytes)"),
    "release-none": (
        "tak ada berkas untuk rilis: situs ini memuat katalog.json, katalog-lengkap.json.gz dan "
        "katalog.csv sendiri (tanpa repo_url, atau release_exports: false)",
        "no release files: this site holds katalog.json, katalog-lengkap.json.gz and katalog.csv "
        "itself (no repo_url, or release_exports: false)",
    ),
    "pages-written": ("{count} halaman ditulis ke {path}", "{count} pages written to {path}"),
    "pages-not-ours": (
        "{path} tidak kosong dan bukan keluaran `katalog pages` (tanpa berkas {manifest}): "
        "pilih folder kosong agar tidak ada berkas lain yang tertimpa",
        "{path} is not empty and is not output of `katalog pages` (no {manifest} file): "
        "choose an empty folder so that no other file is overwritten",
    ),
    "hub-created": ("dibuat: {path}", "created: {path}"),
    "hub-next": (
        "bangun situsnya: make build HUB={province} (pratinjau: make serve HUB={province})",
        "build its site: make build HUB={province} (preview: make serve HUB={province})",
    ),
    "import-added": ("ditambahkan: {path}", "added: {path}"),
    "import-changed": ("diubah: {path}", "changed: {path}"),
    "import-skipped": ("dilewati (sama): {path}", "skipped (the same): {path}"),
    "import-conflicted": ("{path}: konflik: {reason}", "{path}: conflict: {reason}"),
    "import-counts": (
        "{added} ditambahkan, {changed} diubah, {skipped} dilewati, {conflicts} konflik, "
        "{errors} error",
        "{added} added, {changed} changed, {skipped} skipped, {conflicts} conflict(s), "
        "{errors} error(s)",
    ),
    # The contribution form at /kontribusi/ (form.js), sent to it in kontribusi/vocab.json.
    "form-section-place": ("1. Letak berkas", "1. Where the file goes"),
    "form-section-required": ("2. Data wajib", "2. Required data"),
    "form-section-optional": (
        "3. Data tambahan (boleh dikosongkan)",
        "3. More data (may be left empty)",
    ),
    "form-section-body": ("4. Uraian (isi halaman)", "4. Description (the page's text)"),
    "form-choose": ("— pilih —", "— choose —"),
    "form-choose-province-option": ("— pilih provinsi —", "— choose a province —"),
    "form-choose-program-option": ("— pilih program —", "— choose a programme —"),
    "form-choose-level-option": ("— pilih tingkat —", "— choose a level —"),
    "form-unstated-option": ("— tidak disebut —", "— not stated —"),
    "form-empty-option": ("— tidak diisi —", "— left empty —"),
    "form-no-regency-option": (
        "— tidak diisi (tingkat provinsi/nasional) —",
        "— left empty (province or national level) —",
    ),
    "form-province": ("Provinsi (folder)", "Province (folder)"),
    "form-province-hint": (
        "Instansi pusat (kementerian/lembaga) memilih Nasional.",
        "Central agencies (ministries, national bodies) choose Nasional.",
    ),
    "form-slug": ("Nama berkas (slug)", "File name (slug)"),
    "form-slug-hint": (
        "Huruf kecil, angka dan tanda hubung, {low}-{high} karakter; dibuat dari judul bila "
        "dibiarkan.",
        "Lowercase letters, digits and hyphens, {low}-{high} characters; made from the title "
        "if left alone.",
    ),
    "form-title": ("Judul inovasi", "Name of the innovation"),
    "form-title-hint": (
        "{low}-{high} karakter, sebagaimana ditulis instansinya.",
        "{low}-{high} characters, as the agency writes it.",
    ),
    "form-summary": ("Ringkasan", "Summary"),
    "form-summary-hint": (
        "Teks biasa {low}-{high} karakter, satu atau dua kalimat.",
        "Plain text of {low}-{high} characters, one or two sentences.",
    ),
    "form-summary-counter": ("{count} / {high} karakter", "{count} / {high} characters"),
    "form-agency-name": ("Nama instansi pelaksana", "Name of the agency that runs it"),
    "form-agency-type": ("Jenis instansi", "Agency type"),
    "form-sectors": ("Sektor", "Sectors"),
    "form-sectors-hint": ("Pilih 1-{high}.", "Choose 1-{high}."),
    "form-sdgs": ("Tujuan TPB/SDG", "SDG goals"),
    "form-sdgs-hint": (
        "Pilih 1-{high} tujuan yang paling relevan.",
        "Choose the 1-{high} most relevant goals.",
    ),
    "form-regency": ("Kabupaten/kota", "Regency/city"),
    "form-regency-hint": (
        "Kode Kemendagri; hanya kabupaten/kota di provinsi yang dipilih.",
        "Kemendagri code; only the regencies and cities of the chosen province.",
    ),
    "form-sdg-targets": ("Target TPB", "SDG targets"),
    "form-sdg-targets-hint": (
        "Pisahkan dengan koma; setiap target milik tujuan yang dipilih.",
        "Separate with commas; each target belongs to a chosen goal.",
    ),
    "form-launched": ("Tahun mulai", "Year it started"),
    "form-launched-hint": (
        "Kosongkan bila tidak diketahui pasti.",
        "Leave empty unless it is known for sure.",
    ),
    "form-stage": ("Tahap", "Stage"),
    "form-status": ("Status", "Status"),
    "form-awards": ("Penghargaan", "Awards"),
    "form-awards-add": ("Tambah penghargaan", "Add an award"),
    "form-award-program": ("Program", "Programme"),
    "form-award-level": ("Tingkat", "Level"),
    "form-year": ("Tahun", "Year"),
    "form-award-decree": ("Nomor keputusan", "Decree number"),
    "form-replicates": ("Mereplikasi entri", "Replicates the entry"),
    "form-replicates-hint": (
        "Id entri katalog yang direplikasi inovasi ini (provinsi/slug); harus sudah ada.",
        "Id of the catalogue entry this innovation replicates (province/slug); it must exist.",
    ),
    "form-replications": (
        "Pereplikasi tanpa entri sendiri",
        "Adopters without an entry of their own",
    ),
    "form-replications-add": ("Tambah pereplikasi", "Add an adopter"),
    "form-replication-agency": ("Instansi", "Agency"),
    "form-replication-province": ("Provinsi", "Province"),
    "form-replication-note": ("Catatan", "Note"),
    "form-legal-basis": ("Dasar hukum", "Legal basis"),
    "form-legal-basis-hint": (
        "Satu peraturan per baris, mis. Peraturan Wali Kota Bekasi No. 12 Tahun 2020.",
        "One regulation a line, e.g. Peraturan Wali Kota Bekasi No. 12 Tahun 2020.",
    ),
    "form-links": ("Tautan", "Links"),
    "form-links-add": ("Tambah tautan", "Add a link"),
    "form-link-title": ("Judul", "Title"),
    "form-link-url": ("Alamat (https://)", "Address (https://)"),
    "form-contact-unit": ("Unit kontak", "Contact unit"),
    "form-contact-unit-hint": (
        "Hanya kontak kelembagaan, jangan data pribadi.",
        "Institutional contacts only, never personal data.",
    ),
    "form-contact-email": ("Surel kontak", "Contact email"),
    "form-contact-phone": ("Telepon kontak", "Contact phone"),
    "form-tags": ("Kata kunci", "Keywords"),
    "form-tags-hint": (
        "Pisahkan dengan koma; paling banyak {high}.",
        "Separate with commas; {high} at most.",
    ),
    "form-updated": ("Tanggal tinjauan terakhir", "Date of the last review"),
    "form-english-title": ("Judul dalam bahasa Inggris", "Title in English"),
    "form-english-summary": ("Ringkasan dalam bahasa Inggris", "Summary in English"),
    "form-redirect-from": ("Id lama (pindah/ganti nama)", "Former ids (moved or renamed)"),
    "form-redirect-from-hint": (
        "Hanya bila entri ini menggantikan berkas lama: satu id per baris.",
        "Only when this entry replaces an older file: one id a line.",
    ),
    "form-body-hint": (
        "Tulis hanya fakta yang bersumber; sebutkan sumbernya. Bagian kosong dilewati.",
        "Write only sourced facts, and name the sources. Empty sections are left out.",
    ),
    "form-remove": ("Hapus", "Remove"),
    "form-submit": ("Buat berkas entri", "Make the entry file"),
    "form-problems": (
        "{count} hal perlu diperbaiki sebelum berkas dapat dibuat:",
        "{count} thing(s) to fix before the file can be made:",
    ),
    "form-result": ("Berkas entri", "The entry file"),
    "form-save-as": (
        "Simpan sebagai {path}, lalu ajukan lewat pull request.",
        "Save it as {path}, then propose it in a pull request.",
    ),
    "form-output": (
        "Isi berkas (Markdown dengan front matter YAML)",
        "The file's text (Markdown with YAML front matter)",
    ),
    "form-copy": ("Salin", "Copy"),
    "form-copied": ("Tersalin.", "Copied."),
    "form-copy-by-hand": (
        "Tekan Ctrl+C (atau tahan lalu Salin) untuk menyalin teks yang sudah dipilih.",
        "Press Ctrl+C (or long-press, then Copy) to copy the selected text.",
    ),
    "form-download": ("Unduh", "Download"),
    "form-download-file": ("Unduh {name}", "Download {name}"),
    "form-downloaded": ("Berkas {name} diunduh.", "File {name} downloaded."),
    "form-new-file": ("Buka halaman berkas baru di GitHub", "Open GitHub's new-file page"),
}


def render_text(name: str, lang: str = "id", **params: object) -> str:
    """A report or command sentence from TEXTS in `lang`."""
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 0
    return TEXTS[name][index].format(**params)
