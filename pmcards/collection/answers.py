"""Answering cards and taking answers back: the card's new schedule, its log row and the day's
counts, written in one transaction; and the learner's flags (suspend, bury).

Undo is this collection's own: it takes back the last answer given through this collection, and
only while no later answer to that card (from any session) stands on top of it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from operator import attrgetter
from typing import Any

from fsrs import Rating
from sqlalchemy import Connection, and_, bindparam, delete, func, insert, literal_column, or_, select, update

from pmcards.collection import exam
from pmcards.collection.configuration import SettingsOf
from pmcards.collection.reading import StoredCard
from pmcards.errors import NotFoundError, PmcardsError
from pmcards.schedule import scheduler
from pmcards.schedule.day import Calendar
from pmcards.schedule.exam import last_review_day
from pmcards.schedule.scheduler import Answered
from pmcards.schedule.state import CardState, MemoryState, Schedule
from pmcards.store import Database, day_counts
from pmcards.store.schema import cards, review_logs

SCHEDULE_FIELDS = tuple(item.name for item in fields(Schedule))
MEMORY_FIELDS = tuple(item.name for item in fields(MemoryState))
_READ = select(
    cards.c.deck_id,
    cards.c.card_id,
    cards.c.ord,
    cards.c.tags_json,
    cards.c.retired,
    *(cards.c[name] for name in SCHEDULE_FIELDS),
).where(cards.c.pk == bindparam("card"))
_WRITE = (
    update(cards).where(cards.c.pk == bindparam("card")).values({name: bindparam(name) for name in SCHEDULE_FIELDS})
)
_SIBLINGS = and_(cards.c.card_id == bindparam("note"), cards.c.pk != bindparam("card"), cards.c.retired.is_(False))
_BURY_SIBLINGS = (
    update(cards)
    .where(
        _SIBLINGS,
        cards.c.state.in_([literal_column(str(int(state))) for state in (CardState.NEW, CardState.REVIEW)]),
        or_(cards.c.buried_until.is_(None), cards.c.buried_until < bindparam("until")),
    )
    .values(buried_until=bindparam("until"))
)
"""Bury the new and review cards of a note, but the one answered, until the day's end."""
_UNBURY_SIBLINGS = update(cards).where(_SIBLINGS, cards.c.buried_until == bindparam("until")).values(buried_until=None)
_WRITE_IF_AS_SHOWN = (
    update(cards)
    .where(
        cards.c.pk == bindparam("card"),
        cards.c.retired.is_(False),
        cards.c.deck_id == bindparam("was_deck"),
        *(cards.c[name].is_not_distinct_from(bindparam(f"was_{name}")) for name in SCHEDULE_FIELDS),
    )
    .values({name: bindparam(name) for name in SCHEDULE_FIELDS})
)
"""The answer's write when the card is still as it was shown: the schedule fields and deck unchanged."""
_LOG = insert(review_logs).values(
    {
        name: bindparam(name)
        for name in (
            "card_pk",
            "rating",
            "reviewed_at",
            "duration_ms",
            *MEMORY_FIELDS,
            *(f"before_{field}" for field in SCHEDULE_FIELDS),
            "buried_siblings",
        )
    }
)
_BEFORE = select(
    review_logs.c.card_pk,
    review_logs.c.reviewed_at,
    review_logs.c.rating,
    review_logs.c.buried_siblings,
    *(review_logs.c[f"before_{name}"] for name in SCHEDULE_FIELDS),
).where(review_logs.c.id == bindparam("log"))
_NEWEST = select(func.max(review_logs.c.id)).where(review_logs.c.card_pk == bindparam("card"))
_FORGET = delete(review_logs).where(review_logs.c.id == bindparam("log"))


@dataclass(frozen=True)
class AnswerResult:
    """What an answer did: the card's new schedule, the log row's id, and whether it became a leech."""

    card_pk: int
    rating: Rating
    schedule: Schedule
    log_id: int
    became_leech: bool


@dataclass(frozen=True)
class _Shown:
    """What an answer needs of a card besides its pk: its deck, note id (its deck-file id), tags,
    schedule, and whether its note may have other cards (a kind that makes one card per note
    numbers it 0)."""

    deck_id: str
    note_id: str
    tags_json: str
    schedule: Schedule
    has_siblings: bool

    @classmethod
    def of(cls, card: StoredCard) -> _Shown:
        return cls(card.deck_id, card.card_id, card.tags_json, card, card.ord != 0)  # a StoredCard is a Schedule

    @property
    def tags(self) -> list[str]:
        """The card's tags (decoded only when an exam asks which cards it covers)."""
        return list(json.loads(self.tags_json))


