"""The Python API: a `Collection` is one pmcards database, its decks, schedule and settings.

with pmcards.open("study.db") as col:
    col.sync()
    card = col.next_card()
    col.answer(card, "good")
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from fsrs import Rating
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from pmcards import journal, queue, scheduling, stats
from pmcards.day import day_bounds, utc_now
from pmcards.deckfile import PathArg, load_decks, path_list
from pmcards.errors import NotFoundError, PmcardsError, StoreError
from pmcards.models import CardRow, DeckRow, ReviewLogRow, SettingRow, to_db_time
from pmcards.paths import default_deck_paths
from pmcards.queue import DueCounts
from pmcards.scheduling import Schedule
from pmcards.settings import DEFAULTS, Settings, check_key, check_setting, decode_stored
from pmcards.stats import Progress
from pmcards.store import open_engine
from pmcards.stored import StoredCard, StoredNote, read_cards, read_notes
from pmcards.sync import SyncReport, sync_decks

if TYPE_CHECKING:
    from pmcards.anki_export import AnkiExport

CardRef = StoredCard | int
"""A card given to the API: a `StoredCard` it returned, or a card's `pk`."""
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class AnswerResult:
    """What an answer did: the card's new schedule, the log row's id, and whether it became a leech."""

    card_pk: int
    rating: Rating
    schedule: Schedule
    log_id: int
    became_leech: bool


@dataclass(frozen=True)
class Mismatch:
    """A card whose stored memory state differs from the replay of its review log."""

    card: StoredCard
    differences: dict[str, tuple[Any, Any]]
    """Field name -> (stored value, replayed value)."""


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return bool(a == b)


