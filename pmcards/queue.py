"""The review queue: which card comes next, and how many are due, under the daily limits.

Order: learning and relearning cards whose step is due; then review cards due by the end of the
learner's day, earliest first; then new cards in deck order. Suspended, buried and retired cards
never appear. The daily new and review limits apply to all decks together; a deck's own override
caps that deck further. Both count what was answered since the learner's day began.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_
from sqlmodel import Session, col, select

from pmcards.models import NEW, CardRow, DeckRow, ReviewLogRow
from pmcards.scheduling import REVIEW
from pmcards.settings import Settings

LEARN_AHEAD = timedelta(minutes=20)
"""When nothing else is left, a learning card due within this long is shown early (as in Anki)."""
LEARNING_STATES = (1, 3)


@dataclass(frozen=True)
class DueCounts:
    """One deck's cards due today (within its daily limits), its size, and its next due time."""

    deck_id: str
    title: str
    new: int
    learning: int
    review: int
    total: int
    next_due: datetime | None


def available(now: datetime) -> Any:
    """The condition for a card that may be shown: not retired, suspended or buried."""
    return and_(
        col(CardRow.retired).is_(False),
        col(CardRow.suspended).is_(False),
        or_(col(CardRow.buried_until).is_(None), col(CardRow.buried_until) <= now),
    )


def done_today(session: Session, day_start: datetime) -> dict[str, tuple[int, int]]:
    """New cards and review cards answered since `day_start`, by deck id."""
    rows = session.exec(
        select(CardRow.deck_id, ReviewLogRow.previous_state, func.count())
        .join(CardRow, col(CardRow.pk) == ReviewLogRow.card_pk)
        .where(col(ReviewLogRow.reviewed_at) >= day_start)
        .where(col(ReviewLogRow.previous_state).in_([NEW, REVIEW]))
        .group_by(CardRow.deck_id, ReviewLogRow.previous_state)
    )
    done: dict[str, list[int]] = {}
    for deck_id, previous_state, count in rows:
        done.setdefault(deck_id, [0, 0])[0 if previous_state == NEW else 1] = count
    return {deck_id: (new, review) for deck_id, (new, review) in done.items()}


@dataclass(frozen=True)
class Allowance:
    """What is left of today's limits: for each deck, and for all decks together."""

    new: dict[str, int]
    review: dict[str, int]
    all_new: int
    all_review: int


def allowance(
    session: Session, decks: Sequence[DeckRow], settings_of: Callable[[str], Settings], day_start: datetime
) -> Allowance:
    """The new and review allowance left for the day that began at `day_start`."""
    done = done_today(session, day_start)
    learner = settings_of("")
    all_new = max(0, learner.new_per_day - sum(new for new, _ in done.values()))
    all_review = max(0, learner.reviews_per_day - sum(review for _, review in done.values()))
    new: dict[str, int] = {}
    review: dict[str, int] = {}
    for deck in decks:
        settings = settings_of(deck.id)
        new_done, reviews_done = done.get(deck.id, (0, 0))
        new[deck.id] = min(all_new, max(0, settings.new_per_day - new_done))
        review[deck.id] = min(all_review, max(0, settings.reviews_per_day - reviews_done))
    return Allowance(new, review, all_new, all_review)


def next_card(
    session: Session, decks: Sequence[DeckRow], left: Allowance, now: datetime, day_end: datetime
) -> CardRow | None:
    """The next card to show from `decks` (in deck order), or None when nothing is due."""
    deck_ids = [deck.id for deck in decks]
    base = select(CardRow).where(available(now)).where(col(CardRow.deck_id).in_(deck_ids))
    learning = base.where(col(CardRow.state).in_(LEARNING_STATES)).order_by(col(CardRow.due))
    card = session.exec(learning.where(col(CardRow.due) <= now).limit(1)).first()
    if card is not None:
        return card
    reviewable = [deck_id for deck_id in deck_ids if left.review[deck_id] > 0]
    if reviewable:
        card = session.exec(
            base.where(col(CardRow.state) == REVIEW)
            .where(col(CardRow.due) < day_end)
            .where(col(CardRow.deck_id).in_(reviewable))
            .order_by(col(CardRow.due))
            .limit(1)
        ).first()
        if card is not None:
            return card
    for deck_id in deck_ids:
        if left.new[deck_id] > 0:
            card = session.exec(
                base.where(col(CardRow.deck_id) == deck_id)
                .where(col(CardRow.state) == NEW)
                .order_by(col(CardRow.position), col(CardRow.ord))
                .limit(1)
            ).first()
            if card is not None:
                return card
    return session.exec(learning.where(col(CardRow.due) <= now + LEARN_AHEAD).limit(1)).first()


def due_counts(
    session: Session, decks: Sequence[DeckRow], left: Allowance, now: datetime, day_end: datetime
) -> list[DueCounts]:
    """Per deck: new, learning and review cards due today within the limits, total cards, next due."""
    can_show = available(now)
    state, due = col(CardRow.state), col(CardRow.due)
    rows = session.exec(
        select(
            CardRow.deck_id,
            func.sum(case((and_(can_show, state == NEW), 1), else_=0)),
            func.sum(case((and_(can_show, state.in_(LEARNING_STATES), due < day_end), 1), else_=0)),
            func.sum(case((and_(can_show, state == REVIEW, due < day_end), 1), else_=0)),
            func.count(),
            func.min(case((and_(can_show, state != NEW), due), else_=None)),
        )
        .where(col(CardRow.retired).is_(False))
        .where(col(CardRow.deck_id).in_([deck.id for deck in decks]))
        .group_by(CardRow.deck_id)
    ).all()
    by_deck = {row[0]: row[1:] for row in rows}
    counts = []
    for deck in decks:
        new, learning, review, total, next_due = by_deck.get(deck.id, (0, 0, 0, 0, None))
        counts.append(
            DueCounts(
                deck_id=deck.id,
                title=deck.title,
                new=min(int(new or 0), left.new[deck.id]),
                learning=int(learning or 0),
                review=min(int(review or 0), left.review[deck.id]),
                total=int(total),
                next_due=next_due,
            )
        )
    return counts


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
