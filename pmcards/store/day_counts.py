"""Today's answer counts per deck (new cards, reviews), which the daily limits read.

They are kept up to date by answer and undo (`add`), so the limits never count the log; `rebuild`
recomputes them from the log, for an upgrade, a change of the learner's day, or a repair.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import Connection, and_, bindparam, delete, insert, select, update

from pmcards.schedule.state import CardState
from pmcards.store.database import Database
from pmcards.store.schema import cards, day_counts, review_logs

_ADD = (
    update(day_counts)
    .where(and_(day_counts.c.day == bindparam("on"), day_counts.c.deck_id == bindparam("deck")))
    .values(new=day_counts.c.new + bindparam("more_new"), review=day_counts.c.review + bindparam("more_reviews"))
)
_FIRST = insert(day_counts).values({name: bindparam(name) for name in ("day", "deck_id", "new", "review")})


def add(db: Database, day: date, deck_id: str, *, new: int = 0, review: int = 0) -> None:
    """Add to a deck's counts for `day` (negative numbers take away), inside a write transaction."""
    if not db.run(_ADD, {"on": day, "deck": deck_id, "more_new": new, "more_reviews": review}).count:
        db.run(_FIRST, {"day": day, "deck_id": deck_id, "new": new, "review": review})


def counted(state: CardState, rating: int) -> tuple[int, int]:
    """What an answer (`rating` 1-4; 0 is a reset, which counts for nothing) to a card in `state`
    counts towards the limits: (new, review)."""
    if not rating:
        return 0, 0
    return int(state == CardState.NEW), int(state == CardState.REVIEW)


def rebuild(connection: Connection, day_of: Callable[[datetime], date]) -> None:
    """Recompute every day's counts from the review log; `day_of` gives the learner day of a moment."""
    totals: Counter[tuple[date, str, str]] = Counter()
    rows = connection.execute(
        select(review_logs.c.reviewed_at, review_logs.c.before_state, review_logs.c.rating, cards.c.deck_id).join(
            cards, cards.c.pk == review_logs.c.card_pk
        )
    )
    for reviewed_at, state, rating, deck_id in rows:
        new, review = counted(state, rating)
        if new or review:
            totals[(day_of(reviewed_at), deck_id, "new" if new else "review")] += 1
    connection.execute(delete(day_counts))
    merged: dict[tuple[date, str], dict[str, object]] = {}
    for (day, deck_id, kind), count in totals.items():
        merged.setdefault((day, deck_id), {"day": day, "deck_id": deck_id, "new": 0, "review": 0})[kind] = count
    if merged:
        connection.execute(insert(day_counts), list(merged.values()))
