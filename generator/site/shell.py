"""A theme's page chrome, rendered once, with slots for title, description, URL and body.

A theme that renders a page in milliseconds costs minutes at 50k pages; filling slots in a
captured page costs microseconds and keeps the theme's exact look. The engine renders one
placeholder page per URL depth (its links are relative), and every page is then a string join.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from markupsafe import escape

from ..urls import depth
from .languages import INDONESIAN, LANGUAGES_BY_CODE
from .plan import Page, PageJob, Site

TITLE = "KATALOGSHELLTITLE"
DESCRIPTION = "KATALOGSHELLDESCRIPTION"
# Holds "<h1" so a theme that adds a heading to pages lacking one (Material does) adds none:
# the page body brings its own.
BODY = "<!--<h1>KATALOGSHELLBODY-->"
# In the theme's extrahead block (theme_overrides/partials/katalog-head.html): each page's own
# head tags go here.
HEAD = "<!--KATALOGSHELLHEAD-->"


class ShellError(ValueError):
    """The captured page lacks a slot, so pages made from it would be wrong."""


@dataclass(frozen=True, slots=True)
class Shell:
    """Alternating literal text and slot names: `parts[0] slot[0] parts[1] ...`."""

    parts: tuple[str, ...]
    slots: tuple[str, ...]

    @classmethod
    def capture(cls, html: str, url: str) -> Shell:
        """Split the placeholder page rendered at `url` (which its canonical link names)."""
        markers = {TITLE: "title", DESCRIPTION: "description", BODY: "body", HEAD: "head"}
        if url:
            markers[url] = "url"
        html = strip_unused_chrome(html)
        pattern = re.compile("|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True)))
        parts: list[str] = []
        slots: list[str] = []
        start = 0
        for match in pattern.finditer(html):
            parts.append(html[start : match.start()])
            slots.append(markers[match.group()])
            start = match.end()
        parts.append(html[start:])
        parts = [compact(part) for part in parts]
        if slots.count("body") != 1:
            raise ShellError(f"the page at {url!r} holds the body slot {slots.count('body')} times")
        if "title" not in slots:
            raise ShellError(f"the page at {url!r} does not show its title")
        return cls(tuple(parts), tuple(slots))

    def edited(self, edit: Callable[[str], str]) -> Shell:
        """The same shell with `edit` applied to its literal text (never to the slots)."""
        return Shell(tuple(edit(part) for part in self.parts), self.slots)

    def fill(self, page: Page) -> str:
        values = {
            "title": str(escape(page.title)),
            "description": str(escape(page.description)),
            "url": page.url,
            "body": page.body,
            "head": page.head,
        }
        out = [self.parts[0]]
        for slot, part in zip(self.slots, self.parts[1:], strict=True):
            out.append(values[slot])
            out.append(part)
        return "".join(out)


def shell_wrapper(
    site: Site, shells: Mapping[int, Shell], mark_section: Callable[[str, str], str]
) -> Callable[[Page], str]:
    """Wrap each page in the shell of its URL depth, edited once per depth, section and language:
    `mark_section(html, href)` marks the page's section in the theme's navigation (the
    placeholder page belongs to none), and the page's language is set."""
    sections = {index.facet.key: index.overview_url for index in site.facets}
    sections["replikasi"] = site.patterns.replication
    variants: dict[tuple[int, str, str], Shell] = {}

    def wrap(page: Page) -> str:
        key = (depth(page.url), page.section, page.language)
        shell = variants.get(key)
        if shell is None:
            target = "../" * key[0] + sections.get(page.section, "")
            language = LANGUAGES_BY_CODE[page.language]

            def edit(html: str) -> str:
                html = mark_section(html, target)
                if language.code == INDONESIAN:
                    return html
                return set_language(html, language.code)

            shell = variants[key] = shells[key[0]].edited(edit)
        return shell.fill(page)

    return wrap


def set_language(html: str, code: str) -> str:
    """The chrome of a page in another language: its `<html lang>` (the theme renders it for the
    site's language, in the first part of the shell)."""
    return re.sub(r'<html lang="[^"]*"', f'<html lang="{code}"', html, count=1)


_INDENTED_LINES_RE = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


# Tags whose neighbouring whitespace never renders (document metadata and block boxes): a
# newline beside one is dropped. Beside inline elements (a, span, img) it stays, as a space.
_BLOCK_TAGS = (
    r"!doctype|html|head|body|meta|link|title|script|style|header|nav|main|article|aside|footer"
    r"|section|div|form|p|ul|ol|li|dl|dt|dd|h[1-6]"
)
_BLOCK_TAG_START_RE = re.compile(rf"</?(?:{_BLOCK_TAGS})[\s/>]", re.IGNORECASE)
_BLOCK_TAG_RE = re.compile(rf"</?(?:{_BLOCK_TAGS})(?:\s[^<>]*)?>", re.IGNORECASE)


def compact(html: str) -> str:
    """Drop the theme's indentation, blank lines and the newlines beside block tags: half of
    Material's chrome is whitespace, and it is repeated on every page. Between inline elements a
    newline is kept wherever whitespace was, so inline text renders the same; text with
    preformatted whitespace is left alone."""
    if "<pre" in html or "<textarea" in html:
        return html
    return drop_block_newlines(_INDENTED_LINES_RE.sub("\n", html))


