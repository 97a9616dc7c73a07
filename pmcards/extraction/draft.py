"""Draft cards from the finders, and the deck they make: tags, stable ids, duplicates, article order."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Literal, TypeAlias

from pmcards.extraction.article import Article, Skipped
from pmcards.extraction.text import shorten, slug
from pmcards.format.cards import Card, Deck, clean_text

Structure: TypeAlias = Literal["summary", "questions", "faq", "interview", "mistakes", "tables", "figures", "contrasts"]

STRUCTURES: dict[Structure, str] = {
    "summary": "TL;DR summary",
    "questions": "question sections",
    "faq": "FAQ items",
    "interview": "interview questions",
    "mistakes": "mistakes",
    "tables": "table rows",
    "figures": "figures",
    "contrasts": "contrasts",
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


def basic(structure: Structure, section: str, line: int, question: str, answer: str) -> Draft:
    return Draft(structure, "basic", (("question", question), ("answer", answer)), section, line)


def cloze(structure: Structure, section: str, line: int, text: str) -> Draft:
    return Draft(structure, "cloze", (("text", text),), section, line)


def interview(section: str, line: int, question: str, key_points: str, traps: str = "") -> Draft:
    sides = (("question", question), ("key_points", key_points), ("traps", traps))
    return Draft("interview", "interview", sides, section, line)


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


def build_deck(article: Article, drafts: list[Draft], url: str) -> tuple[Deck, dict[Structure, int], list[Skipped]]:
    """The deck of `drafts` in article order, with how many cards each structure gave and the duplicates."""
    order = list(STRUCTURES)
    deck_id = deck_id_for(article.title)
    prefix = slug(deck_id, 24) or "card"
    cards: list[Card] = []
    counts: dict[Structure, int] = dict.fromkeys(STRUCTURES, 0)
    duplicates: list[Skipped] = []
    seen: set[tuple[str, str, str]] = set()
    ids: set[str] = set()
    for draft in sorted(drafts, key=lambda d: (d.line, order.index(d.structure))):
        key = (draft.kind, draft.section, " ".join(draft.front.split()))
        if key in seen:
            duplicates.append(Skipped(draft.line, "duplicate card", shorten(draft.front, 70)))
            continue
        seen.add(key)
        card_id = base_id = _card_id(deck_id, prefix, draft)
        suffix = 2
        while card_id in ids:
            card_id, suffix = f"{base_id}-{suffix}", suffix + 1
        ids.add(card_id)
        counts[draft.structure] += 1
        sides = {name: clean_text(value) for name, value in draft.sides}
        section = f"{draft.section} (line {draft.line})"
        cards.append(Card(card_id, draft.kind, sides, tags=tags_for(draft), section=section))
    summary = next((dict(d.sides)["answer"] for d in drafts if d.structure == "summary"), "")
    description = shorten(summary, 300) if summary else f"Cards drafted from the article “{article.title}”."
    deck = Deck(
        id=deck_id,
        title=article.title,
        description=description,
        source=article.title,
        url=url,
        cards=tuple(cards),
    )
    return deck, counts, duplicates
