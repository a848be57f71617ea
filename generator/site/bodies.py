"""Entry bodies: contributor Markdown to HTML that is safe to publish (allow-list sanitising)."""

from __future__ import annotations

import re
from importlib.metadata import version
from urllib.parse import urlsplit

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

# cmark-gfm is GitHub's own renderer, so the page shows what a contributor saw in the web
# editor's preview; it is also ~5x faster than the pure-Python renderers, which counts at 50k
# entries. Raw HTML is let through (UNSAFE) only because nh3 cleans everything afterwards:
# without it, an allowed YouTube embed could not survive.
# GFM's tagfilter extension is left out for the same reason (nh3 does its job, better).
_CMARK_OPTIONS = Options.CMARK_OPT_UNSAFE
_CMARK_EXTENSIONS = ("table", "strikethrough", "autolink", "tasklist")

# Part of the body cache key: a new renderer or allow-list must not serve stale HTML.
SANITIZER_VERSION = f"1:cmarkgfm-{version('cmarkgfm')}:nh3-{version('nh3')}"

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
    "iframe": {"src", "title", "width", "height", "allow", "allowfullscreen"},
    "ol": {"start"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
}
URL_SCHEMES = frozenset({"https", "http", "mailto", "tel"})
# Embeds from these hosts only: video is how agencies show an innovation at work.
IFRAME_HOSTS = frozenset({"www.youtube.com", "youtube.com", "www.youtube-nocookie.com"})
# nh3 drops an iframe's src when the filter refuses it; an iframe without src is then removed.
_EMPTY_IFRAME_RE = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.DOTALL)
# Contributor headings start at h2 under the page's own h1; a stray `#` becomes h2.
_H1_RE = re.compile(r"<(/?)h1\b")


def is_allowed_embed(url: str) -> bool:
    parts = urlsplit(url)
    return (
        parts.scheme == "https"
        and parts.hostname in IFRAME_HOSTS
        and parts.path.startswith("/embed/")
    )


def render_body(markdown: str, media_prefix: str = "") -> str:
    """Sanitised HTML of an entry body. `media_prefix` (`<slug>/`) is the entry's media folder as
    contributors reference it from the .md file; on the site the media sits beside the page."""

    def keep(element: str, attribute: str, value: str) -> str | None:
        if element == "iframe" and attribute == "src":
            return value if is_allowed_embed(value) else None
        if element == "img" and attribute == "src" and media_prefix:
            return value.removeprefix("./").removeprefix(media_prefix)
        return value

    html = cmarkgfm.markdown_to_html_with_extensions(
        markdown, options=_CMARK_OPTIONS, extensions=list(_CMARK_EXTENSIONS)
    )
    html = _H1_RE.sub(r"<\1h2", html)
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        attribute_filter=keep,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        set_tag_attribute_values={"iframe": {"loading": "lazy"}, "img": {"loading": "lazy"}},
    )
    cleaned = _EMPTY_IFRAME_RE.sub("", cleaned)
    # Screen readers need a name for every frame and image (axe counts these as serious).
    cleaned = _ensure_attribute(cleaned, "iframe", "title", "Video")
    return _ensure_attribute(cleaned, "img", "alt", "")


def _ensure_attribute(html: str, tag: str, attribute: str, value: str) -> str:
    if f"<{tag}" not in html:
        return html
    pattern = re.compile(rf"<{tag}\b(?![^>]*\s{attribute}=)")
    return pattern.sub(f'<{tag} {attribute}="{value}"', html)


def clean_text(value: str) -> str:
    """Plain text of a metadata string for places that take no markup at all (titles in SVG)."""
    return nh3.clean_text(value)
