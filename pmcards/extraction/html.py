"""HTML saved as text, turned into the Markdown the article reader takes.

Scripts, styles, forms, navigation, footers, asides and page furniture (cookie banners,
newsletter boxes, share bars: by class or id) are dropped. Headings become `#` lines, list items
`- ` lines, table rows `| a | b |` lines, blockquotes `> ` lines and `<summary>` a heading; bold
stays bold, links and other inline tags become their text. Without an `<h1>`, the `<title>`
(less a " | Site" suffix) is the title. Each Markdown line keeps the page line it comes from (where
its element starts), so cards and reports can point into the page itself.
"""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import NamedTuple

_HTML_START = re.compile(r"<(?:!doctype\s{1,3}html|html|head|body)\b", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"<(?:p|div|h[1-6]|li|table|article|section)\b", re.IGNORECASE)
_MIN_BLOCK_TAGS = 3
_SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "form", "button", "iframe", "select"}
)
_FURNITURE = re.compile(
    r"cookie|consent|newsletter|subscribe|signup|share|social|related|comment|sidebar|advert|promo|banner|breadcrumb"
    r"|menu|navbar|popup|modal|paywall"
)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "header", "ul", "ol", "dl", "dd", "figure", "figcaption",
     "details", "table", "blockquote", "pre", "address"}
)  # fmt: skip
_SITE_SUFFIX = re.compile(r"\s{1,3}[|·–—-]\s{1,3}[^|·–—]{1,40}$")
_SPACES = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"(\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])")
"""What `str.splitlines` breaks lines at: a preformatted line must stay one line when the article is read."""


class Converted(NamedTuple):
    """An HTML page as Markdown, and for each Markdown line (0-based) the page line (1-based) it comes from."""

    markdown: str
    sources: tuple[int, ...]


def looks_like_html(text: str) -> bool:
    """Whether `text` is an HTML page (or a fragment of several block tags) rather than Markdown."""
    head = text[:5000].lstrip()
    if not head.startswith("<"):
        return False
    return bool(_HTML_START.match(head)) or len(_BLOCK_TAG.findall(head)) >= _MIN_BLOCK_TAGS


