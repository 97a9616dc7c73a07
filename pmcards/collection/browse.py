"""Finding cards: by deck, text, tag and state, for the card browser."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from pmcards.collection.reading import StoredCard
from pmcards.format.cards import shares_a_tag
from pmcards.schedule.state import CardState


def _due(card: StoredCard, now: datetime, day_end: datetime) -> bool:
    """Due now: a learning step that has come, or a review due today; neither suspended nor buried."""
    if card.suspended or (card.buried_until is not None and card.buried_until > now) or card.due is None:
        return False
    if card.state in (CardState.LEARNING, CardState.RELEARNING):
        return card.due <= now
    return card.state == CardState.REVIEW and card.due < day_end


STATUS_TESTS: dict[str, Callable[[StoredCard, datetime, datetime], bool]] = {
    "suspended": lambda card, _now, _end: card.suspended,
    "leech": lambda card, _now, _end: card.leech,
    "due": _due,
    "new": lambda card, _now, _end: card.state == CardState.NEW,
}
"""The states a card can be looked for in."""


def matches(
    card: StoredCard, *, search: str, tags: Sequence[str], status: str | None, now: datetime, day_end: datetime
) -> bool:
    """Whether `card` holds `search` (any case, as plain text: no pattern) in its id or fields,
    has one of `tags` (when some are given, whatever their case), and is in `status` (one of
    `STATUS_TESTS`, when given)."""
    if search:
        folded = search.casefold()
        texts = (card.card_id, *card.sides.values())
        if not any(folded in text.casefold() for text in texts):
            return False
    if tags and not shares_a_tag(card.tags, tags):
        return False
    return status is None or STATUS_TESTS[status](card, now, day_end)
