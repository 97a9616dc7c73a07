"""Sync: bring the store in line with a set of decks, keeping every card's schedule and history.

Rules: a card is known by its id, so editing its text keeps its schedule; a card no longer in its
deck is retired (history kept) and comes back with its history when it returns; a deck whose file
has gone from a synced folder is retired with its cards; nothing is written when nothing changed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from pmcards.deck import Card, ClozeCard, Deck
from pmcards.models import CardRow, DeckRow


@dataclass(frozen=True)
class SyncReport:
    """What a sync changed, counted in schedulable cards (one per cloze deletion number)."""

    added: int = 0
    updated: int = 0
    retired: int = 0
    restored: int = 0
    unchanged: int = 0
    decks: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.retired or self.restored)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _merged_tags(deck: Deck, card: Card) -> list[str]:
    return list(dict.fromkeys((*card.tags, *deck.tags)))


def _card_fields(deck: Deck, card: Card, position: int) -> dict[str, Any]:
    return {
        "deck_id": deck.id,
        "position": position,
        "kind": card.kind,
        "sides_json": _json(card.sides()),
        "tags_json": _json(_merged_tags(deck, card)),
        "section": card.section,
        "source": card.source or deck.source,
        "retired": False,
    }


def _deck_fields(deck: Deck, position: int) -> dict[str, Any]:
    """A deck row's fields; `position` is the deck's place in the collection's order."""
    return {
        "title": deck.title,
        "description": deck.description,
        "source": deck.source,
        "url": deck.url,
        "tags_json": _json(list(deck.tags)),
        "path": str(deck.path.resolve()) if deck.path else "",
        "position": position,
        "retired": False,
    }


def _apply(row: Any, fields: dict[str, Any]) -> set[str]:
    """Set the fields that differ; return their names."""
    changed = set()
    for name, value in fields.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed.add(name)
    return changed


def _is_under(path: str, folders: Sequence[Path]) -> bool:
    return any(Path(path).is_relative_to(folder.resolve()) for folder in folders)


def sync_decks(session: Session, decks: Sequence[Deck], folders: Sequence[Path] = ()) -> SyncReport:
    """Make the store match `decks` (which must be lint-clean); decks once loaded from `folders`
    and missing now are retired. Flushes but does not commit."""
    counts = {"added": 0, "updated": 0, "retired": 0, "restored": 0, "unchanged": 0}
    deck_ids = [deck.id for deck in decks]
    card_ids = [card.id for deck in decks for card in deck.cards]

    deck_rows = {row.id: row for row in session.exec(select(DeckRow))}
    next_position = max((row.position for row in deck_rows.values()), default=-1) + 1
    for deck in decks:
        if deck.id in deck_rows:  # a deck keeps its place in the order; new decks come after
            _apply(deck_rows[deck.id], _deck_fields(deck, deck_rows[deck.id].position))
        else:
            deck_rows[deck.id] = DeckRow(id=deck.id, **_deck_fields(deck, next_position))
            session.add(deck_rows[deck.id])
            next_position += 1
    gone_decks = [
        row.id
        for row in deck_rows.values()
        if row.id not in deck_ids and not row.retired and row.path and _is_under(row.path, folders)
    ]
    for deck_id in gone_decks:
        deck_rows[deck_id].retired = True
    session.flush()

    existing = {
        (row.card_id, row.ord): row
        for row in session.exec(
            select(CardRow).where(
                or_(col(CardRow.deck_id).in_([*deck_ids, *gone_decks]), col(CardRow.card_id).in_(card_ids))
            )
        )
    }
    wanted: set[tuple[str, int]] = set()
    for deck in decks:
        for position, card in enumerate(deck.cards):
            fields = _card_fields(deck, card, position)
            for ord_ in card.ordinals() if isinstance(card, ClozeCard) else [0]:
                key = (card.id, ord_)
                wanted.add(key)
                row = existing.get(key)
                if row is None:
                    session.add(CardRow(card_id=card.id, ord=ord_, **fields))
                    counts["added"] += 1
                    continue
                was_retired = row.retired
                changed = _apply(row, fields) - {"position"}  # a move within the deck is no edit
                if was_retired:
                    counts["restored"] += 1
                elif changed:
                    counts["updated"] += 1
                else:
                    counts["unchanged"] += 1
    for key, row in existing.items():
        if key not in wanted and not row.retired:
            row.retired = True
            counts["retired"] += 1
    session.flush()
    return SyncReport(decks=len(decks), **counts)
