"""Markdown of model answers to HTML that is safe to show.

Model output is never live HTML (DESIGN rule 8): markdown-it runs with raw HTML
off, so every ``<``, ``>`` and ``&`` the model wrote is escaped and shown as the
character it is.  Images are not rendered (a picture would be fetched from
wherever the model pointed); links keep their target but markdown-it refuses
``javascript:``, ``vbscript:``, ``file:`` and ``data:`` targets, and the window
follows a link only after the user clicks it and agrees.
"""

from __future__ import annotations

import html
from functools import lru_cache

SAFE_LINK_SCHEMES = ("http", "https", "mailto")


@lru_cache(maxsize=1)
def _renderer():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable("image")
    return md


def prepare() -> None:
    """Build the renderer now (importing markdown-it takes ~100 ms): a thread that is not the
    GUI's calls this before the first answer is shown, so that showing it does not wait."""
    _renderer()


def markdown_to_html(text: str) -> str:
    """HTML for ``text`` read as Markdown; all HTML in ``text`` comes out escaped."""
    try:
        return _renderer().render(text)
    except Exception:  # noqa: BLE001 - a renderer bug must not lose the answer: show it as text
        return plain_to_html(text)


def plain_to_html(text: str) -> str:
    """``text`` shown exactly as typed: escaped, line breaks kept."""
    return "<p>" + html.escape(text).replace("\n", "<br>\n") + "</p>"
