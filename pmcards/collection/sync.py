"""Sync: bring the store in line with the deck files, keeping every card's schedule and history.

Rules: a card is known by its id, so editing its text keeps its schedule; a card no longer in its
deck is retired (history kept) and comes back with its history when it returns; a deck whose file
has gone from a synced folder is retired with its cards; a deck set with any problem changes
nothing; nothing is written when nothing changed.

It is incremental: a file whose bytes are those last synced (its fingerprint) is not parsed
again, and a changed file is compared card by card with what is stored and written in bulk.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, bindparam, select, update

from pmcards.bulk import no_garbage_collection
from pmcards.errors import DeckError, Problem
from pmcards.files import read_bytes
from pmcards.format.cards import Card, Deck
from pmcards.format.deckfile import Owners, ParsedFile, deck_files, id_clashes, parse_bytes
from pmcards.store import Database
from pmcards.store.database import MAX_LIST, insert_many
from pmcards.store.schema import cards, decks

FORMAT_VERSION = b"pmcards deck format 3\n"
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


_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
"""How card content is stored (made once: building an encoder per card costs more than encoding)."""


def _json(value: Any) -> str:
    return _JSON.encode(value)


@lru_cache(maxsize=1024)
def _tags_json(card_tags: tuple[str, ...], deck_tags: tuple[str, ...]) -> str:
    """A card's own tags, then its deck's, each once (cached: most cards share their tags)."""
    return _json(list(dict.fromkeys((*card_tags, *deck_tags))))


@dataclass
class _DeckFile:
    path: Path
    location: str
    """The file's resolved path, as the deck row stores it."""
    data: bytes
    fingerprint: str
    parsed: ParsedFile | None
    """None when the file is unchanged since the last sync."""


BULK = 1000
"""A sync that adds or retires this many cards has the database's query planner look at the
cards again (see `Backend.refresh_statistics`)."""


def sync_decks(
    db: Database, paths: Sequence[Path], folders: Sequence[Path] = (), also: Callable[[], None] = lambda: None
) -> SyncReport:
    """Make the store match the deck files under `paths`; decks once loaded from `folders` whose
    files are gone are retired; `also` writes more in the same transaction. Raises `DeckError`
    with every problem, writing nothing, if any file has one."""
    with no_garbage_collection():
        files, problems = deck_files(paths)
        contents: list[tuple[Path, bytes]] = []
        for path in files:
            data, unreadable = read_bytes(path)
            problems += unreadable
            if data is not None:
                contents.append((path, data))
        with db.read() as connection:
            synced = _by_path(_stored_decks(connection))
        found = []
        for path, data in contents:
            location, print_ = str(path.resolve()), fingerprint(data)
            row = synced.get(location)
            unchanged = row is not None and row.fingerprint == print_
            found.append(_DeckFile(path, location, data, print_, None if unchanged else parse_bytes(data, path)))
        if not problems and all(item.parsed is None for item in found):
            kept = [synced[item.location] for item in found]
            if not _gone(synced.values(), {row.id for row in kept}, folders):
                also()
                unchanged = sum(row.cards for row in kept)
                return SyncReport(decks=len(found), files_skipped=len(kept), unchanged=unchanged)
        with db.write() as connection:
            report = _apply(connection, found, problems, folders)
            also()
            if report.added + report.retired >= BULK:
                db.refresh_statistics()
            return report


def _stored_decks(connection: Connection) -> dict[str, Any]:
    return {row.id: row for row in connection.execute(select(decks))}


def _by_path(stored: dict[str, Any]) -> dict[str, Any]:
    """The decks in use by the file they were synced from."""
    return {row.path: row for row in stored.values() if not row.retired and row.path}


def _gone(stored: Iterable[Any], present: set[str], folders: Sequence[Path]) -> list[str]:
    """The decks, once loaded from one of `folders`, whose files are there no longer."""
    roots = [folder.resolve() for folder in folders]
    return [
        row.id
        for row in stored
        if row.id not in present
        and not row.retired
        and row.path
        and any(Path(row.path).is_relative_to(root) for root in roots)
    ]


