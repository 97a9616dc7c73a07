"""FSRS scheduling: ratings, the scheduler for a deck's settings, answering a card and replaying its log."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

from pmcards.errors import PmcardsError, RatingError
from pmcards.models import NEW, REVIEW, TIME_FIELDS, ReviewLogRow
from pmcards.settings import Settings

RATING_NAMES = {rating.name.lower(): rating for rating in Rating}


@dataclass(frozen=True, slots=True)
class Schedule:
    """A card's scheduling fields: fsrs memory state, counters and flags (what an answer may change)."""

    state: int = NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    leech: bool = False
    suspended: bool = False
    buried_until: datetime | None = None

    @classmethod
    def of(cls, card: Any) -> Schedule:
        """The schedule of anything with these fields (a stored card)."""
        return cls(*(getattr(card, name) for name in SCHEDULE_FIELDS))

    def to_json(self) -> str:
        return json.dumps(
            {name: value.isoformat() if isinstance(value, datetime) else value for name, value in self.items()}
        )

    @classmethod
    def from_json(cls, text: str) -> Schedule:
        return cls(**{name: _TIME_PARSERS.get(name, _same)(value) for name, value in json.loads(text).items()})

    def items(self) -> list[tuple[str, Any]]:
        """(field, value) pairs in `SCHEDULE_FIELDS` order."""
        return [(name, getattr(self, name)) for name in SCHEDULE_FIELDS]


SCHEDULE_FIELDS = tuple(item.name for item in fields(Schedule))


def _same(value: Any) -> Any:
    return value


def _time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


_TIME_PARSERS: dict[str, Callable[[Any], Any]] = dict.fromkeys(TIME_FIELDS, _time)


def parse_rating(value: object) -> Rating:
    """A rating from 1-4 or Again/Hard/Good/Easy (any case); anything else raises `RatingError`."""
    if isinstance(value, Rating):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
        return Rating(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in RATING_NAMES:
            return RATING_NAMES[text]
        if text in ("1", "2", "3", "4"):
            return Rating(int(text))
    raise RatingError(f"invalid rating {value!r}: use 1-4 or Again, Hard, Good, Easy")


@lru_cache(maxsize=64)
def scheduler_for(settings: Settings, *, fuzz: bool | None = None) -> Scheduler:
    """The fsrs scheduler for `settings` (cached); `fuzz` overrides the fuzz setting."""
    return Scheduler(
        desired_retention=settings.desired_retention,
        learning_steps=settings.learning_step_times,
        relearning_steps=settings.relearning_step_times,
        maximum_interval=settings.maximum_interval,
        enable_fuzzing=settings.fuzz if fuzz is None else fuzz,
    )


def to_fsrs(pk: int, schedule: Schedule, now: datetime) -> FsrsCard:
    """The fsrs view of a card's schedule (a new card starts at the first learning step)."""
    if schedule.state == NEW:
        return FsrsCard(card_id=pk, state=State.Learning, step=0, due=now)
    return FsrsCard(
        card_id=pk,
        state=State(schedule.state),
        step=schedule.step,
        stability=schedule.stability,
        difficulty=schedule.difficulty,
        due=schedule.due,
        last_review=schedule.last_review,
    )


def as_utc(moment: datetime) -> datetime:
    """`moment` in UTC, as fsrs requires; a naive datetime is refused."""
    if moment.tzinfo is None:
        raise PmcardsError(f"naive datetime {moment!r}: give an aware datetime (with a time zone)")
    return moment.astimezone(timezone.utc)


@dataclass(frozen=True)
class Answered:
    """The outcome of one answer: the schedule before and after, and whether the card became a leech."""

    before: Schedule
    after: Schedule
    rating: Rating
    became_leech: bool


def apply_answer(pk: int, before: Schedule, rating: Rating, settings: Settings, now: datetime) -> Answered:
    """Schedule card `pk` for `rating` at `now` (a pure function: nothing is stored)."""
    card, _ = scheduler_for(settings).review_card(to_fsrs(pk, before, now), rating, review_datetime=now)
    lapses, leech, suspended = before.lapses, before.leech, before.suspended
    became_leech = False
    if before.state == REVIEW and rating == Rating.Again:
        lapses += 1
        threshold = settings.leech_threshold
        if lapses >= threshold and (lapses - threshold) % max(1, threshold // 2) == 0:
            became_leech = leech = suspended = True  # as Anki: at the threshold, then every half of it
    after = Schedule(
        state=int(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
        reps=before.reps + 1,
        lapses=lapses,
        leech=leech,
        suspended=suspended,
        buried_until=before.buried_until,
    )
    return Answered(before, after, rating, became_leech)


def preview_intervals(pk: int, schedule: Schedule, settings: Settings, now: datetime) -> dict[Rating, timedelta]:
    """The interval each rating would give now, without fuzz (as Anki shows on its buttons)."""
    scheduler = scheduler_for(settings, fuzz=False)
    card = to_fsrs(pk, schedule, now)
    return {rating: scheduler.review_card(card, rating, review_datetime=now)[0].due - now for rating in Rating}


@dataclass(frozen=True)
class Replay:
    """A card's memory state rebuilt from its review log."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime | None
    last_review: datetime | None
    reps: int
    lapses: int


def replay(pk: int, logs: Iterable[ReviewLogRow], settings: Settings) -> Replay:
    """Replay a card's log (in order) through fsrs, recomputing its memory state (stability and
    difficulty). The state, step and due date after each answer are taken from its log row: they
    depend on the learning steps and the fuzz in force at the time, which may have changed since."""
    scheduler = scheduler_for(settings)
    card: FsrsCard | None = None
    state, reps, lapses = NEW, 0, 0
    for log in logs:
        if card is None:
            card = FsrsCard(card_id=pk, state=State.Learning, step=0, due=log.reviewed_at)
        if state == REVIEW and log.rating == Rating.Again:
            lapses += 1
        card, _ = scheduler.review_card(card, Rating(log.rating), review_datetime=log.reviewed_at)
        card.due, card.state, card.step = log.due, State(log.state), log.step
        state, reps = log.state, reps + 1
    if card is None:
        return Replay(NEW, None, None, None, None, None, 0, 0)
    return Replay(state, card.step, card.stability, card.difficulty, card.due, card.last_review, reps, lapses)
