"""HTML saved as text, turned into the Markdown the article reader takes.

Scripts, styles, forms, navigation, footers, asides and page furniture (cookie banners,
newsletter boxes, share bars: by class or id) are dropped. Headings become `#` lines, list items
`- ` lines, table rows `| a | b |` lines, blockquotes `> ` lines and `<summary>` a heading; bold
stays bold, links and other inline tags become their text. Without an `<h1>`, the `<title>`
(less a " | Site" suffix) is the title.
"""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from html.parser import HTMLParser

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
        self.line: list[str] = []
        self.prefix = ""
        self.skipping: tuple[str, int] | None = None
        self.quote = 0
        self.pre = 0
        self.lists: list[int | None] = []
        self.cells: list[str] | None = None
        self.rows = 0
        self.title: list[str] = []
        self.in_title = False
        self.has_h1 = False

    def flush(self, blank: bool = False) -> None:
        text = "".join(self.line).strip()
        if text:
            if self.cells is not None:
                self.cells.append(text)
            else:
                self.lines.append("> " * self.quote + self.prefix + text)
        self.line, self.prefix = [], ""
        if blank and self.lines and self.lines[-1]:
            self.lines.append("")

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

    def open(self, tag: str) -> None:
        if tag == "title":
            self.in_title = True
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
            self.lines.append("```")
            self.pre += 1
        elif tag == "tr":
            self.flush()
            self.cells = []
        elif tag in ("td", "th"):
            self.flush()
        elif tag in ("br", "hr"):
            self.flush()
            if tag == "hr":
                self.lines += ["", "---", ""]
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
                self.lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
                self.rows += 1
                if self.rows == 1:
                    self.lines.append("|" + " --- |" * len(cells))
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
            self.lines.append("```")
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
            if self.pre:
                *complete, rest = data.split("\n")
                for part in complete:
                    self.line.append(part)
                    self.lines.append("".join(self.line))
                    self.line = []
                self.line.append(rest)
            else:
                self.line.append(_SPACES.sub(" ", data))

    def markdown(self) -> str:
        self.close()
        self.flush()
        lines = [line.replace("****", "").replace("** **", " ").rstrip() for line in self.lines]
        title = _SPACES.sub(" ", "".join(self.title)).strip()
        if title and not self.has_h1:
            lines = [f"# {_SITE_SUFFIX.sub('', title)}", "", *lines]
        return "\n".join(lines) + "\n"


def html_to_markdown(text: str) -> str:
    """The Markdown an HTML page reads as (see the module docstring)."""
    converter = _Converter()
    converter.feed(text)
    return converter.markdown()
