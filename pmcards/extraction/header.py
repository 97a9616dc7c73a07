"""An article's header: its title, URL and TL;DR, from YAML front matter, `Title:` lines (an email's `Subject:`)
or the first heading.

The lines used are blanked, so the parser does not read them again. A title is never a section
name ("TL;DR", "Summary", "FAQ") nor a page's navigation; an article without a title gets "".
"""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.

from __future__ import annotations

import re
from dataclasses import dataclass

from pmcards.extraction.noise import noise_reason
from pmcards.extraction.text import ends_sentence, shorten, strip_markdown, words

_META = re.compile(
    r"(title|url|link|canonical|source|author|by|date|published|updated|description|tags|category|categories"
    r"|subject|from|to|cc|sent|reply-to)"
    r"[ \t]*:[ \t]*(.*)",
    re.IGNORECASE,
)
_YAML = re.compile(r"([A-Za-z][\w;-]{0,40})[ \t]*:[ \t]*(.*)")
_URL_KEYS = frozenset({"url", "link", "canonical", "canonical_url", "permalink", "source_url"})
_TLDR_KEYS = frozenset({"tldr", "tl;dr", "tl_dr", "summary"})
_HEADING = re.compile(r" {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*")
_SECTION_NAME = re.compile(
    r"tl;? ?dr|summary|introduction|intro|overview|faqs?|frequently asked questions|(?:table of )?contents"
    r"|key takeaways|takeaways|conclusion|background|abstract|about",
    re.IGNORECASE,
)
_LIST_OR_TABLE = re.compile(r"\s{0,12}(?:[-*+•>|]|\d{1,3}[.)])\s")
_BEFORE_TITLE = frozenset({"navigation", "link list", "image", "metadata", "image credit"})
_TITLE_WORDS = 15
_TITLE_CHARS = 120
_FRONT_MATTER_LINES = 100


@dataclass(frozen=True)
class Header:
    """What an article says about itself: title ("" when it has none), URL and TL;DR (with its line)."""

    title: str = ""
    url: str = ""
    tldr: str = ""
    tldr_line: int = 0


def _unquote(value: str) -> str:
    value = value.strip()
    return value[1:-1].strip() if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'" else value


def _front_matter(lines: list[str]) -> dict[str, tuple[int, str]]:
    """The `key: value` pairs of YAML front matter (folded `>`/`|` values joined), each with its line;
    the front matter is blanked."""
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != "---":
        return {}
    end = next(
        (
            i
            for i in range(first + 1, min(len(lines), first + _FRONT_MATTER_LINES))
            if lines[i].strip() in ("---", "...")
        ),
        None,
    )
    if end is None:
        return {}
    found: dict[str, tuple[int, str]] = {}
    key = ""
    for index in range(first + 1, end):
        line = lines[index]
        pair = _YAML.fullmatch(line.strip()) if not line.startswith((" ", "\t")) else None
        if pair:
            key = pair.group(1).lower()
            found[key] = (
                index + 1,
                _unquote(pair.group(2)) if pair.group(2).strip() not in (">", "|", ">-", "|-") else "",
            )
        elif key and line.strip():
            number, value = found[key]
            found[key] = (number, f"{value} {line.strip()}".strip())
    for index in range(first, end + 1):
        lines[index] = ""
    return found


def _meta_lines(lines: list[str]) -> dict[str, str]:
    """`Title:`, `URL:` and other metadata lines at the top of a plain-text article (an email's `From:`,
    `Subject:` and `Date:` too); they are blanked."""
    found: dict[str, str] = {}
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        meta = _META.fullmatch(line.strip())
        if not meta or not meta.group(2).strip():
            break
        found.setdefault(meta.group(1).lower(), meta.group(2).strip())
        lines[index] = ""
    return found


def _heading(line: str) -> tuple[int, str] | None:
    match = _HEADING.fullmatch(line)
    return (len(match.group(1)), match.group(2).strip()) if match else None


def _is_title_line(line: str) -> bool:
    """Whether a first line reads as a title: short, no sentence end, not a list, table or section name."""
    plain = strip_markdown(line).strip()
    return (
        bool(plain)
        and not plain.startswith("#")
        and not _LIST_OR_TABLE.match(line)
        and words(plain) <= _TITLE_WORDS
        and not ends_sentence(plain)
        and not plain.endswith("?")
        and not _SECTION_NAME.fullmatch(plain.rstrip(":").strip())
    )


def _title_from_lines(lines: list[str], known: bool) -> str:
    """The title the first lines give (the first heading, else the first `#` heading, else a title-like
    first line), skipping navigation and metadata before it; blanks the line used. With `known` (the
    title came from elsewhere) only a first `#` heading repeating it is blanked."""
    first = next((i for i, line in enumerate(lines) if line.strip() and noise_reason(line) not in _BEFORE_TITLE), None)
    if first is None:
        return ""
    heading = _heading(lines[first])
    if heading and (heading[0] == 1 or not known) and not _SECTION_NAME.fullmatch(heading[1].rstrip(":").strip()):
        lines[first] = ""
        return heading[1]
    if known:
        return ""
    for index, line in enumerate(lines):
        heading = _heading(line) if line.lstrip().startswith("#") else None
        if heading and heading[0] == 1:
            lines[index] = ""
            return heading[1]
    if _is_title_line(lines[first]):
        title = lines[first].strip()
        lines[first] = ""
        return title
    return ""


def read_header(lines: list[str]) -> Header:
    """The article's title, URL and TL;DR; the lines that gave them are blanked."""
    front = _front_matter(lines)
    meta = _meta_lines(lines)
    title = front.get("title", (0, ""))[1] or meta.get("title", "") or meta.get("subject", "")
    url = next((front[key][1] for key in _URL_KEYS if key in front), "") or next(
        (value for key, value in meta.items() if key in ("url", "link", "canonical", "source")), ""
    )
    if not url.startswith(("http://", "https://")):
        url = ""
    tldr_line, tldr = next((front[key] for key in _TLDR_KEYS if key in front), (0, ""))
    title = title or _title_from_lines(lines, known=False)
    if front.get("title") or meta.get("title"):
        _title_from_lines(lines, known=True)
    title = shorten(title, _TITLE_CHARS) if len(title) > _TITLE_CHARS else strip_markdown(title)
    return Header(title, url.split()[0] if url else "", tldr, tldr_line)
