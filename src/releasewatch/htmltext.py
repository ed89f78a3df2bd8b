"""HTML → plain text for extraction: one paragraph, heading, list item or table row per line. Pure, no I/O.

The extractor reads tables ("Model | Params | License"), so a row becomes one line with its cells joined by
" | ", and block elements start new lines. Parsing is lexbor's (via selectolax), a real HTML5 parser, so broken
markup, entities and comments are handled the way browsers handle them; the walk is iterative, so a deeply
nested hostile document cannot exhaust the Python stack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

CELL_SEPARATOR = " | "
SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "iframe", "object", "embed", "select"})
BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hgroup", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
        "tbody", "tfoot", "thead", "ul",
    }
)  # fmt: skip
CELLS = frozenset({"td", "th"})
_SPACES = re.compile(r"\s+")
# lexbor's tree building is quadratic in nesting depth (40,000 nested divs: 4 s; 20,000: 0.6 s), so a hostile
# entry is cut after this many tags. Real announcements, tables included, use a few thousand at most.
MAX_TAGS = 20_000
_TAG = re.compile(r"<[A-Za-z/!]")


def html_to_text(html: str) -> str:
    """Readable text of an HTML fragment or page; lines are trimmed, whitespace collapsed, empty lines dropped."""
    if not html or not html.strip():
        return ""
    root = LexborHTMLParser(_bounded(html)).root
    if root is None:
        return ""
    return "\n".join(_Walker().walk(root))


def _bounded(html: str) -> str:
    if html.count("<") <= MAX_TAGS:
        return html
    for count, match in enumerate(_TAG.finditer(html), start=1):
        if count > MAX_TAGS:
            return html[: match.start()]
    return html


@dataclass
class _Sink:
    """Where text goes: the document, or one table cell (whose lines are later joined into the cell)."""

    lines: list[str] = field(default_factory=list)
    pieces: list[str] = field(default_factory=list)

    def flush(self) -> None:
        line = _SPACES.sub(" ", "".join(self.pieces)).strip()
        self.pieces.clear()
        if line:
            self.lines.append(line)

    def text(self) -> str:
        self.flush()
        return " ".join(self.lines)


class _Walker:
    def __init__(self) -> None:
        self.sinks = [_Sink()]
        self.rows: list[list[str]] = []  # cells of the table rows being read, innermost last
        self.pre_depth = 0

    def walk(self, root: LexborNode) -> list[str]:
        stack: list[tuple[LexborNode, bool]] = [(root, True)]
        while stack:
            node, entering = stack.pop()
            if not entering:
                self.leave(node.tag or "")
            elif self.enter(node):
                stack.append((node, False))
                children = list(node.iter(include_text=True))
                stack.extend((child, True) for child in reversed(children))
        document = self.sinks[0]
        document.flush()
        return document.lines

    def enter(self, node: LexborNode) -> bool:
        """Handles the start of a node; True when its children (and its end) should be visited."""
        tag = node.tag or ""
        if tag == "-text":
            self.add_text(node.text(deep=False))
            return False
        if tag.startswith("-") or tag in SKIPPED:  # comments, doctype, and elements that are not content
            return False
        if tag == "br":
            self.sinks[-1].flush()
        elif tag == "tr":
            self.sinks[-1].flush()
            self.rows.append([])
        elif tag in CELLS:
            self.sinks.append(_Sink())
        elif tag in BLOCKS:
            self.sinks[-1].flush()
            self.pre_depth += tag == "pre"
        return True

    def leave(self, tag: str) -> None:
        if tag == "tr" and self.rows:
            cells = self.rows.pop()
            while cells and not cells[-1]:  # trailing empty cells carry nothing; inner ones keep columns aligned
                cells.pop()
            self.sinks[-1].flush()
            if cells:
                self.sinks[-1].lines.append(CELL_SEPARATOR.join(cells))
        elif tag in CELLS and len(self.sinks) > 1:
            cell = self.sinks.pop().text()
            if self.rows:
                self.rows[-1].append(cell)
            else:  # a cell outside any row: keep its text as a line of its own
                self.sinks[-1].lines.append(cell)
        elif tag in BLOCKS:
            self.sinks[-1].flush()
            self.pre_depth -= tag == "pre"

    def add_text(self, text: str) -> None:
        sink = self.sinks[-1]
        if not self.pre_depth:
            sink.pieces.append(text)
            return
        first, *rest = text.split("\n")  # inside <pre>, line breaks are content
        sink.pieces.append(first)
        for line in rest:
            sink.flush()
            sink.pieces.append(line)
