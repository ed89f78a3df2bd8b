"""Plain text, Markdown or HTML → a sequence of blocks (title, headings, paragraphs, list items, tables, code).

HTML is read with selectolax (lexbor); Markdown line by line. Inline markup is dropped, link targets are
kept (a Hugging Face link names a model), and shields.io badges become text ("License: Apache 2.0"), because
model cards state their license in badges. A model card's YAML front matter is kept as key/value pairs.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Literal, NamedTuple
from urllib.parse import unquote

from selectolax.lexbor import LexborHTMLParser, LexborNode

Fmt = Literal["text", "markdown", "html"]
BlockKind = Literal["title", "heading", "text", "item", "table", "code"]


class Block(NamedTuple):
    """One block of a document (immutable: a named tuple, as cheap to build as the many blocks of a feed need)."""

    kind: BlockKind
    text: str = ""
    level: int = 0  # headings: 1–6
    links: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()  # tables: every row's cell texts
    header: bool = False  # tables: rows[0] is a header row


@dataclass(frozen=True)
class Document:
    blocks: tuple[Block, ...]
    front_matter: dict[str, str | list[str]] = field(default_factory=dict)


_CHARS = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2019": "'",
        "\u200b": "",
        "\ufeff": "",
    }
)
_ODD_CHARS = re.compile("[\u2010-\u2012\u00a0\u202f\u2009\u2019\u200b\ufeff]")
_HTML_SNIFF = re.compile(
    r"<(?:!doctype|html|head|body|div|p|h[1-6]|article|section|table|ul|ol|span|a\s)[\s>]", re.IGNORECASE
)
_MD_SNIFF = re.compile(r"^(?:#{1,6}\s|\s*\|.*\|\s*$|\s*[-*+]\s|---\s*$)|\[[^\]]+\]\([^)]+\)|\*\*\w", re.MULTILINE)


def sniff(text: str) -> Fmt:
    """HTML when it opens with markup, Markdown when it has headings, tables, lists or links, else text."""
    head = text[:2000]
    if (head.lstrip().startswith("<") and _HTML_SNIFF.search(head)) or len(_HTML_SNIFF.findall(head)) >= 3:
        return "html"
    return "markdown" if _MD_SNIFF.search(head) else "text"


def parse(text: str, fmt: Fmt | None = None) -> Document:
    """The document's blocks in reading order; the first level-1 heading (or first line of text) is the title."""
    if not text.isascii() and _ODD_CHARS.search(text):
        text = text.translate(_CHARS)
    fmt = fmt or sniff(text)
    if fmt == "html":
        return Document(tuple(_html_blocks(text)))
    front, body = _front_matter(text)
    return Document(tuple(_markdown_blocks(body, plain=fmt == "text")), front)


# --- sentences ----------------------------------------------------------------------------------------------

