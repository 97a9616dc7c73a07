"""FSRS scheduling on plain values: ratings, the scheduler for a deck's settings, answering a card,
previewing the intervals, and replaying a card's log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

from pmcards.errors import PmcardsError, RatingError
from pmcards.schedule.day import EARLIEST, LATEST
from pmcards.schedule.settings import Settings
from pmcards.schedule.state import CardState, MemoryState, Schedule

RATING_NAMES = {rating.name.lower(): rating for rating in Rating}


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


def as_utc(moment: datetime) -> datetime:
    """`moment` in UTC, as fsrs requires; a naive datetime, or one outside the years pmcards
    works with (`EARLIEST` to `LATEST`), is refused."""
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise PmcardsError(f"invalid time {moment!r}: give an aware datetime (with a time zone)")
    try:
        utc = moment.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        utc = None
    if utc is None or not EARLIEST <= utc < LATEST:
        raise PmcardsError(
            f"invalid time {moment.isoformat()}: pmcards works with times from {EARLIEST.year} to {LATEST.year - 1}"
        )
    return utc


def scheduler_for(settings: Settings, *, fuzz: bool | None = None) -> Scheduler:
    """The fsrs scheduler for `settings` (made once per settings value); `fuzz` overrides the fuzz setting."""
    if fuzz is not None and fuzz != settings.fuzz:
        settings = _with_fuzz(settings, fuzz)
    return settings.scheduler


@lru_cache(maxsize=64)
def _with_fuzz(settings: Settings, fuzz: bool) -> Settings:
    return replace(settings, fuzz=fuzz)


def fsrs_card(schedule: Schedule, now: datetime) -> FsrsCard:
    """The fsrs view of a schedule (a new card starts at the first learning step)."""
    if schedule.state == CardState.NEW:
        return FsrsCard(card_id=0, state=State.Learning, step=0, due=now)
    return FsrsCard(
        card_id=0,
        state=State(schedule.state),
        step=schedule.step,
        stability=schedule.stability,
        difficulty=schedule.difficulty,
        due=schedule.due,
        last_review=schedule.last_review,
    )


def _memory(card: FsrsCard) -> dict[str, Any]:
    """The fields of a `Schedule` that an fsrs card holds."""
    return {
        "state": CardState(card.state),
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": card.due,
        "last_review": card.last_review,
    }


def _review(scheduler: Scheduler, card: FsrsCard, rating: Rating, now: datetime) -> FsrsCard:
    try:
        return scheduler.review_card(card, rating, review_datetime=now)[0]
    except OverflowError:
        raise PmcardsError(
            f"cannot schedule a review at {now.isoformat()}: the next due date is out of range"
        ) from None


def recall(schedule: Schedule, settings: Settings, now: datetime) -> float | None:
    """The probability that the card is recalled at `now` (FSRS retrievability); None for a card
    never answered."""
    if schedule.state == CardState.NEW or schedule.stability is None or schedule.last_review is None:
        return None
    return float(settings.scheduler.get_card_retrievability(fsrs_card(schedule, now), current_datetime=now))


def forgetting_curve(elapsed_days: int, stability: float, decay: float) -> float:
    """FSRS' probability of recall `elapsed_days` whole days after a review that left `stability`,
    for the curve's `decay` (the last parameter): fsrs' own formula, for scoring many cards at
    once without making an fsrs card for each (`recall` gives the same for one card)."""
    factor = 0.9 ** (-1 / decay) - 1
    return float((1 + factor * max(0, elapsed_days) / stability) ** -decay)


@dataclass(frozen=True, slots=True)
class Answered:
    """The outcome of one answer: the schedule before and after, and whether the card became a leech."""

    before: Schedule
    after: Schedule
    rating: Rating
    became_leech: bool


def answer(before: Schedule, rating: Rating, settings: Settings, now: datetime) -> Answered:
    """Schedule a card for `rating` at `now` (a pure function: nothing is stored).

    A review card rated Again lapses; at `leech_threshold` lapses, and every half of it after that
    (as in Anki), it becomes a leech and is suspended.
    """
    card = _review(scheduler_for(settings), fsrs_card(before, now), rating, now)
    lapses, leech, suspended = before.lapses, before.leech, before.suspended
    became_leech = False
    if before.state == CardState.REVIEW and rating == Rating.Again:
        lapses += 1
        threshold = settings.leech_threshold
        if lapses >= threshold and (lapses - threshold) % max(1, threshold // 2) == 0:
            became_leech = leech = suspended = True
    after = Schedule(
        **_memory(card),
        reps=before.reps + 1,
        lapses=lapses,
        leech=leech,
        suspended=suspended,
        buried_until=None,  # an answered card is no longer set aside for the day
    )
    return Answered(before, after, rating, became_leech)


def preview(schedule: Schedule, settings: Settings, now: datetime) -> dict[Rating, timedelta]:
    """The interval each rating would give now, without fuzz (as Anki shows on its buttons)."""
    scheduler = scheduler_for(settings, fuzz=False)
    card = fsrs_card(schedule, now)
    return {rating: _review(scheduler, card, rating, now).due - now for rating in Rating}


FORGOTTEN = 0
"""The rating a log row has when the card was reset to new (`pmcards forget`) rather than answered."""


@dataclass(frozen=True, slots=True)
class LoggedAnswer:
    """One answer as the review log keeps it: the rating (or `FORGOTTEN`), when, and the memory
    state it left."""

    rating: int
    reviewed_at: datetime
    after: MemoryState


def replay(log: Iterable[LoggedAnswer], settings: Settings) -> Schedule:
    """A card's schedule rebuilt from its log (oldest first): FSRS recomputes the memory state
    (stability and difficulty); the state, step and due date after each answer are taken from the
    log, since they depend on the learning steps and the fuzz in force at the time."""
    scheduler = scheduler_for(settings, fuzz=False)  # the due dates come from the log: no fuzz to draw
    card: FsrsCard | None = None
    state, reps, lapses = CardState.NEW, 0, 0
    for entry in log:
        if entry.rating == FORGOTTEN:
            card, state, reps, lapses = None, CardState.NEW, 0, 0
            continue
        if card is None:
            card = FsrsCard(card_id=0, state=State.Learning, step=0, due=entry.reviewed_at)
        if state == CardState.REVIEW and entry.rating == Rating.Again:
            lapses += 1
        card = _review(scheduler, card, Rating(entry.rating), entry.reviewed_at)
        card.due, card.state, card.step = entry.after.due or card.due, State(entry.after.state), entry.after.step
        state, reps = entry.after.state, reps + 1
    if card is None:
        return Schedule()
    return Schedule(**_memory(card), reps=reps, lapses=lapses)
