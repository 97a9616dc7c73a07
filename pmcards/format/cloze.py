"""Cloze deletions in Anki's syntax: `{{c1::answer}}` or `{{c1::answer::hint}}`.

The text is read by one linear scan (no backtracking regular expression), so even a hostile line
of a thousand unclosed `{{c1::` costs one pass.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass

MAX_NUMBER = 500
"""The highest deletion number (Anki's own limit is about there too)."""

_MARKER = re.compile(r"\{\{c(\d{1,50})::|\}\}")
"""An opening `{{cN::` or a closing `}}`: the only tokens the scan needs."""


@dataclass(frozen=True, slots=True)
class Deletion:
    """One deletion: its number, answer and hint, and where it starts and ends in the text."""

    number: int
    answer: str
    hint: str | None
    start: int
    end: int

    @property
    def markup(self) -> str:
        """The deletion as written in the text."""
        hint = f"::{self.hint}" if self.hint is not None else ""
        return f"{{{{c{self.number}::{self.answer}{hint}}}}}"


@dataclass(frozen=True, slots=True)
class Defect:
    """A syntax problem at `offset` in the text."""

    offset: int
    message: str


def scan(text: str) -> tuple[list[Deletion], list[Defect]]:
    """The deletions of `text`, in order, and its syntax defects (nested, unclosed or stray markers,
    numbers out of range, empty answers), in the order they occur."""
    deletions: list[Deletion] = []
    defects: list[Defect] = []
    broken: list[int] = []
    openings: set[int] = set()
    opening: re.Match[str] | None = None
    for token in _MARKER.finditer(text):
        if token.group(1) is not None:
            openings.add(token.start())
            if opening is not None:
                defects.append(
                    Defect(
                        opening.start(),
                        f"cloze deletion '{_snippet(text, opening.start())}' is not closed before the next one "
                        "opens (a missing '}}'? deletions cannot be nested)",
                    )
                )
            opening = token
        elif opening is None:
            broken.append(token.start())
        else:
            answer, separator, hint = text[opening.end() : token.start()].partition("::")
            deletion = Deletion(
                int(opening.group(1)), answer, hint if separator else None, opening.start(), token.end()
            )
            deletions.append(deletion)
            if not 1 <= deletion.number <= MAX_NUMBER:
                defects.append(Defect(deletion.start, f"cloze number c{deletion.number}: use c1 to c{MAX_NUMBER}"))
            elif not answer.strip():
                defects.append(Defect(deletion.start, f"empty cloze deletion '{deletion.markup}'"))
            opening = None
    if opening is not None:
        broken.append(opening.start())
    broken += [offset for offset in _all(text, "{{") if offset not in openings]
    if broken:
        offset = min(broken)
        defects.append(
            Defect(
                offset,
                f"broken cloze syntax near '{_snippet(text, offset)}' (write {{{{c1::answer}}}} or "
                "{{c1::answer::hint}})",
            )
        )
    if not deletions and not defects:
        defects.append(Defect(0, "cloze text has no deletion like {{c1::answer}}"))
    return deletions, sorted(defects, key=lambda defect: defect.offset)


def _all(text: str, marker: str) -> Iterator[int]:
    """Every offset where `marker` starts (overlapping ones too), in one pass."""
    offset = text.find(marker)
    while offset >= 0:
        yield offset
        offset = text.find(marker, offset + 1)


def _snippet(text: str, offset: int) -> str:
    return text[offset : offset + 30].split("\n")[0]


_OPENING = re.compile(r"\{\{c(\d{1,50})::")


def numbers(text: str) -> tuple[int, ...]:
    """The deletion numbers used in `text` (a text whose syntax `scan` finds no defect in), sorted:
    each becomes one card to review."""
    return tuple(sorted({int(number) for number in _OPENING.findall(text)}))


def substitute(text: str, replace: Callable[[Deletion], str]) -> str:
    """`text` with every deletion replaced by `replace(deletion)`."""
    return "".join(_pieces(text, replace))


def _pieces(text: str, replace: Callable[[Deletion], str]) -> Iterator[str]:
    position = 0
    for deletion in scan(text)[0]:
        yield text[position : deletion.start]
        yield replace(deletion)
        position = deletion.end
    yield text[position:]


_HOLD = f"pmcardsheld{secrets.token_hex(8)}x"
HELD = re.compile(f"{_HOLD}(\\d+)x")
"""Finds the placeholders `hold` puts in; group 1 is the deletion's index."""
_SHOWN_CONTENT = ("text", "code_inline", "html_inline")
"""Inline Markdown tokens whose content the reader sees (raw HTML is shown as text)."""


def hold(text: str) -> tuple[str, list[Deletion]]:
    """`text` with each deletion set aside, for reading the Markdown around it: in its place a
    word that Markdown leaves as it is and no card holds (it is new in every process), which
    `HELD` finds; and the deletions, in order."""
    deletions: list[Deletion] = []

    def placeholder(deletion: Deletion) -> str:
        deletions.append(deletion)
        return f"{_HOLD}{len(deletions) - 1}x"

    return substitute(text, placeholder), deletions


MAX_MARKDOWN_CHECKED = 10_000
"""The longest text `hidden` reads as Markdown (a card's text is far shorter): the Markdown parser
is not linear on hostile text, and lint must stay fast on anything."""


def hidden(text: str) -> list[Deletion]:
    """The deletions of `text` that Markdown would not show: in a link's address or title, in
    an image, or in a link reference definition. Neither the review nor Anki could show them.
    A text with no link or image address, or longer than `MAX_MARKDOWN_CHECKED`, is not read."""
    if ("](" not in text and "]:" not in text) or len(text) > MAX_MARKDOWN_CHECKED:
        return []
    from markdown_it import MarkdownIt

    held, deletions = hold(text)
    shown = []
    for token in MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"]).parse(held):
        if token.type == "inline":
            shown += [child.content for child in token.children or [] if child.type in _SHOWN_CONTENT]
        elif token.type in ("fence", "code_block", "html_block"):
            shown.append(token.content)
    seen = {int(found.group(1)) for found in HELD.finditer("\n".join(shown))}
    return [deletion for index, deletion in enumerate(deletions) if index not in seen]


def front(text: str, number: int) -> str:
    """The text with deletion `number` hidden as `[...]` (or `[hint]`) and the others shown."""
    return substitute(
        text,
        lambda deletion: (
            deletion.answer if deletion.number != number else f"[{deletion.hint}]" if deletion.hint else "[...]"
        ),
    )


def back(text: str, number: int) -> str:
    """The full text, with deletion `number` in bold (every deletion for 0: the whole note)."""
    return substitute(
        text, lambda deletion: f"**{deletion.answer}**" if number in (0, deletion.number) else deletion.answer
    )
