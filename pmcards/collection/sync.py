"""Sync: bring the store in line with the deck files, keeping every card's schedule and history.

Rules: a card is known by its id, so editing its text keeps its schedule; a card no longer in its
deck is retired (history kept) and comes back with its history when it returns; a deck whose file
has gone from a synced folder is retired with its cards; a deck set with any problem changes
nothing; nothing is written when nothing changed.

It is incremental: a file whose bytes are those last synced (its fingerprint) is not parsed
again, and a changed file is compared card by card with what is stored and written in bulk.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, insert, select, update

from pmcards.errors import DeckError, Problem
from pmcards.files import read_bytes
from pmcards.format.cards import Card, Deck
from pmcards.format.deckfile import Owners, ParsedFile, deck_files, id_clashes, parse_bytes
from pmcards.store import Database
from pmcards.store.schema import cards, decks

FORMAT_VERSION = b"pmcards deck format 2\n"
"""Part of every file's fingerprint: change it when parsing changes, and every file is read again."""

_CONTENT = ("deck_id", "kind", "sides_json", "tags_json", "section", "source")
"""The stored columns that make a card's content: a change in any of them is an edit."""
_PLACE = ("position", "line")
"""Where the card is in its file: a change here alone is no edit, but is stored."""


@dataclass(frozen=True)
class SyncReport:
    """What a sync changed, counted in schedulable cards (one per cloze deletion number), and how
    many deck files it read (changed) or skipped (unchanged since the last sync)."""

    added: int = 0
    updated: int = 0
    retired: int = 0
    restored: int = 0
    unchanged: int = 0
    decks: int = 0
    files_read: int = 0
    files_skipped: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.retired or self.restored)


def fingerprint(data: bytes) -> str:
    """What identifies a deck file's bytes as synced (with the format version)."""
    return hashlib.blake2b(FORMAT_VERSION + data, digest_size=16).hexdigest()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@contextmanager
