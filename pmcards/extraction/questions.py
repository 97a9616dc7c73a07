"""Question sections: a question (heading, question line, bold or `<summary>` line, `Q:` line,
interview prompt or question-bank line) and the article's own answer under it.

A question under an interview heading, asked as a prompt or answered with options becomes an
interview card; one under an FAQ heading (or a `Q:` line) an FAQ card; any other a basic card.
A question whose answer the article does not give keeps the placeholder. A question to the
readers (a call to action right after it, or nothing but page furniture after it to the end) is
no card.
"""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

from pmcards.extraction.answers import Answer, answer_to
from pmcards.extraction.article import INTERVIEW, Article, Section
from pmcards.extraction.discourse import YOU, is_deferral
from pmcards.extraction.draft import Draft, Found, Structure, Usage, basic, bullets, interview
from pmcards.extraction.noise import CALL_TO_ACTION

FAQ = re.compile(
    r"\bfaqs?\b|frequently asked|common questions|questions and answers|\bq ?& ?a\b|reader(?:s['’])? questions"
    r"|questions (?:from )?(?:readers|you asked|readers asked)|your questions",
    re.IGNORECASE,
)
_INTERVIEW_TITLE = re.compile(
    r"question bank|interview questions|practice questions|sample questions|mock interview", re.IGNORECASE
)
_FAQ_SENTENCES = 4
_SECTION_SENTENCES = 3


@lru_cache(maxsize=1024)
def _context_kind(context: tuple[str, ...], title: str) -> Structure:
    """Which kind of card the questions under these headings (and in an article so titled) make."""
    if any(FAQ.search(heading) for heading in (*context, title)):
        return "faq"
    if any(INTERVIEW.search(heading) for heading in context) or _INTERVIEW_TITLE.search(title):
        return "interview"
    return "questions"


def _outline(article: Article, position: int) -> Answer:
    """The titles of a question section's subsections: the answer's outline when it has no text of its own."""
    section = article.sections[position]
    titles: list[str] = []
    for child in article.sections[position + 1 :]:
        if child.level <= section.level:
            break
        if not child.noise:
            titles.append(child.title)
    return Answer(bullets(titles), tuple(titles)) if len(titles) >= 2 else Answer()


def _to_reader(article: Article, position: int) -> bool:
    """Whether a question section asks the readers (a prompt to comment, not a question to learn): a
    call to action follows it at once, or it asks "you" and only page furniture follows it to the end;
    never one of a run of unanswered questions (an FAQ whose last answers were not saved)."""
    section = article.sections[position]
    before = article.sections[position - 1] if position else None
    if before is not None and before.question and all(block.noise for block in before.blocks):
        return False
    if section.blocks and section.blocks[0].noise == CALL_TO_ACTION:
        return True
    if any(not block.noise for block in section.blocks) or not YOU.search(section.title):
        return False
    return all(block.noise for later in islice(article.sections, position + 1, None) for block in later.blocks)


def _introduced_as_open(article: Article, position: int) -> bool:
    """Whether the line that introduces a question says its author has no answer to it ("A question I
    still don't have a good answer to:"): whatever follows is not the article's answer."""
    before = article.sections[position - 1].blocks if position else []
    lead = before[-1].text.rstrip() if before else ""
    return lead.endswith(":") and is_deferral(lead)


def _draft(section: Section, structure: Structure, answer: Answer) -> Draft:
    if structure == "interview":
        points, traps = bullets(list(answer.points)), bullets(list(answer.traps))
        return interview(section.title, section.line, section.title, points, traps, answer.framework)
    return basic(structure, section.title, section.line, section.title, answer.text)


def find_questions(article: Article, usage: Usage) -> Found:
    """A card per question section, with the answer the article gives right under it."""
    found = Found()
    for position, section in enumerate(article.sections):
        if section.noise or not section.question:
            continue
        kind = _context_kind(section.context, article.title)
        if kind == "questions" and section.origin != "qa" and _to_reader(article, position):
            continue
        faq = kind == "faq" or section.origin == "qa"
        answer = answer_to(section.blocks, _FAQ_SENTENCES if faq else _SECTION_SENTENCES)
        if _introduced_as_open(article, position):
            answer = Answer(blocks=answer.blocks, deferred=True)
        if not answer and not answer.deferred and not section.blocks:
            answer = _outline(article, position)
        structure: Structure = "faq" if faq else kind
        if section.origin == "prompt" or answer.traps:
            structure = "interview"
        found.drafts.append(_draft(section, structure, answer))
        found.use(answer.blocks)
    return found
