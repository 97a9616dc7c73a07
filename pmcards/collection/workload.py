"""What each desired retention would cost this learner (`pmcards simulate`): the collection's
cards and the learner's habits from the log, given to the simulation of `pmcards.schedule.workload`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, select

from pmcards.collection.configuration import SettingsOf
from pmcards.collection.reading import read_cards
from pmcards.errors import PmcardsError
from pmcards.schedule.day import Calendar
from pmcards.schedule.state import CardState
from pmcards.schedule.workload import Habits, Outcome, SimulatedCard, habits_from, simulate
from pmcards.store import Database
from pmcards.store.schema import cards, review_logs

RETENTIONS = tuple(round(0.70 + step / 100, 2) for step in range(28))
"""The desired retentions simulated by default: 0.70 to 0.97 by 0.01."""
LOWEST, HIGHEST = 0.70, 0.99
"""The desired retentions a simulation accepts (those the setting accepts)."""
LONGEST_ANSWER_MS = 300_000
"""An answer timed longer than this (the learner walked away) counts as this long."""


@dataclass(frozen=True)
class Workload:
    """Simulated study of the cards in use (of `deck`, or every deck) for `days` days from
    `first_day`, for each desired retention: `outcomes` in the order asked, the learner's
    `habits` they used, and `best`, the retention with the most cards remembered per minute."""

    deck: str | None
    first_day: date
    days: int
    cards: int
    habits: Habits
    outcomes: tuple[Outcome, ...]

    @property
    def best(self) -> Outcome | None:
        """The outcome with the most cards remembered at the end per minute of study."""
        scored = [outcome for outcome in self.outcomes if outcome.memorized_per_minute is not None]
        return max(scored, key=lambda outcome: outcome.memorized_per_minute or 0.0) if scored else None


def check_retentions(retentions: Sequence[float]) -> tuple[float, ...]:
    """The retentions to simulate, each checked to be within `LOWEST`-`HIGHEST`."""
    checked = []
    for value in retentions:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not LOWEST <= value <= HIGHEST:
            raise PmcardsError(f"desired retention {value!r} is outside {LOWEST}-{HIGHEST}")
        checked.append(float(value))
    if not checked:
        raise PmcardsError("give at least one desired retention to simulate")
    return tuple(checked)


def _habits(db: Database, deck: str | None) -> Habits:
    timed = case((review_logs.c.duration_ms > LONGEST_ANSWER_MS, LONGEST_ANSWER_MS), else_=review_logs.c.duration_ms)
    query = (
        select(
            review_logs.c.before_state,
            review_logs.c.rating,
            func.count(),
            func.count(review_logs.c.duration_ms),
            func.coalesce(func.sum(timed), 0),
        )
        .where(review_logs.c.rating > 0)
        .group_by(review_logs.c.before_state, review_logs.c.rating)
    )
    if deck is not None:
        query = query.join(cards, cards.c.pk == review_logs.c.card_pk).where(cards.c.deck_id == deck)
    return habits_from(
        {
            (CardState(state), int(rating)): (int(count), int(timed_count), int(millis) / 1000)
            for state, rating, count, timed_count, millis in db.execute(query)
        }
    )


def workload(
    db: Database,
    settings_of: SettingsOf,
    calendar: Calendar,
    today: date,
    deck: str | None,
    days: int,
    retentions: Sequence[float],
) -> Workload:
    """Simulate `days` days from the day after `today` for each of `retentions`."""
    chosen = check_retentions(retentions)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 3650:
        raise PmcardsError(f"invalid number of days {days!r}: give 1 to 3650")
    with db.read():
        in_use = read_cards(db) if deck is None else read_cards(db, deck=deck)
        habits = _habits(db, deck)
    studied = [SimulatedCard(card.schedule, settings_of(card.deck_id)) for card in in_use if not card.suspended]
    first = today + timedelta(days=1)
    starts = calendar.days(first, first + timedelta(days=days - 1)).starts
    learner = settings_of(deck or "")
    outcomes = tuple(
        simulate(
            studied,
            starts,
            retention,
            new_per_day=learner.new_per_day,
            reviews_per_day=learner.reviews_per_day,
            habits=habits,
        )
        for retention in chosen
    )
    return Workload(deck, first, days, len(studied), habits, outcomes)
