"""The Python API: a `Collection` is one pmcards database, its decks, schedule and settings.

    with pmcards.open("study.db") as col:
        col.sync()
        card = col.next_card()
        col.answer(card, "good")

The collection is a small facade: settings, the queue, answering, and history each live in a
part of their own; the collection holds the one database connection they share.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

from fsrs import Rating
from sqlalchemy import bindparam, select

from pmcards.collection import browse, exam, history, optimizer, progress, queue, stats, workload
from pmcards.collection.answers import AnswerResult, Answers
from pmcards.collection.configuration import Configuration
from pmcards.collection.exam import ExamPlan
from pmcards.collection.history import Mismatch, ReviewLog, StoredLog
from pmcards.collection.optimizer import Optimization
from pmcards.collection.progress import Progress
from pmcards.collection.queue import DueCounts
from pmcards.collection.reading import StoredCard, StoredNote, read_cards, read_notes
from pmcards.collection.stats import Stats
from pmcards.collection.sync import SyncReport, sync_decks
from pmcards.collection.workload import Workload
from pmcards.errors import NotFoundError, PmcardsError
from pmcards.files import is_folder
from pmcards.format.deckfile import PathArg, path_list
from pmcards.paths import chosen_database, chosen_learner, default_deck_paths, user_db
from pmcards.schedule import scheduler
from pmcards.schedule.day import LATEST, Calendar, utc_now
from pmcards.schedule.exam import Exam
from pmcards.schedule.settings import MEMORY_SETTINGS, Settings
from pmcards.store import Database, day_counts, open_database
from pmcards.store.schema import decks

CardRef = StoredCard | int
"""A card given to the API: a `StoredCard` it returned, or a card's `pk`."""
Clock = Callable[[], datetime]
_DECK_BY_ID = select(decks).where(decks.c.id == bindparam("id"), decks.c.retired.is_(False))
MAX_AHEAD = 36_500
"""The most days `next_card` reviews ahead (the longest interval: nothing is due later)."""
_DAY_SETTINGS = frozenset({"rollover_hour", "timezone"})
"""Settings that move the learner's day: changing one recounts the days' answers."""


class Deck:
    """A deck as stored: its id, title and metadata, and its place in the order."""

    __slots__ = ("description", "id", "path", "position", "source", "tags", "title", "url")

    def __init__(self, row: Any) -> None:
        self.id: str = row.id
        self.title: str = row.title
        self.description: str = row.description
        self.source: str = row.source
        self.url: str = row.url
        self.tags: list[str] = json.loads(row.tags_json)
        self.path: str = row.path
        self.position: int = row.position

    def __repr__(self) -> str:
        return f"Deck(id={self.id!r}, title={self.title!r})"


