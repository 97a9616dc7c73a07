"""A card's schedule as plain values: its state, FSRS memory state, counters and flags.

`Schedule` is the one declaration of these fields: the stored card extends it, a replay of the
review log rebuilds it, and the database table takes its columns from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum


class CardState(IntEnum):
    """Where a card is in its life: never answered, in learning steps, in review, or relearning after
    a lapse (the last three are fsrs' own numbers, `fsrs.State`)."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class MemoryState:
    """What FSRS sets at each answer: the state, the learning step, stability (days for recall to
    fall to 90%), difficulty (1-10) and when the card is due next."""

    state: CardState = CardState.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Schedule(MemoryState):
    """A card's whole schedule: its memory state, when it was last answered, how often it was
    answered and forgotten, and the learner's flags (leech, suspended, buried until)."""

    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    leech: bool = False
    suspended: bool = False
    buried_until: datetime | None = None


REPLAYED = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")
"""The fields a replay of the review log rebuilds (the flags are the learner's, not the log's)."""
