"""Mistakes: a weak move and the better one, each pair one card.

The shapes: `BAD:`/`GOOD:` labels, "Wrong answer:"/"Right approach:", ❌/✅ pairs (a `GOOD:`
inside a BAD block's text completes it on the spot), a "Don't ..." line followed by a "Do ..."
line or sentence ("Don't promise X. Do describe Y."), and a "Common mistake: ..." paragraph or
item, explained by the rest of it or by the paragraph after it (unless that paragraph is a
mistake or a better move of its own); one that nothing explains keeps a TODO for its reason. The
unmarked paragraphs after a mark explain it; a mistake that gives no card (and that no later
finder uses) is reported as skipped. Options of a question-bank item are that question's key
points and traps, read by `answers`, not cards of their own.

Lists labelled "Do" and "Don't" (a label line, or a heading or bold line of their own) give a
card per thing not to do, with the thing to do that answers it (the one sharing its words, else
the one at its place in a list as long, else the whole "Do" list). A mistake written with its
reason after an arrow ("never say X → reason", or "Leading with the model → reason" in a list
of mistakes) is explained by that reason, never by a neighbouring line.
"""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from pmcards.extraction.article import Article, Block, Section, Skipped
from pmcards.extraction.discourse import names_collection
from pmcards.extraction.draft import Draft, Found, Usage, basic
from pmcards.extraction.text import QUOTE_OPEN, first_sentences, sentences, shorten, stems, strip_markdown

Polarity: TypeAlias = Literal["bad", "good"]

_BAD_SYMBOLS = "❌✗✘✖👎⛔🚫▫◻⬜◽⚠"
_SYMBOL = re.compile(r"\s{0,3}([❌✗✘✖👎⛔🚫▫◻⬜◽⚠✅✔✓☑👍])\ufe0f?\s{0,3}")
_WORD = re.compile(
    r"\s{0,3}(?:\*\*|__)?(bad|weak|wrong|poor|don[’']?t|avoid|good|strong|better|best|right|do|instead)"
    r"(?: (?:answer|example|approach|version|response|option|move|way))?(?:\*\*|__)?\s{0,3}:\s{0,3}(?:\*\*|__)?\s{0,3}",
    re.IGNORECASE,
)
_BAD_WORDS = frozenset({"bad", "weak", "wrong", "poor", "don't", "don’t", "dont", "avoid"})
_INLINE_GOOD = re.compile(
    r"(?:(?<=[.!?”\"])\s{1,3}|\s{0,3}[—–]\s{0,3})(?:\*\*|__)?(?:GOOD|Good|BETTER|Better|STRONG|Strong|RIGHT|Right)"
    r"(?: (?:answer|example|approach|version))?(?:\*\*|__)?\s{0,3}:(?:\*\*|__)?\s{1,3}|\s{1,3}[✅✔✓]\ufe0f?\s{0,3}"
)
_DONT = re.compile(r"(?:\*\*|__)?(?:don[’']t|do not|never|avoid)(?:\*\*|__)?\s+[a-z]", re.IGNORECASE)
_DO = re.compile(r"(?:\*\*|__)?(?:do|instead,?|always)(?:\*\*|__)?\s+[a-z]", re.IGNORECASE)
_NAMED = re.compile(
    r"(?:\*\*|__)?(?:(?:a |the )?(?:common|classic|typical|big(?:gest)?|frequent|usual) )?(?:mistake|pitfall|trap"
    r"|anti-pattern|red flag)(?:\s+#?\d{1,2})?(?:\*\*|__)?\s*:(?:\*\*|__)?\s+(.+)",
    re.IGNORECASE,
)
_EXPLANATION_BLOCKS = 2
_EXPLANATION_SENTENCES = 3
_ARROW = re.compile(r"\s(?:→|->|=>|⇒|⟶)\s")
_ARROW_HINT = re.compile(r"→|->|=>|⇒|⟶")
_LIST_LABEL = re.compile(
    r"(?:[❌✗✘✖👎⛔🚫✅✔✓☑👍]\ufe0f?\s{0,3})?(?:\*\*|__)?(?P<word>do['’]?s|do this|do|don['’]?t['’]?s?"
    r"|don['’]?t do this|avoid|never|instead|not this|always|good|bad|better|worse)(?:\*\*|__)?\s{0,3}:?(?:\*\*|__)?",
    re.IGNORECASE,
)
_BAD_LABELS = ("don", "avoid", "never", "not", "bad", "worse")
_MISTAKE_CONTEXT = re.compile(
    r"\b(?:mistakes?|pitfalls?|traps?|errors|anti-patterns|don['’]ts|red flags|sins|what not to)\b", re.IGNORECASE
)
_CONTEXT_BLOCKS = 2
_MAX_LABEL_CHARS = 30


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
        found = found or ("bad" if word.group(1).lower() in _BAD_WORDS else "good")
        rest = rest[word.end() :]
    return (found, rest.strip()) if found else None


