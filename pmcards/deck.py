"""Decks and cards as content: what a deck file says, before anything is scheduled."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Literal, TypeAlias

CardKind: TypeAlias = Literal["basic", "cloze", "interview"]

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
CLOZE_PATTERN = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


def clean_text(text: str) -> str:
    """Normalise a field value: no trailing spaces on lines, no blank lines around it."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


@dataclass(frozen=True)
class CardBase:
    """What every card has: a stable id, tags and provenance.

    `section` is the article section the card comes from; `source` is the article, when it
    differs from the deck's. `line` is where the card starts in its file (0 when not from a file)
    and takes no part in equality.
    """

    id: str
    tags: tuple[str, ...] = ()
    section: str = ""
    source: str = ""
    line: int = field(default=0, compare=False)

    kind: ClassVar[CardKind]


@dataclass(frozen=True)
class BasicCard(CardBase):
    """A question and its answer.

    Every card kind has `front` (what the learner sees first; a cloze gives its full text) and
    `sides()` (its content fields by name, as stored and exported).
    """

    question: str = ""
    answer: str = ""
    kind: ClassVar[CardKind] = "basic"

    @property
    def front(self) -> str:
        return self.question

    def sides(self) -> dict[str, str]:
        return {"question": self.question, "answer": self.answer}


@dataclass(frozen=True)
class ClozeCard(CardBase):
    """Text with Anki-style deletions `{{c1::...}}`; each deletion number is reviewed on its own."""

    text: str = ""
    extra: str = ""
    kind: ClassVar[CardKind] = "cloze"

    @property
    def front(self) -> str:
        return self.text

    def sides(self) -> dict[str, str]:
        return {"text": self.text, "extra": self.extra}

    def ordinals(self) -> list[int]:
        """The deletion numbers used in the text, sorted (each becomes one card to review)."""
        return sorted({int(match.group(1)) for match in CLOZE_PATTERN.finditer(self.text)})


@dataclass(frozen=True)
class InterviewCard(CardBase):
    """An interview question, the outline of a strong answer, its traps and a framework."""

    question: str = ""
    key_points: str = ""
    traps: str = ""
    framework: str = ""
    kind: ClassVar[CardKind] = "interview"

    @property
    def front(self) -> str:
        return self.question

    def sides(self) -> dict[str, str]:
        return {
            "question": self.question,
            "key_points": self.key_points,
            "traps": self.traps,
            "framework": self.framework,
        }


Card: TypeAlias = BasicCard | ClozeCard | InterviewCard

CARD_TYPES: dict[CardKind, type[Card]] = {
    "basic": BasicCard,
    "cloze": ClozeCard,
    "interview": InterviewCard,
}


def card_from_sides(kind: CardKind, sides: dict[str, str], **meta: object) -> Card:
    """Rebuild a card from its kind, `sides()` and metadata (id, tags, section, source)."""
    return CARD_TYPES[kind](**meta, **sides)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Deck:
    """One deck: metadata and cards in file order. `path` takes no part in equality."""

    id: str
    title: str
    description: str = ""
    source: str = ""
    url: str = ""
    tags: tuple[str, ...] = ()
    cards: tuple[Card, ...] = ()
    path: Path | None = field(default=None, compare=False)


def cloze_front(text: str, ordinal: int) -> str:
    """The cloze text with deletion `ordinal` hidden as `[...]` (or `[hint]`) and the others shown."""

    def hide(match: re.Match[str]) -> str:
        if int(match.group(1)) != ordinal:
            return match.group(2)
        return f"[{match.group(3)}]" if match.group(3) else "[...]"

    return CLOZE_PATTERN.sub(hide, text)


def cloze_back(text: str, ordinal: int) -> str:
    """The full cloze text, with deletion `ordinal` in bold."""

    def reveal(match: re.Match[str]) -> str:
        return f"**{match.group(2)}**" if int(match.group(1)) == ordinal else match.group(2)

    return CLOZE_PATTERN.sub(reveal, text)