class _Converter(HTMLParser):
    """Streams tags and text into Markdown lines (linear in the page's length)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.sources: list[int] = []
        self.line: list[str] = []
        self.here: int | None = None
        """The page line where the pending line's element (or, outside one, its first text) starts."""
        self.row = 0
        self.prefix = ""
        self.skipping: tuple[str, int] | None = None
        self.quote = 0
        self.pre = 0
        self.lists: list[int | None] = []
        self.cells: list[str] | None = None
        self.rows = 0
        self.title: list[str] = []
        self.title_line = 1
        self.in_title = False
        self.has_h1 = False

    def emit(self, line: str, source: int | None = None) -> None:
        """Add a Markdown line that comes from page line `source` (by default, where the parser is)."""
        self.lines.append(line)
        self.sources.append(source or self.getpos()[0])

    def flush(self, blank: bool = False) -> None:
        text = "".join(self.line).strip()
        if text:
            if self.cells is not None:
                self.cells.append(text)
            else:
                self.emit("> " * self.quote + self.prefix + text, self.here)
        self.line, self.prefix, self.here = [], "", None
        if blank and self.lines and self.lines[-1]:
            self.emit("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping is not None:
            if tag == self.skipping[0]:
                self.skipping = (tag, self.skipping[1] + 1)
            return
        names = " ".join(value or "" for key, value in attrs if key in ("class", "id", "role")).lower()
        if tag in _SKIPPED or (tag not in _VOID and names and _FURNITURE.search(names)):
            self.skipping = (tag, 1)
            return
        self.open(tag)
        if self.here is None and tag not in _VOID:
            self.here = self.getpos()[0]

    def open(self, tag: str) -> None:
        if tag == "title":
            self.in_title, self.title_line = True, self.getpos()[0]
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.flush(blank=True)
            self.has_h1 = self.has_h1 or tag == "h1"
            self.prefix = "#" * int(tag[1]) + " "
        elif tag == "summary":
            self.flush(blank=True)
            self.prefix = "###### "
        elif tag in ("ul", "ol"):
            self.flush(blank=not self.lists)
            self.lists.append(0 if tag == "ol" else None)
        elif tag == "li":
            self.flush()
            number = self.lists[-1] if self.lists else None
            if number is not None:
                self.lists[-1] = number + 1
            self.prefix = "  " * max(0, len(self.lists) - 1) + (f"{number + 1}. " if number is not None else "- ")
        elif tag == "blockquote":
            self.flush(blank=True)
            self.quote += 1
        elif tag == "pre":
            self.flush(blank=True)
            self.emit("```")
            self.pre += 1
        elif tag == "tr":
            self.flush()
            self.cells, self.row = [], self.getpos()[0]
        elif tag in ("td", "th"):
            self.flush()
        elif tag in ("br", "hr"):
            self.flush()
            if tag == "hr":
                for line in ("", "---", ""):
                    self.emit(line)
        elif tag in ("strong", "b"):
            self.line.append("**")
        elif tag == "dt":  # a term and its definition read as "**Term:** definition"
            self.flush(blank=True)
            self.line.append("**")
        elif tag in _BLOCKS and not (tag == "dd" and self.line):
            self.flush(blank=True)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping is not None:
            if tag == self.skipping[0]:
                depth = self.skipping[1] - 1
                self.skipping = (tag, depth) if depth else None
            return
        if tag == "title":
            self.in_title = False
        elif tag in ("strong", "b"):
            self.line.append("**")
        elif tag == "dt":
            self.line.append(":** ")
        elif tag == "tr" and self.cells is not None:
            self.flush()
            cells, self.cells = self.cells, None
            if cells:
                self.emit("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |", self.row)
                self.rows += 1
                if self.rows == 1:
                    self.emit("|" + " --- |" * len(cells), self.row)
        elif tag in ("td", "th"):
            self.flush()
        elif tag in ("ul", "ol") and self.lists:
            self.flush()
            self.lists.pop()
            if not self.lists:
                self.flush(blank=True)
        elif tag == "li":
            self.flush()
        elif tag == "blockquote" and self.quote:
            self.flush(blank=True)
            self.quote -= 1
        elif tag == "pre" and self.pre:
            self.flush()
            self.emit("```")
            self.pre -= 1
        elif tag == "table":
            self.flush(blank=True)
            self.rows = 0
        elif tag == "summary" or (len(tag) == 2 and tag[0] == "h" and tag[1] in "123456") or tag in _BLOCKS:
            self.flush(blank=True)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif self.skipping is None:
            start = self.getpos()[0]
            if self.here is None and data.strip():
                self.here = start + data.count("\n", 0, len(data) - len(data.lstrip()))
            if self.pre:
                pieces = _LINE_BREAK.split(data)  # text, line break, text, ..., text
                for part, line_break in zip(pieces[:-1:2], pieces[1::2], strict=True):
                    self.line.append(part)
                    self.emit("".join(self.line), self.here or start)
                    start += line_break.count("\n")  # the parser counts lines as "\n" does
                    self.line, self.here = [], start
                self.line.append(pieces[-1])
            else:
                self.line.append(_SPACES.sub(" ", data))

    def markdown(self) -> Converted:
        self.close()
        self.flush()
        lines = [line.replace("****", "").replace("** **", " ").rstrip() for line in self.lines]
        sources = self.sources
        title = _SPACES.sub(" ", "".join(self.title)).strip()
        if title and not self.has_h1:
            lines = [f"# {_SITE_SUFFIX.sub('', title)}", "", *lines]
            sources = [self.title_line, self.title_line, *sources]
        return Converted("\n".join(lines) + "\n", tuple(sources))


def html_to_markdown(text: str) -> Converted:
    """The Markdown an HTML page reads as (see the module docstring), with the page line of each of its lines."""
    converter = _Converter()
    converter.feed(text)
    return converter.markdown()
