"""Draft cards from the finders, and the deck they make: tags, stable ids, duplicates, article order.

Every finder takes the article and what earlier finders used, and returns `Found`: its drafts,
the sentences it used and what it skipped. A card whose article gives no answer holds the
placeholder `TODO_ANSWER`, which `pmcards lint` reports until someone writes the answer.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, TypeAlias

from pmcards.extraction.article import Block, Skipped
from pmcards.extraction.text import shorten, slug
from pmcards.format.cards import Card, Deck, clean_text
from pmcards.format.deckfile import TODO_ANSWER

Structure: TypeAlias = Literal[
    "questions", "faq", "interview", "mistakes", "definitions", "frameworks", "points", "tables",
    "figures", "contrasts", "superlatives", "advice",
]  # fmt: skip

STRUCTURES: dict[Structure, str] = {
    "questions": "question sections",
    "faq": "FAQ items",
    "interview": "interview questions",
    "mistakes": "mistakes",
    "definitions": "definitions",
    "frameworks": "frameworks and lists",
    "points": "numbered points",
    "tables": "table rows",
    "figures": "figures",
    "contrasts": "contrasts",
    "superlatives": "superlatives",
    "advice": "call-out advice",
}

_BASE_TAGS: dict[Structure, tuple[str, ...]] = {"interview": ("interview",), "mistakes": ("mistakes",)}
# Topic tags from the vocabulary, each with the word beginnings that signal it (a space marks a word boundary).
_TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "role",
        (
            " the role ",
            " this role ",
            " real role ",
            " pm role ",
            " responsibilit",
            " day to day ",
            " day in the life ",
        ),
    ),
    ("skills", (" skill", " technical depth ", " coding ", " degree", " fluency ")),
    ("interview", (" interview",)),
    (
        "compensation",
        (" salar", " pay ", " paid ", " earn", " compensation", " tc ", " equity ", " rsu", " bonus", "$", "€", "£"),
    ),
    ("career-path", (" career path", " speciali", " promotion", " long term career", " trajectory")),
    (
        "transition",
        (" transition", " career chang", " break into ", " breaking into ", " first job", " first ai pm job", " pivot"),
    ),
    ("hiring-committee", (" hiring committee", " hc ", " hcs ", " debrief")),
    ("mistakes", (" mistake", " pitfall")),
    ("metrics", (" metric", " kpi", " measur")),
    ("evaluation", (" eval", " precision ", " recall ", " f1 ", " accuracy ", " confusion matrix")),
    ("ethics", (" ethic", " fairness ", " bias", " privacy ", " responsible ai ")),
    ("ml-pm", (" ml pm", " ml product manager")),
    (
        "companies",
        (" companies hiring ", " which companies ", " target companies ", " faang ", " big tech ", " startup"),
    ),
    ("negotiation", (" negotiat",)),
)
_NOT_WORD = re.compile(r"[^a-z0-9$€£]+")
_MAX_TAGS = 3
_REPORTED_FRONT = 100


@dataclass(frozen=True)
class Draft:
    """A card as a finder sees it: which structure found it, its content fields, and where it came from."""

    structure: Structure
    kind: str
    sides: tuple[tuple[str, str], ...]
    section: str
    line: int

    @property
    def front(self) -> str:
        """The question, or a cloze card's text: what the card's id derives from."""
        sides = dict(self.sides)
        return sides.get("text") or sides.get("question", "")

    @property
    def unanswered(self) -> bool:
        """Whether the card still holds the placeholder for an answer the article does not give."""
        return any(TODO_ANSWER in value for name, value in self.sides if name != "question")


def basic(structure: Structure, section: str, line: int, question: str, answer: str) -> Draft:
    """A basic card; an empty `answer` becomes the placeholder."""
    return Draft(structure, "basic", (("question", question), ("answer", answer or TODO_ANSWER)), section, line)


def cloze(structure: Structure, section: str, line: int, text: str) -> Draft:
    return Draft(structure, "cloze", (("text", text),), section, line)


def interview(section: str, line: int, question: str, key_points: str, traps: str = "", framework: str = "") -> Draft:
    """An interview card; empty `key_points` become the placeholder."""
    sides = (
        ("question", question),
        ("key_points", key_points or TODO_ANSWER),
        ("traps", traps),
        ("framework", framework),
    )
    return Draft("interview", "interview", sides, section, line)


def sentence_keys(block: Block) -> set[tuple[int, int]]:
    """Every sentence of a block as (block index, offset): what using the whole block uses."""
    return {(block.index, offset) for offset, _ in block.sentences} or {(block.index, 0)}


@dataclass
class Usage:
    """The sentences finders have used, as (block index, offset). A strict use (a card's front or
    back) keeps every later finder off the sentence; a loose one (a card that sums up a section)
    keeps figures off it but lets a contrast in it still become a card."""

    strict: set[tuple[int, int]] = field(default_factory=set)
    loose: set[tuple[int, int]] = field(default_factory=set)
    blocks: set[int] = field(init=False, default_factory=set)

    def __post_init__(self) -> None:
        self.blocks = {index for index, _ in self.strict}

    def taken(self, block: Block) -> bool:
        """Whether any sentence of the block is strictly used."""
        return block.index in self.blocks

    def unused(self, pending: list[tuple[int, Skipped]]) -> list[Skipped]:
        """What was skipped of the blocks no card uses, strictly or loosely (see `Found.unless_used`)."""
        used = self.blocks | {index for index, _ in self.loose}
        return [skipped for index, skipped in pending if index not in used]

    def add(self, found: Found) -> None:
        """Count what a finder used as used."""
        self.strict |= found.used
        self.loose |= found.loose
        self.blocks |= {index for index, _ in found.used}

    def with_(self, found: Found) -> Usage:
        """What this and `found` use together (for a finder's second pass over the article)."""
        merged = Usage(set(self.strict), set(self.loose))
        merged.add(found)
        return merged


@dataclass
class Found:
    """What one finder gives: drafts, the sentences they use (strictly or loosely), what it skipped, and
    what it skipped unless a later finder uses the block (block index, what to report)."""

    drafts: list[Draft] = field(default_factory=list)
    used: set[tuple[int, int]] = field(default_factory=set)
    loose: set[tuple[int, int]] = field(default_factory=set)
    skipped: list[Skipped] = field(default_factory=list)
    unless_used: list[tuple[int, Skipped]] = field(default_factory=list)

    def use(self, blocks: list[Block] | tuple[Block, ...], loose: bool = False) -> None:
        """Mark whole blocks used."""
        target = self.loose if loose else self.used
        for block in blocks:
            target |= sentence_keys(block)


def bullets(points: list[str]) -> str:
    """Points as a Markdown list."""
    return "\n".join(f"- {point}" for point in points)


def tags_for(draft: Draft) -> tuple[str, ...]:
    """The structure's own tag, then topic tags from the card's front and section (at most three)."""
    text = f" {_NOT_WORD.sub(' ', f'{draft.front} {draft.section}'.lower())} "
    found = list(_BASE_TAGS.get(draft.structure, ()))
    found += [tag for tag, signals in _TOPICS if tag not in found and any(signal in text for signal in signals)]
    return tuple(found[:_MAX_TAGS])


def deck_id_for(title: str) -> str:
    """The deck id: a slug of the title (a hash of it when the title has no ASCII letters or digits)."""
    return slug(title) or "article-" + hashlib.sha1(title.encode()).hexdigest()[:8]


def _card_id(deck_id: str, prefix: str, draft: Draft) -> str:
    """A card id from the deck id, the card's kind, section and front (not its line: edits above keep it)."""
    key = "\0".join((deck_id, draft.kind, draft.section, " ".join(draft.front.split())))
    return f"{prefix}-{hashlib.sha1(key.encode()).hexdigest()[:8]}"


class Built(NamedTuple):
    """A drafted deck, how many cards each structure gave, the duplicates dropped, and the cards
    whose answer the article does not give (line, front)."""

    deck: Deck
    counts: dict[Structure, int]
    duplicates: list[Skipped]
    unanswered: list[tuple[int, str]]


def build_deck(
    title: str,
    deck_id: str,
    drafts: list[Draft],
    url: str,
    line_of: Callable[[int], int] = lambda line: line,
    summary: str = "",
) -> Built:
    """The deck of `drafts` in article order, described by the article's `summary` (its TL;DR) when it has
    one; `line_of` turns a draft's line into the line its cards and the report name (the page's own line for
    an HTML page read as Markdown)."""
    order = list(STRUCTURES)
    unanswered: list[tuple[int, str]] = []
    prefix = slug(deck_id, 24) or "card"
    cards: list[Card] = []
    counts: dict[Structure, int] = dict.fromkeys(STRUCTURES, 0)
    duplicates: list[Skipped] = []
    seen: set[tuple[str, str, str]] = set()
    ids: set[str] = set()
    for draft in sorted(drafts, key=lambda d: (d.line, order.index(d.structure))):
        key = (draft.kind, draft.section, " ".join(draft.front.split()))
        if key in seen:
            duplicates.append(Skipped(line_of(draft.line), "duplicate card", shorten(draft.front, 70)))
            continue
        seen.add(key)
        card_id = base_id = _card_id(deck_id, prefix, draft)
        suffix = 2
        while card_id in ids:
            card_id, suffix = f"{base_id}-{suffix}", suffix + 1
        ids.add(card_id)
        counts[draft.structure] += 1
        if draft.unanswered:
            front = " ".join(draft.front.split())
            unanswered.append(
                (
                    line_of(draft.line),
                    front if len(front) <= _REPORTED_FRONT else f"{shorten(front, _REPORTED_FRONT)} …",
                )
            )
        sides = {name: clean_text(value) for name, value in draft.sides}
        section = f"{draft.section} (line {line_of(draft.line)})"
        cards.append(Card(card_id, draft.kind, sides, tags=tags_for(draft), section=section))
    description = shorten(summary, 300) if summary else f"Cards drafted from the article “{title}”."
    deck = Deck(
        id=deck_id,
        title=title,
        description=description,
        source=title,
        url=url,
        cards=tuple(cards),
    )
    return Built(deck, counts, duplicates, unanswered)