def read_schedule(connection: Connection, pk: int, *, retired: bool = False) -> _Shown:
    """A card as an answer needs it; `NotFoundError` for a card that does not exist or (unless
    `retired`, as for taking back an answer to a card retired since) is retired."""
    row = connection.execute(_READ, {"card": pk}).first()
    if row is None:
        raise NotFoundError(f"no card {pk!r}")
    if row.retired and not retired:
        raise NotFoundError(f"card {pk} is retired (no longer in its deck)")
    schedule = Schedule(**{name: row._mapping[name] for name in SCHEDULE_FIELDS})
    return _Shown(row.deck_id, row.card_id, row.tags_json, schedule, row.ord != 0)


_SCHEDULE_VALUES = attrgetter(*SCHEDULE_FIELDS)
_PREFIXED_FIELDS = {prefix: tuple(prefix + name for name in SCHEDULE_FIELDS) for prefix in ("", "was_", "before_")}


def _schedule_values(schedule: Schedule, prefix: str = "") -> dict[str, Any]:
    """A schedule's fields as statement parameters, named `prefix + field`."""
    return dict(zip(_PREFIXED_FIELDS[prefix], _SCHEDULE_VALUES(schedule), strict=True))


class Answers:
    """Answers, resets, undo and flags for one collection."""

    def __init__(
        self,
        db: Database,
        settings_of: Callable[[], SettingsOf],
        calendar: Callable[[], Calendar],
        counted: Callable[[str, date, int, int], None],
    ) -> None:
        self._db = db
        self._settings_of = settings_of
        self._calendar = calendar
        self._counted = counted
        """Told of every change to a day's counts (deck, day, new, reviews), after its commit."""
        self._given: list[list[tuple[int, int, str]]] = []
        """What undo can take back, newest last: each action (an answer; the reset of a note's
        cards) as the (log id, card pk, deck at the time) of its log rows."""

    def answer(self, card: StoredCard | int, rating: Rating, duration_ms: int | None, now: datetime) -> AnswerResult:
        """Rate a card at `now`: store its new schedule, its log row and the day's counts.

        Given the `StoredCard` it was shown, the card is written only if it is still as shown
        (one statement instead of a read and a write); if it changed meanwhile, it is read again.
        """
        pk = card.pk if isinstance(card, StoredCard) else card
        with self._db.write() as connection:  # settings read in it too: one transaction, not two
            calendar = self._calendar()
            day = calendar.date_of(now)
            settings_of = self._settings_of()
            shown = _Shown.of(card) if isinstance(card, StoredCard) and not card.retired else None
            while True:
                found = shown or read_schedule(connection, pk)
                deck_id, note_id, before = found.deck_id, found.note_id, found.schedule
                answered = scheduler.answer(before, rating, settings_of(deck_id), now)
                answered = self._for_exam(answered, found, now, calendar, settings_of)
                after = {"card": pk, **_schedule_values(answered.after)}
                if shown is None:
                    self._db.run(_WRITE, after)
                    break
                was = {"was_deck": deck_id, **_schedule_values(before, "was_")}
                if self._db.run(_WRITE_IF_AS_SHOWN, {**after, **was}).count:
                    break
                shown = None
            buried = False
            burying = found.has_siblings and settings_of(deck_id).bury_siblings
            if burying and before.state in (CardState.NEW, CardState.REVIEW):
                until = calendar.bounds(now)[1]
                buried = self._db.run(_BURY_SIBLINGS, {"note": note_id, "card": pk, "until": until}).count > 0
            log_id = self._log(pk, int(rating), now, duration_ms, before, answered.after, buried)
            new, review = day_counts.counted(before.state, int(rating))
            if new or review:
                day_counts.add(self._db, day, deck_id, new=new, review=review)
        if new or review:
            self._counted(deck_id, day, new, review)
        self._given.append([(log_id, pk, deck_id)])
        return AnswerResult(pk, rating, answered.after, log_id, answered.became_leech)

    def _for_exam(
        self, answered: Answered, card: _Shown, now: datetime, calendar: Calendar, settings_of: SettingsOf
    ) -> Answered:
        """The answer with its next review brought forward into the final days before the exam,
        when the exam plan wants that (see `pmcards.schedule.exam`)."""
        planned = settings_of("").planned_exam
        due = answered.after.due
        if planned is None or due is None or not planned.covers(card.deck_id, card.tags):
            return answered
        today, due_day = calendar.date_of(now), calendar.date_of(due)
        if due_day < planned.day or today >= planned.final_days()[0]:
            return answered
        day = last_review_day(planned, today, due_day, exam.final_days_load(self._db, planned, calendar))
        if day is None:
            return answered
        return replace(answered, after=replace(answered.after, due=calendar.start_of(day)))

    def _log(
        self,
        pk: int,
        rating: int,
        now: datetime,
        duration_ms: int | None,
        before: Schedule,
        after: Schedule,
        buried: bool,
    ) -> int:
        """Append a log row (inside the write transaction); return its id."""
        values = {
            "card_pk": pk,
            "rating": rating,
            "reviewed_at": now,
            "duration_ms": duration_ms,
            **{name: getattr(after, name) for name in MEMORY_FIELDS},
            **_schedule_values(before, "before_"),
            "buried_siblings": buried,
        }
        return int(self._db.run(_LOG, values).inserted)

    def forget(self, pks: Sequence[int], now: datetime) -> list[int]:
        """Reset cards to new, keeping the learner's flags: each gets a log row (rating
        `FORGOTTEN`), so a replay of its log rebuilds it and undo takes the reset back. A card
        already new (never answered, or not since its last reset) is left as it is, unlogged.
        Returns the pks of the cards reset."""
        with self._db.write() as connection:
            group = []
            for pk in pks:
                before = read_schedule(connection, pk)
                flags = before.schedule
                if flags.state == CardState.NEW:
                    continue
                after = Schedule(leech=flags.leech, suspended=flags.suspended, buried_until=flags.buried_until)
                self._db.run(_WRITE, {"card": pk, **_schedule_values(after)})
                group.append(
                    (self._log(pk, scheduler.FORGOTTEN, now, None, before.schedule, after, False), pk, before.deck_id)
                )
        if group:
            self._given.append(group)
        return [pk for _, pk, _ in group]

    def undo(self) -> list[int]:
        """Take back this collection's last answer or reset: each card exactly as before, its log
        rows gone. Returns the cards' pks (none when there is nothing to take back)."""
        if not self._given:
            return []
        group = self._given[-1]
        changes: list[tuple[str, date, int, int]] = []
        with self._db.write():
            try:
                for log_id, pk, deck_id in reversed(group):
                    changes.append(self._take_back(log_id, pk, deck_id))
            finally:
                self._given.pop()
        for deck_id, day, new, review in changes:
            if new or review:
                self._counted(deck_id, day, -new, -review)
        return [pk for _, pk, _ in group]

    def _take_back(self, log_id: int, pk: int, deck_id: str) -> tuple[str, date, int, int]:
        """Undo one log row (inside the write transaction): the card's schedule as before it, but
        for a suspension or burial set since, which stays; return the deck and day it counted for,
        and what it counted."""
        connection = self._db.connection
        row = connection.execute(_BEFORE, {"log": log_id}).first()
        if row is None or row.card_pk != pk:
            raise PmcardsError("cannot undo: that answer is no longer in the review log")
        if connection.execute(_NEWEST, {"card": pk}).scalar_one() != log_id:
            raise PmcardsError("cannot undo: the card has been answered again since, in another session")
        before = Schedule(**{name: row._mapping[f"before_{name}"] for name in SCHEDULE_FIELDS})
        now = read_schedule(connection, pk, retired=True)
        made_leech = now.schedule.leech and not before.leech  # only an answer makes a leech (and suspends it)
        restored = replace(
            before,
            suspended=before.suspended if made_leech else now.schedule.suspended,
            buried_until=before.buried_until if now.schedule.buried_until is None else now.schedule.buried_until,
        )
        connection.execute(_WRITE, {"card": pk, **_schedule_values(restored)})
        connection.execute(_FORGET, {"log": log_id})
        calendar = self._calendar()
        if row.buried_siblings:
            until = calendar.bounds(row.reviewed_at)[1]
            connection.execute(_UNBURY_SIBLINGS, {"note": now.note_id, "card": pk, "until": until})
        day = calendar.date_of(row.reviewed_at)
        new, review = day_counts.counted(before.state, row.rating)
        if new or review:
            day_counts.add(self._db, day, deck_id, new=-new, review=-review)
        return deck_id, day, new, review

    def set_flags(self, pks: list[int], **values: Any) -> None:
        """Set the learner's flags (suspended, buried_until) on cards."""
        with self._db.write() as connection:
            connection.execute(update(cards).where(cards.c.pk.in_(pks)).values(**values))
