"""What a desired retention costs: a simulated learner studying the collection day by day.

Modelled on the FSRS simulator (fsrs-rs' `simulate`, which Anki's workload estimate uses), but
run on pmcards' own scheduler, starting from the collection's cards as they are: the simulator
of the fsrs-rs bindings starts every card new. Each day at `SESSION_START` after the day's
rollover, the learner answers the cards due that day (reviews up to the daily limit) and the new
cards the limit allows, and goes through their learning steps; each answer takes the seconds the
learner's own log shows for that kind of answer. A review card is recalled with FSRS'
probability of recall at that moment; the rating given is drawn from the learner's habits
(`Habits`). Cards remembered at the end are the sum of every card's probability of recall then.
A run is the same each time for a given seed (fsrs' fuzz is off).
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from itertools import pairwise

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

from pmcards.schedule.scheduler import fsrs_card
from pmcards.schedule.settings import Settings
from pmcards.schedule.state import CardState, Schedule

SESSION_START = timedelta(hours=5)
"""When the day's study begins, after the rollover (9 am with the default rollover at 4)."""
PRIOR_ANSWERS = 10
"""How many answers' worth of the typical habits are mixed into the learner's own, so that a
short log gives sensible figures and a long one speaks for itself."""

Four = tuple[float, float, float, float]
"""One number per rating: Again, Hard, Good, Easy."""


@dataclass(frozen=True)
class Habits:
    """How a learner answers, for each state a card can be in before the answer (new,
    learning, review, relearning): the chance of each rating (for a review card, of Hard, Good
    and Easy once it is recalled: FSRS decides whether it is) and the seconds each one takes."""

    ratings: Mapping[CardState, Four]
    seconds: Mapping[CardState, Four]


TYPICAL = Habits(
    ratings={
        CardState.NEW: (0.24, 0.09, 0.50, 0.17),
        CardState.LEARNING: (0.15, 0.15, 0.65, 0.05),
        CardState.REVIEW: (0.0, 0.22, 0.63, 0.15),
        CardState.RELEARNING: (0.15, 0.10, 0.70, 0.05),
    },
    seconds={
        CardState.NEW: (20.0, 19.0, 14.0, 11.0),
        CardState.LEARNING: (19.0, 18.0, 12.0, 9.0),
        CardState.REVIEW: (19.0, 18.0, 12.0, 9.0),
        CardState.RELEARNING: (16.0, 15.0, 12.0, 8.0),
    },
)
"""Habits before the learner's log says otherwise: round figures of the FSRS simulator's defaults,
which come from Anki users' logs."""


def habits_from(answers: Mapping[tuple[CardState, int], tuple[int, int, float]]) -> Habits:
    """The learner's habits from their log: (state before, rating) -> (answers, answers timed,
    seconds of the timed ones), each state's figures mixed with `PRIOR_ANSWERS` typical answers."""
    ratings: dict[CardState, Four] = {}
    seconds: dict[CardState, Four] = {}
    for state in CardState:
        counts = [answers.get((state, rating), (0, 0, 0.0)) for rating in range(1, 5)]
        typical = TYPICAL.ratings[state]
        if state == CardState.REVIEW:  # Again is FSRS' to decide: only the ratings of a recall count
            counts[0] = (0, counts[0][1], counts[0][2])
        given = sum(count for count, _, _ in counts)
        ratings[state] = _four(
            (count + PRIOR_ANSWERS * share) / (given + PRIOR_ANSWERS)
            for (count, _, _), share in zip(counts, typical, strict=True)
        )
        seconds[state] = _four(
            (spent + PRIOR_ANSWERS * usual) / (timed + PRIOR_ANSWERS)
            for (_, timed, spent), usual in zip(counts, TYPICAL.seconds[state], strict=True)
        )
    return Habits(ratings, seconds)


def _four(values: Iterable[float]) -> Four:
    a, b, c, d = values
    return (a, b, c, d)


