"""Entry bodies: contributor Markdown to HTML that is safe to publish (allow-list sanitising)."""

from __future__ import annotations

import re
from contextvars import ContextVar
from html import escape
from importlib.metadata import version

import nh3
from cmarkgfm.cmark import Options

from ..entries.nesting import OpenElements
from .cmark import markdown_to_html

# cmark-gfm is GitHub's own renderer, so the page shows what a contributor saw in the web
# editor's preview; it is also ~5x faster than the pure-Python renderers, which counts at 50k
# entries. Raw HTML is let through (UNSAFE) only because nh3 cleans everything afterwards:
# without it, an allowed YouTube embed could not survive.
# GFM's tagfilter extension is left out for the same reason (nh3 does its job, better).
_CMARK_OPTIONS = Options.CMARK_OPT_UNSAFE
_CMARK_EXTENSIONS = ("table", "strikethrough", "autolink", "tasklist")

# Part of the body cache key: a new renderer or allow-list must not serve stale HTML.
SANITIZER_VERSION = f"2:cmarkgfm-{version('cmarkgfm')}:nh3-{version('nh3')}"

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "dl",
        "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "iframe",
        "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong",
        "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "iframe": {"src", "title", "width", "height"},
    "ol": {"start"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
}
URL_SCHEMES = frozenset({"https", "http", "mailto", "tel"})
# Embeds of these hosts only (video is how agencies show an innovation at work), written back in
# this one canonical form; `youtube.com` is rewritten to its `www.` host.
EMBED_HOSTS = ("www.youtube.com", "www.youtube-nocookie.com")
_EMBED_RE = re.compile(
    r"https://(?P<host>(?:www\.)?youtube\.com|www\.youtube-nocookie\.com)"
    r"/embed/(?P<id>[A-Za-z0-9_-]{11})(?:\?(?P<query>[A-Za-z0-9_=&-]*))?",
    re.IGNORECASE,
)
# Player options a contributor may set; every other parameter is dropped.
_EMBED_PARAMS = {
    "start": re.compile(r"[0-9]{1,6}"),
    "end": re.compile(r"[0-9]{1,6}"),
    "rel": re.compile(r"[01]"),
    "cc_load_policy": re.compile(r"[01]"),
    "si": re.compile(r"[A-Za-z0-9_-]{1,32}"),
}
# What the frame may do, whatever the contributor wrote: the least a YouTube player needs.
# (Written by us after nh3, which drops the contributor's: nh3 would set them in random order.)
IFRAME_ATTRIBUTES = (
    ("allow", "encrypted-media; picture-in-picture; fullscreen"),
    ("sandbox", "allow-scripts allow-same-origin allow-presentation"),
    ("referrerpolicy", "strict-origin-when-cross-origin"),
)
_IFRAME_ATTRIBUTES_HTML = "".join(f' {name}="{value}"' for name, value in IFRAME_ATTRIBUTES)
# What a browser removes from a URL before parsing it (WHATWG URL: tab and newline anywhere,
# C0 controls and space at either end), so a check sees the URL the browser will load.
_URL_IGNORED_RE = re.compile(r"[\t\n\r]")
_URL_TRIMMED = "".join(chr(c) for c in range(0x21))
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# nh3 drops an iframe's src when the filter refuses it; an iframe without src is then removed.
_EMPTY_IFRAME_RE = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.DOTALL)
# The renderer's own bound on work and output, whatever reaches it. The sanitiser's HTML parser
# spends time in proportion to size x nesting depth (250 KB of nested `>` took minutes, and made
# a 6.7 MB page); `katalog validate` refuses such bodies with their line (entries/nesting.py)
# well below this cap, which is the last line of defence, not a limit contributors meet.
MAX_HTML_DEPTH = 100
MAX_HTML_GROWTH = 16  # rendered HTML per byte of Markdown; cmark-gfm stays far below
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr"}
)  # fmt: skip
# Contributor headings start at h2 under the page's own h1; a stray `#` becomes h2.
_H1_RE = re.compile(r"<(/?)h1\b")
# The line break cmark writes after each block's end tag: between blocks it renders as nothing,
# and a body has dozens of them. Text in a code block is escaped, so no end tag matches there.
_BLOCK_END_BREAK_RE = re.compile(r"(</(?:p|h[2-6]|li|ul|ol|blockquote|table|tr)>)\n")


def browser_url(value: str) -> str:
    """The URL text a browser parses for an attribute value."""
    return _URL_IGNORED_RE.sub("", value).strip(_URL_TRIMMED)