# The sentence end opens with a character class so the engine can skip to the next candidate quickly.
# (a sentence may open with a model name in lower case: "o1-mini is $3", "gpt-oss-20b runs on a laptop")
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=\n)|([\"')\]]*)\s+(?=[\"'(\[]?(?:[A-Z0-9]|[a-z][a-z-]{0,10}\d)))")
# "Alibaba: Qwen3 (235B-A22B) · Meta: Llama 4 …": each row of an inline list of releases stands alone
_ROW_SEPARATOR = re.compile(r"[·|](?=\s+[A-Z][\w.&'× -]{0,40}?:\s)")
_ABBREVIATION = re.compile(
    r"(?:\b(?:e\.g|i\.e|vs|etc|approx|inc|ltd|corp|co|no|fig|figs|dr|mr|ms|st|jan|feb|mar|apr|jun|jul|aug|sep|"
    r"sept|oct|nov|dec|u\.s|incl|est|eq|ref|al|cf|ca)\.|(?<!\w)[A-Z]\.)$",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    """Splits a paragraph into sentences (newlines always end one; "e.g." and "v2.5" never do)."""
    return [text[start:end] for start, end in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of ``text`` starts and ends, surrounding spaces left out."""
    spans: list[tuple[int, int]] = []
    last = 0
    # (a heading or a list item often has no sentence end at all: the cheap test first)
    ends = "." in text or "\n" in text or "!" in text or "?" in text
    for end in _SENTENCE_END.finditer(text) if ends else ():
        _append(spans, text, last, end.start() if end.group(1) is None else end.end(1))
        last = end.end()
    _append(spans, text, last, len(text))
    if "·" in text or "|" in text:
        spans = [piece for span in spans for piece in _row_pieces(text, *span)]
    return spans


def _row_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    for separator in _ROW_SEPARATOR.finditer(text, start, end):
        if separator.start() > start:
            pieces.append((start, separator.start()))
        start = separator.end()
    pieces.append((start, end))
    out = []
    for left, right in pieces:
        while left < right and text[left].isspace():
            left += 1
        while right > left and text[right - 1].isspace():
            right -= 1
        if left < right:
            out.append((left, right))
    return out


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return
    # (an abbreviation ends with a full stop: the cheap test first)
    if (
        spans
        and text[spans[-1][1] - 1] == "."
        and _ABBREVIATION.search(text[max(spans[-1][0], spans[-1][1] - 8) : spans[-1][1]])
    ):
        spans[-1] = (spans[-1][0], end)
    else:
        spans.append((start, end))


# --- Markdown and plain text ------------------------------------------------------------------------------

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+•●▪◦]|\d{1,3}[.)])\s+(.*)$")
_ITEM_MARKS = "-*+•●▪◦"
_BOLD_LINE = re.compile(r"^\s*\*\*[^*]+\*\*\s*$")
_COLUMNS = re.compile(r"(?<=\S)(?: {3,}|\t+)(?=\S)")
_ANY_DIGIT = re.compile(r"\d")
_FENCE = re.compile(r"^\s*(```|~~~)")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HTML_INLINE = re.compile(r"<[a-zA-Z!/][^>]*>")
_CELL_BAR = re.compile(r"(?<!\\)\|")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_WHITESPACE = re.compile(r"\s+")


def _front_matter(text: str) -> tuple[dict[str, str | list[str]], str]:
    """A model card's leading ``---`` YAML block, read as flat keys and lists (all that cards use here)."""
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    data: dict[str, str | list[str]] = {}
    key = ""
    for line in text[3:end].splitlines():
        item = re.match(r"^\s+-\s+(.*)$", line)
        pair = re.match(r"^([\w-]+)\s*:\s*(.*)$", line)
        if item and key:
            value = data.get(key)
            data[key] = [*(value if isinstance(value, list) else []), item.group(1).strip(" '\"")]
        elif pair:
            key = pair.group(1).lower()
            data[key] = pair.group(2).strip(" '\"")
    return data, text[end + 4 :]


_DANGLING = (" ·", ",", " |", " &", " and")  # a list's separator with nothing after it on the line


class _MarkdownReader:
    """One pass over the lines; ``paragraph`` collects text until a blank line or another block starts."""

    def __init__(self, lines: list[str], plain: bool) -> None:
        self.lines = lines
        self.plain = plain
        self.index = 0
        self.paragraph: list[str] = []
        self.paragraph_kind: BlockKind = "text"
        self.blocks: list[Block] = []
        self.wrap = _wrap_width(lines) if plain else 0

    def read(self) -> list[Block]:
        while self.index < len(self.lines):
            line = self.lines[self.index]
            self.index += 1
            self._line(line)
        self._flush()
        return self.blocks

    def _line(self, line: str) -> None:
        stripped = line.lstrip()
        first = stripped[:1]
        if not first or (first in "-*_=" and _RULE.match(line) and not self._setext(line)):
            self._flush()
        elif first in "`~" and _FENCE.match(line):
            self._code(line)
        elif first == "#" and (heading := _HEADING.match(line)):
            self._flush()
            self._add("heading", heading.group(2), level=len(heading.group(1)))
        elif first == "*" and _BOLD_LINE.match(line):
            self._flush()  # "**Meta: Llama 3.1 (405B, 70B, 8B)**" on its own line: a newsletter's item heading
            self._add("heading", line.strip(), level=4)
        elif "|" in line and self._table_ahead(line):
            self._table(line)
        elif (first in _ITEM_MARKS or first.isdigit()) and (item := _ITEM.match(line)):
            self._flush()
            self.paragraph, self.paragraph_kind = [item.group(1)], "item"
        elif self.plain and "   " in stripped and not _ANY_DIGIT.search(stripped) and self._aligned_table(stripped):
            pass  # (a header row of aligned columns and the rows under it: read as a table)
        elif self.plain:
            self._plain_line(line, stripped)
        else:
            self.paragraph.append(stripped.rstrip().lstrip("> "))

    def _plain_line(self, line: str, stripped: str) -> None:
        """Plain text: every line is a block, except indented lines under one ("Upstage: SOLAR 10.7B" and the
        lines that describe it), and an item takes the line after it."""
        columns = _COLUMNS.search(stripped) if "   " in stripped or "\t" in stripped else None
        if columns:
            stripped = _COLUMNS.sub(" · ", stripped)  # a plain-text table row keeps its columns apart
        text = stripped.rstrip().lstrip("> ")
        if _CAPS_HEAD.match(text):
            self._flush()  # "THE SHORT LIST", "FOR CONTEXT: WHAT THESE ARE MEASURED AGAINST": a newsletter's section
            self._add("heading", text, level=2)
            return
        if self.paragraph and _ROW_LINE.match(text) and _ROW_LINE.match(self.paragraph[0]) and line[:1] in " \t":
            self._flush()  # "  EuroLLM: EuroLLM-9B (9B) · …" under "  OpenGPT-X: Teuken-7B …": a list of rows
            self.paragraph = [text]
            return
        if self.paragraph and (line[:1] in " \t" or self._wrapped(text)) and not columns:
            self.paragraph.append(text)
        elif self.paragraph_kind == "item" and len(self.paragraph) == 1:
            self.paragraph.append(text)
            self._flush()
        else:
            self._flush()
            self.paragraph = [text]

    def _aligned_table(self, header: str) -> bool:
        """ "Model    Size   Context" over two or more rows with as many columns, aligned with spaces: a plain-text
        table (a newsletter's), read as one, its first row the header. Whether there was one."""
        width = len(_COLUMNS.split(header.strip()))
        if width < 3:
            return False
        rows = [tuple(_COLUMNS.split(header.strip()))]
        index = self.index
        while index < len(self.lines) and len(cells := _COLUMNS.split(self.lines[index].strip())) == width:
            rows.append(tuple(cells))
            index += 1
        if len(rows) < 3:
            return False
        self._flush()
        self.index = index
        text = " | ".join(" ".join(row) for row in rows)
        self.blocks.append(Block("table", text, rows=tuple(rows), header=True))
        return True

    def _wrapped(self, text: str) -> bool:
        """The paragraph's last line ran to the width a hard-wrapped text breaks at: ``text`` goes on with it
        (unless it is a record of a listing: "org/Model — 24B — license: mit"). A line that ends on a list's
        separator ("Compare with: a/x · b/y ·") goes on whatever its length."""
        if self.paragraph[-1].endswith(_DANGLING):
            return True
        if not self.wrap or len(self.paragraph[-1]) < self.wrap - _WRAP_SLACK:
            return False
        return not (_RECORD.match(text) or _RECORD.match(self.paragraph[-1]))

    def _setext(self, line: str) -> bool:
        """ "Title\\n=====": the paragraph line above becomes a heading."""
        if len(self.paragraph) != 1 or line.strip()[0] not in "=-":
            return False
        text = self.paragraph.pop()
        self._add("heading", text, level=1 if line.strip()[0] == "=" else 2)
        return True

    def _code(self, opening: str) -> None:
        self._flush()
        fence, body = _FENCE.match(opening).group(1), []  # type: ignore[union-attr]
        while self.index < len(self.lines) and not self.lines[self.index].strip().startswith(fence):
            body.append(self.lines[self.index])
            self.index += 1
        self.index += 1
        self.blocks.append(Block("code", "\n".join(body)))

    def _table_ahead(self, line: str) -> bool:
        following = self.lines[self.index] if self.index < len(self.lines) else ""
        framed = line.lstrip().startswith("|") and line.rstrip().endswith("|")
        return bool(_TABLE_SEPARATOR.match(following)) or framed

    def _table(self, first: str) -> None:
        self._flush()
        raw = [first]
        while self.index < len(self.lines) and "|" in self.lines[self.index]:
            raw.append(self.lines[self.index])
            self.index += 1
        header = len(raw) > 1 and bool(_TABLE_SEPARATOR.match(raw[1]))
        rows, links = [], []
        for line in raw:
            if _TABLE_SEPARATOR.match(line):
                continue
            cells = []
            for cell in _split_row(line):
                text, cell_links = inline_text(cell)
                cells.append(text)
                links += cell_links
            rows.append(tuple(cells))
        self.blocks.append(
            Block(
                "table", " | ".join(" ".join(row) for row in rows), rows=tuple(rows), header=header, links=tuple(links)
            )
        )

    def _flush(self) -> None:
        if self.paragraph:
            self._add(self.paragraph_kind, " ".join(self.paragraph))
        self.paragraph, self.paragraph_kind = [], "text"

    def _add(self, kind: BlockKind, raw: str, level: int = 0) -> None:
        text, links = inline_text(raw)
        if text or links:
            self.blocks.append(Block(kind, text, level=level, links=tuple(links)))


# Plain text hard-wrapped at a fixed width (press releases, newsletters by email, READMEs) breaks its
# paragraphs at 72 to 120 columns; a text whose longest line is longer is not wrapped (a line is a paragraph).
_WRAP_WIDTHS = range(60, 131)
# A plain-text section head: a short line in capitals, no sentence ("THE SHORT LIST", "VELVET")
_CAPS_HEAD = re.compile(r"^(?=[^a-z]*[A-Z]{3})[A-Z0-9][A-Z0-9 &:/,'()+-]{2,78}$")
# A row that opens with its lab: "Almawave: Velvet-14B and Velvet-2B · Apache 2.0"
_ROW_LINE = re.compile(r"^[A-Z][\w.&'-]*(?: [\w.&'-]+){0,4}: [A-Z][^:]*[·|—–]")
_WRAP_SLACK = 25  # how far short of the width a wrapped line may end (the next word did not fit)
_RECORD = re.compile(r"[\w.-]+/[\w.-]+\s|(?:.*?\s[—|·]\s){2}")


def _wrap_width(lines: list[str]) -> int:
    """The width a plain text is hard-wrapped at, or 0 when it is not."""
    lengths = list(map(len, map(str.rstrip, lines)))  # (no generator: this reads every line)
    width = max(lengths, default=0)
    if width in _WRAP_WIDTHS:
        return width
    if width < _WRAP_WIDTHS.stop:
        return 0
    return _wrap_width_besides_long_lines(lengths)


def _wrap_width_besides_long_lines(lengths: list[int]) -> int:
    """A hard-wrapped text with a line or two that an edit left longer ("… said in February it would look at the
    arrangement.") still breaks its paragraphs at one width: most of its lines end within the slack of it."""
    longer = [length for length in lengths if length >= _WRAP_WIDTHS.stop]
    kept = [length for length in lengths if length < _WRAP_WIDTHS.stop]
    width = max(kept, default=0)
    if len(longer) > 2 or width not in _WRAP_WIDTHS:
        return 0
    full = sum(width - _WRAP_SLACK <= length for length in kept)
    prose = sum(length > 40 for length in kept)
    return width if full >= 8 and full * 10 >= prose * 6 else 0


def _split_row(line: str) -> list[str]:
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") and not line.endswith("\\|") else line
    return [cell.strip().replace("\\|", "|") for cell in _CELL_BAR.split(line)]


def _markdown_blocks(text: str, plain: bool) -> list[Block]:
    blocks = _MarkdownReader(text.splitlines(), plain).read()
    return _with_title(blocks, plain)


def _with_title(blocks: list[Block], plain: bool) -> list[Block]:
    """The first level-1 heading is the title; plain text's first short line without a full stop is too."""
    # (a page's navigation bar above the title — "Models · Chat · Rankings · Docs · Pricing" — is not its title)
    first = 1 if plain and len(blocks) > 1 and _navigation(blocks[0].text) else 0
    for index, block in enumerate(blocks[:8]):
        if (block.kind == "heading" and block.level == 1) or (plain and index == first and _title_like(block.text)):
            blocks[index] = Block("title", block.text, level=1, links=block.links)
            return blocks
    for index, block in enumerate(blocks[:3]):
        if block.kind == "heading":
            blocks[index] = Block("title", block.text, level=block.level, links=block.links)
            break
    return blocks


def _navigation(text: str) -> bool:
    """A site's menu: four or more short labels between separators, or a row of words with "Sign in" or the like;
    no figures either way."""
    if _ANY_DIGIT.search(text):
        return False
    parts = _MENU_SEPARATOR.split(text.strip())
    if len(parts) >= 4 and all(0 < len(part.split()) <= 3 for part in parts):
        return True
    return len(text.split()) >= 4 and _ACCOUNT_LINK.search(text) is not None


_MENU_SEPARATOR = re.compile(r"\s+[·|•]\s+")
_ACCOUNT_LINK = re.compile(r"\b(?:sign\s+in|sign\s+up|log\s+in|subscribe)\b", re.IGNORECASE)


def _title_like(text: str) -> bool:
    return 0 < len(text) <= 150 and not text.rstrip().endswith((".", ",", ";"))


# --- inline Markdown ------------------------------------------------------------------------------------

_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_BARE_URL = re.compile(r"https?://[^\s<>\"'`)\]]+")
_EMPHASIS = re.compile(r"\*[*`]*|`[*`]*|~~|__*")  # "[*`]+|~~|_+", each branch led by its character (fast to find)
_SHIELD = re.compile(r"img\.shields\.io/badge/([^?\s#]+)")


def inline_text(raw: str) -> tuple[str, list[str]]:
    """Markdown (and stray inline HTML) → plain text and the link targets it carried."""
    links: list[str] = []
    if "<" in raw and _HTML_INLINE.search(raw):
        raw, html_links = _html_fragment(raw)
        links += html_links
    text = raw
    if "](" in text or "://" in text:
        text = _without_links(text, links)
    if "&" in text:
        text = html.unescape(text)
    if "_" in text:
        text = _EMPHASIS.sub(lambda m: _emphasis(m, text), text)
    elif "*" in text or "`" in text or "~" in text:
        text = _EMPHASIS.sub("", text)  # without underscores every piece of markup goes (see ``_emphasis``)
    return " ".join(text.split()), links


def _without_links(text: str, links: list[str]) -> str:
    """Images, links and bare URLs replaced by their text; their targets appended to ``links``."""

    def image(match: re.Match[str]) -> str:
        links.append(match.group(2))
        return _image_text(match.group(2), match.group(1))

    def link(match: re.Match[str]) -> str:
        links.append(match.group(2))
        return match.group(1)

    def url(match: re.Match[str]) -> str:
        links.append(match.group(0).rstrip(".,;:"))
        return " "

    if "](" in text:
        text = _LINK.sub(link, _IMAGE.sub(image, text))
    if "://" in text:
        text = _BARE_URL.sub(url, _AUTOLINK.sub(lambda m: url(m) and " ", text))
    return text


def _emphasis(match: re.Match[str], text: str) -> str:
    """Markup goes; an underscore inside a word stays ("bnb_4bit", "snake_case")."""
    if match.group(0)[0] != "_":
        return ""
    start, end = match.start(), match.end()
    inside = start > 0 and text[start - 1].isalnum() and end < len(text) and text[end].isalnum()
    return match.group(0) if inside else ""


def _image_text(url: str, alt: str) -> str:
    """An image as text: a badge's label and value, kept apart from the next badge's ("Hugging Face: DeepSeek AI ·
    License: MIT", not "… DeepSeek AI License: MIT"), else its alt text."""
    badge = _badge_text(url)
    return f" {badge} · " if badge else f" {alt} "


def _badge_text(url: str) -> str | None:
    """shields.io "/badge/License-Apache_2.0-blue" → "License: Apache 2.0" ("--" is "-", "_" a space)."""
    match = _SHIELD.search(url)
    if not match:
        return None
    path = unquote(match.group(1)).replace("--", "\0").replace("__", "\1")
    parts = [part.replace("\0", "-").replace("_", " ").replace("\1", "_") for part in path.split("-")]
    parts = parts[:-1] if len(parts) > 1 else parts  # the last part is the colour
    return ": ".join(part.strip() for part in parts if part.strip())


def _html_fragment(raw: str) -> tuple[str, list[str]]:
    root = LexborHTMLParser(f"<div>{raw}</div>").css_first("div")
    if root is None:
        return raw, []
    builder = _HtmlBuilder()
    builder.walk(root)
    builder.flush()
    text = " ".join(block.text.replace("\n", " ") for block in builder.blocks)
    return text, [link for block in builder.blocks for link in block.links]


# --- HTML -------------------------------------------------------------------------------------------------

_SKIP = {
    "script",
    "style",
    "noscript",
    "svg",
    "nav",
    "footer",
    "form",
    "button",
    "iframe",
    "template",
    "aside",
    "select",
    "head",
    "math",
    "canvas",
}
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "ul",
    "ol",
    "blockquote",
    "dd",
    "dt",
    "dl",
    "figcaption",
    "figure",
    "details",
    "summary",
    "body",
    "hr",
    "center",
    "address",
    "tbody",
}
_SIDEBAR_SIZE = re.compile(r"Model size\s*[\d.,]+\s*[BMK]\s*params\b")
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


class _HtmlBuilder:
    """Walks the tree once; text accumulates until a block element starts or ends."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.links: list[str] = []
        self.in_item = 0  # inside an <li>: its paragraphs are the item's text
        self.layout = 0  # inside a layout table (see ``_layout_table``)

    def sidebar_size(self, node: LexborNode) -> None:
        """A hub page's sidebar is skipped (links, collections, other repos) but for its "Model size 4.3B params":
        the measured size of the page's model."""
        text = node.text(separator=" ") or ""
        size = _SIDEBAR_SIZE.search(text) if "Model size" in text else None
        if size:
            self.flush()
            self.blocks.append(Block("text", " ".join(size.group(0).split())))

    def walk(self, node: LexborNode) -> None:
        for child in node.iter(include_text=True):
            self.node(child)

    def node(self, node: LexborNode) -> None:
        tag = node.tag
        if tag == "-text":
            # a line break in the HTML source is white space (only <br> breaks a line): "We are releasing an\n
            # 8-billion-parameter version" is one sentence
            self.parts.append((node.text_content or "").replace("\n", " "))
        elif tag in _SKIP or tag is None or tag.startswith("-"):
            if tag == "aside":
                self.sidebar_size(node)
            return
        elif tag in _HEADINGS:
            self.flush()
            self.leaf("heading", node, level=_HEADINGS[tag])
        elif tag == "li":
            self.flush()
            self.in_item += 1
            self.walk(node)
            self.in_item -= 1
            self.flush("item")
        elif tag == "table" and _layout_table(node, self.layout):
            # an HTML e-mail's layout grid ("<table role="presentation">" round its headings and paragraphs): the
            # cells are the newsletter's own blocks, not a table's rows
            self.flush()
            self.layout += 1
            self.walk(node)
            self.layout -= 1
            self.flush()
        elif tag == "table":
            self.flush()
            self.blocks.append(_html_table(node))
        elif tag == "pre":
            self.flush()
            self.blocks.append(Block("code", node.text(separator="\n")))
        elif tag in _BLOCK:
            self.flush()
            self.walk(node)
            self.flush()
        else:
            self.inline_element(node)

    def inline_element(self, node: LexborNode) -> None:
        tag = node.tag
        if tag == "br":
            self.parts.append("\n")
        elif tag == "img":
            src = node.attributes.get("src") or ""
            self.links.append(src)
            self.parts.append(_image_text(src, node.attributes.get("alt") or ""))
        else:
            if tag == "a" and node.attributes.get("href"):
                self.links.append(node.attributes["href"] or "")
            self.walk(node)

    def leaf(self, kind: BlockKind, node: LexborNode, level: int = 0) -> None:
        links = [a.attributes.get("href") or "" for a in node.css("a[href]")]
        text = _collapse(node.text(separator=" "))
        if text:
            self.blocks.append(Block(kind, text, level=level, links=tuple(links)))

    def flush(self, kind: BlockKind = "text") -> None:
        kind = "item" if self.in_item else kind
        text = _collapse("".join(self.parts), keep_newlines=True) if self.parts else ""
        if text or (kind == "item" and self.links):
            self.blocks.append(Block(kind, text, links=tuple(self.links)))
        self.parts, self.links = [], []


def _collapse(text: str, keep_newlines: bool = False) -> str:
    if keep_newlines:
        lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
        return "\n".join(line for line in lines if line)
    return _WHITESPACE.sub(" ", text).strip()


def _layout_table(node: LexborNode, within: int) -> bool:
    """A table used for layout: marked so (``role="presentation"``, as HTML e-mails do), or nested in one."""
    if node.attributes.get("role") in ("presentation", "none"):
        return True
    # (within one, a grid of its own: no header cells, and headings or paragraphs in its cells)
    return bool(within) and node.css_first("th") is None and node.css_first("h1, h2, h3, h4, p") is not None


def _html_table(node: LexborNode) -> Block:
    rows: list[tuple[str, ...]] = []
    for row in node.css("tr"):
        cells = tuple(_collapse(cell.text(separator=" ")) for cell in row.css("th, td"))
        if any(cells):
            rows.append(cells)
    first = node.css_first("tr")
    header = node.css_first("thead") is not None or (first is not None and first.css_first("th") is not None)
    links = tuple(a.attributes.get("href") or "" for a in node.css("a[href]"))
    return Block("table", " | ".join(" ".join(row) for row in rows), rows=tuple(rows), header=header, links=links)


def _html_blocks(text: str) -> list[Block]:
    tree = LexborHTMLParser(text)
    builder = _HtmlBuilder()
    if tree.body is not None:
        builder.walk(tree.body)
        builder.flush()
    blocks = _with_title(builder.blocks, plain=False)
    title = tree.css_first("title")
    if title is not None and not any(block.kind == "title" for block in blocks):
        title_text = _collapse(title.text())
        if title_text:
            blocks.insert(0, Block("title", title_text, level=1))
    return blocks
