"""The learner's statistics: today's study, the forecast, the review calendar, true retention,
card counts, memory-state distributions, answer buttons and time per day, as frozen values.

Answers are counted from the review log (a reset by `forget`, rating 0, is not an answer), each
on the learner's day. A review card is young while its interval is under `MATURE_DAYS` days and
mature from then on, as in Anki: an answer to a card counts as "learning" when the card was new,
learning or relearning, else as young or mature by the interval the card had before it.

The heavy part, the log, is summed by the database (answers per day, kind and rating), so a
collection of 500,000 answers takes well under a second; the learner's day of each answer is
worked out by the query itself from the start of each day (`_day_number`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from fsrs.scheduler import DEFAULT_PARAMETERS
from sqlalchemy import BigInteger, ColumnElement, Select, bindparam, case, func, select, type_coerce

from pmcards.collection.configuration import SettingsOf
from pmcards.errors import PmcardsError
from pmcards.schedule.day import DAY_US, Calendar, Days
from pmcards.schedule.scheduler import forgetting_curve
from pmcards.schedule.state import CardState
from pmcards.store import Database
from pmcards.store.schema import cards, review_logs, to_micros

PERIODS = {"1m": 30, "3m": 90, "1y": 365, "all": None}
"""The periods the answer buttons and time per day cover: days up to today (None: since the first answer)."""
FORECAST_DAYS = 30
CALENDAR_DAYS = 365
MATURE_DAYS = 21
KINDS = ("learning", "young", "mature")
"""What an answered card was: new or in its (re)learning steps, a young or a mature review card."""
RETENTION_PERIODS = (("today", 0, 1), ("yesterday", 1, 1), ("week", 0, 7), ("month", 0, 30), ("year", 0, 365))
"""True retention's periods: a name, how many days before today the period ends, and its length in days."""
STABILITY_EDGES = (0.0, 1.0, 2.0, 3.0, 5.0, 7.0, 10.0, 14.0, 21.0, 30.0, 60.0, 90.0, 180.0, 365.0, 730.0)
DIFFICULTY_EDGES = (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0)
RECALL_EDGES = tuple(step / 20 for step in range(20))
_MATURE_US = MATURE_DAYS * DAY_US


@dataclass(frozen=True)
class Today:
    """Today's study: answers (a card answered twice counts twice), distinct cards, seconds
    spent (of the answers whose time was measured), answers Again and their share."""

    answers: int
    cards: int
    seconds: float
    again: int

    @property
    def again_rate(self) -> float | None:
        return self.again / self.answers if self.answers else None


@dataclass(frozen=True)
class DayCount:
    """A number for one learner day: cards due (forecast) or answers given (calendar)."""

    day: date
    count: int


@dataclass(frozen=True)
class Retention:
    """True retention over one period (as Anki defines it): answers to review cards that were
    not Again (passed) or were (failed), for young and mature cards."""

    period: str
    young_passed: int
    young_failed: int
    mature_passed: int
    mature_failed: int

    @property
    def young(self) -> float | None:
        return _share(self.young_passed, self.young_failed)

    @property
    def mature(self) -> float | None:
        return _share(self.mature_passed, self.mature_failed)

    @property
    def total(self) -> float | None:
        return _share(self.young_passed + self.mature_passed, self.young_failed + self.mature_failed)


def _share(passed: int, failed: int) -> float | None:
    return passed / (passed + failed) if passed + failed else None


@dataclass(frozen=True)
class CardCounts:
    """The cards in use, each counted once: suspended ones as leech (suspended for lapsing too
    often) or suspended, the others by state: new, learning (or relearning), young, mature."""

    new: int
    learning: int
    young: int
    mature: int
    suspended: int
    leech: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.young + self.mature + self.suspended + self.leech


@dataclass(frozen=True)
class Bucket:
    """Cards whose value is from `low` up to (not including) `high`; `high` None: no upper end."""

    low: float
    high: float | None
    count: int