@dataclass(frozen=True)
class Outcome:
    """One desired retention's simulated study: answers and seconds on each day, and the cards
    expected to be remembered at the end (the sum of their probabilities of recall)."""

    retention: float
    answers: tuple[int, ...]
    seconds: tuple[float, ...]
    memorized: float

    @property
    def reviews_per_day(self) -> float:
        return sum(self.answers) / len(self.answers) if self.answers else 0.0

    @property
    def minutes_per_day(self) -> float:
        return sum(self.seconds) / 60 / len(self.seconds) if self.seconds else 0.0

    @property
    def memorized_per_minute(self) -> float | None:
        """Cards remembered at the end for each minute of study (None without any study)."""
        minutes = sum(self.seconds) / 60
        return self.memorized / minutes if minutes else None


@dataclass(frozen=True, slots=True)
class SimulatedCard:
    """A card as the simulation starts it: its schedule and its deck's settings."""

    schedule: Schedule
    settings: Settings


def simulate(
    cards: Sequence[SimulatedCard],
    starts: Sequence[datetime],
    retention: float,
    *,
    new_per_day: int,
    reviews_per_day: int,
    habits: Habits,
    seed: int = 2026,
) -> Outcome:
    """Study `cards` (new ones in the order given) on the days that begin at `starts` (and the
    last of them ends at the last start) with `retention` desired, within the daily limits."""
    rng = random.Random(seed)
    schedulers: dict[Settings, Scheduler] = {}
    state: list[FsrsCard | None] = []
    using: list[Scheduler] = []
    due: list[tuple[datetime, int]] = []
    fresh: list[int] = []
    for index, simulated in enumerate(cards):
        settings, schedule = simulated.settings, simulated.schedule
        if settings not in schedulers:
            schedulers[settings] = replace(settings, desired_retention=retention, fuzz=False).scheduler
        using.append(schedulers[settings])
        if schedule.state == CardState.NEW:
            state.append(None)
            fresh.append(index)
        else:
            state.append(fsrs_card(schedule, starts[0]))
            due.append((schedule.due or starts[0], index))
    heapq.heapify(due)
    fresh.reverse()  # popped from the end: the first card first
    answers: list[int] = []
    seconds: list[float] = []
    for start, end in pairwise(starts):
        clock, new_left, reviews_left = start + SESSION_START, new_per_day, reviews_per_day
        count, spent, held = 0, 0.0, []
        while True:
            if due and due[0][0] < end and (due[0][0] <= clock or not (new_left and fresh)):
                at, index = heapq.heappop(due)
                card = state[index]
                if card is not None and card.state == State.Review:
                    if not reviews_left:
                        held.append((at, index))
                        continue
                    reviews_left -= 1
                clock = max(clock, at)
            elif new_left and fresh:
                index, new_left = fresh.pop(), new_left - 1
            else:
                break
            card, taken = _answer(state[index], using[index], clock, habits, rng)
            state[index] = card
            clock += timedelta(seconds=taken)
            count, spent = count + 1, spent + taken
            heapq.heappush(due, (card.due, index))
        for entry in held:
            heapq.heappush(due, entry)
        answers.append(count)
        seconds.append(spent)
    end = starts[-1]
    memorized = sum(
        float(scheduler.get_card_retrievability(card, end))
        for card, scheduler in zip(state, using, strict=True)
        if card is not None
    )
    return Outcome(retention, tuple(answers), tuple(seconds), memorized)


def _answer(
    card: FsrsCard | None, scheduler: Scheduler, now: datetime, habits: Habits, rng: random.Random
) -> tuple[FsrsCard, float]:
    """One simulated answer at `now`: the card after it, and the seconds it took."""
    if card is None:
        before = CardState.NEW
        card = FsrsCard(card_id=0, state=State.Learning, step=0, due=now)
    else:
        before = CardState(card.state)
    weights = habits.ratings[before]
    if before == CardState.REVIEW and rng.random() >= scheduler.get_card_retrievability(card, now):
        rating = Rating.Again
    else:
        rating = Rating(rng.choices((1, 2, 3, 4), weights=weights)[0])
    after = scheduler.review_card(card, rating, review_datetime=now)[0]
    return after, habits.seconds[before][rating - 1]