def _imperative(text: str) -> Polarity | None:
    """Whether a line or sentence tells what not to do ("Don't ...": bad) or what to do ("Do ...": good),
    without a colon."""
    if text.rstrip().endswith("?"):
        return None
    if _DONT.match(text):
        return "bad"
    return "good" if _DO.match(text) else None


def _turn_to_do(text: str) -> int | None:
    """Where a "Don't ..." line turns to what to do instead ("Don't promise X. Do describe Y."): the offset
    of its first later sentence that says what to do, or None."""
    return next((offset for offset, said in sentences(text)[1:] if _imperative(said) == "good"), None)


@dataclass
class _Side:
    """One side of a pair: what is said or done, and why it is weak or strong."""

    statement: str
    explanation: str = ""


@dataclass
class _Mark:
    """A marked block and the blocks explaining it."""

    polarity: Polarity
    line: int
    statement: str
    imperative: bool = False
    explanation: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    def sides(self) -> tuple[_Side | None, _Side | None]:
        """The bad and the good side this unit holds (a BAD unit may hold its GOOD inline)."""
        text = "\n".join([self.statement, *self.explanation])
        inline = _INLINE_GOOD.search(text) if self.polarity == "bad" else None
        turn = _turn_to_do(self.statement) if inline is None and self.imperative and self.polarity == "bad" else None
        if turn is not None:  # "Don't X. Do Y." in one line
            return _Side(self.statement[:turn].strip()), _split_statement(self.statement[turn:])
        if inline is None:
            if self.statement:
                statement, reason = _arrowed(self.statement) or (self.statement, "")  # "X -> why"
                side = _Side(statement, _explain("\n".join([reason, *self.explanation]).strip()))
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


def _units(section: Section, usage: Usage) -> list[_Mark]:
    """The section's marked units, in order, each with the unmarked blocks that explain it."""
    units: list[_Mark] = []
    current: _Mark | None = None
    for block in section.blocks:
        if block.noise or block.kind not in ("paragraph", "item", "quote", "note") or usage.taken(block):
            current = None
            continue
        marked = polarity(block.text)
        imperative = None if marked else _imperative(block.text)
        if marked or imperative:
            polarity_, statement = marked or (imperative or "bad", block.text)
            current = _Mark(polarity_, block.line, statement, imperative is not None, blocks=[block])
            units.append(current)
        elif current is not None and _explains(block, current):
            current.explanation.append(f"- {block.text}" if block.kind == "item" else block.text)
            current.blocks.append(block)
        else:
            current = None
    return units


def _explains(block: Block, unit: _Mark) -> bool:
    """Whether a block continues a mark: a paragraph explaining it, or a list item under an empty mark."""
    if unit.imperative:
        return False
    paragraphs = sum(1 for part in unit.explanation if not part.startswith("- "))
    if block.kind == "item":
        return not unit.statement or any(part.startswith("- ") for part in unit.explanation)
    return paragraphs < _EXPLANATION_BLOCKS


def _card(
    bad: _Side | None, good: _Side | None, section: Section, line: int, unexplained: bool = False
) -> Draft | None:
    """The card for a mistake (and the better move); a numbered section's heading names the mistake. A
    mistake without either gives no card, or, when `unexplained`, a card whose reason is left to write."""
    if bad is None or not bad.statement:
        return None
    named = f" ({section.title})" if section.number is not None and not names_collection(section.title) else ""
    ask = "What works better?" if good else "Why is it a mistake?"
    front = f"Mistake to avoid{named}: {bad.statement}\n\n{ask}"
    if good is not None and good.statement:
        parts = [
            good.statement,
            good.explanation,
            f"Why the mistake hurts: {bad.explanation}" if bad.explanation else "",
        ]
    elif bad.explanation or unexplained:
        parts = [bad.explanation]
    else:
        return None
    return basic("mistakes", section.title, line, front, "\n\n".join(part for part in parts if part))


