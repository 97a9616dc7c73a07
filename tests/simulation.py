"""A simulated learner studying the built-in decks day by day, with a simulated clock.

Each day at nine the learner reviews everything the queue gives, one answer every ten seconds;
each answer is drawn from the card's FSRS retrievability at that moment (a card never seen is
recalled with `FIRST_RECALL`). A run is the same each time for a given seed. Used by the exam-mode test and `tests/benchmarks/exam_simulation.py`.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pmcards
from pmcards.collection import Collection

FIRST_RECALL = 0.7
"""The chance that a learner knows the answer to a card they have never seen."""
START = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


class Clock:
    """A clock the simulation moves."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass(frozen=True)
class Outcome:
    """What a simulated preparation gave: answers per day, the day each card was first seen, and
    the mean FSRS retrievability of the cards on the exam morning (an unseen card counts 0)."""

    answers: Counter[date]
    first_seen: dict[int, date]
    cards: int
    recall_on_the_day: float


def simulate(db: Path, days: int, *, exam: bool, seed: int = 2026, **settings: object) -> Outcome:
    """Study the built-in decks for `days` days from `START`, with an exam on the day after
    (planned with `pmcards exam` when `exam`, else plain FSRS), and the given settings."""
    clock = Clock(START)
    exam_day = (START + timedelta(days=days)).date()
    learner = random.Random(seed)
    random.seed(seed)  # fsrs fuzzes intervals with the global generator
    answers: Counter[date] = Counter()
    first_seen: dict[int, date] = {}
    with pmcards.open(db, clock=clock) as col:
        col.set_setting("timezone", "UTC")
        for key, value in settings.items():
            col.set_setting(key, value)
        col.sync()
        if exam:
            col.set_exam(exam_day)
        for day in range(days):
            clock.now = START + timedelta(days=day)
            while (card := col.next_card()) is not None:
                _answer(col, card, learner)
                answers[clock.now.date()] += 1
                first_seen.setdefault(card.pk, clock.now.date())
                clock.now += timedelta(seconds=10)
        morning = datetime.combine(exam_day, datetime.min.time(), timezone.utc) + timedelta(hours=4)
        in_use = [card for card in col.cards() if not card.suspended]
        recalls = [col.recall(card, now=morning) or 0.0 for card in in_use]
    return Outcome(answers, first_seen, len(in_use), sum(recalls) / len(recalls))


def _answer(col: Collection, card: pmcards.StoredCard, learner: random.Random) -> None:
    recall = col.recall(card)
    remembered = learner.random() < (FIRST_RECALL if recall is None else recall)
    if not remembered:
        col.answer(card, "again")
        return
    col.answer(card, learner.choices(["hard", "good", "easy"], weights=[1, 8, 1])[0])
