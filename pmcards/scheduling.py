"""FSRS scheduling: ratings, the scheduler for a deck's settings, answering a card and replaying its log."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

from pmcards.errors import RatingError
from pmcards.models import NEW, CardRow, ReviewLogRow
from pmcards.settings import Settings

RATING_NAMES = {rating.name.lower(): rating for rating in Rating}
REVIEW = int(State.Review)

SCHEDULE_FIELDS = (
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "leech",
    "suspended",
    "buried_until",
)
"""The card fields an answer may change; a log row keeps them as they were, for undo."""


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
def _scheduler(
    desired_retention: float,
    learning_steps: tuple[timedelta, ...],
    relearning_steps: tuple[timedelta, ...],
    maximum_interval: int,
    fuzz: bool,
) -> Scheduler:
    return Scheduler(
        desired_retention=desired_retention,
        learning_steps=learning_steps,
        relearning_steps=relearning_steps,
        maximum_interval=maximum_interval,
        enable_fuzzing=fuzz,
    )


def scheduler_for(settings: Settings, *, fuzz: bool | None = None) -> Scheduler:
    """The fsrs scheduler for `settings` (cached); `fuzz` overrides the fuzz setting."""
    return _scheduler(
        settings.desired_retention,
        settings.learning_step_times,
        settings.relearning_step_times,
        settings.maximum_interval,
        settings.fuzz if fuzz is None else fuzz,
    )


def to_fsrs(row: CardRow, now: datetime) -> FsrsCard:
    """The fsrs view of a stored card (a new card starts at the first learning step)."""
    if row.state == NEW:
        return FsrsCard(card_id=row.pk, state=State.Learning, step=0, due=now)
    return FsrsCard(
        card_id=row.pk,
        state=State(row.state),
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=row.due,
        last_review=row.last_review,
    )


def as_utc(moment: datetime) -> datetime:
    """`moment` in UTC, as fsrs requires; a naive datetime is refused."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: give an aware datetime")
    return moment.astimezone(timezone.utc)


def snapshot(row: CardRow) -> dict[str, Any]:
    """The card's schedule fields as JSON-ready values."""
    return {
        name: value.isoformat() if isinstance(value, datetime) else value
        for name in SCHEDULE_FIELDS
        for value in [getattr(row, name)]
    }


def restore(row: CardRow, before_json: str) -> None:
    """Put back the schedule fields saved by `snapshot`."""
    for name, value in json.loads(before_json).items():
        is_time = name in ("due", "last_review", "buried_until") and value is not None
        setattr(row, name, datetime.fromisoformat(value) if is_time else value)


@dataclass(frozen=True)
class Answer:
    """What an answer did: the log row written and whether the card just became a leech."""

    log: ReviewLogRow
    became_leech: bool


def apply_answer(row: CardRow, rating: Rating, settings: Settings, now: datetime, duration_ms: int | None) -> Answer:
    """Schedule `row` for `rating` at `now`, update it in place and return the new log row."""
    before = json.dumps(snapshot(row))
    previous_state = row.state
    card, _ = scheduler_for(settings).review_card(to_fsrs(row, now), rating, review_datetime=now)
    row.state = int(card.state)
    row.step = card.step
    row.stability = card.stability
    row.difficulty = card.difficulty
    row.due = card.due
    row.last_review = card.last_review
    row.reps += 1
    lapsed = previous_state == REVIEW and rating == Rating.Again
    became_leech = False
    if lapsed:
        row.lapses += 1
        if row.lapses >= settings.leech_threshold:
            became_leech = not row.leech or not row.suspended
            row.leech = True
            row.suspended = True
    log = ReviewLogRow(
        card_pk=row.pk,
        rating=int(rating),
        reviewed_at=now,
        duration_ms=duration_ms,
        previous_state=previous_state,
        state=row.state,
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=card.due,
        before_json=before,
    )
    return Answer(log, became_leech)


def preview_intervals(row: CardRow, settings: Settings, now: datetime) -> dict[Rating, timedelta]:
    """The interval each rating would give now, without fuzz (as Anki shows on its buttons)."""
    scheduler = scheduler_for(settings, fuzz=False)
    card = to_fsrs(row, now)
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
    """Replay a card's log (in order) through fsrs; each due date is taken from its log row."""
    scheduler = scheduler_for(settings)
    card: FsrsCard | None = None
    state, reps, lapses = NEW, 0, 0
    for log in logs:
        if card is None:
            card = FsrsCard(card_id=pk, state=State.Learning, step=0, due=log.reviewed_at)
        if state == REVIEW and log.rating == Rating.Again:
            lapses += 1
        card, _ = scheduler.review_card(card, Rating(log.rating), review_datetime=log.reviewed_at)
        card.due = log.due
        state, reps = int(card.state), reps + 1
    if card is None:
        return Replay(NEW, None, None, None, None, None, 0, 0)
    return Replay(state, card.step, card.stability, card.difficulty, card.due, card.last_review, reps, lapses)