class Collection:
    """One pmcards database. Open it with `pmcards.open(db)`; close it, or use it as a context manager.

    Every method that changes something does it in one transaction. Methods that depend on the
    time take `now` (an aware datetime); without it they ask the collection's clock.
    """

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock
        self._configuration = Configuration(db)
        self._days: Calendar | None = None
        self._queue = queue.Queue(db, self._configuration.settings_of, self._calendar)
        self._answers = Answers(db, self._configuration.settings_of, self._calendar, self._queue.counted)

    # -- lifetime -------------------------------------------------------------------------------

    def close(self) -> None:
        """Release the database (the file is left consistent)."""
        self._db.close()

    def __enter__(self) -> Collection:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def snapshot(self) -> AbstractContextManager[object]:
        """A block whose reads all see the database as it was when the block began (another
        process's commits meanwhile are not seen): for reads that must agree, such as an export."""
        return self._db.read()

    def now(self) -> datetime:
        """The collection's clock, in UTC."""
        return scheduler.as_utc(self._clock())

    def _now(self, now: datetime | None) -> datetime:
        return scheduler.as_utc(now) if now is not None else self.now()

    def _calendar(self) -> Calendar:
        """The learner's days under the current rollover hour and time zone."""
        learner = self._configuration.settings_of()("")
        calendar = self._days
        if calendar is None or (calendar.rollover_hour, calendar.zone) != (learner.rollover_hour, learner.zone):
            calendar = self._days = Calendar(learner.rollover_hour, learner.zone)
        return calendar

    def _learner_day(self, moment: datetime) -> date:
        return self._calendar().date_of(moment)

    # -- decks and cards ------------------------------------------------------------------------

    def deck_paths(self) -> list[Path]:
        """Where `sync()` looks when given no paths: `$PMCARDS_DECKS`, else the paths of the last
        sync that was given some (the `deck_folders` setting), else the built-in decks."""
        return default_deck_paths(self.settings().deck_folders)

    def sync(self, paths: PathArg | Iterable[PathArg] | None = None) -> SyncReport:
        """Load deck files into the store; without `paths`, from `deck_paths()`.

        Only files changed since the last sync are read again. Paths given are remembered as the
        `deck_folders` setting, so later syncs (and the one the CLI runs before each review) keep
        using them. Raises `DeckError` with every problem, and writes nothing, if any deck has one
        (and `StoreError` when the database cannot be written).
        """
        given = path_list(paths)
        targets = given or self.deck_paths()

        def remember() -> None:  # in the sync's own transaction, once every path given was read
            folders = [str(path.resolve()) for path in given]
            if given and list(self.settings().deck_folders) != folders:
                self._configuration.set("deck_folders", folders)

        try:
            return sync_decks(self._db, targets, [target for target in targets if is_folder(target)], remember)
        finally:
            self._configuration.forget()
            self._queue.forget()

    def decks(self) -> list[Deck]:
        """The active decks, in order."""
        rows = self._db.execute(select(decks).where(decks.c.retired.is_(False)).order_by(decks.c.position))
        return [Deck(row) for row in rows]

    def deck(self, name: str) -> Deck:
        """The active deck whose id or title (any case) is `name`; `NotFoundError` otherwise."""
        by_id = self._db.execute(_DECK_BY_ID, {"id": name}).first()
        if by_id is not None:  # one row read, not every deck: an export asks once per deck
            return Deck(by_id)
        every = self.decks()
        found = queue.deck_named([(deck.id, deck.title) for deck in every], name)
        for deck in every:
            if found is not None and deck.id == found[0]:
                return deck
        known = ", ".join(deck.id for deck in every) or "none; run `pmcards sync`"
        raise NotFoundError(f"unknown deck '{name}' (decks: {known})")

    def cards(self, deck: str | None = None, *, include_retired: bool = False) -> list[StoredCard]:
        """The cards of one deck (id or title) or of all decks, in deck order."""
        filters = {} if deck is None else {"deck": self.deck(deck).id}
        return read_cards(self._db, in_use=not include_retired, **filters)

    def notes(self, deck: str | None = None) -> list[StoredNote]:
        """The content of each deck-file card in use (a cloze once, not once per deletion), of one
        deck (id or title) or of all decks, in deck order."""
        return read_notes(self._db) if deck is None else read_notes(self._db, deck=self.deck(deck).id)

    def find_cards(
        self,
        deck: str | None = None,
        *,
        search: str = "",
        tags: Sequence[str] = (),
        status: str | None = None,
        now: datetime | None = None,
    ) -> list[StoredCard]:
        """The cards in use of one deck (id or title) or all, in deck order, that hold `search`
        (any case, as plain text) in their id or fields, have one of `tags`, and are in `status`:
        "suspended", "leech", "due" (now) or "new"."""
        moment = self._now(now)
        day_end = self._calendar().bounds(moment)[1]
        if status is not None and status not in browse.STATUS_TESTS:
            raise PmcardsError(f"unknown card status {status!r} (statuses: {', '.join(browse.STATUS_TESTS)})")
        return [
            card
            for card in self.cards(deck)
            if browse.matches(card, search=search, tags=tags, status=status, now=moment, day_end=day_end)
        ]

    def recall(self, card: StoredCard, *, now: datetime | None = None) -> float | None:
        """The probability that `card` is recalled now (FSRS retrievability); None for a new card."""
        return scheduler.recall(card, self._configuration.settings_of()(card.deck_id), self._now(now))

    def card(self, ref: CardRef | str, ord: int | None = None) -> StoredCard:
        """A card by its `pk` (or a `StoredCard`), or by its deck-file id (and card number)."""
        if isinstance(ref, StoredCard):
            ref = ref.pk
        if isinstance(ref, int) and not isinstance(ref, bool):
            found = read_cards(self._db, in_use=False, pk=ref) if abs(ref) < 2**63 else []
        elif ord is None:
            found = read_cards(self._db, in_use=False, card_id=str(ref))
        elif isinstance(ord, int) and abs(ord) < 2**63:
            found = read_cards(self._db, in_use=False, card_id=str(ref), ord=ord)
        else:
            found = []
        if not found:
            raise NotFoundError(f"no card {ref!r}" + (f" with card number {ord}" if ord is not None else ""))
        return found[0]

    def review_logs(self, card: CardRef | None = None) -> list[ReviewLog]:
        """The review log, oldest first: of one card, or of all."""
        return history.read_logs(self._db, None if card is None else self.card(card).pk)

    def stored_review_logs(self) -> list[StoredLog]:
        """The whole review log, oldest first, in stored units (microseconds, state numbers): the
        fast read for a bulk reader such as an export; `review_logs` gives the same rows as values."""
        return history.read_stored_logs(self._db)

    # -- settings -------------------------------------------------------------------------------

    def settings(self, deck: str | None = None) -> Settings:
        """The effective settings, globally or for one deck (defaults, global values, deck overrides)."""
        return self._configuration.settings_of()(self.deck(deck).id if deck is not None else "")

    def overrides(self) -> dict[str, dict[str, Any]]:
        """The settings stored in the database: scope ("" for global, else a deck id) -> key -> value."""
        return self._configuration.stored()

    def set_setting(self, key: str, value: Any, deck: str | None = None) -> Any:
        """Set a setting globally or for one deck; returns the value as stored. `SettingError` if invalid."""
        scope = self.deck(deck).id if deck is not None else ""
        try:
            with self._db.write():
                stored = self._configuration.set(key, value, scope)
                self._after_setting(key)
        finally:
            self._configuration.forget()
            self._queue.forget()
        return stored

    def unset_setting(self, key: str, deck: str | None = None) -> None:
        """Remove a stored setting, so the global value or the default applies again."""
        scope = self.deck(deck).id if deck is not None else ""
        try:
            with self._db.write():
                self._configuration.unset(key, scope)
                self._after_setting(key)
        finally:
            self._configuration.forget()
            self._queue.forget()

    def _after_setting(self, key: str) -> None:
        """What a changed setting calls for, in its write transaction: a setting that moves the
        learner's day recounts the days' answers; new FSRS parameters recompute every card's
        memory state from its log (so `check` still agrees)."""
        if key in _DAY_SETTINGS:
            self._recount_days()
        if key in MEMORY_SETTINGS:
            history.check(self._db, self._configuration.settings_of(), repair=True)

    def _recount_days(self) -> None:
        """Count each day's answers again from the log (inside a write transaction, after the
        learner's day moved)."""
        day_counts.rebuild(self._db.connection, self._learner_day)

    # -- the queue ------------------------------------------------------------------------------

    def _queue_context(
        self, deck: str | None, now: datetime
    ) -> tuple[list[tuple[str, str]], queue.Allowance, datetime]:
        """The decks (id, title) in play, what is left of today's limits, and the end of the day
        (call inside a read transaction)."""
        calendar = self._calendar()
        today, (_, end) = calendar.date_of(now), calendar.bounds(now)
        in_play = self._queue.in_play(deck, today)
        left = self._queue.allowance([deck_id for deck_id, _ in in_play], today, alone=deck is not None)
        return in_play, left, end

    def next_card(
        self,
        deck: str | None = None,
        *,
        ahead: int = 0,
        cram: bool = False,
        tags: Sequence[str] = (),
        now: datetime | None = None,
    ) -> StoredCard | None:
        """The card to review next (of one deck, or of all), or None when nothing is due.

        Beyond today's queue: `ahead` days reviews the cards due in that many days after today,
        earliest first; `cram` reviews every card already seen and not yet reviewed today, the
        longest unseen first (so a cram session ends once each has come once). Both may
        keep to the cards with one of `tags`, ignore the daily limits, and are answered as
        usual: FSRS sees how long it really was since the last review.
        """
        moment = self._now(now)
        if not 0 <= ahead <= MAX_AHEAD or (ahead and cram):
            raise PmcardsError(f"review ahead takes a number of days from 1 to {MAX_AHEAD}, and not together with cram")
        with self._db.read():
            in_play, left, end = self._queue_context(deck, moment)
            deck_ids = [deck_id for deck_id, _ in in_play]
            if ahead or cram:
                scope = None if deck is None else deck_ids
                before = self._calendar().bounds(moment)[0] if cram else end + timedelta(days=ahead)
                return queue.extra_card(self._db, "cram" if cram else "ahead", scope, tuple(tags), moment, before)
            if tags:
                raise PmcardsError("tags choose the cards of review ahead and cram, not of today's queue")
            return self._queue.next_card(deck_ids, left, moment, end, every_deck=deck is None)

    def due_counts(self, deck: str | None = None, *, now: datetime | None = None) -> list[DueCounts]:
        """New, learning and review cards due today per deck, within the daily limits (and, with
        an exam planned, the plan's share of new cards): what `next_card` will serve (the plan's
        cards in all; their split among decks may shift as cards are answered)."""
        return self._due(deck, now)[0]

    def due_total(self, deck: str | None = None, *, now: datetime | None = None) -> DueCounts:
        """The counts of `due_counts` for all decks (or one) together, within the daily limits."""
        return self._due(deck, now)[1]

    def _due(self, deck: str | None, now: datetime | None) -> tuple[list[DueCounts], DueCounts]:
        moment = self._now(now)
        with self._db.read():
            in_play, left, end = self._queue_context(deck, moment)
            planned = self._queue.planned([deck_id for deck_id, _ in in_play], moment, every_deck=deck is None)
            return queue.due_counts(self._db, in_play, left, moment, end, planned)

    def progress(self, *, now: datetime | None = None) -> Progress:
        """The learner's streak, answers today, and retention of review cards over 30 days."""
        moment = self._now(now)
        calendar = self._calendar()
        return progress.progress(self._db, moment, calendar.bounds(moment)[0], calendar.rollover_hour, calendar.zone)

    # -- statistics, fitted parameters, workload -------------------------------------------------

    def stats(self, deck: str | None = None, period: str = "1m", *, now: datetime | None = None) -> Stats:
        """The learner's statistics (of one deck, id or title, or all): today's study, the
        forecast, the review calendar, true retention, card counts, memory-state distributions,
        answer buttons and time per day over `period` ("1m", "3m", "1y" or "all")."""
        scope = self.deck(deck).id if deck is not None else None
        settings_of = self._configuration.settings_of()
        return stats.stats(self._db, settings_of, self._calendar(), self._now(now), scope, period)

    def optimize(self, deck: str | None = None, *, force: bool = False) -> Optimization:
        """Fit FSRS-6 to the review log (of one deck, id or title, or all) and save the fitted
        parameters (for that deck, or for the learner) when they predict the later reviews
        better than the current ones, or with `force`; every card's memory state is then
        recomputed from its log. `PmcardsError` below `fitting.MINIMUM_REVIEWS` reviews (saying
        how many more are needed) and without the `[optimize]` extra."""
        scope = self.deck(deck).id if deck is not None else None
        found = optimizer.fit_log(self._db, self._calendar(), scope, self.settings(deck))
        saved = force or found.better
        if saved:
            self.set_setting("fsrs_parameters", found.parameters, deck)
        return Optimization(scope, found, saved)

    def simulate(
        self,
        days: int = 365,
        retentions: Sequence[float] = workload.RETENTIONS,
        *,
        deck: str | None = None,
        now: datetime | None = None,
    ) -> Workload:
        """Simulate `days` days of study (of one deck, or all) from tomorrow for each desired
        retention (0.7-0.99): answers and minutes per day and cards remembered at the end, with
        the learner's own parameters, limits and answering habits. See `pmcards.schedule.workload`."""
        scope = self.deck(deck).id if deck is not None else None
        today = self._learner_day(self._now(now))
        settings_of = self._configuration.settings_of()
        return workload.workload(self._db, settings_of, self._calendar(), today, scope, days, retentions)

    # -- an interview date ----------------------------------------------------------------------

    def set_exam(
        self, day: date | str, *, decks: Sequence[str] = (), tags: Sequence[str] = (), now: datetime | None = None
    ) -> Exam:
        """Prepare for an interview on `day` (a date, or "YYYY-MM-DD"): the cards of `decks` (ids
        or titles; all when none) with one of `tags` (any when none). See `pmcards.schedule.exam`.
        `NotFoundError` for an unknown deck or a tag no card of those decks has; `PmcardsError`
        when the scope holds no card. A date too close to see every card `INTRODUCE_BEFORE` days
        ahead is accepted: `exam_plan().late` counts the cards that cannot be."""
        try:
            chosen = day if isinstance(day, date) else date.fromisoformat(str(day).strip())
        except ValueError:
            raise PmcardsError(f"invalid exam date {day!r}: give a date such as 2026-12-15") from None
        today = self._learner_day(self._now(now))
        if chosen <= today:
            raise PmcardsError(f"exam date {chosen.isoformat()} is not after today ({today.isoformat()})")
        if chosen >= LATEST.date():
            raise PmcardsError(f"exam date {chosen.isoformat()} is too far away: pmcards plans up to {LATEST.year - 1}")
        planned = Exam(chosen, tuple(dict.fromkeys(self.deck(name).id for name in decks)), tuple(tags))
        where = f"of {', '.join(planned.decks)} " if planned.decks else ""
        with self._db.read():
            for tag in planned.tags:
                if not exam.scope_size(self._db, replace(planned, tags=(tag,))):
                    raise NotFoundError(f"no card {where}in use has the tag '{tag}'")
            if not exam.scope_size(self._db, planned):
                raise PmcardsError(f"no card {where}in use to prepare (run `pmcards sync` first?)")
        self.set_setting("exam", planned.to_json())
        return planned

    def clear_exam(self) -> None:
        """Stop preparing for an exam: scheduling is FSRS's alone again."""
        self.unset_setting("exam")

    def exam_plan(self, *, now: datetime | None = None) -> ExamPlan | None:
        """Where the preparation for the exam stands (None when no exam is set)."""
        planned = self.settings().planned_exam
        if planned is None:
            return None
        settings_of = self._configuration.settings_of()
        with self._db.read():
            return exam.plan(self._db, planned, settings_of, self._calendar(), self._now(now))

    def day_bounds(self, *, now: datetime | None = None) -> tuple[datetime, datetime]:
        """Start and end (UTC) of the learner's current day."""
        return self._calendar().bounds(self._now(now))

    # -- answering ------------------------------------------------------------------------------

    def _pk(self, card: CardRef) -> int:
        pk = card.pk if isinstance(card, StoredCard) else card
        if not isinstance(pk, int) or isinstance(pk, bool) or not 0 < pk < 2**63:
            raise NotFoundError(f"no card {pk!r}")
        return pk

    def preview(self, card: CardRef, *, now: datetime | None = None) -> dict[Rating, timedelta]:
        """The interval each rating would give `card` now (without fuzz)."""
        found = self.card(self._pk(card))
        if found.retired:
            raise NotFoundError(f"card {found.pk} is retired (no longer in its deck)")
        return scheduler.preview(found, self._configuration.settings_of()(found.deck_id), self._now(now))

    def answer(
        self, card: CardRef, rating: object, duration: float | None = None, *, now: datetime | None = None
    ) -> AnswerResult:
        """Rate `card` (1-4 or Again/Hard/Good/Easy); `duration` is seconds spent on it.

        Stores the card's new schedule and a review-log row in one transaction; a leech is
        suspended. `NotFoundError` for an unknown or retired card, `RatingError` for a bad rating.
        """
        chosen = scheduler.parse_rating(rating)
        moment = self._now(now)
        if duration is not None and not (
            isinstance(duration, (int, float)) and math.isfinite(duration) and abs(duration) < 1e9
        ):
            raise PmcardsError(f"invalid duration {duration!r}: give the seconds spent (under 1e9), or None")
        duration_ms = None if duration is None else max(0, round(duration * 1000))
        pk = self._pk(card)
        return self._answers.answer(card if isinstance(card, StoredCard) else pk, chosen, duration_ms, moment)

    def undo(self) -> StoredCard | None:
        """Take back the last answer (or reset) given through this collection, exactly: the card
        as before, its log row gone. Returns the card, or None if there is nothing to take back.
        Another session's answers are never touched: `PmcardsError` if the card has been answered
        again since."""
        pks = self._answers.undo()
        return self.card(pks[0]) if pks else None

    def forget(self, card: CardRef | str, *, now: datetime | None = None) -> list[StoredCard]:
        """Reset a card's note (all its cards) to new, keeping its flags; the history stays in
        the log, where the reset is written too, so `check` agrees and `undo` takes it back.
        Returns the cards reset: a card already new (never answered, or not since its last
        reset) is left alone, so forgetting a note that is all new changes nothing and returns []."""
        cards_of_note = self.note_cards(card)
        reset = self._answers.forget([found.pk for found in cards_of_note], self._now(now))
        if reset:
            self._queue.forget()
        return [self.card(pk) for pk in reset]

    def note_cards(self, card: CardRef | str) -> list[StoredCard]:
        """The cards in use of a card's note: every deletion of a cloze, both ways of a reverse
        card (given a card, its pk, or its deck-file id)."""
        card_id = card if isinstance(card, str) else self.card(self._pk(card)).card_id
        found = read_cards(self._db, card_id=card_id)
        if not found:
            raise NotFoundError(f"no card with id '{card_id}' in use (ids are the `id:` lines of the deck files)")
        return found

    def _set_flags(self, card: CardRef | str, **values: Any) -> list[StoredCard]:
        cards_of_note = self.note_cards(card)
        self._answers.set_flags([found.pk for found in cards_of_note], **values)
        self._queue.forget()  # an unsuspended or unburied new card may be a deck's only one left
        return self.note_cards(cards_of_note[0].card_id)

    def suspend(self, card: CardRef | str) -> list[StoredCard]:
        """Take a card's note (all its cards) out of every queue until it is unsuspended; return its cards."""
        return self._set_flags(card, suspended=True)

    def unsuspend(self, card: CardRef | str) -> list[StoredCard]:
        """Put a suspended note (all its cards) back in the queues; return its cards."""
        return self._set_flags(card, suspended=False)

    def bury(self, card: CardRef | str, *, now: datetime | None = None) -> list[StoredCard]:
        """Hide a card's note (all its cards) until the learner's next day begins; return its cards."""
        return self._set_flags(card, buried_until=self.day_bounds(now=now)[1])

    def unbury(self, card: CardRef | str) -> list[StoredCard]:
        """Put a buried note (all its cards) back in today's queues; return its cards."""
        return self._set_flags(card, buried_until=None)

    # -- the log is the truth -------------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """The database's own integrity check (its pages, indexes and the references between its
        rows): one line per problem, [] when the database is sound. `check --repair` cannot mend
        these: restore a backup."""
        return self._db.integrity_problems()

    def check(self, *, repair: bool = False) -> list[Mismatch]:
        """Replay every card's log; return the cards whose stored state differs (and fix them if `repair`)."""
        with self._db.write() if repair else self._db.read():
            mismatches = history.check(self._db, self._configuration.settings_of(), repair=repair)
            if repair:
                self._recount_days()
        self._queue.forget()
        return mismatches


def open_collection(
    db: str | os.PathLike[str] | None = None, *, learner: str | None = None, clock: Clock = utc_now
) -> Collection:
    """Open (creating if needed) the pmcards database at `db`: a path, an `sqlite:///` URL,
    ":memory:" or a `postgresql://` URL. None means `$PMCARDS_DB`, else `pmcards.db` in the user
    data folder. `learner` (None: `$PMCARDS_LEARNER`, else nobody in particular) chooses whose
    collection: a schema of a PostgreSQL database, a file beside an SQLite one."""
    spec = chosen_database(db)
    database = open_database(spec, learner=chosen_learner(learner), create_folder=spec == str(user_db()))
    return Collection(database, clock)
