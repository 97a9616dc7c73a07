"""Decks and cards as content: what a deck file says, before anything is scheduled."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pmcards.errors import PmcardsError
from pmcards.format.kinds import Kind, kind_named

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
"""A deck or card id: ASCII letters, digits, `.`, `_` and `-`, at most 64, starting with a letter or digit."""
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Every control character but tab and line feed (C0, DEL and C1). No deck file may hold one:
Anki refuses a package whose fields hold its separator U+001F, and ESC or the C1 controls would
drive the terminal (`pmcards.terminal` shows none of them)."""


def tag_key(tag: str) -> str:
    """What a tag is compared by: tags match whatever their case, as Anki's do."""
    return tag.casefold()


def shares_a_tag(tags: Iterable[str], wanted: Iterable[str]) -> bool:
    """Whether `tags` hold one of `wanted` (compared by `tag_key`)."""
    keys = {tag_key(tag) for tag in wanted}
    return any(tag_key(tag) in keys for tag in tags)


def clean_text(text: str) -> str:
    """Normalise a field value: no trailing spaces on lines, no blank lines around it."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


@dataclass(frozen=True)
class Card:
    """One card of a deck file (a note, in Anki's words): its stable id, its kind, its content
    fields, tags and provenance.

    `fields` holds every field of the kind (missing ones as ""); `section` is the article section
    the card comes from and `source` the article, when it differs from the deck's. `line` is where
    the card starts in its file (0 when not from a file) and takes no part in equality.

        Card("vs-001", "basic", {"question": "Who owns the model lifecycle?", "answer": "The ML PM."})
    """

    id: str
    kind: str
    fields: Mapping[str, str] = field(hash=False)
    tags: tuple[str, ...] = ()
    section: str = ""
    source: str = ""
    line: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        names = kind_named(self.kind).field_names
        if tuple(self.fields) != names:
            unknown = set(self.fields) - set(names)
            if unknown:
                raise PmcardsError(f"{self.spec.heading} cards have no field {', '.join(sorted(unknown))}")
        object.__setattr__(self, "fields", {name: self.fields.get(name, "") for name in names})

    @property
    def spec(self) -> Kind:
        """The card's kind, with its fields and rendering."""
        return kind_named(self.kind)

    @property
    def front(self) -> str:
        """The text the learner sees first (a cloze gives its full text)."""
        return self.fields[self.spec.front_field]

    def ordinals(self) -> tuple[int, ...]:
        """The numbers of the cards to review that this card makes (one per cloze deletion number)."""
        return self.spec.ordinals(self.fields)


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