def _pairs(section: Section, usage: Usage, found: Found) -> None:
    """Cards for the section's marked pairs (neighbouring bad and good units), and what stayed unpaired."""
    units = _units(section, usage)
    position = 0
    while position < len(units):
        unit = units[position]
        bad, good = unit.sides()
        following = units[position + 1] if position + 1 < len(units) else None
        step = 1
        if following is not None and (bad is None) != (good is None) and following.polarity != unit.polarity:
            other_bad, other_good = following.sides()
            if other_good is None or other_bad is None:
                bad, good = bad or other_bad, good or other_good
                step = 2
        card = _card(bad, good, section, unit.line)
        if card is not None:
            found.drafts.append(card)
            for member in units[position : position + step]:
                found.use(member.blocks)
        elif bad is None and not unit.imperative:
            skipped = Skipped(unit.line, "good example without a mistake to pair", shorten(unit.statement, 70))
            found.unless_used.append((unit.blocks[0].index, skipped))
        elif bad is not None:
            skipped = Skipped(unit.line, "mistake without an explanation", shorten(bad.statement, 70))
            found.unless_used.append((unit.blocks[0].index, skipped))
        position += step


def _marked(block: Block) -> bool:
    """Whether a block says a mistake or a better move of its own (a mark, "Don't ...", "Common mistake: ...")."""
    return polarity(block.text) is not None or _imperative(block.text) is not None or bool(_NAMED.fullmatch(block.text))


def _named(section: Section, usage: Usage, found: Found) -> None:
    """Cards for "Common mistake: ..." paragraphs and items: the mistake on the front, the rest of the
    paragraph (or the next one, unless it is a mistake or better move of its own) as why it hurts, else
    the placeholder for it."""
    content = [block for block in section.blocks if not block.noise and not usage.taken(block)]
    for position, block in enumerate(content):
        named = _NAMED.fullmatch(block.text) if block.kind in ("paragraph", "item", "note") else None
        if named is None:
            continue
        said = sentences(named.group(1))
        statement = strip_markdown(said[0][1]) if said else ""
        explanation = " ".join(sentence for _, sentence in said[1:])
        blocks = [block]
        following = content[position + 1] if position + 1 < len(content) else None
        if not explanation and following is not None and following.kind == "paragraph" and not _marked(following):
            explanation = first_sentences(following.text, _EXPLANATION_SENTENCES)
            blocks.append(following)
        card = _card(_Side(statement, explanation), None, section, block.line, unexplained=True)
        if card is not None:
            found.drafts.append(card)
            found.use(blocks)


def _arrowed(text: str) -> tuple[str, str] | None:
    """A line written "X → Y" as (X, Y): the thing and, after the arrow, why."""
    match = _ARROW.search(text)
    if match is None:
        return None
    before, after = text[: match.start()].strip(" :;,"), text[match.end() :].strip()
    return (before, after[:1].upper() + after[1:]) if before and after else None


def _list_label(text: str) -> Polarity | None:
    """Whether a line only labels a list of things to do ("Do:", "✅ Do this") or not to do ("Don't:",
    "Avoid"), and which."""
    plain = text.strip()
    match = _LIST_LABEL.fullmatch(plain) if len(plain) <= _MAX_LABEL_CHARS else None
    if match is None:
        return None
    if plain[:1] in _BAD_SYMBOLS:
        return "bad"
    return "bad" if match.group("word").lower().startswith(_BAD_LABELS) else "good"


@dataclass
class _Labelled:
    """A list labelled "Do" or "Don't": its items, the label block (None for a heading), and where."""

    polarity: Polarity
    items: list[Block]
    label: Block | None
    section: Section
    parent: tuple[str, ...]


def _labelled_lists(article: Article, usage: Usage) -> list[_Labelled]:
    """The lists labelled "Do" or "Don't" (by a label line before them or a heading of their own), in order."""
    found: list[_Labelled] = []
    for section in article.sections:
        if section.noise or section.question or not section.blocks:
            continue
        heading = _list_label(section.title)
        labels = [block for block in section.blocks if len(block.text) <= _MAX_LABEL_CHARS and block.kind != "item"]
        if not heading and not labels:
            continue
        content = [block for block in section.blocks if not block.noise]
        if heading and content and content[0].kind == "item":
            found.append(_Labelled(heading, _run(content, 0, usage), None, section, section.context[:-1]))
        for position, block in enumerate(content[:-1]):
            polarity_ = _list_label(block.text) if block.kind in ("paragraph", "note") else None
            if polarity_ and content[position + 1].kind == "item" and not usage.taken(block):
                found.append(_Labelled(polarity_, _run(content, position + 1, usage), block, section, section.context))
    return [labelled for labelled in found if labelled.items]


def _run(content: list[Block], start: int, usage: Usage) -> list[Block]:
    """The top items of the list starting at `start` nobody used yet."""
    items: list[Block] = []
    for block in content[start:]:
        if block.kind != "item":
            break
        if block.depth == content[start].depth and not usage.taken(block):
            items.append(block)
    return items


