"""People's text (requests, replies, notes) as Markdown, rendered to HTML that
is safe to show: raw HTML in the source is escaped by the parser, and nh3
keeps only the tags and attributes listed here."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

from tandem.core.text import strip_nul

_parser = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable(
    ["table", "strikethrough"]
)
TAGS = {
    "p", "br", "strong", "em", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}


def render(text: str) -> str:
    html = _parser.render(strip_nul(text))
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )
