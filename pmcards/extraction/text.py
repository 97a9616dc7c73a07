"""Small text helpers the finders share: sentences, quotes, Markdown stripping, shortening, slugs."""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

DASHES = "-‐‑‒–—"
QUOTE_OPEN = '“"'
_CLOSERS = "”\"’')]*_"
_CLOSER = f"[{re.escape(_CLOSERS)}]"

_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "vs", "etc", "mr", "mrs", "ms", "dr", "prof", "inc", "ltd", "jr", "sr", "st", "no", "fig", "cf"}
)
_BOUNDARY = re.compile(rf"[.!?…]{{1,10}}{_CLOSER}{{0,5}}\s+")
_QUOTED = re.compile(r"“[^“”]*”|\"[^\"\n]*\"")
# Spans are bounded so that a line full of unmatched `*` or `[` takes linear time, not quadratic.
_LINK = re.compile(r"!?\[([^\]]{0,300})\]\([^)\s]{0,500}\)")
_EMPHASIS = re.compile(r"\*\*([^*]{1,300})\*\*|__([^_]{1,300})__|\*([^*\s][^*]{0,300})\*|`([^`]{1,300})`")
_EMPHASIS_DEPTH = 3
_TERMINAL = re.compile(rf"[.!?:;…]{_CLOSER}*$")
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=4096)
def sentences(text: str) -> tuple[tuple[int, str], ...]:
    """The sentences of `text` with the offset where each starts (quote- and abbreviation-aware)."""
    found: list[tuple[int, str]] = []
    start = 0
    uncapitalised = text[:1].islower()  # notes typed without capitals: a lowercase word may start a sentence
    for match in _BOUNDARY.finditer(text):
        following = text[match.end() : match.end() + 1]
        if following.islower() and not uncapitalised:
            continue
        before = text[max(0, match.start() - 24) : match.start()].split()
        word = before[-1].lstrip('(“"').lower() if before else ""
        if text[match.start()] == "." and (word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
            continue
        piece = text[start : match.end()].strip()
        if piece:
            found.append((start, piece))
        start = match.end()
    piece = text[start:].strip()
    if piece:
        found.append((start, piece))
    return tuple(found)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Where quotations are in `text` (start and end offsets, quote marks included)."""
    return [match.span() for match in _QUOTED.finditer(text)]


def mask_quotes(text: str) -> str:
    """`text` with every quotation blanked out (same length, so offsets still match)."""
    return _QUOTED.sub(lambda match: " " * len(match.group()), text)


def unquote(text: str) -> str:
    """`text` without the quote marks around it."""
    text = text.strip()
    while len(text) > 1 and text[0] in "“\"'‘" and text[-1] in "”\"'’":
        text = text[1:-1].strip()
    return text


@lru_cache(maxsize=8192)
def strip_markdown(text: str) -> str:
    """Plain text: links as their text, no emphasis or code marks."""
    if not any(mark in text for mark in "*_`["):
        return " ".join(text.split())
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    for _ in range(_EMPHASIS_DEPTH):
        text, found = _EMPHASIS.subn(lambda match: next(part for part in match.groups() if part), text)
        if not found:
            break
    return " ".join(text.split())


def ends_sentence(text: str) -> bool:
    """Whether `text` ends with sentence punctuation (a colon counts: it introduces what follows)."""
    return bool(_TERMINAL.search(strip_markdown(text)))


def imperative(sentence: str) -> bool:
    """Whether a sentence reads as an instruction: it opens with a capitalised verb ("Write the rubric
    first.", "Keep it concrete."), not with a noun, pronoun or determiner."""
    parts = sentence.split(maxsplit=2)
    if not parts or not parts[0][:1].isupper():
        return False
    word = parts[0].strip("*_").lower()
    following = parts[1].lower() if len(parts) > 1 else ""
    return (
        word.isalpha()
        and word not in _NOT_IMPERATIVE
        and not word.endswith(("s", "ed", "ly", "ing"))
        and following not in _AUXILIARIES
    )


def words(text: str) -> int:
    """How many words `text` has."""
    return len(text.split())


def lead(text: str, short: int = 12) -> str:
    """The first sentence of `text`, or the first two when the first is shorter than `short` words."""
    found = [sentence for _, sentence in sentences(text)]
    if not found:
        return ""
    if words(found[0]) < short and len(found) > 1:
        return f"{found[0]} {found[1]}"
    return found[0]


def first_sentences(text: str, count: int) -> str:
    """The first `count` sentences of `text`."""
    return " ".join(sentence for _, sentence in sentences(text)[:count])


def shorten(text: str, limit: int = 80) -> str:
    """The first sentence of `text` as plain text, cut at a word boundary to at most `limit` characters."""
    plain = strip_markdown(text)
    first = sentences(plain)[0][1] if sentences(plain) else plain
    first = first.rstrip(" .:;,!")
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(" .:;,-–—") or first[:limit]


def slug(text: str, limit: int = 48) -> str:
    """An id-safe slug of `text`: ASCII letters and digits joined by hyphens, cut at a hyphen."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    value = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(value) > limit:
        value = value[:limit].rsplit("-", 1)[0]
    return value


@lru_cache(maxsize=8192)
def stems(text: str) -> frozenset[str]:
    """Crude word stems of `text` (see `stem`), stop words and words under three letters left out."""
    return frozenset(stem(word) for word in _WORD.findall(text.lower()) if len(word) >= 3) - STOP_STEMS


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A lowercase word without its plural, -ing, -ed or final -e ("features", "featured" give "featur")."""
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "ches", "shes", "xes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


_OPENERS = """the a an this that these those it its there here if when while as for in on at by with to of from and
    or but so most many some all every each no not your our my we you i they he she one two three any only even
    also just what how why who which where nobody everybody everyone someone somebody none nothing everything something
    data less more never always usually often then now today yes still again another other such both either
    neither after before"""
_NOT_IMPERATIVE = frozenset(_OPENERS.split())
_AUXILIARY_WORDS = "is are was were has have had can could will would should did does do may might must"
_AUXILIARIES = frozenset(_AUXILIARY_WORDS.split())

_STOP_WORDS = """about above after again against all also and any are because been before being between both but
    can could did does doing down during each few for from further had has have having her here hers him
    his how into its itself just more most not now off once only other our ours out over own same she
    should some such than that the their theirs them then there these they this those through too under
    until very was were what when where which while who whom why will with would you your yours
    use used using make makes made get gets got way need needs want wants say says said like thing things
    good new one two much many lot well even still really actually often every"""
STOP_STEMS = frozenset(stem(word) for word in _STOP_WORDS.split())
