"""How pmcards names things in what it prints: a card among its note's cards, a count of things."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmcards.collection.reading import StoredCard


def card_name(card: StoredCard) -> str:
    """The card's id in its deck file, with which of its cards it is: `path-007 c2`, `t-auc 2/2`."""
    if card.kind == "cloze":
        return f"{card.card_id} c{card.ord}"
    if card.ord:
        return f"{card.card_id} {card.ord}/2"
    return card.card_id


def plural(count: int, word: str) -> str:
    """`1 review`, `2 reviews`."""
    return f"{count} {word}{'' if count == 1 else 's'}"
