"""Contrasts: where Y is in "not X, but Y", "isn't X — it's Y" (also over two sentences: "isn't X.
It's Y."), "rarely X, it is Y", "Y, not X", "less about X, more about Y" and "Y rather than X" (or
"instead of X").

For "Y, not X" the Y is the phrase parallel to X before it: from the same leading word ("for
the engineer ..., not for the executive", "people who made a call ..., not people who ..."), the
same quotation, or as many words as X has.
"""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re

from pmcards.extraction.text import mask_quotes, quoted_spans, words

_NEGATION_HINT = re.compile(r"[Nn]ot\b|n[’']t\b|\b(?:[Rr]arely|[Nn]ever|[Nn]o longer)\b")
_NOT = re.compile(r"(?:\b[Nn]ot|n[’']t|\b[Rr]arely|\b[Nn]ever|\b[Nn]o longer)\s+(?!only\b)")
_BUT = re.compile(
    r"\s{0,3}(?:[,;]\s{0,3}|[—–]\s{0,3}|\s-\s)?\bbut(?:\s{1,3}rather|\s{1,3}instead)?\s{1,3}"
    r"|\s{0,3}[—–;]\s{0,3}(?:it[’']s|it is|they[’']re|they are|you|we|that[’']s)\s{1,3}"
    r"|\s{0,3},\s{0,3}(?:it[’']s|it is|they[’']re|they are|you[’']re|you are|we[’']re|we are)\s{1,3}"
)
_Y_END = re.compile(r"\s{0,3}(?:[—–;]|\s-\s)")
_COMMA_NOT = re.compile(
    r"(?:,|\s?[—–])\s+not\s(?!only\b|just\b|even\b|necessarily\b|always\b|because\b|least\b|to\b|that\b)"
)
"""Where X starts in "Y, not X" and "Y — not X"."""
_LESS_MORE = re.compile(
    r"\bless (?:about |of |on )?(?P<x>[^,.;:!?]{1,60}?),? (?:and |but )?more (?:about |of |on )?", re.IGNORECASE
)
"""Where Y starts in "less about X and more about Y"."""
_NEGATED_END = re.compile(r"\b(?:is|are|was|were)(?: not|n[’']t)\s[^.;:!?,]{1,60}\.$")
_IT_IS = re.compile(r"(?:[Ii]t|[Tt]hat|[Tt]hey)(?:[’'](?:s|re)| is| are| was| were)\s+")
_RATHER = re.compile(r"\s(?:rather than|instead of)\s(?!to\b|that\b|because\b|ever\b)")
"""Where X starts in "Y rather than X" and "Y instead of X"."""
_X_END = re.compile(r"[.;:!?—–)]|,\s|\s-\s")
_CLAUSE_START = re.compile(r"[,;:—–(]\s*|\s-\s")
_LEADING = frozenset(
    {"for", "as", "about", "by", "in", "on", "at", "with", "to", "from", "into", "over", "under", "through",
     "the", "a", "an", "your", "their", "our", "my", "his", "her", "its", "whether", "what", "how", "when",
     "where", "who", "which", "after", "before"}
)  # fmt: skip
_ARTICLES = frozenset({"the", "a", "an"})
_WH = frozenset({"whether", "what", "how", "when", "where", "who", "which", "why"})
_WH_WORD = re.compile(r"\b(?:whether|what|how|when|where|who|which|why)\b", re.IGNORECASE)
_JOINERS = frozenset({"and", "or", "but", "nor", "so", "yet", "than", "then", "of", "is", "are", "was", "were", "be"})
_TOKEN = re.compile(r"\S+")
_MAX_X_WORDS = 15
_MAX_Y_WORDS = 20
_MAX_TURN_WORDS = 12
_MAX_PARALLEL_WORDS = 12