def _apply(
    connection: Connection, found: list[_DeckFile], problems: list[Problem], folders: Sequence[Path]
) -> SyncReport:
    """Check the changed files against what is stored and write them (inside the write transaction)."""
    stored = _stored_decks(connection)
    by_path = _by_path(stored)
    for item in found:  # another sync may have written a file since it was compared: parse what was read
        row = by_path.get(item.location)
        if item.parsed is None and (row is None or row.fingerprint != item.fingerprint):
            item.parsed = parse_bytes(item.data, item.path)
    changed = [item.parsed for item in found if item.parsed is not None]
    kept = [by_path[item.location] for item in found if item.parsed is None]
    problems = problems + [problem for parsed in changed for problem in parsed.problems if problem.severity == "error"]
    problems += id_clashes(changed, *_owners(connection, stored, changed))
    if problems:
        raise DeckError(sorted(problems, key=lambda problem: (str(problem.file), problem.line)))

    counts = {"added": 0, "updated": 0, "retired": 0, "restored": 0, "unchanged": 0}
    deck_list = [parsed.deck for parsed in changed if parsed.deck is not None]
    prints = {item.parsed.deck.id: item.fingerprint for item in found if item.parsed and item.parsed.deck}
    next_position = max((row.position for row in stored.values()), default=-1) + 1
    new_decks = []
    for deck in deck_list:
        row = stored.get(deck.id)
        values = _deck_values(deck, prints[deck.id], row.position if row is not None else next_position)
        values["cards"] = sum(len(card.ordinals()) for card in deck.cards)
        if row is None:
            new_decks.append({"id": deck.id, **values})
            next_position += 1
        elif any(getattr(row, name) != value for name, value in values.items()):
            connection.execute(update(decks).where(decks.c.id == deck.id).values(**values))
    insert_many(connection, decks, new_decks)
    _sync_cards(connection, deck_list, counts)
    for deck_id in _gone(stored.values(), {deck.id for deck in deck_list} | {row.id for row in kept}, folders):
        connection.execute(update(decks).where(decks.c.id == deck_id).values(retired=True, cards=0))
        counts["retired"] += _retire_cards(connection, cards.c.deck_id == deck_id)
    counts["unchanged"] += sum(row.cards for row in kept)
    return SyncReport(decks=len(found), files_read=len(changed), files_skipped=len(kept), **counts)


def _owners(connection: Connection, stored: dict[str, Any], changed: Sequence[ParsedFile]) -> tuple[Owners, Owners]:
    """Who owns the deck and card ids that the changed files use, among the other decks in use
    whose files are still there (synced now or before): taking an id from one of them would move a
    card or a deck behind the learner's back. A deck whose file has gone may be taken over: its
    file was moved or renamed."""
    rewritten = {parsed.path.resolve() for parsed in changed}
    others = {
        row.id: Path(row.path)
        for row in stored.values()
        if not row.retired and row.path and Path(row.path) not in rewritten and Path(row.path).is_file()
    }
    deck_owners: Owners = {deck_id: (path, 0) for deck_id, path in others.items()}
    card_owners: Owners = {}
    wanted = list({card.value for parsed in changed for card in parsed.ids if card.value})
    query = select(cards.c.card_id, cards.c.deck_id, cards.c.line).where(cards.c.retired.is_(False))
    for start in range(0, len(wanted) if others else 0, MAX_LIST):
        rows = connection.execute(query.where(cards.c.card_id.in_(wanted[start : start + MAX_LIST])))
        card_owners.update({card_id: (others[deck], line) for card_id, deck, line in rows if deck in others})
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
        "tags_json": _tags_json(card.tags, deck.tags),
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


def _stored_cards(connection: Connection, decks_changed: Sequence[Deck]) -> dict[tuple[str, int], Any]:
    """The stored cards of the changed decks, and every stored card (in any deck, retired or
    not) with an id they use now."""
    existing: dict[tuple[str, int], Any] = {}
    for name, keys in (
        ("deck_id", [deck.id for deck in decks_changed]),
        ("card_id", [card.id for deck in decks_changed for card in deck.cards]),
    ):
        for start in range(0, len(keys), MAX_LIST):
            rows = connection.execute(_STORED.where(cards.c[name].in_(keys[start : start + MAX_LIST])))
            existing.update({(row.card_id, row.ord): row for row in rows})
    return existing


def _sync_cards(connection: Connection, decks_changed: Sequence[Deck], counts: dict[str, int]) -> None:
    """Bring the changed decks' cards in line with their files: insert, update, restore and retire in bulk."""
    existing = _stored_cards(connection, decks_changed)
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    wanted: set[tuple[str, int]] = set()
    for deck in decks_changed:
        for position, card in enumerate(deck.cards):
            values = _card_values(deck, card, position)
            for ordinal in card.ordinals():
                key = (card.id, ordinal)
                wanted.add(key)
                row = existing.get(key)
                if row is None:
                    inserts.append({"card_id": card.id, "ord": ordinal, **values})
                    counts["added"] += 1
                    if len(inserts) == MAX_LIST:  # written as they come, so they never all wait in memory
                        insert_many(connection, cards, inserts)
                        inserts.clear()
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
    insert_many(connection, cards, inserts)
    if updates:
        connection.execute(_UPDATE, updates)
    changed_ids = {deck.id for deck in decks_changed}
    gone = [
        pk
        for key, row in existing.items()
        if key not in wanted and not row.retired and row.deck_id in changed_ids
        for pk in (row.pk,)
    ]
    for start in range(0, len(gone), MAX_LIST):
        counts["retired"] += _retire_cards(connection, cards.c.pk.in_(gone[start : start + MAX_LIST]))


def _retire_cards(connection: Connection, condition: Any) -> int:
    """Retire the cards in use that match `condition`; return how many."""
    result = connection.execute(update(cards).where(and_(condition, cards.c.retired.is_(False))).values(retired=True))
    return int(result.rowcount)
