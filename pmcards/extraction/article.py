"""An article read as sections of blocks: the structure every finder works on.

Plain text and Markdown alike: front matter and `Title:` lines give the title; `#` headings,
standalone question lines and short title-like lines start sections; paragraphs, list items,
blockquotes, bold labels, tables and numbered question-bank lines (`Q1 - "..."`) are blocks.
Non-content (calls to action, advertisements, link lists, navigation) is marked, never used.
"""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, TypeAlias

from pmcards.extraction.noise import heading_noise, noise_reason
from pmcards.extraction.text import ends_sentence, sentences, shorten, strip_markdown, words

BlockKind: TypeAlias = Literal["paragraph", "item", "quote", "label", "table", "bank"]

_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\u200b-\u200d\u2060]")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]{0,2000}>")
_INLINE_IMAGE = re.compile(r"!\[[^\]]{0,300}\]\([^)\s]{0,500}\)")
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*))?")
_RULE = re.compile(r"(?:[-*_=][ \t]*){3,}")
_QUOTE = re.compile(r" {0,3}>[ >]*(.*)")
_ITEM_MARKS = "-*+•●▪◦‣·–"
_BLOCK_MARKS = f"{_ITEM_MARKS}#>|_0123456789"
_ITEM = re.compile(rf"( *)([{re.escape(_ITEM_MARKS)}]|\d{{1,3}}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?(.*)")
_BANK = re.compile(r"(?:\*\*)?(?:Q|Question )(\d{1,3})(?:\*\*)?[ \t]*[-–—:.)](?:\*\*)?[ \t]*(.+)")
_QA = re.compile(r"(?:\*\*)?(Q|Question|A|Answer)[ \t]*:(?:\*\*)?[ \t]+(.+)")
_BOLD_LINE = re.compile(r"(\*\*|__)(.+?)\1[ \t]*:?")
_META = re.compile(
    r"(title|url|link|canonical|source|author|by|date|published|updated|description|tags|category|categories)"
    r"[ \t]*:[ \t]*(.*)",
    re.IGNORECASE,
)
_TABLE_SEPARATOR = re.compile(r"\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_KNOWN_HEADINGS = {
    "summary", "conclusion", "introduction", "overview", "faq", "faqs", "checklist", "takeaways",
    "resources", "references", "mistakes", "examples", "background", "context", "tl;dr", "tldr",
}  # fmt: skip
_FUNCTION_WORDS = {
    "a", "an", "the", "to", "of", "for", "in", "on", "and", "or", "vs", "vs.", "with", "is", "as", "at", "by",
    "from", "into", "your", "you",
}  # fmt: skip
_TITLE_LIKE_END = re.compile(r"[\w)”\"'’?]$")
_LEADING_LABEL = re.compile(r"(\*\*|__)[^*_]+?(?::\1|\1:)")


