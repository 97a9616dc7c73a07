"""Numeric claims (money, percentages, durations, counts) and "not X, but Y" contrasts as cloze cards.

Each sentence gives at most one card: a contrast hides its Y (neighbouring contrasts share one
card), otherwise every figure outside quotations is hidden. Questions, quotations and blocks other
finders used (mistakes, interview questions) are left alone.
"""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re

from pmcards.extraction.article import Article, Block
from pmcards.extraction.draft import Draft, cloze
from pmcards.extraction.text import DASHES, quoted_spans, words

_D = f"[{DASHES}]"
_N = r"\d+(?:[.,]\d+)*"
_SCALE = r"(?:\s?(?:[kKmMbB]|bn|million|billion|thousand)\b)"
_RANGE = rf"(?:\s?(?:{_D}|to)\s?{_N})"
_UNIT = r"(?:ms|milliseconds?|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs?|quarters?)\b"
_MONEY = rf"[$€£¥]\s?{_N}{_SCALE}?(?:\s?(?:{_D}|to)\s?(?:[$€£¥]\s?)?{_N}{_SCALE}?)?\+?"
_PERCENT = rf"{_N}\s?%?{_RANGE}?\s?(?:%|percent\b)"
_DURATION = rf"{_N}{_RANGE}?\+?\s?{_UNIT}|{_N}{_D}{_UNIT}"
_MULTIPLE = rf"{_N}x\b"
_COUNT = rf"(?P<count>{_N}){_RANGE}?\+?(?:\s?[kKmM]\b)?(?:\s(?:of|in|out of)\s{_N})?(?=\s+[A-Za-z])"
_FIGURE = re.compile(rf"(?<![\w.$€£¥%/#{DASHES}])(?:{_MONEY}|{_PERCENT}|{_DURATION}|{_MULTIPLE}|{_COUNT})")
_NOT_A_COUNT = re.compile(
    r"\b(?:level|step|path|phase|part|series|round|chapter|version|no\.|page|section|figure|table|top)\s*$",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_NEGATION_HINT = re.compile(r"[Nn]ot\b|n[’']t\b")
_YEAR = re.compile(r"(?:19|20)\d\d")
_NOT = re.compile(r"(?:\b[Nn]ot|n[’']t)\s+(?!only\b)")
_BUT = re.compile(
    r"\s*(?:[,;]\s*|[—–]\s*|\s-\s)?\bbut(?:\s+rather|\s+instead)?\s+"
    r"|\s*[—–;]\s*(?:it[’']s|it is|they[’']re|they are|you|we|that[’']s)\s+"
    r"|\s*,\s*(?:it[’']s|it is)\s+"
)
_Y_END = re.compile(r"\s*(?:[—–;]|\s-\s)")
_MAX_X_WORDS = 15
_MAX_Y_WORDS = 20
_MIN_SENTENCE_WORDS = 4
_MAX_SENTENCE_WORDS = 80


def figures(sentence: str) -> list[tuple[int, int]]:
    """Where the figures are in `sentence` (outside quotations), as (start, end) spans."""
    if not _DIGIT.search(sentence):
        return []
    quotes = quoted_spans(sentence)
    found = []
    for match in _FIGURE.finditer(sentence):
        start, end = match.span()
        if any(a <= start < b for a, b in quotes):
            continue
        count = match.group("count")
        if count and (_YEAR.fullmatch(count) or _NOT_A_COUNT.search(sentence[max(0, start - 12) : start])):
            continue
        found.append((start, end))
    return found


def contrast(sentence: str) -> tuple[int, int] | None:
    """Where Y is in a "not X, but Y" (or "isn't X — it's Y") sentence, or None."""
    if not _NEGATION_HINT.search(sentence):
        return None
    quotes = quoted_spans(sentence)
    for match in _NOT.finditer(sentence):
        if any(a <= match.start() < b for a, b in quotes):
            continue
        window = sentence[match.end() : match.end() + 240]
        but = _BUT.search(window)
        if but is None:
            continue
        x = window[: but.start()].strip(" ,;—–")
        if not x or words(x) > _MAX_X_WORDS or any(mark in x for mark in ".!?"):
            continue
        start = match.end() + but.end()
        rest = sentence[start:]
        stop = _Y_END.search(rest)
        y = rest[: stop.start()] if stop else rest
        if not y.rstrip().endswith(("”", '"')):
            y = y.rstrip().rstrip(".!?,;:")
        if words(y) > _MAX_Y_WORDS:
            comma = y.find(",", len(" ".join(y.split()[:3])))
            y = y[:comma] if comma > 0 else " ".join(y.split()[:_MAX_Y_WORDS])
        y = y.rstrip()
        if y.strip() and "::" not in y:
            return start, start + len(y)
    return None


def _hide(sentence: str, spans: list[tuple[int, int]], first: int) -> str:
    """`sentence` with each span as a cloze deletion, numbered from `first`."""
    out, position = [], 0
    for number, (start, end) in enumerate(spans, first):
        out += [sentence[position:start], f"{{{{c{number}::{sentence[start:end]}}}}}"]
        position = end
    return "".join([*out, sentence[position:]])


def _claims(block: Block, section: str) -> list[Draft]:
    """The block's cloze cards: a run of neighbouring contrasts as one card, each sentence with figures as one."""
    drafts: list[Draft] = []
    run: list[str] = []
    run_line = block.line

    def close_run() -> None:
        if run:
            drafts.append(cloze("contrasts", section, run_line, " ".join(run)))
            run.clear()

    for offset, sentence in block.sentences:
        if "?" in sentence or not _MIN_SENTENCE_WORDS <= words(sentence) <= _MAX_SENTENCE_WORDS:
            close_run()
            continue
        span = contrast(sentence)
        if span is not None:
            if not run:
                run_line = block.line_at(offset)
            run.append(_hide(sentence, [span], len(run) + 1))
            continue
        close_run()
        spans = figures(sentence)
        if spans:
            drafts.append(cloze("figures", section, block.line_at(offset), _hide(sentence, spans, 1)))
    close_run()
    return drafts


def find_claims(article: Article, used: set[int]) -> list[Draft]:
    """Cloze cards for the contrasts and numeric claims in every content block not used elsewhere."""
    drafts: list[Draft] = []
    for section, block in article.blocks():
        if block.index not in used and block.kind in ("paragraph", "item", "quote"):
            drafts.extend(_claims(block, section.title))
    return drafts
