"""Mistakes: BAD/GOOD pairs and good-versus-weak answer options (✅/❌), each pair one card.

A marked block (`BAD:`, `- **GOOD:**`, `❌ Weak answer:`, `✓ ...`) starts a unit; the unmarked
paragraphs after it explain it. A `GOOD:` inside a BAD unit's text completes the pair on the
spot; otherwise neighbouring BAD and GOOD units pair up. Options after a question-bank line are
about that question.
"""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from pmcards.extraction.article import Article, Block, Skipped
from pmcards.extraction.draft import Draft, basic
from pmcards.extraction.text import QUOTE_OPEN, first_sentences, sentences, shorten, unquote

Polarity: TypeAlias = Literal["bad", "good"]

_BAD_SYMBOLS = "❌✗✘✖👎⛔🚫"
_SYMBOL = re.compile(r"\s*([❌✗✘✖👎⛔🚫✅✔✓☑👍])\ufe0f?\s*")
_WORD = re.compile(
    r"\s*(?:\*\*|__)?(bad|weak|wrong|poor|don[’']?t|avoid|good|strong|better|best|right|do)"
    r"(?:\s+(?:answer|example|approach|version|response|option|move))?\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*",
    re.IGNORECASE,
)
_INLINE_GOOD = re.compile(
    r"(?:(?<=[.!?”\"])\s+|\s*[—–]\s*)(?:\*\*|__)?(?:GOOD|Good|BETTER|Better|STRONG|Strong)"
    r"(?:\s+(?:answer|example|approach|version))?(?:\*\*|__)?\s*:(?:\*\*|__)?\s+|\s+[✅✔✓]\ufe0f?\s*"
)
_EXPLANATION_BLOCKS = 2
_EXPLANATION_SENTENCES = 3


def polarity(text: str) -> tuple[Polarity, str] | None:
    """Whether `text` is marked as bad or good (a symbol, a word and a colon, or both), and the rest."""
    found: Polarity | None = None
    rest = text
    symbol = _SYMBOL.match(rest)
    if symbol:
        found = "bad" if symbol.group(1) in _BAD_SYMBOLS else "good"
        rest = rest[symbol.end() :]
    word = _WORD.match(rest)
    if word:
        bad = word.group(1).lower() in ("bad", "weak", "wrong", "poor", "don't", "don’t", "dont", "avoid")
        found = found or ("bad" if bad else "good")
        rest = rest[word.end() :]
    return (found, rest.strip()) if found else None


@dataclass
class _Side:
    """One side of a pair: what is said or done, and why it is weak or strong."""

    statement: str
    explanation: str = ""


@dataclass
class _Mark:
    """A marked block (and the blocks explaining it); `question` is the one its options answer, if any."""

    polarity: Polarity
    line: int
    question: str
    statement: str
    explanation: list[str] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)

    def sides(self) -> tuple[_Side | None, _Side | None]:
        """The bad and the good side this unit holds (a BAD unit may hold its GOOD inline)."""
        text = "\n".join([self.statement, *self.explanation])
        inline = _INLINE_GOOD.search(text) if self.polarity == "bad" else None
        if inline is None:
            if self.statement:
                side = _Side(self.statement, _explain("\n".join(self.explanation)))
            else:
                side = _Side("\n".join(self.explanation))
            return (side, None) if self.polarity == "bad" else (None, side)
        before, after = text[: inline.start()], text[inline.end() :]
        bad_statement, _, bad_explanation = before.partition("\n")
        return _Side(bad_statement.strip(), _explain(bad_explanation)), _split_statement(after)


def _explain(text: str) -> str:
    """The explanation's paragraphs cut to their first sentences; list items kept as they are."""
    parts = [part.strip() for part in text.split("\n") if part.strip()]
    return "\n".join(part if part.startswith("- ") else first_sentences(part, _EXPLANATION_SENTENCES) for part in parts)