class Row(NamedTuple):
    """A table row: its article line and its cells."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """One paragraph, list item, blockquote, bold label, table or question-bank line.

    `text` keeps inline Markdown; `starts` maps offsets in `text` to article lines (a block may
    join several lines); `noise` says why the block is not content ("" when it is); `index` is
    the block's position in the article, its identity for the finders.
    """

    kind: BlockKind
    text: str
    line: int
    index: int
    starts: tuple[tuple[int, int], ...] = ()
    rows: tuple[Row, ...] = ()
    noise: str = ""

    def line_at(self, offset: int) -> int:
        """The article line of the character at `offset` in `text`."""
        position = bisect.bisect_right(self.starts, offset, key=lambda start: start[0])
        return self.starts[position - 1][1] if position else self.line

    @property
    def sentences(self) -> tuple[tuple[int, str], ...]:
        return sentences(self.text)


@dataclass
class Section:
    """A heading (`#` heading, question line or title-like line) and the blocks under it.

    `context` holds the titles of the enclosing non-question headings, outermost first (the
    section's own title included when it is not a question); `qa` marks a `Q:` line.
    """

    title: str
    line: int
    level: int
    question: bool
    context: tuple[str, ...]
    blocks: list[Block] = field(default_factory=list)
    noise: str = ""
    qa: bool = False


@dataclass(frozen=True)
class Skipped:
    """Something in the article that gave no card, and why."""

    line: int
    reason: str
    text: str


@dataclass
class Article:
    """A parsed article: title, URL (when it names one), sections, and what was skipped."""

    title: str
    url: str
    sections: list[Section]
    skipped: list[Skipped]

    def blocks(self) -> list[tuple[Section, Block]]:
        """Every content block with its section, in article order."""
        return [(section, block) for section in self.sections for block in section.blocks if not block.noise]


def normalise(text: str) -> list[str]:
    """The article's lines: no invisible or control characters, HTML tags or comments, or images;
    tabs as spaces; no `{{`/`}}` (cloze syntax)."""
    lines = []
    for line in text.splitlines():
        line = _INVISIBLE.sub("", line).replace("\t", "    ")
        if "<" in line:
            line = _HTML_TAG.sub("", _without_comments(line))
        if "](" in line:
            line = _INLINE_IMAGE.sub("", line)
        lines.append(line.replace("{{", "{ {").replace("}}", "} }").rstrip())
    return lines


def _without_comments(line: str) -> str:
    """`line` without its `<!-- ... -->` comments (an unclosed one is left as text)."""
    first, *rest = line.split("<!--")
    kept = [first]
    for part in rest:
        _, closed, after = part.partition("-->")
        kept.append(after if closed else f"<!--{part}")
    return "".join(kept)


def _heading(line: str) -> tuple[int, str] | None:
    """The level and title of a `#` heading line (closing `#`s removed), or None."""
    match = _HEADING.fullmatch(line)
    if match is None:
        return None
    title = (match.group(2) or "").strip()
    unclosed = title.rstrip("#")
    if unclosed != title and (not unclosed or unclosed[-1] in " \t"):
        title = unclosed.strip()
    return len(match.group(1)), title


def _title_like(text: str) -> bool:
    """Whether a short line reads as a heading: capitalised words or a known heading word, no sentence end."""
    plain = strip_markdown(text)
    tokens = plain.split()
    if (
        _LEADING_LABEL.match(text)
        or not tokens
        or len(tokens) > 10
        or len(plain) > 80
        or ends_sentence(plain)
        or not _TITLE_LIKE_END.search(plain)
    ):
        return False
    if not (plain[0].isupper() or plain[0].isdigit()):
        return False
    if any(token.lower().strip(":") in _KNOWN_HEADINGS for token in tokens):
        return True
    if len(tokens) == 1:
        return plain.isupper()
    content = [token for token in tokens if token.lower() not in _FUNCTION_WORDS]
    capitalised = sum(1 for token in content if token[0].isupper() or token[0].isdigit())
    return bool(content) and capitalised / len(content) >= 0.6


def _question_line(text: str) -> bool:
    """Whether a standalone line is one question (a section heading in plain-text articles)."""
    plain = strip_markdown(text)
    return plain.endswith("?") and plain[0] not in "“\"'‘" and 3 <= words(plain) <= 40 and len(sentences(plain)) == 1


def _cells(line: str) -> tuple[str, ...]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return tuple(cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT.split(inner))


def _is_row(line: str) -> bool:
    stripped = line.strip()
    return stripped.count("|") >= 2 or (stripped.startswith("|") and stripped.count("|") >= 1 and len(stripped) > 1)


class _Parser:
    """Builds sections and blocks line by line."""

    def __init__(self, lines: list[str], wrapped: bool) -> None:
        self.lines = lines
        self.wrapped = wrapped
        self.sections: list[Section] = []
        self.skipped: list[Skipped] = []
        self.stack: list[tuple[int, str]] = []
        self.noise_level: int | None = None
        self.kind: BlockKind | None = None
        self.parts: list[tuple[int, str]] = []
        self.rows: list[Row] = []
        self.open = False
        self.count = 0

    # blocks

    def flush(self) -> None:
        if self.kind is None:
            return
        text, starts, offset = "", [], 0
        for number, part in self.parts:
            text = f"{text} {part}" if text else part
            starts.append((offset, number))
            offset = len(text) + 1
        section = self.section_for(self.parts[0][0])
        noise = (noise_reason(text) if self.kind != "table" else "") or section.noise
        block = Block(self.kind, text, self.parts[0][0], self.count, tuple(starts), tuple(self.rows), noise)
        self.count += 1
        section.blocks.append(block)
        if noise:
            self.skipped.append(Skipped(block.line, noise, shorten(text, 70)))
        self.kind, self.parts, self.rows, self.open = None, [], [], False

    def start(self, kind: BlockKind, number: int, text: str) -> None:
        self.flush()
        self.kind, self.parts, self.open = kind, [(number, text)], True

    def section_for(self, number: int) -> Section:
        if not self.sections:
            self.sections.append(Section("Introduction", number, 1, False, ()))
        return self.sections[-1]

    # sections

    def heading(self, title: str, number: int, level: int | None, question: bool, qa: bool = False) -> None:
        self.flush()
        title = strip_markdown(title).strip() or f"Section at line {number}"
        if level is None:
            level = (self.stack[-1][0] if self.stack else 1) + 1 if question else 2
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        if self.noise_level is not None and level <= self.noise_level:
            self.noise_level = None
        noise = "" if self.noise_level is None else self.sections[-1].noise
        own = heading_noise(title)
        if own and not noise:
            noise = own
            self.skipped.append(Skipped(number, own, title))
            if not question:
                self.noise_level = level
        if not question:
            self.stack.append((level, title))
        context = tuple(name for _, name in self.stack)
        self.sections.append(Section(title, number, level, question, context, noise=noise, qa=qa))

    # lines

    def boundary(self) -> bool:
        """Whether the next line starts something new (no unfinished paragraph before it)."""
        return not (self.open and self.kind in ("paragraph", "quote") and not ends_sentence(self.parts[-1][1]))

    def joins(self, text: str, indented: bool) -> bool:
        """Whether a line continues the open block: an indented line under a list item, a wrapped
        line (not a new question or heading after a finished sentence), or a lowercase continuation."""
        if not self.open or self.kind not in ("paragraph", "item", "quote"):
            return False
        if self.kind == "item" and indented:
            return True
        finished = ends_sentence(self.parts[-1][1])
        if self.wrapped and self.kind != "item":
            return not (finished and (_question_line(text) or _title_like(text)))
        return not finished and text[:1].islower()

    def text_line(self, number: int, raw: str, following: str | None) -> None:
        stripped = raw.strip()
        first = stripped[0]
        bank = _BANK.fullmatch(stripped) if first in "Q*" else None
        qa = _QA.fullmatch(stripped) if first in "QA*" else None
        bold = _BOLD_LINE.fullmatch(stripped) if first in "*_" else None
        if not (bank or qa or bold) and self.joins(stripped, raw.startswith("  ")):
            self.parts.append((number, stripped))
            return
        boundary = self.boundary()
        if bank and words(bank.group(2)) >= 2:
            self.start("bank", number, bank.group(2).strip("* "))
            self.open = False
        elif qa and qa.group(1).startswith("Q") and words(qa.group(2)) >= 2:
            self.heading(qa.group(2).strip("* "), number, None, question=True, qa=True)
        elif qa:
            self.start("paragraph", number, qa.group(2))
        elif bold and strip_markdown(bold.group(2)).endswith("?"):
            self.heading(bold.group(2), number, None, question=True)
        elif bold:
            self.start("label", number, bold.group(2).rstrip(":").strip())
            self.open = False
        elif boundary and _question_line(stripped):
            self.heading(stripped, number, None, question=True)
        elif boundary and _title_like(stripped) and (following is None or not following[:1].islower()):
            if following is not None or heading_noise(stripped):
                self.heading(stripped, number, None, question=False)
            else:
                self.start("paragraph", number, stripped)
        else:
            self.start("paragraph", number, stripped)

    def table_row(self, number: int, stripped: str) -> None:
        if self.kind != "table":
            self.start("table", number, stripped)
        else:
            self.parts.append((number, stripped))
        if not _TABLE_SEPARATOR.fullmatch(stripped):
            self.rows.append(Row(number, _cells(stripped)))

    def quote_line(self, number: int, content: str) -> None:
        if not content:
            self.flush()
        elif self.kind == "quote" and self.joins(content, False):
            self.parts.append((number, content))
        else:
            self.start("quote", number, content)

    def parse(self) -> None:
        fence = False
        upcoming = self._following()
        for index, raw in enumerate(self.lines):
            number, stripped = index + 1, raw.strip()
            if stripped.startswith(("```", "~~~")):
                self.flush()
                if not fence:
                    self.skipped.append(Skipped(number, "code block", ""))
                fence = not fence
                continue
            if fence:
                continue
            if not stripped or (stripped[0] in "-*_=" and _RULE.fullmatch(stripped)):
                self.flush()
                continue
            first = stripped[0]
            heading = _heading(raw) if first == "#" else None
            quote = _QUOTE.fullmatch(raw) if first == ">" else None
            item = _ITEM.fullmatch(raw) if first in _ITEM_MARKS or first.isdigit() else None
            if heading:
                level, title = heading
                if title:
                    self.heading(title, number, level, question=strip_markdown(title).endswith("?"))
                else:
                    self.flush()
            elif "|" in stripped and _is_row(stripped) and (self.kind == "table" or _is_row(upcoming[index] or "")):
                self.table_row(number, stripped)
            elif quote:
                self.quote_line(number, quote.group(1).strip())
            elif item and item.group(3).strip():
                self.start("item", number, item.group(3).strip())
            else:
                self.text_line(number, raw, upcoming[index])
        self.flush()

    def _following(self) -> list[str | None]:
        """For each line, the next non-blank line (stripped), or None at the end."""
        following: list[str | None] = [None] * len(self.lines)
        upcoming: str | None = None
        for index in range(len(self.lines) - 1, -1, -1):
            following[index] = upcoming
            if self.lines[index].strip():
                upcoming = self.lines[index].strip()
        return following


def _is_wrapped(lines: list[str]) -> bool:
    """Whether paragraphs are hard-wrapped (blank lines between paragraphs, short lines within them)."""
    text_lines = [line for line in lines if line.strip() and line.lstrip()[0] not in _BLOCK_MARKS]
    if not text_lines or not any(not line.strip() for line in lines):
        return False
    long_lines = sum(1 for line in text_lines if len(line) > 120)
    return long_lines / len(text_lines) < 0.1


def _header(lines: list[str]) -> tuple[str, str]:
    """Title and URL from front matter, `Title:` lines or the first heading or line; blanks what it used."""
    title, url = "", ""
    numbers = [index for index, line in enumerate(lines) if line.strip()]
    if numbers and lines[numbers[0]].strip() == "---":
        end = next((i for i in numbers[1:100] if lines[i].strip() in ("---", "...")), None)
        if end is not None:
            for index in range(numbers[0], end + 1):
                meta = _META.fullmatch(lines[index].strip())
                if meta and meta.group(1).lower() == "title":
                    title = meta.group(2).strip().strip("\"'")
                elif meta and meta.group(1).lower() in ("url", "link", "canonical"):
                    url = meta.group(2).strip().strip("\"'")
                lines[index] = ""
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        meta = _META.fullmatch(line.strip())
        if not meta or not meta.group(2).strip():
            break
        key, value = meta.group(1).lower(), meta.group(2).strip()
        if key == "title" and not title:
            title = value
        elif key in ("url", "link", "canonical", "source") and value.startswith(("http://", "https://")) and not url:
            url = value
        lines[index] = ""
    found = _title_from_lines(lines, keep_text=bool(title))
    title = title or found
    title = shorten(title, 120) if len(title) > 120 else strip_markdown(title)
    return title or "Untitled article", url.split()[0] if url else ""


def _title_from_lines(lines: list[str], keep_text: bool) -> str:
    """The title the article's first lines give: a first heading, the first `#` heading, or the first
    line (shortened). A heading used is blanked; with `keep_text` (the title is known already) only a
    first-line `#` heading is, as the title repeated."""
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return ""
    heading = _heading(lines[first])
    if heading and heading[1] and (heading[0] == 1 or not keep_text):
        lines[first] = ""
        return heading[1]
    if keep_text:
        return ""
    for index, line in enumerate(lines):
        heading = _heading(line) if line.lstrip().startswith("#") else None
        if heading and heading[0] == 1 and heading[1]:
            lines[index] = ""
            return heading[1]
    line = lines[first].strip()
    if not _ITEM.fullmatch(lines[first]) and "|" not in line and words(line) <= 15 and not ends_sentence(line):
        lines[first] = ""
        return line
    return shorten(line)


def read_article(text: str) -> Article:
    """Parse an article's text into sections and blocks."""
    lines = normalise(text)
    wrapped = _is_wrapped(lines)
    title, url = _header(lines)
    parser = _Parser(lines, wrapped)
    parser.parse()
    sections = parser.sections
    for position, section in enumerate(sections):
        following = sections[position + 1] if position + 1 < len(sections) else None
        has_children = following is not None and following.level > section.level
        if not section.blocks and not has_children and not section.question and not section.noise:
            parser.skipped.append(Skipped(section.line, "empty section", section.title))
    parser.skipped.sort(key=lambda skipped: skipped.line)
    return Article(title, url, sections, parser.skipped)