def canonical_embed(url: str) -> str | None:
    """`https://www.youtube.com/embed/<id>` (or youtube-nocookie) with its allowed options, or
    None. Only this exact shape passes: a backslash, `@`, `%`, `..` or another host never match,
    so no browser can read the URL as another host or path than the one checked."""
    match = _EMBED_RE.fullmatch(browser_url(url))
    if match is None:
        return None
    host = match["host"].lower()
    host = "www.youtube.com" if host == "youtube.com" else host
    options = []
    for pair in (match["query"] or "").split("&"):
        name, _, value = pair.partition("=")
        pattern = _EMBED_PARAMS.get(name)
        if pattern is not None and pattern.fullmatch(value):
            options.append(f"{name}={value}")
    query = "?" + "&".join(options) if options else ""
    return f"https://{host}/embed/{match['id']}{query}"


def is_safe_url(value: str) -> bool:
    """A relative URL, or one of the allowed schemes, as the browser will read it."""
    scheme = _SCHEME_RE.match(browser_url(value))
    return scheme is None or scheme[1].lower() in URL_SCHEMES


# The media folder of the body being cleaned (`<slug>/`), for the sanitiser's filter: the cleaner
# is made once, and passing its allow-lists on every call cost half of its time.
_MEDIA_PREFIX: ContextVar[str] = ContextVar("media_prefix", default="")


def _keep(element: str, attribute: str, value: str) -> str | None:
    if element == "iframe" and attribute == "src":
        return canonical_embed(value)
    media_prefix = _MEDIA_PREFIX.get()
    if element == "img" and attribute == "src" and media_prefix:
        value = value.removeprefix("./").removeprefix(media_prefix)
    # nh3 checked the scheme of the value it read; a rewrite may have uncovered another one
    # (`<slug>/javascript:`), so every value leaving here is checked again.
    return value if is_safe_url(value) else None


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    attribute_filter=_keep,
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
    set_tag_attribute_values={"iframe": {"loading": "lazy"}, "img": {"loading": "lazy"}},
)


def render_body(markdown: str, media_prefix: str = "") -> str:
    """Sanitised HTML of an entry body. `media_prefix` (`<slug>/`) is the entry's media folder as
    contributors reference it from the .md file; on the site the media sits beside the page."""
    html = markdown_to_html(markdown, _CMARK_OPTIONS, _CMARK_EXTENSIONS)
    if len(html) > MAX_HTML_GROWTH * len(markdown) + 4096 or _nests_too_deep(html):
        # Shown as the text it is: bounded, safe, and the contributor's words are not lost.
        return f"<pre>{escape(markdown)}</pre>\n"
    html = _H1_RE.sub(r"<\1h2", html)
    token = _MEDIA_PREFIX.set(media_prefix)
    try:
        cleaned = _CLEANER.clean(html)
    finally:
        _MEDIA_PREFIX.reset(token)
    cleaned = _EMPTY_IFRAME_RE.sub("", cleaned)
    # nh3 escapes every `<` of text, so this matches the iframe tags it kept and nothing else.
    cleaned = cleaned.replace("<iframe ", "<iframe" + _IFRAME_ATTRIBUTES_HTML + " ")
    # Screen readers need a name for every frame and image (axe counts these as serious).
    cleaned = _ensure_attribute(cleaned, "iframe", "title", "Video")
    return _BLOCK_END_BREAK_RE.sub(r"\1", _ensure_attribute(cleaned, "img", "alt", ""))


def _nests_too_deep(html: str) -> bool:
    # Each level is a start tag, and each start tag a `<` that does not open an end tag: a body
    # with no more than the limit of those (nearly all) need not be parsed for its depth.
    if html.count("<") - html.count("</") <= MAX_HTML_DEPTH:
        return False
    return html_depth(html) > MAX_HTML_DEPTH


def html_depth(html: str) -> int:
    """How deep elements nest, as an HTML parser would build them (the validator's own count)."""
    return max(OpenElements(_VOID_TAGS).depths(html), default=0)


def _ensure_attribute(html: str, tag: str, attribute: str, value: str) -> str:
    if f"<{tag}" not in html:
        return html
    pattern = re.compile(rf"<{tag}\b(?![^>]*\s{attribute}=)")
    return pattern.sub(f'<{tag} {attribute}="{value}"', html)


def clean_text(value: str) -> str:
    """Plain text of a metadata string for places that take no markup at all (titles in SVG)."""
    return nh3.clean_text(value)
