"""The review queue: which card comes next, and how many are due, under the daily limits.

Order: learning and relearning cards whose step is due; then review cards due by the end of the
learner's day, earliest first; then new cards in deck order. Suspended, buried and retired cards
never appear. The daily new and review limits apply to all decks together; a deck's own override
caps that deck further. Both count what was answered since the learner's day began, read from
the day's counts (kept by answer and undo), so neither query grows with the day's answers.

Each query is an index seek bounded by the limits, so its cost does not grow with the collection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal, or_, select

from pmcards.collection.configuration import SettingsOf
from pmcards.collection.reading import CARD_COLUMNS, StoredCard, to_card
from pmcards.schedule.state import CardState
from pmcards.store import Database
from pmcards.store.schema import cards, day_counts

LEARN_AHEAD = timedelta(minutes=20)
"""When nothing else is left, a learning card due within this long is shown early (as in Anki)."""

_LEARNING = (CardState.LEARNING, CardState.RELEARNING)


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


def allowance(db: Database, deck_ids: Sequence[str], settings_of: SettingsOf, today: date) -> Allowance:
    """The new and review allowance left on the learner day `today`."""
    done = {
        deck_id: (new, review)
        for deck_id, new, review in db.execute(
            select(day_counts.c.deck_id, day_counts.c.new, day_counts.c.review).where(day_counts.c.day == today)
        )
    }
    learner = settings_of("")
    all_new = max(0, learner.new_per_day - sum(new for new, _ in done.values()))
    all_review = max(0, learner.reviews_per_day - sum(review for _, review in done.values()))
    new: dict[str, int] = {}
    review: dict[str, int] = {}
    for deck_id in deck_ids:
        settings = settings_of(deck_id)
        new_done, reviews_done = done.get(deck_id, (0, 0))
        new[deck_id] = min(all_new, max(0, settings.new_per_day - new_done))
        review[deck_id] = min(all_review, max(0, settings.reviews_per_day - reviews_done))
    return Allowance(new, review, all_new, all_review)


def _showable(now: datetime) -> ColumnElement[bool]:
    return and_(
        cards.c.retired.is_(False),
        cards.c.suspended.is_(False),
        or_(cards.c.buried_until.is_(None), cards.c.buried_until <= now),
    )


def _first(db: Database, *conditions: ColumnElement[bool], order: Sequence[Any]) -> StoredCard | None:
    row = db.execute(select(*CARD_COLUMNS).where(*conditions).order_by(*order).limit(1)).first()
    return None if row is None else to_card(row)


def next_card(
    db: Database, deck_ids: Sequence[str], left: Allowance, now: datetime, day_end: datetime, *, every_deck: bool
) -> StoredCard | None:
    """The next card to show from `deck_ids` (in deck order), or None when nothing is due.
    `every_deck` says that `deck_ids` are all the active decks, so no deck condition is needed."""
    showable = _showable(now)
    in_decks = literal(True) if every_deck else cards.c.deck_id.in_(deck_ids)
    found = _first(db, showable, in_decks, cards.c.state.in_(_LEARNING), cards.c.due <= now, order=[cards.c.due])
    reviewable = [deck_id for deck_id in deck_ids if left.review[deck_id] > 0]
    if found is None and reviewable:
        in_reviewable = in_decks if len(reviewable) == len(deck_ids) else cards.c.deck_id.in_(reviewable)
        found = _first(
            db, showable, in_reviewable, cards.c.state == CardState.REVIEW, cards.c.due < day_end, order=[cards.c.due]
        )
    for deck_id in deck_ids:
        if found is None and left.new[deck_id] > 0:
            found = _first(
                db,
                showable,
                cards.c.deck_id == deck_id,
                cards.c.state == CardState.NEW,
                order=[cards.c.position, cards.c.ord],
            )
    if found is None:
        found = _first(
            db,
            showable,
            in_decks,
            cards.c.state.in_(_LEARNING),
            cards.c.due <= now + LEARN_AHEAD,
            order=[cards.c.due],
        )
    return found


def _count(*conditions: ColumnElement[bool], cap: int | None = None) -> Any:
    """A scalar subquery counting the cards that match, stopping at `cap`."""
    matching = select(literal(1)).where(*conditions)
    if cap is not None:
        matching = matching.limit(cap)
    return select(func.count()).select_from(matching.subquery()).scalar_subquery()


def _earliest(*conditions: ColumnElement[bool]) -> Any:
    return select(cards.c.due).where(*conditions).order_by(cards.c.due).limit(1).scalar_subquery()


def due_counts(
    db: Database, decks: Sequence[tuple[str, str]], left: Allowance, now: datetime, day_end: datetime
) -> list[DueCounts]:
    """For each (deck id, title): new, learning and review cards due today within the limits,
    active cards, and the next due time."""
    counts = []
    showable = _showable(now)
    for deck_id, title in decks:
        in_deck = and_(cards.c.deck_id == deck_id, showable)
        new, learning, review, total, next_learning, next_relearning, next_review = db.execute(
            select(
                _count(in_deck, cards.c.state == CardState.NEW, cap=left.new[deck_id]),
                _count(in_deck, cards.c.state.in_(_LEARNING), cards.c.due < day_end),
                _count(in_deck, cards.c.state == CardState.REVIEW, cards.c.due < day_end, cap=left.review[deck_id]),
                _count(cards.c.deck_id == deck_id, cards.c.retired.is_(False)),
                _earliest(in_deck, cards.c.state == CardState.LEARNING),
                _earliest(in_deck, cards.c.state == CardState.RELEARNING),
                _earliest(in_deck, cards.c.state == CardState.REVIEW),
            )
        ).one()
        upcoming = [next_learning, next_relearning, _next_review(next_review, left.review[deck_id], day_end)]
        next_due = min((moment for moment in upcoming if moment is not None), default=None)
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