def drop_block_newlines(html: str) -> str:
    """`html` without the newlines beside block tags (for markup without preformatted text).

    Only the newlines are looked at: one regex over the whole page, tried at every `<`, cost
    65 µs an entry page, 3.6 s of CPU in a 50k build."""
    pieces = []
    start = 0
    at = html.find("\n")
    while at != -1:
        if _BLOCK_TAG_START_RE.match(html, at + 1) or _ends_in_block_tag(html, at):
            pieces.append(html[start:at])
            start = at + 1
        at = html.find("\n", at + 1)
    if not pieces:
        return html
    pieces.append(html[start:])
    return "".join(pieces)


def _ends_in_block_tag(html: str, end: int) -> bool:
    """Whether `html[:end]` ends with a whole block tag (a tag holds no `<` and one `>`)."""
    if html[end - 1 : end] != ">":
        return False
    opening = html.rfind("<", 0, end)
    return opening != -1 and _BLOCK_TAG_RE.fullmatch(html, opening, end) is not None


# What Material's base.html writes outside its template blocks, which the lean chrome of the bulk
# pages (theme_overrides/katalog-lean.html) has no use for: the drawer and search toggles, empty
# banners, the dialog, the back-to-top button and the scripts that serve Material's own bundle,
# which those pages do not load. About 1.3 KB a page; markup that does not match is left alone.
_UNUSED_CHROME_RE = re.compile(
    "|".join(
        (
            r'<input class="md-toggle" data-md-toggle="(?:drawer|search)"[^>]*>',
            r'<label class="md-overlay" for="__drawer"></label>',
            r'<div data-md-component="(?:skip|announce)">\s*</div>',
            r"<script>__md_scope=.*?</script>",
            r"<script>var target=document\.getElementById\(location\.hash.*?</script>",
            r'<button type="button" class="md-top md-icon"[^>]*>.*?</button>',
            r'<div class="md-dialog" data-md-component="dialog">\s*'
            r'<div class="md-dialog__inner md-typeset"></div>\s*</div>',
            # hooks of Material's bundle, which these pages do not load
            r' data-md-component="(?:container|main|content|header)"',
            # the marker Material's bundle removes; its stylesheet's .no-js rules are for that
            r' class="no-js"(?=>)',
        )
    ),
    re.DOTALL,
)


# The palette's body attributes when they name the default scheme and the site's custom colours,
# which the site's stylesheet also sets on :root (site/stylesheet.py): then Material's palette
# stylesheet, whose rules all select those attributes, has nothing to style either. Any other
# palette (a dark scheme, a named colour) keeps both.
_DEFAULT_PALETTE_BODY_RE = re.compile(
    r'(<body dir="[a-z]+") data-md-color-scheme="default" data-md-color-primary="custom" '
    r'data-md-color-accent="custom">'
)
_PALETTE_STYLESHEET_RE = re.compile(
    r'<link rel="stylesheet" href="[^"]*assets/stylesheets/palette\.[0-9a-f]+\.min\.css">\s*'
)


# Material's layout wrappers that base.html writes outside its blocks: the container around tabs,
# main and footer, and the grid row in main. The lean chrome puts its article straight into
# <main class="kt-main">, which katalog.css lays out as both did (about 80 bytes a page). Each
# pair is rewritten only when both its ends are there, so other markup keeps its wrappers.
_LAYOUT_WRAPPERS = (
    (
        re.compile(r'<div class="md-container"(?: data-md-component="container")?>'),
        re.compile(r"(</footer>)\s*</div>"),
        ("", r"\1"),
    ),
    (
        re.compile(
            r'<main class="md-main"(?: data-md-component="main")?>\s*'
            r'<div class="md-main__inner md-grid">'
        ),
        re.compile(r"(</article>)\s*</div>\s*(</main>)"),
        ('<main class="kt-main">', r"\1\2"),
    ),
)


def strip_layout_wrappers(html: str) -> str:
    for opening, closing, (new_opening, new_closing) in _LAYOUT_WRAPPERS:
        if opening.search(html) and closing.search(html):
            html = closing.sub(new_closing, opening.sub(new_opening, html, count=1), count=1)
    return html


def strip_unused_chrome(html: str) -> str:
    html = strip_layout_wrappers(_UNUSED_CHROME_RE.sub("", html))
    html, plain = _DEFAULT_PALETTE_BODY_RE.subn(r"\1>", html, count=1)
    if plain:
        html = _PALETTE_STYLESHEET_RE.sub("", html, count=1)
    return html


# The bulk pages' chrome: Material's look without its JavaScript, drawer or repeated markup.
LEAN_TEMPLATE = "katalog-lean.html"


def placeholder_uris(root: str, jobs: Iterable[PageJob]) -> dict[str, int]:
    """One placeholder page per URL depth the jobs' pages have (its links are relative):
    `<root>.md`, `<root>/x.md`, ... with the depth each one's page lies at."""
    levels = sorted({depth(job.url) for job in jobs})
    return {"/".join([root, *["x"] * (level - 1)]) + ".md": level for level in levels}


def placeholder_markdown() -> str:
    """The source of a placeholder page: front matter a theme reads, and the body marker."""
    return (
        f"---\ntitle: {TITLE}\ndescription: {DESCRIPTION}\ntemplate: {LEAN_TEMPLATE}\n"
        f"hide: [navigation, toc]\n---\n\n{BODY}\n"
    )
