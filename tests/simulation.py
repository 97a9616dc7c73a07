"""A simulated learner studying the built-in decks day by day, with a simulated clock.

Each day at nine the learner reviews everything the queue gives, one answer every ten seconds;
each answer is drawn from the card's FSRS retrievability at that moment (a card never seen is
recalled with `FIRST_RECALL`). A run is the same each time for a given seed. Used by the exam-mode test and `tests/benchmarks/exam_simulation.py`.

Given `truth` (FSRS-6 parameters), the learner's memory follows those parameters instead of the
scheduler's: each card's true memory state is kept beside the one pmcards stores, and recall is
drawn from it. That is the synthetic learner whose parameters `pmcards optimize` should recover.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

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


class Learner:
    """Answers like a person: recalled with FSRS' probability, then Hard, Good or Easy 1:8:1.
    With `truth`, the probability comes from the learner's own parameters and memory."""

    def __init__(self, seed: int, truth: Sequence[float] = ()) -> None:
        self.rng = random.Random(seed)
        self.truth = Scheduler(parameters=truth, enable_fuzzing=False) if truth else None
        self.memory: dict[int, FsrsCard] = {}

    def answer(self, col: Collection, card: pmcards.StoredCard) -> None:
        now = col.now()
        if self.truth is None:
            recall = col.recall(card)
        else:
            known = self.memory.get(card.pk)
            recall = None if known is None else self.truth.get_card_retrievability(known, now)
        remembered = self.rng.random() < (FIRST_RECALL if recall is None else recall)
        rating = "again" if not remembered else self.rng.choices(["hard", "good", "easy"], weights=[1, 8, 1])[0]
        col.answer(card, rating, duration=10)
        if self.truth is not None:
            before = self.memory.get(card.pk) or FsrsCard(card_id=0, state=State.Learning, step=0, due=now)
            self.memory[card.pk] = self.truth.review_card(before, Rating[rating.capitalize()], review_datetime=now)[0]


def simulate(
    db: Path | str,
    days: int,
    *,
    exam: bool,
    seed: int = 2026,
    truth: Sequence[float] = (),
    settings: Mapping[str, object] | None = None,
) -> Outcome:
    """Study the built-in decks for `days` days from `START`, with an exam on the day after
    (planned with `pmcards exam` when `exam`, else plain FSRS), and the given settings."""
    clock = Clock(START)
    exam_day = (START + timedelta(days=days)).date()
    learner = Learner(seed, truth)
    random.seed(seed)  # fsrs fuzzes intervals with the global generator
    answers: Counter[date] = Counter()
    first_seen: dict[int, date] = {}
    with pmcards.open(db, clock=clock) as col:
        col.set_setting("timezone", "UTC")
        for key, value in (settings or {}).items():
            col.set_setting(key, value)
        col.sync()
        if exam:
            col.set_exam(exam_day)
        for day in range(days):
            clock.now = START + timedelta(days=day)
            while (card := col.next_card()) is not None:
                learner.answer(col, card)
                answers[clock.now.date()] += 1
                first_seen.setdefault(card.pk, clock.now.date())
                clock.now += timedelta(seconds=10)
        morning = datetime.combine(exam_day, datetime.min.time(), timezone.utc) + timedelta(hours=4)
        in_use = [card for card in col.cards() if not card.suspended]
        recalls = [col.recall(card, now=morning) or 0.0 for card in in_use]
    return Outcome(answers, first_seen, len(in_use), sum(recalls) / len(recalls))
