"""Question sections and their direct answers, FAQ items, and the TL;DR as one summary card."""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from pmcards.extraction.article import Article, Block, Section, Skipped
from pmcards.extraction.draft import Draft, basic, bullets
from pmcards.extraction.text import first_sentences, lead, strip_markdown

FAQ = re.compile(r"\bfaqs?\b|frequently asked|common questions|questions and answers|\bq ?& ?a\b", re.IGNORECASE)
INTERVIEW = re.compile(r"interview|question bank|practice questions|sample questions", re.IGNORECASE)
_TLDR = re.compile(r"tl;? ?dr|too long;? didn[’']?t read", re.IGNORECASE)
_CONCLUSION = re.compile(
    r"summary|(?:key )?takeaways?|in short|in a nutshell|(?:the )?bottom line|conclusion", re.IGNORECASE
)
_INLINE_TLDR = re.compile(r"(?:\*\*|__)?tl;? ?dr(?:\*\*|__)?\s*[:\-–—]\s*(?:\*\*|__)?\s*(.+)", re.IGNORECASE)
_ANSWER_KINDS = ("paragraph", "item", "quote")
_MAX_ITEMS = 8
_FAQ_SENTENCES = 4


@lru_cache(maxsize=1024)
def _context_kind(context: tuple[str, ...]) -> str:
    """Which kind of heading encloses a section: "faq", "interview" or "" (neither)."""
    if any(FAQ.search(title) for title in context):
        return "faq"
    return "interview" if any(INTERVIEW.search(title) for title in context) else ""


def in_faq(section: Section) -> bool:
    """Whether a question section is an FAQ item (a `Q:` line, or under an FAQ heading)."""
    return section.qa or _context_kind(section.context) == "faq"


def in_interview(section: Section) -> bool:
    """Whether a section sits under an interview-questions heading (and not under an FAQ)."""
    return not section.qa and _context_kind(section.context) == "interview"


def answer(blocks: list[Block], sentence_count: int | None) -> str:
    """The answer the first content block gives: the lead sentences of a paragraph (`sentence_count`
    of them, or one or two when None), or a list (with the paragraph that introduces it)."""
    content = [block for block in blocks if not block.noise and block.kind in _ANSWER_KINDS]
    if not content:
        return ""
    first, items = content[0], content
    text = ""
    if first.kind != "item":
        text = lead(first.text) if sentence_count is None else first_sentences(first.text, sentence_count)
        introduces_list = strip_markdown(first.text).endswith(":") and len(first.sentences) <= (sentence_count or 2)
        if not introduces_list:
            return text
        items = content[1:]
    points: list[str] = []
    for block in items:
        if block.kind != "item" or len(points) == _MAX_ITEMS:
            break
        points.append(block.text)
    return "\n".join(part for part in (text, bullets(points)) if part)


def _summaries(article: Article) -> Iterator[tuple[Section, int, str]]:
    """Candidate summaries in order of preference: a TL;DR section, an inline "TL;DR:" paragraph, then a
    summary, takeaways or bottom-line section; each as (section, line, text)."""
    for pattern in (_TLDR, _CONCLUSION):
        for section in article.sections:
            if not section.noise and not section.question and pattern.fullmatch(section.title.rstrip(":").strip()):
                yield section, section.line, answer(section.blocks, _FAQ_SENTENCES)
        if pattern is _TLDR:
            for section, block in article.blocks():
                inline = _INLINE_TLDR.fullmatch(block.text)
                if inline:
                    yield section, block.line, inline.group(1)


def _summary(article: Article) -> Draft | None:
    found = next(((section, line, text) for section, line, text in _summaries(article) if text), None)
    if found is None:
        return None
    section, line, text = found
    return basic("summary", section.title, line, f"What is the TL;DR of “{article.title}”?", text)


def find_questions(article: Article) -> tuple[list[Draft], list[Skipped]]:
    """The TL;DR card, a card per question section (its direct answer) and per FAQ item (its answer paragraph)."""
    drafts: list[Draft] = []
    skipped: list[Skipped] = []
    summary = _summary(article)
    if summary is not None:
        drafts.append(summary)
    for section in article.sections:
        if section.noise or not section.question or in_interview(section):
            continue
        faq = in_faq(section)
        text = answer(section.blocks, _FAQ_SENTENCES if faq else None)
        if not text:
            skipped.append(Skipped(section.line, "question without an answer", section.title))
            continue
        drafts.append(basic("faq" if faq else "questions", section.title, section.line, section.title, text))
    return drafts, skipped
