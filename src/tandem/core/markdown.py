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


def sanitize(
    html: str,
    *,
    tags: set[str] = TAGS,
    attributes: dict[str, set[str]] = ATTRIBUTES,
    drop_content_of: set[str] | None = None,
) -> str:
    """HTML with only the given tags and attributes, links that are web, mail
    or phone links and marked nofollow; `drop_content_of`: tags removed with
    what they hold (scripts, styles)."""
    return nh3.clean(
        html,
        tags=tags,
        attributes=attributes,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
        clean_content_tags=drop_content_of,
    )


def render(text: str) -> str:
    return sanitize(_parser.render(strip_nul(text)))
