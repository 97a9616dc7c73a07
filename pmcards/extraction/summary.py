"""The TL;DR as one card: from front matter (`tldr:`), a TL;DR section or an inline "TL;DR:"
paragraph, else a summary, takeaways or bottom-line section."""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from collections.abc import Iterator

from pmcards.extraction.answers import answer_to
from pmcards.extraction.article import Article, Block
from pmcards.extraction.draft import Found, Usage, basic

_TLDR = re.compile(r"tl;? ?dr|too long;? didn[’']?t read", re.IGNORECASE)
_CONCLUSION = re.compile(
    r"summary|(?:key )?takeaways?|in short|in a nutshell|(?:the )?bottom line|conclusion", re.IGNORECASE
)
_INLINE_TLDR = re.compile(r"(?:\*\*|__)?tl;? ?dr(?:\*\*|__)?\s*[:\-–—]\s*(?:\*\*|__)?\s*(.+)", re.IGNORECASE)
_SENTENCES = 4


def _summaries(article: Article) -> Iterator[tuple[str, int, str, tuple[Block, ...]]]:
    """Candidate summaries in order of preference, each as (section, line, text, blocks used)."""
    if article.tldr:
        yield "TL;DR", article.tldr_line, article.tldr, ()
    for pattern in (_TLDR, _CONCLUSION):
        for section in article.sections:
            if not section.noise and not section.question and pattern.fullmatch(section.title.rstrip(":").strip()):
                answer = answer_to(section.blocks, _SENTENCES)
                yield section.title, section.line, answer.text, answer.blocks
        if pattern is _TLDR:
            for section, block in article.blocks():
                inline = _INLINE_TLDR.fullmatch(block.text)
                if inline:
                    yield section.title, block.line, inline.group(1), ()


def find_summary(article: Article, usage: Usage) -> Found:
    """One card: "What is the TL;DR of ...?" with the article's own summary, when it has one."""
    found = Found()
    for section, line, text, blocks in _summaries(article):
        if text:
            question = f"What is the TL;DR of “{article.title}”?"
            found.drafts.append(basic("summary", section, line, question, text))
            found.use(blocks, loose=True)
            break
    return found
