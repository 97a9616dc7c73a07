"""Deck files that the scenarios edit as an author would: reword a card, remove one (it is retired),
put a removed one back (it returns with its history), add one, give a cloze a second deletion or
take it away, move a card. Every version is a valid deck, written atomically."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path

from pmcards.files import write_atomically
from pmcards.format.cards import Card, Deck
from pmcards.format.deckfile import parse_file, write_deck

KIND_CYCLE = ("basic", "cloze", "reverse", "interview")
EDITS = ("reword", "remove", "restore", "add", "move")


def make_card(deck_id: str, number: int, revision: int = 0) -> Card:
    """Card `number` of a deck at `revision`: its kind comes from its number; a cloze has one
    deletion at even revisions and two at odd ones."""
    card_id = f"{deck_id}-{number}"
    words = f"{card_id} r{revision}"
    kind = KIND_CYCLE[number % len(KIND_CYCLE)]
    if kind == "basic":
        fields = {"question": f"What is {words}?", "answer": f"It is **{words}**."}
    elif kind == "cloze":
        deletions = " and ".join(f"{{{{c{n}::{words} part {n}}}}}" for n in range(1, 2 + revision % 2))
        fields = {"text": f"Remember {deletions}.", "extra": ""}
    elif kind == "reverse":
        fields = {"front": f"Term {words}", "back": f"Meaning of {words}"}
    else:
        fields = {"question": f"How would you handle {words}?", "key_points": f"- Clarify {words}\n- Decide"}
    return Card(card_id, kind, fields, tags=("torture",), section=f"Section {number % 3}")


def _number(card: Card) -> int:
    return int(card.id.rsplit("-", 1)[1])


def _revision(card: Card) -> int:
    found = re.search(r" r(\d+)\b", card.front)
    assert found is not None, card.front
    return int(found.group(1))


class DeckFolder:
    """A folder of deck files `deck-0.md`, `deck-1.md`... (deck ids `d0`, `d1`...)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def create(cls, folder: Path, decks: int = 2, cards: int = 12) -> DeckFolder:
        folder.mkdir(parents=True, exist_ok=True)
        for index in range(decks):
            deck_id = f"d{index}"
            made = tuple(make_card(deck_id, number) for number in range(cards))
            deck = Deck(deck_id, f"Torture deck {index}", tags=("deck",), cards=made)
            write_atomically(folder / f"deck-{index}.md", write_deck(deck).encode())
        return cls(folder)

    def files(self) -> list[Path]:
        return sorted(self.folder.glob("deck-*.md"))

    def edit(self, chance: random.Random) -> str:
        """Make one random edit to one random deck file; return what it was."""
        path = chance.choice(self.files())
        deck = parse_file(path).deck
        assert deck is not None, f"{path} is not a deck"
        cards = list(deck.cards)
        by_number = {_number(card): card for card in cards}
        edit = chance.choice(EDITS)
        if edit == "reword" and cards:
            index = chance.randrange(len(cards))
            cards[index] = make_card(deck.id, _number(cards[index]), _revision(cards[index]) + 1)
        elif edit == "remove" and len(cards) > 2:
            cards.pop(chance.randrange(len(cards)))
        elif edit == "restore" and (missing := sorted(set(range(max(by_number) + 1)) - set(by_number))):
            cards.insert(chance.randrange(len(cards) + 1), make_card(deck.id, chance.choice(missing)))
        elif edit == "add":
            cards.append(make_card(deck.id, max(by_number, default=-1) + 1))
        elif cards:
            edit = "move"
            cards.append(cards.pop(chance.randrange(len(cards))))
        write_atomically(path, write_deck(replace(deck, cards=tuple(cards))).encode())
        return edit