@dataclass(frozen=True)
class Buttons:
    """How often each answer was given to one kind of card ("learning", "young", "mature")."""

    kind: str
    again: int
    hard: int
    good: int
    easy: int

    @property
    def total(self) -> int:
        return self.again + self.hard + self.good + self.easy

    @property
    def correct(self) -> float | None:
        """The share of answers other than Again."""
        return (self.total - self.again) / self.total if self.total else None


@dataclass(frozen=True)
class StudyDay:
    """One learner day's study: answers given and seconds spent."""

    day: date
    answers: int
    seconds: float


@dataclass(frozen=True)
class Stats:
    """A learner's statistics at `now` (the learner's day `today`), for one deck or all (`deck`
    None); `period` chose the days of `buttons` and `study_days`.

    today: today's study. forecast: cards due on each of the next `FORECAST_DAYS` days, today
    first (overdue cards count today). calendar: answers on each of the last `CALENDAR_DAYS`
    days, oldest first. retention: true retention over `RETENTION_PERIODS`. cards: the cards
    in use by state. stability, difficulty, recall: how the cards with a memory state spread
    (stability in days, difficulty 1-10, the probability of recall now). buttons: the answers
    given in the period per kind of card (`KINDS`). study_days: each day of the period.
    """

    deck: str | None
    period: str
    now: datetime
    today_date: date
    today: Today
    forecast: tuple[DayCount, ...]
    calendar: tuple[DayCount, ...]
    retention: tuple[Retention, ...]
    cards: CardCounts
    stability: tuple[Bucket, ...]
    difficulty: tuple[Bucket, ...]
    recall: tuple[Bucket, ...]
    buttons: tuple[Buttons, ...]
    study_days: tuple[StudyDay, ...]


def _day_number(moment: ColumnElement[Any], days: Days) -> ColumnElement[int]:
    """SQL for the number of the learner day (in `days`) of a time column in microseconds.

    Between two changes of the clock every day is 24 hours long, so the day is a division; a day
    of another length (a daylight-saving change) gets a branch of its own, and so does the day
    after it. Portable SQL: integer arithmetic and CASE."""
    starts = [to_micros(start) or 0 for start in days.starts]
    branches: dict[int, Any] = {}  # the start of a branch -> the day number from there
    for number in range(len(starts) - 1):
        if starts[number + 1] - starts[number] != DAY_US:
            branches[starts[number]] = number
            branches[starts[number + 1]] = number + 1 + (moment - starts[number + 1]) // DAY_US
    whole_days: ColumnElement[int] = (moment - starts[0]) // DAY_US
    if not branches:
        return whole_days
    return case(*((moment >= start, branches[start]) for start in sorted(branches, reverse=True)), else_=whole_days)


def _kind(before_state: ColumnElement[Any], interval: ColumnElement[Any]) -> ColumnElement[int]:
    """SQL for the kind of card an answer was given to: 0 learning, 1 young, 2 mature."""
    return case(
        (before_state == CardState.REVIEW, case((interval >= _MATURE_US, 2), else_=1)),
        else_=0,
    )


def _micros(column: Any) -> ColumnElement[Any]:
    return type_coerce(column, BigInteger)


def _in_deck(query: Select[Any], deck: str | None) -> Select[Any]:
    if deck is None:
        return query
    return query.join(cards, cards.c.pk == review_logs.c.card_pk).where(cards.c.deck_id == deck)


def _buckets(values: Sequence[float], edges: Sequence[float]) -> tuple[Bucket, ...]:
    counts = [0] * len(edges)
    for value in values:
        counts[max(0, bisect_right(edges, value) - 1)] += 1
    highs: list[float | None] = [*edges[1:], None]
    return tuple(Bucket(low, high, count) for low, high, count in zip(edges, highs, counts, strict=True))


