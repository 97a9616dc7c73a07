"""The article's TL;DR: from front matter (`tldr:`), a TL;DR section or an inline "TL;DR:" paragraph,
else a summary, takeaways or bottom-line section. It becomes the deck's description, not a card: it
sums up what the other cards hold ("What is the TL;DR of ...?" is no fact to recall), and its
sentences give no figure cards of their own (they repeat the article's)."""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from collections.abc import Iterator

from pmcards.extraction.answers import answer_to
from pmcards.extraction.article import Article, Block
from pmcards.extraction.draft import Found, Usage

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


def _summary(article: Article) -> tuple[str, tuple[Block, ...]]:
    """The article's own summary and the blocks it uses, or ("", ())."""
    return next(((text, blocks) for _, _, text, blocks in _summaries(article) if text), ("", ()))


def summary_of(article: Article) -> str:
    """The article's own summary (its TL;DR), or ""."""
    return _summary(article)[0]


def find_summary(article: Article, usage: Usage) -> Found:
    """No card: the sentences of the article's summary, used loosely (no figures drawn from them)."""
    found = Found()
    found.use(_summary(article)[1], loose=True)
    return found
