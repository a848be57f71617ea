"""GitHub's cmark-gfm through cmarkgfm's bindings, with the memory given back.

cmarkgfm 2025.10.22's `markdown_to_html_with_extensions` frees neither the document tree nor the
HTML string it copies into Python: about twenty times the Markdown's size stays allocated per
call, 25 KB a synthetic entry, so a 100,000-entry build kept 2.4 GB of dead C memory in its page
writers. The library exports both freeing functions; the bindings do not declare them, so they
are reached through ctypes. The HTML is the same bytes as cmarkgfm's own function gives.
"""

from __future__ import annotations

import ctypes
from typing import Any

from cmarkgfm import _cmark, cmark

_NATIVE = ctypes.CDLL(_cmark.__file__)  # the already loaded library: same code, same state
_NATIVE.cmark_node_free.argtypes = (ctypes.c_void_p,)
_NATIVE.cmark_node_free.restype = None
# cmark's default allocator is the C library's calloc/realloc/free; the rendered string is
# allocated with it, so it is freed with it.
_FREE = ctypes.CDLL(None).free
_FREE.argtypes = (ctypes.c_void_p,)
_FREE.restype = None


def _address(pointer: Any) -> int:
    return int(_cmark.ffi.cast("uintptr_t", pointer))


def markdown_to_html(markdown: str, options: int, extensions: tuple[str, ...]) -> str:
    """`cmarkgfm.markdown_to_html_with_extensions(markdown, options, extensions)`, freed."""
    lib = _cmark.lib
    cmark.core_extensions_ensure_registered()
    found = []
    for name in extensions:
        extension = cmark.find_syntax_extension(name)
        if extension is None:
            raise ValueError(f"unknown cmark-gfm extension {name!r}")
        found.append(extension)
    parser = cmark.parser_new(options)
    try:
        for extension in found:
            cmark.parser_attach_syntax_extension(parser, extension)
        cmark.parser_feed(parser, markdown)
        root = cmark.parser_finish(parser)  # the caller owns the tree from here on
        try:
            if lib.cmark_node_get_type(root) == lib.CMARK_NODE_NONE:
                raise ValueError("cmark-gfm could not parse the Markdown")
            raw = lib.cmark_render_html(
                root, options, cmark.parser_get_syntax_extensions(parser)
            )
            try:
                return str(_cmark.ffi.string(raw).decode("utf-8"))
            finally:
                _FREE(_address(raw))
        finally:
            _NATIVE.cmark_node_free(_address(root))
    finally:
        cmark.parser_free(parser)
