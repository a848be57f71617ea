"""Pages at former entry URLs (`redirect_from`) that send the visitor to the entry's page now.

Each is a small standalone page: a meta refresh and a canonical link to the new URL, a visible
sentence with the link for when the refresh does not run, and `noindex`. They are written beside
the site's pages but listed nowhere: not in the sitemap, the index pages or the search.
"""

from __future__ import annotations

from ..entries.catalogue import Catalogue
from ..settings import OutputFile, SiteSettings
from ..urls import absolute, depth
from .rendering import environment


def redirect_files(catalogue: Catalogue, settings: SiteSettings) -> list[OutputFile]:
    """One `<old url>index.html` per former id of every published entry, in id order.

    The validator guarantees a former id is neither a live entry's id nor claimed twice, so no
    redirect overwrites a page or another redirect.
    """
    template = environment().get_template("redirect.html")
    files = []
    for entry in catalogue.entries:
        new_url = settings.patterns.entry_url(entry.id)
        for former in entry.redirect_from:
            old_url = settings.patterns.entry_url(former)
            target = "../" * depth(old_url) + new_url
            html = template.render(
                title=entry.title,
                target=target,
                canonical=absolute(settings.site_url, new_url) if settings.site_url else target,
            )
            files.append(OutputFile(f"{old_url}index.html", html.encode("utf-8")))
    return sorted(files, key=lambda f: f.path)