def stats(
    db: Database, settings_of: SettingsOf, calendar: Calendar, now: datetime, deck: str | None, period: str
) -> Stats:
    """The statistics of one deck (its id) or all decks at `now`, over `period` (a key of `PERIODS`)."""
    if period not in PERIODS:
        raise PmcardsError(f"unknown period {period!r} (periods: {', '.join(PERIODS)})")
    today = calendar.date_of(now)
    with db.read():
        span = PERIODS[period]
        if span is None:
            first_answer = db.execute(
                _in_deck(select(func.min(review_logs.c.reviewed_at)).where(review_logs.c.rating > 0), deck)
            ).scalar_one()
            span = (today - calendar.date_of(first_answer)).days + 1 if first_answer is not None else 1
        first = today - timedelta(days=max(span, CALENDAR_DAYS) - 1)
        totals = _answers(db, calendar.days(first, today), deck)
        answered_today = _today_cards(db, calendar.bounds(now), deck)
        card_rows = _card_rows(db, deck)
    return _assemble(totals, answered_today, card_rows, settings_of, calendar, now, today, span, deck, period)


def _answers(db: Database, days: Days, deck: str | None) -> dict[tuple[int, int, int], tuple[int, float]]:
    """(day number, kind, rating) -> (answers, seconds) for the answers in `days`."""
    at = _micros(review_logs.c.reviewed_at)
    interval = _micros(review_logs.c.before_due) - _micros(review_logs.c.before_last_review)
    day = _day_number(at, days).label("day")
    kind = _kind(review_logs.c.before_state, interval).label("kind")
    since, until = to_micros(days.starts[0]), to_micros(days.starts[-1])
    in_range = review_logs.c.reviewed_at >= days.starts[0], review_logs.c.reviewed_at < days.starts[-1]
    counted = select(func.count()).select_from(review_logs)
    if db.execute(counted.where(*in_range)).scalar_one() * 5 > db.execute(counted).scalar_one():
        # most of the log: reading it whole is faster than by the time index (an expression hides the index)
        in_range = at + 0 >= since, at + 0 < until
    query = _in_deck(
        select(day, kind, review_logs.c.rating, func.count(), func.coalesce(func.sum(review_logs.c.duration_ms), 0))
        .where(review_logs.c.rating > 0, *in_range)
        .group_by(day, kind, review_logs.c.rating),
        deck,
    )
    return {
        (int(number), int(sort), int(rating)): (int(count), int(millis) / 1000)
        for number, sort, rating, count, millis in db.execute(query)
    }


def _today_cards(db: Database, bounds: tuple[datetime, datetime], deck: str | None) -> int:
    query = _in_deck(
        select(func.count(review_logs.c.card_pk.distinct())).where(
            review_logs.c.rating > 0, review_logs.c.reviewed_at >= bounds[0], review_logs.c.reviewed_at < bounds[1]
        ),
        deck,
    )
    return int(db.execute(query).scalar_one())


_CARD_ROWS = select(
    cards.c.deck_id,
    cards.c.state,
    cards.c.suspended,
    cards.c.leech,
    cards.c.stability,
    cards.c.difficulty,
    _micros(cards.c.due),
    _micros(cards.c.last_review),
).where(cards.c.retired.is_(False))
_DECK_CARD_ROWS = _CARD_ROWS.where(cards.c.deck_id == bindparam("deck"))


def _card_rows(db: Database, deck: str | None) -> list[Any]:
    """Each card in use: its deck, state, flags, memory state, and due and last review (microseconds)."""
    return db.run(_CARD_ROWS, {}).rows if deck is None else db.run(_DECK_CARD_ROWS, {"deck": deck}).rows