def _no_garbage_collection() -> Iterator[None]:
    """Building many small objects at once triggers collections that scan them all again and again;
    nothing made here forms reference cycles, so collection waits until the end."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class _DeckFile:
    path: Path
    fingerprint: str
    parsed: ParsedFile | None
    """None when the file is unchanged since the last sync."""


def sync_decks(db: Database, paths: Sequence[Path], folders: Sequence[Path] = ()) -> SyncReport:
    """Make the store match the deck files under `paths`; decks once loaded from `folders` whose
    files are gone are retired. Raises `DeckError` with every problem, writing nothing, if any
    file has one."""
    with _no_garbage_collection():
        files, problems = deck_files(paths)
        contents: list[tuple[Path, bytes]] = []
        for path in files:
            data, unreadable = read_bytes(path)
            problems += unreadable
            if data is not None:
                contents.append((path, data))
        with db.read():
            synced = _synced_fingerprints(db)
        found = [
            _DeckFile(path, print_, None if synced.get(str(path.resolve())) == print_ else parse_bytes(data, path))
            for path, data in contents
            for print_ in (fingerprint(data),)
        ]
        with db.write() as connection:
            return _apply(connection, found, problems, folders)


def _synced_fingerprints(db: Database) -> dict[str, str]:
    rows = db.execute(select(decks.c.path, decks.c.fingerprint).where(decks.c.retired.is_(False)))
    return {path: print_ for path, print_ in rows if path}


def _apply(
    connection: Connection, found: list[_DeckFile], problems: list[Problem], folders: Sequence[Path]
) -> SyncReport:
    """Check the changed files against what is stored and write them (inside the write transaction)."""
    stored = {row.id: row for row in connection.execute(select(decks))}
    by_path = {row.path: row for row in stored.values() if not row.retired and row.path}
    for item in found:  # another sync may have written a file since it was compared: read it again
        row = by_path.get(str(item.path.resolve()))
        if item.parsed is None and (row is None or row.fingerprint != item.fingerprint):
            item.parsed = parse_bytes(item.path.read_bytes(), item.path)
    changed = [item.parsed for item in found if item.parsed is not None]
    kept = [by_path[str(item.path.resolve())] for item in found if item.parsed is None]
    problems = problems + [problem for parsed in changed for problem in parsed.problems if problem.severity == "error"]
    problems += id_clashes(changed, *_owners(connection, kept))
    if problems:
        raise DeckError(sorted(problems, key=lambda problem: (str(problem.file), problem.line)))

    counts = {"added": 0, "updated": 0, "retired": 0, "restored": 0, "unchanged": 0}
    deck_list = [parsed.deck for parsed in changed if parsed.deck is not None]
    prints = {item.parsed.deck.id: item.fingerprint for item in found if item.parsed and item.parsed.deck}
    next_position = max((row.position for row in stored.values()), default=-1) + 1
    for deck in deck_list:
        row = stored.get(deck.id)
        values = _deck_values(deck, prints[deck.id], row.position if row is not None else next_position)
        if row is None:
            connection.execute(insert(decks).values(id=deck.id, **values))
            next_position += 1
        elif any(getattr(row, name) != value for name, value in values.items()):
            connection.execute(update(decks).where(decks.c.id == deck.id).values(**values))
        _sync_cards(connection, deck, counts)
    present = {deck.id for deck in deck_list} | {row.id for row in kept}
    for row in stored.values():
        if row.id not in present and not row.retired and row.path and _is_under(row.path, folders):
            connection.execute(update(decks).where(decks.c.id == row.id).values(retired=True))
            counts["retired"] += _retire_cards(connection, cards.c.deck_id == row.id)
    if kept:
        counts["unchanged"] += connection.execute(
            select(func.count()).where(cards.c.deck_id.in_([row.id for row in kept]), cards.c.retired.is_(False))
        ).scalar_one()
    return SyncReport(decks=len(found), files_read=len(changed), files_skipped=len(kept), **counts)


def _owners(connection: Connection, kept: Sequence[Any]) -> tuple[Owners, Owners]:
    """Who owns the deck and card ids of the files not read again: their files and lines."""
    paths = {row.id: Path(row.path) for row in kept}
    deck_owners: Owners = {deck_id: (path, 0) for deck_id, path in paths.items()}
    card_owners: Owners = {}
    if paths:
        rows = connection.execute(
            select(cards.c.card_id, cards.c.deck_id, cards.c.line).where(
                cards.c.deck_id.in_(list(paths)), cards.c.retired.is_(False)
            )
        )
        card_owners = {card_id: (paths[deck_id], line) for card_id, deck_id, line in rows}
    return deck_owners, card_owners


def _deck_values(deck: Deck, print_: str, position: int) -> dict[str, Any]:
    return {
        "title": deck.title,
        "description": deck.description,
        "source": deck.source,
        "url": deck.url,
        "tags_json": _json(list(deck.tags)),
        "path": str(deck.path.resolve()) if deck.path else "",
        "fingerprint": print_,
        "position": position,
        "retired": False,
    }


def _card_values(deck: Deck, card: Card, position: int) -> dict[str, Any]:
    return {
        "deck_id": deck.id,
        "kind": card.kind,
        "sides_json": _json(card.fields),
        "tags_json": _json(list(dict.fromkeys((*card.tags, *deck.tags)))),
        "section": card.section,
        "source": card.source or deck.source,
        "position": position,
        "line": card.line,
    }


_STORED = select(
    cards.c.pk, cards.c.card_id, cards.c.ord, cards.c.retired, *(cards.c[name] for name in (*_CONTENT, *_PLACE))
)
_UPDATE = (
    update(cards)
    .where(cards.c.pk == bindparam("row_pk"))
    .values({name: bindparam(name) for name in (*_CONTENT, *_PLACE, "retired")})
)


def _sync_cards(connection: Connection, deck: Deck, counts: dict[str, int]) -> None:
    """Bring one deck's cards in line with its file: insert, update, restore and retire in bulk."""
    ids = [card.id for card in deck.cards]
    existing = {(row.card_id, row.ord): row for row in connection.execute(_STORED.where(cards.c.deck_id == deck.id))}
    known = {card_id for card_id, _ in existing}
    moving = [card_id for card_id in ids if card_id not in known]
    for start in range(0, len(moving), 10_000):  # cards this deck takes over from another
        chunk = moving[start : start + 10_000]
        existing.update(
            {(row.card_id, row.ord): row for row in connection.execute(_STORED.where(cards.c.card_id.in_(chunk)))}
        )
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    wanted: set[tuple[str, int]] = set()
    for position, card in enumerate(deck.cards):
        values = _card_values(deck, card, position)
        for ordinal in card.ordinals():
            key = (card.id, ordinal)
            wanted.add(key)
            row = existing.get(key)
            if row is None:
                inserts.append({"card_id": card.id, "ord": ordinal, **values})
                counts["added"] += 1
                continue
            edited = any(getattr(row, name) != values[name] for name in _CONTENT)
            if row.retired:
                counts["restored"] += 1
            elif edited:
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
            if row.retired or edited or any(getattr(row, name) != values[name] for name in _PLACE):
                updates.append({"row_pk": row.pk, **values, "retired": False})
    if inserts:
        connection.execute(insert(cards), inserts)
    if updates:
        connection.execute(_UPDATE, updates)
    gone = [row.pk for key, row in existing.items() if key not in wanted and not row.retired and row.deck_id == deck.id]
    for start in range(0, len(gone), 10_000):
        counts["retired"] += _retire_cards(connection, cards.c.pk.in_(gone[start : start + 10_000]))


def _retire_cards(connection: Connection, condition: Any) -> int:
    """Retire the cards in use that match `condition`; return how many."""
    result = connection.execute(update(cards).where(and_(condition, cards.c.retired.is_(False))).values(retired=True))
    return int(result.rowcount)


def _is_under(path: str, folders: Sequence[Path]) -> bool:
    return any(Path(path).is_relative_to(folder.resolve()) for folder in folders)