def _matching(bad: list[str], good: list[str]) -> list[int | None]:
    """For each thing not to do, the thing to do that answers it: the one sharing the most words with it,
    else, when the lists are as long (written in parallel), the one at its place or the one left; None
    when neither."""
    taken: set[int] = set()
    found: list[int | None] = []
    for position, text in enumerate(bad):
        overlap = [(len(stems(text) & stems(other)), index) for index, other in enumerate(good) if index not in taken]
        best = max(overlap, default=(0, -1), key=lambda pair: (pair[0], pair[1] == position))
        found.append(best[1] if best[0] else None)
        if best[0]:
            taken.add(best[1])
    if len(bad) == len(good):  # lists written in parallel: the rest pair up in order, each at its place first
        for position, index in enumerate(found):
            if index is None and position not in taken:
                found[position] = position
                taken.add(position)
        rest = iter(index for index in range(len(good)) if index not in taken)
        found = [index if index is not None else next(rest) for index in found]
    return found


def _do_and_dont(article: Article, usage: Usage, found: Found) -> None:
    """A card per item of a "Don't" list, answered by the "Do" list next to it (see `_matching`)."""
    lists = _labelled_lists(article, usage)
    for position, bad in enumerate(lists):
        if bad.polarity != "bad":
            continue
        near = [lists[i] for i in (position - 1, position + 1) if 0 <= i < len(lists)]
        good = next((other for other in near if other.polarity == "good" and other.parent == bad.parent), None)
        if good is None:
            continue
        good_texts = [strip_markdown(item.text) for item in good.items]
        bad_texts = [strip_markdown(item.text) for item in bad.items]
        for item, text, index in zip(bad.items, bad_texts, _matching(bad_texts, good_texts), strict=True):
            statement, reason = _arrowed(text) or (text, "")
            answer = _Side(good_texts[index]) if index is not None else _Side("\n".join(f"- {t}" for t in good_texts))
            card = _card(_Side(statement, reason), answer, bad.section, item.line)
            if card is not None:
                found.drafts.append(card)
                found.use([item])
        found.use([*good.items, *(label for label in (bad.label, good.label) if label is not None)])


def _better(block: Block) -> bool:
    """Whether a block is marked as the better move ("Do: ...", "✅ ...", "Do describe ...")."""
    marked = polarity(block.text)
    return (marked[0] == "good") if marked else _imperative(block.text) == "good"


def _about_mistakes(article: Article, section: Section, content: list[Block], position: int) -> bool:
    """Whether an arrow line is one of a list of mistakes: the title, a heading above it or a paragraph just
    before the run of arrow lines it belongs to says so ("The same mistakes sink good candidates ...")."""
    if any(_MISTAKE_CONTEXT.search(title) for title in (article.title, *section.context)):
        return True
    start = position
    while (
        start > 0 and content[start - 1].kind == content[position].kind and _ARROW_HINT.search(content[start - 1].text)
    ):
        start -= 1
    return any(_MISTAKE_CONTEXT.search(block.text) for block in content[max(0, start - _CONTEXT_BLOCKS) : start])


def _arrows(article: Article, usage: Usage, found: Found) -> None:
    """Cards for mistakes written with their reason after an arrow: "never say X → why", or "X → why" in a
    list of mistakes."""
    for section in article.sections:
        if section.noise or not any(_ARROW_HINT.search(block.text) for block in section.blocks):
            continue
        content = [block for block in section.blocks if not block.noise]
        for position, block in enumerate(content):
            if block.kind not in ("item", "paragraph") or usage.taken(block) or not _ARROW_HINT.search(block.text):
                continue
            if position + 1 < len(content) and _better(content[position + 1]):
                continue  # "Don't: X -> why" over "Do: Y": a pair, with its reason
            plain = strip_markdown(block.text)
            marked = polarity(plain)
            arrowed = _arrowed(marked[1] if marked else plain)
            if arrowed is None or (marked and marked[0] == "good"):
                continue
            about = _about_mistakes(article, section, content, position)
            if not marked and not _DONT.match(arrowed[0]) and not about:
                continue
            card = _card(_Side(*arrowed), None, section, block.line)
            if card is not None:
                found.drafts.append(card)
                found.use([block])


def find_mistakes(article: Article, usage: Usage) -> Found:
    """A card per mistake pair, per item of a "Don't" list, per mistake with its reason after an arrow,
    per explained mistake and per "Common mistake:" paragraph."""
    found = Found()
    sections = [section for section in article.sections if not section.noise]
    _do_and_dont(article, usage, found)
    _arrows(article, usage.with_(found), found)
    listed = usage.with_(found)
    for section in sections:
        _named(section, listed, found)
    named = usage.with_(found)
    for section in sections:
        _pairs(section, named, found)
    return found
