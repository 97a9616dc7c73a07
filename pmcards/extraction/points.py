"""Numbered points: a listicle's or a guide's numbered headings ("### 3. Evaluation is the new
product sense"), each a card with the heading on the front and what the section says under it on
the back. Under a mistakes title each point is a mistake: what to do instead.

A point another finder already carded (a mistake pair, a question, a section that opens by posing
an interview prompt) gives no second card. A section that is only a list or table under a topic (not
an instruction: "Build a weekly eval habit" over its steps is a point), or whose heading names a
collection over a list or table ("Vocabulary to know cold", "Numbers worth knowing", "Frameworks I
use", "Last-minute reminders"), is a container: its items are what it teaches (cards of their own:
definitions, figures, mistakes), the heading is none. A heading numbered as a slot of a plan ("Week 2 -
LLM basics", "Day 3") says when, not what: its to-dos are no point to explain (what it teaches is
carded by the other finders); one that names a part of the notes ("Context", "Q&A", "Takeaways")
frames them, and one that names a part of the document ("Worked example: ...", "Definitions", "Question
1 — ...") holds what other cards take from it. Nor is a section that says it has no answer ("I do not
have a satisfying answer").
"""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from collections import Counter

from pmcards.extraction.answers import answer_to
from pmcards.extraction.article import PROMPT, Article, Block, Section
from pmcards.extraction.discourse import is_deferral, names_collection, outline_label
from pmcards.extraction.draft import Found, Usage, basic
from pmcards.extraction.text import imperative, quoted_spans, strip_markdown, unquote

_MISTAKES = re.compile(
    r"\b(?:mistakes?|pitfalls?|traps|errors|anti-patterns|don['’]ts|red flags|sins)\b", re.IGNORECASE
)
_SENTENCES = 4
_DOCUMENT_PART = re.compile(
    r"(?:(?:a |an |the )?(?:worked |short |small )?(?:examples?|case stud(?:y|ies)|exercises?|scenarios?|definitions?"
    r"|glossary|appendix|solutions?)|(?:question|exercise|part|task) \d{1,2})\b",
    re.IGNORECASE,
)
"""A heading naming a part of the document ("Worked example: ...", "Definitions", "Question 1 — ..."), not a point."""
_DETERMINERS = frozenset({"a", "an", "the", "your", "one", "every", "each", "some", "it", "them", "this", "that"})
_SLOT = re.compile(r"(?:day|week|month|weekend|sprint|session)s?[ \t]#?\d", re.IGNORECASE)


def _poses(block: Block) -> bool:
    """Whether a section opens by posing an interview question or prompt ("The interviewer opened with:
    “Design an AI assistant for ...”"): the section is that question's, and its card says it."""
    plain = strip_markdown(block.text).rstrip(" .")
    quotes = quoted_spans(plain)
    if not quotes or quotes[-1][1] != len(plain):
        return False
    asked = unquote(plain[quotes[-1][0] :])
    return asked.endswith("?") or bool(PROMPT.match(asked))


def _instruction(title: str) -> bool:
    """Whether a heading is an instruction with its object or in clauses ("Build a weekly eval habit", "Ship
    small, learn fast"), not a topic ("Cost & latency", "Model quality metrics")."""
    parts = title.split(maxsplit=2)
    return len(parts) > 1 and (parts[1].lower() in _DETERMINERS or "," in title) and imperative(title)


def _container(section: Section, content: list[Block]) -> bool:
    """Whether a section is a container: a list or table and nothing else under a heading that names a topic,
    not an instruction (its items, not the heading over them, are what it teaches), or a heading that names a collection
    over a list or table (maybe with a line introducing it, maybe with a remark after it)."""
    if all(block.kind in ("item", "table") for block in content) and not _instruction(section.title):
        return True  # "Cost & latency" over its entries; "Build a weekly eval habit" over its steps is a point
    listed = content[1:] if content[0].kind == "paragraph" and content[0].text.endswith(":") else content
    return bool(listed) and listed[0].kind in ("item", "table") and names_collection(section.title)


def _siblings(sections: list[Section]) -> Counter[tuple[int, tuple[str, ...]]]:
    """How many numbered headings sit at each level under each parent."""
    return Counter((s.level, s.context[:-1]) for s in sections if s.number is not None and not s.question)


def find_points(article: Article, usage: Usage) -> Found:
    """A card per numbered heading (one of at least two at its level) that no other card covers."""
    found = Found()
    siblings = _siblings(article.sections)
    for section in article.sections:
        if section.noise or section.question or section.number is None:
            continue
        if (
            siblings[(section.level, section.context[:-1])] < 2
            or _SLOT.match(section.title)
            or outline_label(section.title)
            or _DOCUMENT_PART.match(section.title)
        ):
            continue
        content = [block for block in section.blocks if not block.noise and not usage.taken(block)]
        if not content or _container(section, content) or _poses(content[0]):
            continue
        answer = answer_to(content, _SENTENCES)
        if not answer or any(is_deferral(sentence) for block in answer.blocks for _, sentence in block.sentences):
            continue
        if any(_MISTAKES.search(title) for title in (article.title, *section.context[:-1])):
            question = f"Mistake: {section.title}. What should you do instead?"
        else:
            question = f"Explain: {section.title}"
        found.drafts.append(basic("points", section.title, section.line, question, answer.text))
        found.use(list(answer.blocks), loose=True)
    return found