def _split_statement(text: str) -> _Side:
    """A statement (a whole quotation, or the first sentence) and the explanation after it."""
    text = " ".join(text.split())
    if text[:1] in QUOTE_OPEN:
        close = text.find("”" if text[0] == "“" else '"', 1)
        end = close + 1 if close > 0 else len(text)
        while end < len(text) and text[end] in ".,;:!?":
            end += 1
    else:
        found = sentences(text)
        end = len(found[0][1]) if found else len(text)
    return _Side(text[:end].strip(), _explain(text[end:].strip()))


def _units(article: Article) -> list[list[_Mark]]:
    """Marked units grouped by where they can pair: one group per section or question-bank item."""
    groups: list[list[_Mark]] = []
    for section in article.sections:
        group: list[_Mark] = []
        question = section.title if section.question else ""
        current: _Mark | None = None
        for block in section.blocks:
            marked = polarity(block.text) if block.kind in ("paragraph", "item", "quote") and not block.noise else None
            if marked:
                current = _Mark(marked[0], block.line, question, marked[1], blocks=[block.index])
                group.append(current)
            elif current is not None and _explains(block, current):
                current.explanation.append(f"- {block.text}" if block.kind == "item" else block.text)
                current.blocks.append(block.index)
            else:
                current = None
                if block.kind == "bank":
                    groups.append(group)
                    group, question = [], unquote(block.text)
        groups.append(group)
    return [group for group in groups if group]


def _explains(block: Block, unit: _Mark) -> bool:
    """Whether a block continues a mark: a paragraph explaining it, or a list item under an empty mark."""
    if block.noise or block.kind not in ("paragraph", "item", "quote"):
        return False
    paragraphs = sum(1 for part in unit.explanation if not part.startswith("- "))
    if block.kind == "item":
        return not unit.statement or any(part.startswith("- ") for part in unit.explanation)
    return paragraphs < _EXPLANATION_BLOCKS


def _card(bad: _Side | None, good: _Side | None, question: str, section: str, line: int) -> Draft | None:
    if bad is None or not bad.statement:
        return None
    if question:
        asked = f"Asked “{question}”, why is this answer weak" + (", and what is stronger?" if good else "?")
        front = f"{asked}\n\n{bad.statement}"
    else:
        front = f"Mistake to avoid: {bad.statement}\n\n" + ("What works better?" if good else "Why is it a mistake?")
    if good is not None and good.statement:
        parts = [
            good.statement,
            good.explanation,
            f"Why the mistake hurts: {bad.explanation}" if bad.explanation else "",
        ]
    elif bad.explanation:
        parts = [bad.explanation]
    else:
        return None
    return basic("mistakes", section, line, front, "\n\n".join(part for part in parts if part))


def find_mistakes(article: Article) -> tuple[list[Draft], set[int], list[Skipped]]:
    """A card per BAD/GOOD pair (or explained BAD), the blocks they used, and marks left unpaired."""
    section_of = {block.index: section.title for section in article.sections for block in section.blocks}
    drafts: list[Draft] = []
    used: set[int] = set()
    skipped: list[Skipped] = []
    for group in _units(article):
        position = 0
        while position < len(group):
            unit = group[position]
            bad, good = unit.sides()
            following = group[position + 1] if position + 1 < len(group) else None
            step = 1
            if following is not None and (bad is None) != (good is None) and following.polarity != unit.polarity:
                other_bad, other_good = following.sides()
                if other_good is None or other_bad is None:
                    bad, good = bad or other_bad, good or other_good
                    step = 2
            card = _card(bad, good, unit.question, section_of[unit.blocks[0]], unit.line)
            if card is not None:
                drafts.append(card)
                for member in group[position : position + step]:
                    used.update(member.blocks)
            elif bad is None and not unit.question:
                skipped.append(
                    Skipped(unit.line, "good example without a mistake to pair", shorten(unit.statement, 70))
                )
            elif bad is not None:
                skipped.append(Skipped(unit.line, "mistake without an explanation", shorten(bad.statement, 70)))
            position += step
    return drafts, used, skipped
