"""Benchmark: how good are the draft decks `pmcards extract` makes? (a measurement; always exits 0)

    python tests/benchmarks/extract_quality.py [FOLDER] [--details]

FOLDER (default tests/fixtures/extract_quality) holds articles, each with a gold file beside it
(`<name>.gold.toml` for `<name>.<ext>`) listing what a coach would want carded. The 60 articles of
tests/fixtures/extract_field were written by other writers who never read the extractor; it was
measured on each of their eight sets before any change was made with that set in view (the sets
and those figures: tests/fixtures/extract_field_sets.md), then improved against some of them, so
they are no longer unseen, but they keep it honest about layouts its own fixtures lack. A gold file:

    [[item]]                          # a card a good draft must contain
    front = ["golden set"]            # alternatives: the card's front must match one
    back = ["fixed collection"]       # alternatives: its back must match one (the article's answer)

    [[item]]
    front = ["how much labelled data"]
    no_answer = true                  # the article gives no answer: the back must stay a TODO

    [[optional]]                      # an acceptable card that is not required (not junk)
    front = ["recall"]

An alternative matches a text when each of its words occurs there at the start of a word, ignoring
case, Markdown emphasis and dash/quote styles ("drift" matches "drifts"; "24" does not match "2024");
an alternative written "=words" must be the whole front (for short fronts such as "=problem").
A card's front is what the learner sees first (a cloze with its deletions hidden); its back is the
rest (the answer; key points, traps and framework; the cloze's deletions and extra).

Each card matches at most one required item: first a maximum matching of the right pairings (the
back holds the answer, or a TODO for an open question), then one of the remaining cards and items.
Leftover cards go to an optional item, else to a required item they repeat (a duplicate: shown,
not counted against the draft), else they are junk. Counted per article: items, found (recall),
answered correctly (answer accuracy, of the found items that have an answer), invented answers (a
card for a `no_answer` item whose back has no TODO) and junk; an ExtractError means "no deck".
`--details` lists each article's missed items, wrong and invented answers, junk and duplicates.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from pmcards.errors import ExtractError
from pmcards.extraction import extract_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "extract_quality"
CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
STYLE = str.maketrans({"–": "-", "—": "-", "−": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})


def normalize(text: str) -> str:
    return " ".join(re.sub(r"[*_`]", "", text.translate(STYLE)).lower().split())


def matches(alternatives: list[str], text: str) -> bool:
    """Whether `text` (normalized) holds every word of one alternative, each at the start of a word;
    an alternative written `=words` must be the whole text (end punctuation aside)."""
    for alternative in map(normalize, alternatives):
        if alternative.startswith("="):
            if text.strip(" .:?!'\"") == alternative[1:]:
                return True
        elif all(re.search(r"(?<!\w)" + re.escape(word), text) for word in alternative.split()):
            return True
    return False


@dataclass
class Item:
    front: list[str]
    back: list[str]
    no_answer: bool


@dataclass
class Card:
    front: str
    back: str
    raw_front: str

    @property
    def placeholder(self) -> bool:
        return "TODO" in self.back


@dataclass
class Score:
    name: str
    deck: bool = False
    error: str = ""
    cards: int = 0
    items: int = 0
    found: int = 0
    answerable: int = 0
    correct: int = 0
    invented: int = 0
    junk: int = 0
    duplicates: int = 0
    notes: list[str] = field(default_factory=list)


def alternatives(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value]


def load_gold(path: Path) -> tuple[list[Item], list[list[str]]]:
    gold = tomllib.loads(path.read_text(encoding="utf-8"))
    items = [
        Item(alternatives(i["front"]), alternatives(i.get("back", [])), bool(i.get("no_answer", False)))
        for i in gold.get("item", [])
    ]
    return items, [alternatives(o["front"]) for o in gold.get("optional", [])]


def read_cards(article: Path) -> list[Card]:
    cards: list[Card] = []
    for card in extract_file(article).deck.cards:
        sides = card.fields
        if card.kind == "cloze":
            front = CLOZE.sub("[...]", card.front)
            back = "\n".join([CLOZE.sub(r"\1", card.front), *(v for v in sides.values() if v != card.front)])
        else:
            back = "\n".join(v for v in sides.values() if v != card.front)
            front = card.front
        cards.append(Card(normalize(front), back, front))
    return cards


def assign(items: list[Item], cards: list[Card]) -> dict[int, int]:
    """card -> item: a maximum matching of right pairings (right back, or a TODO for an open question),
    then one of the remaining cards and items."""

    def good(item: Item, card: Card) -> bool:
        return card.placeholder if item.no_answer else matches(item.back, normalize(card.back))

    fitting = [[c for c, card in enumerate(cards) if matches(item.front, card.front)] for item in items]
    owner: dict[int, int] = {}

    def take(i: int, seen: set[int], candidates: list[list[int]]) -> bool:
        for c in candidates[i]:
            if c not in seen:
                seen.add(c)
                if c not in owner or take(owner[c], seen, candidates):
                    owner[c] = i
                    return True
        return False

    order = sorted(range(len(items)), key=lambda i: not items[i].no_answer)  # open questions first
    best = [[c for c in fit if good(item, cards[c])] for item, fit in zip(items, fitting, strict=True)]
    for i in order:
        take(i, set(), best)
    rest = [[c for c in fit if c not in owner] for fit in fitting]  # a right pairing is kept
    for i in order:
        if i not in owner.values():
            take(i, set(), rest)
    return owner


def score(article: Path, gold: Path) -> Score:
    result = Score(article.name)
    items, optional = load_gold(gold)
    result.items = len(items)
    try:
        cards = read_cards(article)
    except ExtractError as error:
        result.error = str(error)
        result.notes = [f"missed: {item.front[0]}" for item in items]
        return result
    result.deck, result.cards = True, len(cards)
    owner = assign(items, cards)
    card_of = {i: c for c, i in owner.items()}
    for i, item in enumerate(items):
        if i not in card_of:
            result.notes.append(f"missed: {item.front[0]}")
            continue
        result.found += 1
        card = cards[card_of[i]]
        if item.no_answer:
            if not card.placeholder:
                result.invented += 1
                result.notes.append(f"invented: {card.raw_front!r} -> {card.back[:80]!r}")
        else:
            result.answerable += 1
            if matches(item.back, normalize(card.back)):
                result.correct += 1
            else:
                result.notes.append(f"wrong answer: {card.raw_front!r} -> {card.back[:80]!r} (want {item.back[0]!r})")
    for c, card in enumerate(cards):
        if c in owner or any(matches(alts, card.front) for alts in optional):
            continue
        repeated = sorted((item for item in items if matches(item.front, card.front)), key=lambda i: not i.no_answer)
        if not repeated:
            result.junk += 1
            result.notes.append(f"junk: {card.raw_front[:100]!r}")
            continue
        result.duplicates += 1
        result.notes.append(f"duplicate of {repeated[0].front[0]!r}: {card.raw_front[:80]!r}")
        if repeated[0].no_answer and not card.placeholder:
            result.invented += 1
            result.notes.append(f"invented (duplicate): {card.raw_front!r} -> {card.back[:80]!r}")
    return result


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def row(name: str, s: Score, decks: str) -> str:
    return (
        f"{name:<42} {decks:>5} {s.cards:>5} {s.items:>5} {s.found:>5} {percent(s.found, s.items):>6}"
        f" {f'{s.correct}/{s.answerable}':>8} {percent(s.correct, s.answerable):>5} {s.invented:>8} {s.junk:>5} {s.duplicates:>5}"
    )


def main(argv: list[str]) -> int:
    details = "--details" in argv
    folder = Path(next((a for a in argv if not a.startswith("--")), FIXTURES))
    articles = [path for path in sorted(folder.iterdir()) if path.is_file() and not path.name.endswith(".gold.toml")]
    pairs = [(article, folder / f"{article.stem}.gold.toml") for article in articles]
    for article, gold in pairs:
        if not gold.exists():
            print(f"skipped {article.name}: no {gold.name}")
    pairs = [(article, gold) for article, gold in pairs if gold.exists()]
    scores = [score(article, gold) for article, gold in pairs]
    header = f"{'article':<42} {'deck':>5} {'cards':>5} {'items':>5} {'found':>5} {'recall':>6} {'answered':>8} {'acc':>5} {'invented':>8} {'junk':>5} {'dupes':>5}"
    print(header)
    print("-" * len(header))
    for s in scores:
        print(row(s.name, s, "yes" if s.deck else "NO"))
    total = Score("total")
    for s in scores:
        for name in ("cards", "items", "found", "answerable", "correct", "invented", "junk", "duplicates"):
            setattr(total, name, getattr(total, name) + getattr(s, name))
    print("-" * len(header))
    print(row(f"total ({len(scores)} articles)", total, f"{sum(s.deck for s in scores)}/{len(scores)}"))
    targets = [
        (f"recall {percent(total.found, total.items)}", ">= 80%", total.found >= 0.8 * total.items),
        (
            f"answer accuracy {percent(total.correct, total.answerable)}",
            ">= 75%",
            total.correct >= 0.75 * total.answerable,
        ),
        (f"invented answers {total.invented}", "0", total.invented == 0),
        (f"junk cards {total.junk}", "0", total.junk == 0),
        (f"articles with a deck {sum(s.deck for s in scores)}/{len(scores)}", "all", all(s.deck for s in scores)),
    ]
    for figure, target, met in targets:
        print(f"  {figure:<32} target {target:<7} {'met' if met else 'NOT MET'}")
    for s in scores:
        if s.error:
            print(f"no deck: {s.error}")
        if details and s.notes:
            print(f"\n{s.name}:")
            print("\n".join(f"  {note}" for note in s.notes))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
