"""An email's HTML body, made safe to show and read as text.

`safe` keeps formatting and links and drops everything that runs, loads or
tracks (scripts, styles, forms, remote images). `text` is what the desk
stores as the message when a sender wrote HTML only: paragraphs and line
breaks kept, quoted parts (`<blockquote>`) marked with `>` so the reply
extractor can cut them like a plain-text quote."""

from __future__ import annotations

from html.parser import HTMLParser

from tandem.core import markdown

TAGS = {
    "p", "br", "div", "span", "strong", "b", "em", "i", "u", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table"}
SKIPPED = {"script", "style", "head", "title"}


def safe(html: str) -> str:
    return markdown.sanitize(html, tags=TAGS, attributes=ATTRIBUTES, drop_content_of=SKIPPED)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.skipping = 0
        self.quoted = 0

    def _newline(self) -> None:
        if self.lines[-1].strip() or len(self.lines) == 1:
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skipping += 1
        elif tag == "blockquote":
            self._newline()
            self.quoted += 1
        elif tag in BLOCKS:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skipping = max(self.skipping - 1, 0)
        elif tag == "blockquote":
            self.quoted = max(self.quoted - 1, 0)
            self._newline()
        elif tag in BLOCKS:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        text = " ".join(data.split())
        if not text:
            return
        if not self.lines[-1]:
            self.lines[-1] = "> " * self.quoted
        elif not self.lines[-1].endswith(" "):
            self.lines[-1] += " "
        self.lines[-1] += text


def text(html: str) -> str:
    parser = _Text()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # HTMLParser is lenient; a last resort, as in parsing
        return ""
    out: list[str] = []
    for line in parser.lines:
        if line.strip() or (out and out[-1]):
            out.append(line.rstrip())
    return "\n".join(out).strip()