def _not_but(sentence: str, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Y's span in "not X, but Y" (or "isn't X — it's Y", "rarely X, it is Y")."""
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


def _parallel(before: str, x: str, quotes: list[tuple[int, int]]) -> int | None:
    """Where Y starts in `before` (the text up to ", not X"), parallel to X; None when nothing fits."""
    clause = max((m.end() for m in _CLAUSE_START.finditer(before)), default=0)
    if x[:1] in '“"':
        inside = [a for a, b in quotes if b <= len(before) and a >= clause]
        return inside[-1] if inside else None
    lead = x.split()[0].lower()
    if lead in _WH:  # "whether the task finished, not how many words ...": the wh-clause before
        found = [m.start() for m in _WH_WORD.finditer(before) if m.start() >= clause]
        return found[-1] if found else None
    if lead in _LEADING:
        found = [
            m.start() for m in re.finditer(rf"\b{re.escape(lead)}\b", before, re.IGNORECASE) if m.start() >= clause
        ]
        if lead in _ARTICLES:
            found = [start for start in found if start > 0]
            return found[0] if found else None
        return found[-1] if found else None
    same = [m.start() for m in re.finditer(rf"\b{re.escape(lead)}\b", before, re.IGNORECASE) if m.start() >= clause]
    if same and lead.isalpha():
        return same[-1]  # "for people who made a call, not people who know the most": the same noun
    tokens = list(_TOKEN.finditer(before, clause))
    count = min(len(x.split()), 4)
    if len(tokens) < count or tokens[-count].group().lower() in _LEADING | _JOINERS:
        return None  # "before and after, not time spent": no phrase parallel to X
    return tokens[-count].start()


def _y_not_x(sentence: str, quotes: list[tuple[int, int]], marker: re.Pattern[str]) -> tuple[int, int] | None:
    """Y's span in "Y, not X" or "Y rather than X" (X ends the clause; `marker` finds where X starts)."""
    masked = mask_quotes(sentence) if quotes else sentence
    for match in marker.finditer(masked):
        stop = _X_END.search(masked, match.end())
        x = sentence[match.end() : stop.start() if stop else len(sentence)].strip()
        if x[:1] in '“"':
            close = next((b for a, b in quotes if a >= match.end()), 0)
            x = sentence[match.end() : close].strip() if close else x
        if not x or words(x) > _MAX_PARALLEL_WORDS // 2 + 2:
            continue
        start = _parallel(sentence[: match.start()], x, quotes)
        if start is None:
            continue
        lead = x.split()[0].lower()
        same = sentence[start : start + len(lead) + 1].lower() == f"{lead} "
        if lead in _LEADING - _ARTICLES and x[:1] not in '“"' and same:
            start += len(lead) + 1  # "for the engineer" hides "the engineer"
        y = sentence[start : match.start()].strip()
        if y and words(y) <= _MAX_PARALLEL_WORDS and "::" not in y:
            return start, start + len(sentence[start : match.start()].rstrip())
    return None


def _y_after(sentence: str, start: int) -> tuple[int, int] | None:
    """Y's span from `start` to the end of its clause (at most `_MAX_Y_WORDS` words)."""
    stop = _Y_END.search(sentence, start)
    y = sentence[start : stop.start() if stop else len(sentence)].rstrip().rstrip(".!?,;:").rstrip()
    return (start, start + len(y)) if 0 < words(y) <= _MAX_Y_WORDS and "::" not in y else None


def contrast(sentence: str) -> tuple[int, int] | None:
    """Where Y is in a "not X, but Y", "Y, not X" or "less about X, more about Y" sentence, or None."""
    if "less " in sentence and (less := _LESS_MORE.search(sentence)):
        return _y_after(sentence, less.end())
    if not _NEGATION_HINT.search(sentence):
        return None
    quotes = quoted_spans(sentence)
    return _not_but(sentence, quotes) or _y_not_x(sentence, quotes, _COMMA_NOT)


def turn(previous: str, sentence: str) -> tuple[int, int] | None:
    """Where Y is in the second of two short sentences "The hard part isn't X. It's Y.", or None."""
    if words(previous) > _MAX_TURN_WORDS or "," in sentence or not _NEGATED_END.search(previous):
        return None
    it = _IT_IS.match(sentence)
    return _y_after(sentence, it.end()) if it else None


def preference(sentence: str) -> tuple[int, int] | None:
    """Where Y is in a "Y rather than X" or "Y instead of X" sentence, or None (a weaker contrast: a figure
    in the sentence comes first)."""
    if "rather than" not in sentence and "instead of" not in sentence:
        return None
    return _y_not_x(sentence, quoted_spans(sentence), _RATHER)