def _assemble(
    totals: dict[tuple[int, int, int], tuple[int, float]],
    answered_today: int,
    card_rows: list[Any],
    settings_of: SettingsOf,
    calendar: Calendar,
    now: datetime,
    today: date,
    span: int,
    deck: str | None,
    period: str,
) -> Stats:
    last = max(span, CALENDAR_DAYS) - 1  # the number of today
    first = today - timedelta(days=last)
    per_day: dict[int, list[float]] = {}
    buttons = [[0, 0, 0, 0] for _ in KINDS]
    passed_failed: dict[tuple[int, int, bool], int] = {}
    for (number, kind, rating), (count, seconds) in totals.items():
        day = per_day.setdefault(number, [0, 0.0, 0])
        day[0] += count
        day[1] += seconds
        day[2] += count if rating == 1 else 0
        if number > last - span:
            buttons[kind][rating - 1] += count
        if kind:
            key = (number, kind, rating > 1)
            passed_failed[key] = passed_failed.get(key, 0) + count
    answers_today, seconds_today, again_today = per_day.get(last, [0, 0.0, 0])
    retention = []
    for name, ends_before, length in RETENTION_PERIODS:
        numbers = range(last - ends_before - length + 1, last - ends_before + 1)
        counts = [
            sum(passed_failed.get((number, kind, passed), 0) for number in numbers)
            for kind, passed in ((1, True), (1, False), (2, True), (2, False))
        ]
        retention.append(Retention(name, *counts))
    return Stats(
        deck=deck,
        period=period,
        now=now,
        today_date=today,
        today=Today(int(answers_today), answered_today, float(seconds_today), int(again_today)),
        forecast=_forecast(card_rows, calendar, today),
        calendar=tuple(
            DayCount(first + timedelta(days=number), int(per_day.get(number, [0])[0]))
            for number in range(last - CALENDAR_DAYS + 1, last + 1)
        ),
        retention=tuple(retention),
        cards=_counts(card_rows),
        **_distributions(card_rows, settings_of, now),
        buttons=tuple(Buttons(kind, *counts) for kind, counts in zip(KINDS, buttons, strict=True)),
        study_days=tuple(
            StudyDay(first + timedelta(days=number), int(per_day.get(number, [0])[0]), per_day.get(number, [0, 0.0])[1])
            for number in range(last - span + 1, last + 1)
        ),
    )


def _forecast(card_rows: list[Any], calendar: Calendar, today: date) -> tuple[DayCount, ...]:
    days = calendar.days(today, today + timedelta(days=FORECAST_DAYS - 1))
    starts = [to_micros(start) for start in days.starts]
    counts = [0] * FORECAST_DAYS
    for _, state, suspended, _, _, _, due, _ in card_rows:
        if state != CardState.NEW and not suspended and due is not None:
            number = bisect_right(starts, due) - 1
            if number < FORECAST_DAYS:
                counts[max(0, number)] += 1
    return tuple(DayCount(days.day(number), count) for number, count in enumerate(counts))


def _counts(card_rows: list[Any]) -> CardCounts:
    tally = {name: 0 for name in ("new", "learning", "young", "mature", "suspended", "leech")}
    for _, state, suspended, leech, _, _, due, last_review in card_rows:
        if suspended:
            name = "leech" if leech else "suspended"
        elif state == CardState.NEW:
            name = "new"
        elif state == CardState.REVIEW:
            name = "mature" if due - last_review >= _MATURE_US else "young"
        else:
            name = "learning"
        tally[name] += 1
    return CardCounts(**tally)


def _distributions(card_rows: list[Any], settings_of: SettingsOf, now: datetime) -> dict[str, tuple[Bucket, ...]]:
    now_us = to_micros(now) or 0
    decays: dict[str, float] = {}
    stabilities, difficulties, recalls = [], [], []
    for deck_id, state, _, _, stability, difficulty, _, last_review in card_rows:
        if state == CardState.NEW or stability is None or last_review is None:
            continue
        decay = decays.get(deck_id)
        if decay is None:
            decay = decays[deck_id] = (settings_of(deck_id).fsrs_parameters or DEFAULT_PARAMETERS)[20]
        stabilities.append(stability)
        difficulties.append(difficulty)
        recalls.append(forgetting_curve((now_us - last_review) // DAY_US, stability, decay))
    return {
        "stability": _buckets(stabilities, STABILITY_EDGES),
        "difficulty": _buckets(difficulties, DIFFICULTY_EDGES),
        "recall": _buckets(recalls, RECALL_EDGES),
    }
