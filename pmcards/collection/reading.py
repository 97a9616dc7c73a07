"""Reading cards and notes: the `StoredCard` and `StoredNote` values the API hands out, and the
queries that read them. The values are frozen and detached from the database, safe to keep."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from operator import attrgetter
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, bindparam, or_, select

from pmcards.format.kinds import Kind, kind_named
from pmcards.schedule.state import CardState, Schedule
from pmcards.store import Database
from pmcards.store.schema import cards, decks

_SCHEDULE_FIELDS = tuple(item.name for item in fields(Schedule))


class _Content:
    """The JSON-stored content that cards and notes share, decoded on demand."""

    __slots__ = ()
    card_id: str
    sides_json: str
    tags_json: str

    @property
    def sides(self) -> dict[str, str]:
        """The content fields by name (as the kind declares them: question and answer, text and extra, ...)."""
        return dict(json.loads(self.sides_json))

    @property
    def tags(self) -> list[str]:
        return list(json.loads(self.tags_json))


_C = TypeVar("_C", bound=_Content)


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredCard(Schedule, _Content):
    """One schedulable card: a deck-file card, or one of the cards it makes (`ord`: a cloze
    deletion number, a reverse card's direction), with its schedule (the fields of `Schedule`).

    `card_id` is the id in the deck file, `pk` the database key, `line` where the card starts in
    its file; `retired` cards are no longer in their deck file (their history is kept).
    """

    pk: int
    card_id: str
    ord: int
    deck_id: str
    position: int
    line: int
    kind: str
    sides_json: str
    tags_json: str
    section: str
    source: str
    retired: bool

    @property
    def is_new(self) -> bool:
        return self.state == CardState.NEW

    @property
    def spec(self) -> Kind:
        """The card's kind, with its fields and rendering."""
        return kind_named(self.kind)

    @property
    def schedule(self) -> Schedule:
        """The card's schedule alone, as a plain `Schedule`."""
        return Schedule(**{name: getattr(self, name) for name in _SCHEDULE_FIELDS})

    @property
    def note(self) -> StoredNote:
        """The content this card shares with the other cards of its note."""
        return StoredNote(*_NOTE_VALUES(self))

    def front(self) -> str:
        """What the learner sees first, as Markdown (a cloze with this card's deletion hidden)."""
        return self.spec.front(self.sides, self.ord)

    def back(self) -> str:
        """The answer side, as Markdown."""
        return self.spec.back(self.sides, self.ord)


CARD_COLUMNS = [cards.c[item.name] for item in fields(StoredCard)]
_DECK_ORDER = (decks.c.position, cards.c.position, cards.c.ord)
_FILTERS: dict[str, ColumnElement[bool]] = {
    "in_use": cards.c.retired.is_(False),
    "deck": cards.c.deck_id == bindparam("deck"),
    "pk": cards.c.pk == bindparam("pk"),
    "card_id": cards.c.card_id == bindparam("card_id"),
    "ord": cards.c.ord == bindparam("ord"),
}
"""The conditions a read of cards or notes may combine (each but `in_use` takes a parameter)."""


def tagged(count: int) -> ColumnElement[bool]:
    """Cards with any of the tags given as parameters `tag_0` ... (each as `tag_pattern` makes it),
    whatever their case, as Anki matches tags (and the same on every database: SQLite's LIKE
    ignores case and PostgreSQL's does not, so both are asked to ignore it)."""
    return or_(*(cards.c.tags_json.ilike(bindparam(f"tag_{index}"), escape="\\") for index in range(count)))


def tag_patterns(tags: Sequence[str]) -> dict[str, str]:
    """The parameters of `tagged` for `tags`: a LIKE pattern matching the tag as a whole JSON string."""
    escaped = (
        json.dumps(tag, ensure_ascii=False).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        for tag in tags
    )
    return {f"tag_{index}": f"%{pattern}%" for index, pattern in enumerate(escaped)}


@lru_cache(maxsize=32)
def _query(what: str, filters: frozenset[str]) -> Select[Any]:
    """The cards or notes (`what`) matching `filters`, in deck order: one statement per set of
    filters, built once."""
    return (
        select(*(CARD_COLUMNS if what == "cards" else _NOTE_COLUMNS))
        .join(decks, decks.c.id == cards.c.deck_id)
        .where(*(_FILTERS[name] for name in sorted(filters)))
        .order_by(*_DECK_ORDER)
    )


def read_cards(db: Database, *, in_use: bool = True, **values: Any) -> list[StoredCard]:
    """The cards (only those in use, unless `in_use` is false) matching `values` of the filters
    deck, pk, card_id and ord, in deck order."""
    found = db.run(_query("cards", frozenset({*values, *(["in_use"] if in_use else [])})), values)
    return found.build(StoredCard, plain=True)


@dataclass(frozen=True, slots=True)
class StoredNote(_Content):
    """The content of one deck-file card, once: what all the cards it makes share (Anki calls this
    a note). Its schedulable cards are the `StoredCard`s with the same `card_id`."""

    card_id: str
    deck_id: str
    kind: str
    sides_json: str
    tags_json: str
    section: str
    source: str
    line: int


_NOTE_COLUMNS = [cards.c[item.name] for item in fields(StoredNote)]
_NOTE_VALUES = attrgetter(*(item.name for item in fields(StoredNote)))
"""A card's values of the fields of `StoredNote`, in order."""


def read_notes(db: Database, **values: Any) -> list[StoredNote]:
    """The notes of the cards in use (of one deck, given `deck`), in deck order; each note is
    read from its first card in use."""
    found = db.run(_query("notes", frozenset({*values, "in_use"})), values)
    return list(_first_of_each(StoredNote(*row) for row in found.rows))


def notes_of(cards: Iterable[StoredCard]) -> list[StoredNote]:
    """The notes of `cards` (as `read_cards` gives them, in deck order), each from its first card:
    what `read_notes` reads, for a reader that has the cards already."""
    return [card.note for card in _first_of_each(cards)]


def _first_of_each(items: Iterable[_C]) -> Iterator[_C]:
    """The first card or note of each note, in order."""
    seen: set[str] = set()
    for item in items:
        if item.card_id not in seen:
            seen.add(item.card_id)
            yield item
