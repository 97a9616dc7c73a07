"""Studying for an interview date: which cards it covers, how fast to introduce them, and when to
give each its last review before the day.

The plan: every card in scope is introduced by `INTRODUCE_BEFORE` days before the exam, at a pace
that tapers off as reviews build up (`FRONT_LOAD`), instead of the daily new-card limit. The cards
of a note are seen a day apart, so the notes with the most unseen cards start first, and on the
last day of introductions a card held back by its sibling comes anyway. A review that FSRS would
put on or after the exam day is brought forward into the `FINAL_DAYS` before it, onto the least
loaded of them, so that each card is seen once more shortly before the day and the load stays
even. On and after the exam day, scheduling is FSRS's alone again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from math import ceil

from pmcards.format.cards import shares_a_tag

INTRODUCE_BEFORE = 4
"""Every card in scope is first seen at least this many days before the exam (so it can be
reviewed several times before it)."""
FRONT_LOAD = 1.6
"""Each day introduces this many times an even share of the unseen cards (of the days left to
introduce them), so introductions taper off as the reviews of the cards seen earlier build up
and the daily load stays level. Found with the simulated learner of the tests: 1.0 (an even
pace) peaks at 1.54x the average load over 30 days, 1.6 at 1.27x."""
FINAL_DAYS = 7
"""The last reviews before the exam fall in the this many days before it."""


@dataclass(frozen=True)
class Exam:
    """An interview day (the learner's day) and the cards it covers: those of `decks` (all decks
    when none) that have one of `tags` (any tag when none)."""

    day: date
    decks: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def covers(self, deck_id: str, tags: Sequence[str]) -> bool:
        """Whether a card of deck `deck_id` with `tags` is in the exam's scope (tags match whatever
        their case, as everywhere in pmcards)."""
        return self.covers_deck(deck_id) and (not self.tags or shares_a_tag(tags, self.tags))

    def covers_deck(self, deck_id: str) -> bool:
        """Whether some cards of deck `deck_id` may be in the exam's scope."""
        return not self.decks or deck_id in self.decks

    def active(self, today: date) -> bool:
        """Whether the plan applies on `today` (until the day before the exam)."""
        return today < self.day

    def last_introduction(self) -> date:
        """The last day to see a card in scope for the first time."""
        return self.day - timedelta(days=INTRODUCE_BEFORE)

    def new_per_day(self, unseen: int, today: date) -> int:
        """New cards to introduce each day from `today` on, so that all `unseen` are seen in time."""
        days = max(1, (self.last_introduction() - today).days + 1)
        return ceil(FRONT_LOAD * unseen / (days + FRONT_LOAD - 1))

    def final_days(self) -> list[date]:
        """The days just before the exam that take the reviews brought forward."""
        return [self.day - timedelta(days=offset) for offset in range(FINAL_DAYS, 0, -1)]

    def to_json(self) -> str:
        return json.dumps({"day": self.day.isoformat(), "decks": list(self.decks), "tags": list(self.tags)})

    @classmethod
    def from_json(cls, text: str) -> Exam:
        value = json.loads(text)
        return cls(date.fromisoformat(value["day"]), tuple(value["decks"]), tuple(value["tags"]))


def last_review_day(exam: Exam, today: date, due_day: date, load: Mapping[date, int]) -> date | None:
    """The day to bring a review forward to, when FSRS puts it (`due_day`) on or after the exam
    and `today` is before the final days: the least loaded final day (the later one on a tie).
    None when the review can stay where FSRS put it (a review in the final days needs no other)."""
    final = exam.final_days()
    if due_day < exam.day or today >= final[0]:
        return None
    return min(reversed(final), key=lambda day: load.get(day, 0))
