"""The review queue: which card comes next, and how many are due, under the daily limits.

Order: learning and relearning cards whose step is due; then review cards due by the end of the
learner's day, earliest first; then new cards in deck order. Suspended, buried and retired cards
never appear. The daily new and review limits apply to all decks together; a deck's own override
caps that deck further. Both count what was answered since the learner's day began.

The queries are plain SQL on the collection's SQLite connection; each is an index seek bounded by
the daily limits, so their cost does not grow with the size of the collection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pmcards.models import LEARNING, NEW, RELEARNING, REVIEW, from_db_time, to_db_time
from pmcards.settings import Settings

LEARN_AHEAD = timedelta(minutes=20)
"""When nothing else is left, a learning card due within this long is shown early (as in Anki)."""

_SHOWABLE = "retired = 0 AND suspended = 0 AND (buried_until IS NULL OR buried_until <= :now)"
_IN_DECK = f"deck_id = :deck AND {_SHOWABLE}"
_DECK_COUNTS = f"""
SELECT
  (SELECT count(*) FROM (SELECT 1 FROM cards WHERE {_IN_DECK} AND state = {NEW} LIMIT :new_cap)),
  (SELECT count(*) FROM cards WHERE {_IN_DECK} AND state IN ({LEARNING}, {RELEARNING}) AND due < :end),
  (SELECT count(*) FROM (SELECT 1 FROM cards WHERE {_IN_DECK} AND state = {REVIEW} AND due < :end LIMIT :review_cap)),
  (SELECT count(*) FROM cards WHERE deck_id = :deck AND retired = 0),
  (SELECT min(due) FROM (
    SELECT * FROM (SELECT due FROM cards WHERE {_IN_DECK} AND state = {LEARNING} ORDER BY due LIMIT 1)
    UNION ALL SELECT * FROM (SELECT due FROM cards WHERE {_IN_DECK} AND state = {RELEARNING} ORDER BY due LIMIT 1))),
  (SELECT due FROM cards WHERE {_IN_DECK} AND state = {REVIEW} ORDER BY due LIMIT 1)
"""
_DONE_TODAY = """
SELECT cards.deck_id, review_logs.previous_state, count(*)
FROM review_logs JOIN cards ON cards.pk = review_logs.card_pk
WHERE review_logs.reviewed_at >= ? AND review_logs.previous_state IN (0, 2)
GROUP BY cards.deck_id, review_logs.previous_state
"""


@dataclass(frozen=True)
class DueCounts:
    """Cards due today in one deck (or in several, taken together) within the daily limits,
    its active cards, and when its next learning or review card is due."""

    deck_id: str
    title: str
    new: int
    learning: int
    review: int
    total: int
    next_due: datetime | None


@dataclass(frozen=True)
class Allowance:
    """What is left of today's limits: for each deck, and for all decks together."""

    new: dict[str, int]
    review: dict[str, int]
    all_new: int
    all_review: int


def allowance(
    db: sqlite3.Connection, deck_ids: Sequence[str], settings_of: Callable[[str], Settings], day_start: datetime
) -> Allowance:
    """The new and review allowance left for the day that began at `day_start`."""
    done: dict[str, list[int]] = {}
    for deck_id, previous_state, count in db.execute(_DONE_TODAY, (to_db_time(day_start),)):
        done.setdefault(deck_id, [0, 0])[0 if previous_state == NEW else 1] = count
    learner = settings_of("")
    all_new = max(0, learner.new_per_day - sum(new for new, _ in done.values()))
    all_review = max(0, learner.reviews_per_day - sum(review for _, review in done.values()))
    new: dict[str, int] = {}
    review: dict[str, int] = {}
    for deck_id in deck_ids:
        settings = settings_of(deck_id)
        new_done, reviews_done = done.get(deck_id, [0, 0])
        new[deck_id] = min(all_new, max(0, settings.new_per_day - new_done))
        review[deck_id] = min(all_review, max(0, settings.reviews_per_day - reviews_done))
    return Allowance(new, review, all_new, all_review)


def _first(
    db: sqlite3.Connection, where: str, order: str, params: dict[str, Any], deck_ids: Sequence[str]
) -> int | None:
    placeholders = ", ".join(f":deck{index}" for index in range(len(deck_ids)))
    params = {**params, **{f"deck{index}": deck_id for index, deck_id in enumerate(deck_ids)}}
    row = db.execute(
        f"SELECT pk FROM cards WHERE {_SHOWABLE} AND deck_id IN ({placeholders}) AND {where} ORDER BY {order} LIMIT 1",
        params,
    ).fetchone()
    return None if row is None else int(row[0])


def next_card(
    db: sqlite3.Connection, deck_ids: Sequence[str], left: Allowance, now: datetime, day_end: datetime
) -> int | None:
    """The pk of the next card to show from `deck_ids` (in deck order), or None when nothing is due."""
    params = {"now": to_db_time(now), "end": to_db_time(day_end), "ahead": to_db_time(now + LEARN_AHEAD)}
    found = _first(db, f"state IN ({LEARNING}, {RELEARNING}) AND due <= :now", "due", params, deck_ids)
    reviewable = [deck_id for deck_id in deck_ids if left.review[deck_id] > 0]
    if found is None and reviewable:
        found = _first(db, f"state = {REVIEW} AND due < :end", "due", params, reviewable)
    for deck_id in deck_ids:
        if found is None and left.new[deck_id] > 0:
            found = _first(db, f"state = {NEW}", "position, ord", params, [deck_id])
    if found is None:
        found = _first(db, f"state IN ({LEARNING}, {RELEARNING}) AND due <= :ahead", "due", params, deck_ids)
    return found


def due_counts(
    db: sqlite3.Connection,
    decks: Sequence[tuple[str, str]],
    left: Allowance,
    now: datetime,
    day_end: datetime,
) -> list[DueCounts]:
    """For each (deck id, title): new, learning and review cards due today within the limits,
    active cards, and the next due time."""
    counts = []
    for deck_id, title in decks:
        new, learning, review, total, next_learning, next_review = db.execute(
            _DECK_COUNTS,
            {
                "deck": deck_id,
                "now": to_db_time(now),
                "end": to_db_time(day_end),
                "new_cap": left.new[deck_id],
                "review_cap": left.review[deck_id],
            },
        ).fetchone()
        next_times = [
            from_db_time(next_learning),
            _next_review(from_db_time(next_review), left.review[deck_id], day_end),
        ]
        next_due = min((moment for moment in next_times if moment is not None), default=None)
        counts.append(DueCounts(deck_id, title, new, learning, review, total, next_due))
    return counts


def _next_review(due: datetime | None, allowance: int, day_end: datetime) -> datetime | None:
    """When the deck's next review card can be shown: tomorrow at the earliest once today's
    review allowance is spent."""
    return due if due is None or allowance > 0 else max(due, day_end)


def combined(counts: Sequence[DueCounts], left: Allowance) -> DueCounts:
    """The counts of several decks taken together, within the limits for all decks."""
    upcoming = [c.next_due for c in counts if c.next_due is not None]
    return DueCounts(
        deck_id="",
        title="All decks",
        new=min(sum(c.new for c in counts), left.all_new),
        learning=sum(c.learning for c in counts),
        review=min(sum(c.review for c in counts), left.all_review),
        total=sum(c.total for c in counts),
        next_due=min(upcoming) if upcoming else None,
    )