class Collection:
    """One pmcards database. Open it with `pmcards.open(db)`; close it, or use it as a context manager.

    Every method that changes something does it in one transaction. Methods that depend on the
    time take `now` (an aware datetime); without it they ask the collection's clock.
    """

    def __init__(self, engine: Engine, clock: Clock = utc_now) -> None:
        self._engine = engine
        self._clock = clock
        self._raw = engine.raw_connection()
        self._db: sqlite3.Connection = self._raw.driver_connection  # type: ignore[assignment]
        """The connection the hot paths (answer, queue) use with plain SQL; sessions use the ORM."""
        self._settings_cache: tuple[int, Callable[[str], Settings]] | None = None

    # -- lifetime -------------------------------------------------------------------------------

    def close(self) -> None:
        """Release the database (the file is left consistent; WAL is checkpointed)."""
        self._raw.close()
        self._engine.dispose()

    def __enter__(self) -> Collection:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """An ORM session; SQLite's own errors (such as a lock held too long) become `StoreError`."""
        try:
            with Session(self._engine, expire_on_commit=False) as session:
                yield session
        except DBAPIError as error:
            raise StoreError(f"cannot use the database: {error.orig or error}") from None

    def now(self) -> datetime:
        """The collection's clock, in UTC."""
        return scheduling.as_utc(self._clock())

    def _now(self, now: datetime | None) -> datetime:
        return scheduling.as_utc(now) if now is not None else self.now()

    # -- decks and cards ------------------------------------------------------------------------

    def deck_paths(self) -> list[Path]:
        """Where `sync()` looks when given no paths: `$PMCARDS_DECKS`, else the paths of the last
        sync that was given some (the `deck_folders` setting), else the built-in decks."""
        return default_deck_paths(self.settings().deck_folders)

    def sync(self, paths: PathArg | Iterable[PathArg] | None = None) -> SyncReport:
        """Load deck files into the store; without `paths`, from `deck_paths()`.

        Paths given are remembered as the `deck_folders` setting, so later syncs (and the one the
        CLI runs before each review) keep using them. Raises `DeckError` with every problem, and
        writes nothing, if any deck has a problem.
        """
        given = path_list(paths)
        targets = given or self.deck_paths()
        decks = load_decks(targets)
        folders = [target for target in targets if target.is_dir()]
        remembered = check_setting("deck_folders", [str(path) for path in given]) if given else None
        with self._session() as session:
            report = sync_decks(session, decks, folders)
            if remembered is not None and remembered != self.settings().deck_folders:
                session.merge(SettingRow(scope="", key="deck_folders", value_json=json.dumps(remembered)))
            session.commit()  # a transaction that changed nothing writes nothing to the file
        self._settings_cache = None
        return report

    def decks(self) -> list[DeckRow]:
        """The active decks, in order."""
        with self._session() as session:
            return list(
                session.exec(select(DeckRow).where(col(DeckRow.retired).is_(False)).order_by(col(DeckRow.position)))
            )

    def deck(self, name: str) -> DeckRow:
        """The active deck whose id or title (any case) is `name`; `NotFoundError` otherwise."""
        decks = self.decks()
        for deck in decks:
            if name in (deck.id, deck.title) or name.lower() == deck.title.lower():
                return deck
        known = ", ".join(deck.id for deck in decks) or "none; run `pmcards sync`"
        raise NotFoundError(f"unknown deck '{name}' (decks: {known})")

    def cards(self, deck: str | None = None, *, include_retired: bool = False) -> list[StoredCard]:
        """The cards of one deck (id or title) or of all decks, in deck order."""
        conditions, params = [], []
        if deck is not None:
            conditions.append("cards.deck_id = ?")
            params.append(self.deck(deck).id)
        if not include_retired:
            conditions.append("cards.retired = 0")
        return read_cards(self._db, " AND ".join(conditions) or "1", tuple(params))

    def notes(self, deck: str | None = None) -> list[StoredNote]:
        """The content of each deck-file card in use (a cloze once, not once per deletion), of one
        deck (id or title) or of all decks, in deck order."""
        if deck is None:
            return read_notes(self._db)
        return read_notes(self._db, "cards.deck_id = ?", (self.deck(deck).id,))

    def card(self, ref: CardRef | str, ord: int | None = None) -> StoredCard:
        """A card by its `pk` (or a `StoredCard`), or by its deck-file id (and cloze number)."""
        if isinstance(ref, StoredCard):
            ref = ref.pk
        if isinstance(ref, int) and not isinstance(ref, bool):
            found = read_cards(self._db, "cards.pk = ?", (ref,))
        elif ord is None:
            found = read_cards(self._db, "cards.card_id = ?", (str(ref),))
        else:
            found = read_cards(self._db, "cards.card_id = ? AND cards.ord = ?", (str(ref), ord))
        if not found:
            raise NotFoundError(f"no card {ref!r}" + (f" with cloze number {ord}" if ord is not None else ""))
        return found[0]

    def review_logs(self, card: CardRef | None = None) -> list[ReviewLogRow]:
        """The review log, oldest first: of one card, or of all."""
        statement = select(ReviewLogRow).order_by(col(ReviewLogRow.id))
        if card is not None:
            statement = statement.where(col(ReviewLogRow.card_pk) == self.card(card).pk)
        with self._session() as session:
            return list(session.exec(statement))

    # -- settings -------------------------------------------------------------------------------

    def _stored_settings(self) -> dict[str, dict[str, Any]]:
        stored: dict[str, dict[str, Any]] = {}
        for scope, key, value_json in self._db.execute("SELECT scope, key, value_json FROM settings"):
            stored.setdefault(scope, {})[key] = decode_stored(scope, key, value_json)
        return stored

    def _settings_of(self) -> Callable[[str], Settings]:
        """Effective settings by deck id ("" for the learner).

        Kept until the database changes: SQLite's data_version moves when another connection
        commits, and this collection's own setting changes clear the cache.
        """
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if self._settings_cache is None or self._settings_cache[0] != version:
            stored = self._stored_settings()
            base = DEFAULTS.with_values(stored.get("", {}))
            self._settings_cache = (version, lambda deck_id: base.with_values(stored.get(deck_id, {})))
        return self._settings_cache[1]

    def settings(self, deck: str | None = None) -> Settings:
        """The effective settings, globally or for one deck (defaults, global values, deck overrides)."""
        return self._settings_of()(self.deck(deck).id if deck is not None else "")

    def overrides(self) -> dict[str, dict[str, Any]]:
        """The settings stored in the database: scope ("" for global, else a deck id) -> key -> value."""
        return self._stored_settings()

    def set_setting(self, key: str, value: Any, deck: str | None = None) -> Any:
        """Set a setting globally or for one deck; returns the value as stored. `SettingError` if invalid."""
        scope = self.deck(deck).id if deck is not None else ""
        checked = check_setting(key, value, per_deck=bool(scope))
        with self._session() as session:
            session.merge(SettingRow(scope=scope, key=key, value_json=json.dumps(checked)))
            session.commit()
        self._settings_cache = None
        return checked

    def unset_setting(self, key: str, deck: str | None = None) -> None:
        """Remove a stored setting, so the global value or the default applies again."""
        check_key(key, per_deck=deck is not None)
        scope = self.deck(deck).id if deck is not None else ""
        with self._session() as session:
            row = session.get(SettingRow, (scope, key))
            if row is not None:
                session.delete(row)
                session.commit()
        self._settings_cache = None

    # -- the queue ------------------------------------------------------------------------------

    def _queue_context(
        self, deck: str | None, now: datetime
    ) -> tuple[list[tuple[str, str]], queue.Allowance, datetime]:
        """The decks (id, title) in play, what is left of today's limits, and the end of the day."""
        settings_of = self._settings_of()
        learner = settings_of("")
        start, end = day_bounds(now, learner.rollover_hour, learner.zone)
        if deck is not None:
            chosen = self.deck(deck)
            decks = [(chosen.id, chosen.title)]
        else:
            decks = self._db.execute("SELECT id, title FROM decks WHERE retired = 0 ORDER BY position").fetchall()
        left = queue.allowance(self._db, [deck_id for deck_id, _ in decks], settings_of, start)
        return decks, left, end

    def next_card(self, deck: str | None = None, *, now: datetime | None = None) -> StoredCard | None:
        """The card to review next (of one deck, or of all), or None when nothing is due."""
        moment = self._now(now)
        decks, left, end = self._queue_context(deck, moment)
        pk = queue.next_card(self._db, [deck_id for deck_id, _ in decks], left, moment, end)
        return None if pk is None else self.card(pk)

    def due_counts(self, deck: str | None = None, *, now: datetime | None = None) -> list[DueCounts]:
        """New, learning and review cards due today per deck, within the daily limits."""
        moment = self._now(now)
        decks, left, end = self._queue_context(deck, moment)
        return queue.due_counts(self._db, decks, left, moment, end)

    def due_total(self, deck: str | None = None, *, now: datetime | None = None) -> DueCounts:
        """The counts of `due_counts` for all decks (or one) together, within the daily limits."""
        moment = self._now(now)
        decks, left, end = self._queue_context(deck, moment)
        return queue.combined(queue.due_counts(self._db, decks, left, moment, end), left)

    def progress(self, *, now: datetime | None = None) -> Progress:
        """The learner's streak, answers today, and retention of review cards over 30 days."""
        moment = self._now(now)
        learner = self._settings_of()("")
        start, _ = day_bounds(moment, learner.rollover_hour, learner.zone)
        return stats.progress(self._db, moment, start, learner.rollover_hour, learner.zone)

    def day_bounds(self, *, now: datetime | None = None) -> tuple[datetime, datetime]:
        """Start and end (UTC) of the learner's current day."""
        learner = self.settings()
        return day_bounds(self._now(now), learner.rollover_hour, learner.zone)

    # -- answering ------------------------------------------------------------------------------

    def _schedule(self, card: CardRef) -> tuple[int, str, Schedule]:
        pk = card.pk if isinstance(card, StoredCard) else card
        found = journal.read_schedule(self._db, pk) if isinstance(pk, int) and not isinstance(pk, bool) else None
        if found is None:
            raise NotFoundError(f"no card {pk!r}")
        deck_id, retired, schedule = found
        if retired:
            raise NotFoundError(f"card {pk} is retired (no longer in its deck)")
        return pk, deck_id, schedule

    def preview(self, card: CardRef, *, now: datetime | None = None) -> dict[Rating, timedelta]:
        """The interval each rating would give `card` now (without fuzz)."""
        pk, deck_id, schedule = self._schedule(card)
        return scheduling.preview_intervals(pk, schedule, self._settings_of()(deck_id), self._now(now))

    def answer(
        self, card: CardRef, rating: object, duration: float | None = None, *, now: datetime | None = None
    ) -> AnswerResult:
        """Rate `card` (1-4 or Again/Hard/Good/Easy); `duration` is seconds spent on it.

        Updates the card's memory state and appends a review-log row in one transaction. A card
        that lapses `leech_threshold` times is marked leech and suspended.
        """
        chosen = scheduling.parse_rating(rating)
        moment = self._now(now)
        if duration is not None and not (isinstance(duration, (int, float)) and math.isfinite(duration)):
            raise PmcardsError(f"invalid duration {duration!r}: give the seconds spent, or None")
        duration_ms = None if duration is None else max(0, round(duration * 1000))
        with journal.transaction(self._db) as db:
            pk, deck_id, before = self._schedule(card)
            answered = scheduling.apply_answer(pk, before, chosen, self._settings_of()(deck_id), moment)
            log_id = journal.append_answer(db, pk, answered, moment, duration_ms)
        return AnswerResult(pk, chosen, answered.after, log_id, answered.became_leech)

    def undo(self) -> StoredCard | None:
        """Revert the last answer exactly (card state back, log row gone); None if nothing to undo."""
        with journal.transaction(self._db) as db:
            pk = journal.take_back_last(db)
        return None if pk is None else self.card(pk)

    def _set_flags(self, card: CardRef, **values: Any) -> StoredCard:
        pk = self.card(card).pk
        assignments = ", ".join(f"{name} = ?" for name in values)
        with journal.transaction(self._db) as db:
            db.execute(f"UPDATE cards SET {assignments} WHERE pk = ?", (*values.values(), pk))
        return self.card(pk)

    def suspend(self, card: CardRef) -> StoredCard:
        """Take a card out of every queue until it is unsuspended."""
        return self._set_flags(card, suspended=True)

    def unsuspend(self, card: CardRef) -> StoredCard:
        """Put a suspended card back in the queues."""
        return self._set_flags(card, suspended=False)

    def bury(self, card: CardRef, *, now: datetime | None = None) -> StoredCard:
        """Hide a card until the learner's next day begins."""
        return self._set_flags(card, buried_until=to_db_time(self.day_bounds(now=now)[1]))

    def unbury(self, card: CardRef) -> StoredCard:
        """Put a buried card back in today's queues."""
        return self._set_flags(card, buried_until=None)

    # -- the log is the truth -------------------------------------------------------------------

    def check(self, *, repair: bool = False) -> list[Mismatch]:
        """Replay every card's log; return the cards whose stored state differs (and fix them if `repair`)."""
        mismatches = []
        settings_of = self._settings_of()
        with self._session() as session:
            logs: dict[int, list[ReviewLogRow]] = {}
            for log in session.exec(select(ReviewLogRow).order_by(col(ReviewLogRow.id))):
                logs.setdefault(log.card_pk, []).append(log)
            for row in session.exec(select(CardRow)):
                assert row.pk is not None
                replayed = scheduling.replay(row.pk, logs.get(row.pk, []), settings_of(row.deck_id))
                differences = {
                    name: (getattr(row, name), getattr(replayed, name))
                    for name in ("state", "stability", "difficulty", "due", "reps", "lapses")
                    if not _close(getattr(row, name), getattr(replayed, name))
                }
                if differences:
                    mismatches.append(Mismatch(self.card(row.pk), differences))
                    if repair:
                        for item in fields(scheduling.Replay):
                            setattr(row, item.name, getattr(replayed, item.name))
            if repair and mismatches:
                session.commit()
        return mismatches

    # -- export ---------------------------------------------------------------------------------

    def export_anki(
        self,
        path: str | os.PathLike[str],
        decks: str | Iterable[str] | None = None,
        *,
        with_progress: bool = False,
    ) -> AnkiExport:
        """Write decks (ids or titles; None for all) to an Anki `.apkg` file, atomically.

        Returns the path and the counts of decks, notes, cards and reviews written. With `with_progress`, each
        card's schedule, FSRS memory state and review log go along. `NotFoundError` for an unknown
        deck, `PmcardsError` when the file cannot be written; nothing is written then.
        """
        from pmcards.anki_export import export_anki

        return export_anki(self, path, decks, with_progress=with_progress)


def open_collection(db: str | os.PathLike[str] | None = None, *, clock: Clock = utc_now) -> Collection:
    """Open (creating if needed) the pmcards database at `db`: a path, an `sqlite:///` URL or
    ":memory:". None means `$PMCARDS_DB`, else `pmcards.db` in the user data folder."""
    return Collection(open_engine(db), clock)
