"""The Python API: a `Collection` is one pmcards database, its decks, schedule and settings.

with pmcards.open("study.db") as col:
    col.sync()
    card = col.next_card()
    col.answer(card, "good")
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any

from fsrs import Rating
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from pmcards import queue, scheduling
from pmcards.day import day_bounds, utc_now
from pmcards.deckfile import load_decks, resolve_paths
from pmcards.errors import NotFoundError
from pmcards.models import CardRow, DeckRow, ReviewLogRow, SettingRow
from pmcards.queue import DueCounts
from pmcards.settings import DEFAULTS, Settings, check_key, check_setting, decode_stored
from pmcards.store import open_engine
from pmcards.sync import SyncReport, sync_decks

CardRef = CardRow | int
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class AnswerResult:
    """The card after an answer, the log row written, and whether the card just became a leech."""

    card: CardRow
    log: ReviewLogRow
    became_leech: bool


@dataclass(frozen=True)
class Mismatch:
    """A card whose stored memory state differs from the replay of its review log."""

    card: CardRow
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

    # -- lifetime -------------------------------------------------------------------------------

    def close(self) -> None:
        """Release the database (the file is left consistent; WAL is checkpointed)."""
        self._engine.dispose()

    def __enter__(self) -> Collection:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def _session(self) -> Session:
        return Session(self._engine, expire_on_commit=False)

    def now(self) -> datetime:
        """The collection's clock, in UTC."""
        return scheduling.as_utc(self._clock())

    def _now(self, now: datetime | None) -> datetime:
        return scheduling.as_utc(now) if now is not None else self.now()

    # -- decks and cards ------------------------------------------------------------------------

    def sync(self, paths: Iterable[str | os.PathLike[str]] | None = None) -> SyncReport:
        """Load deck files (default: the built-in decks or `$PMCARDS_DECKS`) into the store.

        Raises `DeckError` with every problem, and writes nothing, if any deck has a problem.
        """
        targets = resolve_paths(paths)
        decks = load_decks(targets)
        folders = [target for target in targets if target.is_dir()]
        with self._session() as session:
            report = sync_decks(session, decks, folders)
            session.commit()  # a transaction that changed nothing writes nothing to the file
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

    def cards(self, deck: str | None = None, *, include_retired: bool = False) -> list[CardRow]:
        """The cards of one deck (id or title) or of all decks, in deck order."""
        statement = (
            select(CardRow).join(DeckRow).order_by(col(DeckRow.position), col(CardRow.position), col(CardRow.ord))
        )
        if deck is not None:
            statement = statement.where(col(CardRow.deck_id) == self.deck(deck).id)
        if not include_retired:
            statement = statement.where(col(CardRow.retired).is_(False))
        with self._session() as session:
            return list(session.exec(statement))

    def card(self, ref: CardRef | str, ord: int | None = None) -> CardRow:
        """A card by its row, its `pk`, or its deck-file id (and cloze number); `NotFoundError` if none."""
        with self._session() as session:
            return self._card(session, ref, ord)

    def _card(self, session: Session, ref: CardRef | str, ord: int | None = None) -> CardRow:
        if isinstance(ref, CardRow):
            ref = ref.pk if ref.pk is not None else -1
        if isinstance(ref, int) and not isinstance(ref, bool):
            row = session.get(CardRow, ref)
        else:
            statement = select(CardRow).where(col(CardRow.card_id) == str(ref)).order_by(col(CardRow.ord))
            if ord is not None:
                statement = statement.where(col(CardRow.ord) == ord)
            row = session.exec(statement).first()
        if row is None:
            raise NotFoundError(f"no card {ref!r}" + (f" with cloze number {ord}" if ord is not None else ""))
        return row

    def review_logs(self, card: CardRef | None = None) -> list[ReviewLogRow]:
        """The review log, oldest first: of one card, or of all."""
        with self._session() as session:
            statement = select(ReviewLogRow).order_by(col(ReviewLogRow.id))
            if card is not None:
                statement = statement.where(col(ReviewLogRow.card_pk) == self._card(session, card).pk)
            return list(session.exec(statement))

    # -- settings -------------------------------------------------------------------------------

    def _stored_settings(self, session: Session) -> dict[str, dict[str, Any]]:
        stored: dict[str, dict[str, Any]] = {}
        for row in session.exec(select(SettingRow)):
            stored.setdefault(row.scope, {})[row.key] = decode_stored(row.scope, row.key, row.value_json)
        return stored

    def _settings_function(self, session: Session) -> Callable[[str], Settings]:
        stored = self._stored_settings(session)
        base = DEFAULTS.with_values(stored.get("", {}))
        return lambda deck_id: base.with_values(stored.get(deck_id, {}))

    def settings(self, deck: str | None = None) -> Settings:
        """The effective settings, globally or for one deck (defaults, global values, deck overrides)."""
        with self._session() as session:
            deck_id = self.deck(deck).id if deck is not None else ""
            return self._settings_function(session)(deck_id)

    def overrides(self) -> dict[str, dict[str, Any]]:
        """The settings stored in the database: scope ("" for global, else a deck id) -> key -> value."""
        with self._session() as session:
            return self._stored_settings(session)

    def set_setting(self, key: str, value: Any, deck: str | None = None) -> Any:
        """Set a setting globally or for one deck; returns the value as stored. `SettingError` if invalid."""
        scope = self.deck(deck).id if deck is not None else ""
        checked = check_setting(key, value, per_deck=bool(scope))
        with self._session() as session:
            session.merge(SettingRow(scope=scope, key=key, value_json=json.dumps(checked)))
            session.commit()
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

    # -- the queue ------------------------------------------------------------------------------

    def _queue_context(
        self, session: Session, deck: str | None, now: datetime
    ) -> tuple[list[DeckRow], queue.Allowance, datetime, datetime]:
        settings_of = self._settings_function(session)
        learner = settings_of("")
        start, end = day_bounds(now, learner.rollover_hour, learner.zone)
        decks = [self.deck(deck)] if deck is not None else self.decks()
        return decks, queue.allowance(session, decks, settings_of, start), start, end

    def next_card(self, deck: str | None = None, *, now: datetime | None = None) -> CardRow | None:
        """The card to review next (of one deck, or of all), or None when nothing is due."""
        moment = self._now(now)
        with self._session() as session:
            decks, left, _, end = self._queue_context(session, deck, moment)
            return queue.next_card(session, decks, left, moment, end)

    def due_counts(self, deck: str | None = None, *, now: datetime | None = None) -> list[DueCounts]:
        """New, learning and review cards due today per deck, within the daily limits."""
        moment = self._now(now)
        with self._session() as session:
            decks, left, _, end = self._queue_context(session, deck, moment)
            return queue.due_counts(session, decks, left, moment, end)

    def day_bounds(self, *, now: datetime | None = None) -> tuple[datetime, datetime]:
        """Start and end (UTC) of the learner's current day."""
        learner = self.settings()
        return day_bounds(self._now(now), learner.rollover_hour, learner.zone)

    # -- answering ------------------------------------------------------------------------------

    def preview(self, card: CardRef, *, now: datetime | None = None) -> dict[Rating, timedelta]:
        """The interval each rating would give `card` now (without fuzz)."""
        moment = self._now(now)
        with self._session() as session:
            row = self._card(session, card)
            return scheduling.preview_intervals(row, self._settings_function(session)(row.deck_id), moment)

    def answer(
        self, card: CardRef, rating: object, duration: float | None = None, *, now: datetime | None = None
    ) -> AnswerResult:
        """Rate `card` (1-4 or Again/Hard/Good/Easy); `duration` is seconds spent on it.

        Updates the card's memory state and appends a review-log row in one transaction. A card
        that lapses `leech_threshold` times is marked leech and suspended.
        """
        chosen = scheduling.parse_rating(rating)
        moment = self._now(now)
        duration_ms = None if duration is None else max(0, round(duration * 1000))
        with self._session() as session:
            row = self._card(session, card)
            if row.retired:
                raise NotFoundError(f"card '{row.card_id}' is retired (no longer in its deck)")
            settings = self._settings_function(session)(row.deck_id)
            result = scheduling.apply_answer(row, chosen, settings, moment, duration_ms)
            session.add(result.log)
            session.commit()
            return AnswerResult(row, result.log, result.became_leech)

    def undo(self) -> CardRow | None:
        """Revert the last answer exactly (card state back, log row gone); None if nothing to undo."""
        with self._session() as session:
            log = session.exec(select(ReviewLogRow).order_by(col(ReviewLogRow.id).desc()).limit(1)).first()
            if log is None:
                return None
            row = self._card(session, log.card_pk)
            scheduling.restore(row, log.before_json)
            session.delete(log)
            session.commit()
            return row

    def _set_flags(self, card: CardRef, **values: Any) -> CardRow:
        with self._session() as session:
            row = self._card(session, card)
            for name, value in values.items():
                setattr(row, name, value)
            session.commit()
            return row

    def suspend(self, card: CardRef) -> CardRow:
        """Take a card out of every queue until it is unsuspended."""
        return self._set_flags(card, suspended=True)

    def unsuspend(self, card: CardRef) -> CardRow:
        """Put a suspended card back in the queues."""
        return self._set_flags(card, suspended=False)

    def bury(self, card: CardRef, *, now: datetime | None = None) -> CardRow:
        """Hide a card until the learner's next day begins."""
        return self._set_flags(card, buried_until=self.day_bounds(now=now)[1])

    # -- the log is the truth -------------------------------------------------------------------

    def check(self, *, repair: bool = False) -> list[Mismatch]:
        """Replay every card's log; return the cards whose stored state differs (and fix them if `repair`)."""
        mismatches = []
        with self._session() as session:
            settings_of = self._settings_function(session)
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
                    mismatches.append(Mismatch(row, differences))
                    if repair:
                        for name in (
                            "state",
                            "step",
                            "stability",
                            "difficulty",
                            "due",
                            "last_review",
                            "reps",
                            "lapses",
                        ):
                            setattr(row, name, getattr(replayed, name))
            if repair and mismatches:
                session.commit()
        return mismatches


def open_collection(db: str | os.PathLike[str] | None = None, *, clock: Clock = utc_now) -> Collection:
    """Open (creating if needed) the pmcards database at `db`: a path, an `sqlite:///` URL or
    ":memory:". None means `$PMCARDS_DB`, else `pmcards.db` in the user data folder."""
    return Collection(open_engine(db), clock)
