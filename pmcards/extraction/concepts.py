"""Definitions: a term and what the article says it is, as "What is X?" cards.

The shapes: a short `### Term` heading (or bold or `<summary>` line) whose first sentence defines
it, or any first sentence under a glossary-like heading; `**Term:** definition` paragraphs and
list items; a paragraph opening "A golden set is ..." when the title or a heading names the
term; and definitions reported in prose ("she defined X as Y", "what she called X, which is Y",
'I call it "X": Y'), or a concept named in prose and explained after a colon or dash ("what I call
the confidence gap: the distance between ...", "think of it as the translation tax: ...").
"""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from collections.abc import Iterator

from pmcards.extraction.article import Article, Block, Section
from pmcards.extraction.discourse import outline_label
from pmcards.extraction.draft import Found, Usage, basic, sentence_keys
from pmcards.extraction.text import lead, stem, stems, strip_markdown, words

GLOSSARY = re.compile(
    r"glossary|\bterms\b|terminology|definitions|concepts|vocabulary|jargon|key ideas|acronyms|buzzwords|dictionary"
    r"|cheat ?sheet|\bwords\b|lingo|abbreviations",
    re.IGNORECASE,
)
"""Headings (and titles) under which terms are defined."""
_DEFINES = re.compile(
    r"(?:(?:a|an|the) )?(?P<term>[^\s,;:.!?][^,;:.!?]{1,59}?) (?:is|are|means|refers to|describes|measures|captures)\b",
    re.IGNORECASE,
)
_OPENS_DEFINITION = re.compile(
    r"(?:(?:a|an|the) )?(?P<term>[^\s,;:.!?()][^,;:.!?()]{1,49}?) (?:is|are|means|refers to) "
    r"(?:a|an|the|one|any|how|what|when|where|that|simply|just|your|each|every)\b",
    re.IGNORECASE,
)
_GENERIC_DEFINITION = re.compile(
    r"(?:(?:a|an|the) )?(?P<term>[^\s,;:.!?()][^,;:.!?()]{1,49}?) (?:is|are) (?:the|a|an) (?:[\w-]+ )?"
    r"(?:share|percentage|proportion|fraction|number|count|ratio|rate|measure|metric|technique|method|process"
    r"|practice|framework|document|set|list|collection|tool|way|approach|test|score|amount|time|sum|set)"
    r" (?:of|that|for|in|which|to|where|when|between|by|used|you)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9]+")
_BOLD_LEAD = re.compile(r"(\*\*|__)(?P<term>[^*_]{1,60}?)\.\1\s+(?P<definition>[A-Z].*)")
_BOLD_TERM = re.compile(r"(\*\*|__)(?P<term>[^*_]{1,60}?)(?::\1|\1\s*[:—–-])\s*(?P<definition>\S.*)")
_DASH_TERM = re.compile(
    r"(?P<term>[^—–:*_]{2,40}?)\s[—–-]\s(?P<definition>\S.*)"
    r"|(?!(?:A|An|The|My|Our|Your|This|That|These|Those) )(?P<named>[A-Z][\w/&'’-]{0,25}(?: [\w/&'’-]{1,25}){0,2}):"
    r"\s(?P<meaning>[a-z].*)"
)
_BOLD_IS = re.compile(r"(\*\*|__)(?P<term>[^*_]{1,60}?)\1\s+(?P<definition>(?:is|are|means|refers to)\s+.+)")
_REPORTED = re.compile(
    r"\bdefine[sd]?\s+(?:a |an |the )?(?P<term1>[^,;.]{2,50}?)\s+as\s+(?P<def1>[^;.]{5,300})"
    r"|\bwhat (?:she|he|they|i|we|you|people) call(?:s|ed)?\s+(?:a |an |the )?(?P<term2>[^,;.]{2,50}?),?\s+"
    r"which (?:is|are|means)\s+(?P<def2>[^;.]{5,300})"
    r"|\b(?:i|we|she|he|they|people|some) call(?:s|ed)?(?: it| this| that)? [“\"](?P<term3>[^”\"]{2,50})[”\"]"
    r"\s*[:—–-]?\s*(?P<def3>[^.]{5,300})",
    re.IGNORECASE,
)
_NAMING = re.compile(
    r"\b(?:what (?:\w+ ){1,2}?(?:call|calls|called|think of as|like to call)|(?:i|we|she|he|they|people)"
    r"(?:[’']ve)? (?:started |taken to )?call(?:s|ed|ing)? (?:it|this|that)|(?:call|think of) (?:it|this|that)(?: as)?"
    r"|known as)\s+(?:the |a |an )?(?:(?P<term>[^\s:;,.—–“”\"]{2,30}(?: [^\s:;,.—–“”\"]{1,30}){0,3}?)"
    r"|[“\"](?P<quoted>[^”\"]{2,40})[”\"](?P<head> [\w-]{2,20})?(?: [\w'’]{1,20}){0,3}?)\s?(?::|\s[—–]\s)\s?"
    r"(?P<def>[^.]{5,300})",
    re.IGNORECASE,
)
"""A concept named in prose and explained after a colon or dash ("what I call the confidence gap: ...")."""
_REPORTED_HINT = re.compile(r"\bdefine|\bcall|think of|known as", re.IGNORECASE)
_AFTER_DEFINITION = re.compile(r",\s+(?:and|but|so)\s+(?:she|he|they|i|we|it)\b", re.IGNORECASE)
_NOT_TERMS = frozenset(
    {"it", "this", "that", "there", "here", "what", "which", "one", "our", "your", "my", "his", "her", "their",
     "its", "these", "those", "they", "he", "she", "we", "you", "i", "who", "the answer", "the goal", "the point",
     "the idea", "the result", "the problem", "the question", "the reason", "the trick", "the key", "the rule"}
)  # fmt: skip
_LABELS = frozenset(
    {"step", "tip", "note", "warning", "important", "update", "example", "bonus", "pro tip", "caveat", "answer",
     "question", "q", "a", "why", "how", "what", "source", "difficulty", "round", "tl;dr", "tldr", "summary",
     "bottom line", "takeaway", "result", "outcome", "action", "situation", "task", "context", "problem", "goal",
     "verdict", "score", "rating", "pros", "cons", "wrong answer", "right approach", "do", "don't", "don’t", "bad",
     "good", "weak", "strong", "better", "mistake", "common mistake", "instead", "in short", "in practice",
     "see also", "related", "translation", "follow-up", "in this guide", "how to read this bank", "why it works",
     "remember", "title", "reminder"}
)  # fmt: skip
_NUMBERED_LABEL = re.compile(r"(?:step|tip|part|phase|q|question|mistake|rule|lesson|round|option|day|week)\s*#?\d.*")
_SEE_ALSO = re.compile(r"\s{0,3}(?:see also|related|compare)\s{0,3}:.*$", re.IGNORECASE)
_OPENING = re.compile(
    r"(?:a|an|the|any|each|one|two|when|where|how (?:much|many|often|long|well|far|likely))\b", re.IGNORECASE
)
"""How a definition opens: a noun phrase ("the share of ..."), a situation ("when ..."), a measure ("how often ...")."""
_MAX_TERM_WORDS = 6
_MIN_DEFINITION_WORDS = 4


def _head_word(title: str) -> str:
    """The stem of a heading's first content word ("The cold-start problem" gives "cold")."""
    return next((stem(word) for word in _WORD.findall(title.lower()) if stem(word) in stems(word)), "")


def term_question(term: str) -> str:
    """ "What does “X” mean?", with X lowercased where it is an ordinary word ("Model drift" gives
    "model drift", "LoRA" stays); the question reads right whether X is a count noun, a mass noun or a phrase."""
    term = term.strip(' :*_“”"')
    first = term.split(maxsplit=1)[0] if term.strip() else ""
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        term = term[0].lower() + term[1:]
    return f"What does “{term}” mean?"


def _term(text: str) -> bool:
    """Whether `text` can be a term: a few words, not a pronoun, a label or a sentence."""
    plain = strip_markdown(text).strip()
    low = plain.lower()
    return (
        0 < words(plain) <= _MAX_TERM_WORDS
        and low.split()[0] not in _NOT_TERMS
        and sum(character.isalpha() for character in plain) >= 2
        and low not in _NOT_TERMS
        and low not in _LABELS
        and not plain.endswith(("?", "."))
        and not _NUMBERED_LABEL.fullmatch(low)
        and not low.startswith(("how to ", "why ", "what ", "when "))
    )


def _bare_word(term: str) -> bool:
    """Whether a term is one ordinary word ("Model", "detect"): no acronym, compound or figure. Outside a
    glossary, such a label defines nothing unless its text reads as a definition."""
    plain = strip_markdown(term).strip()
    return plain.isalpha() and not plain.isupper() and plain[1:].islower()


def _definition(text: str) -> str:
    """The definition a text gives: its first sentence, or two when the first is short; no "See also"."""
    found = _SEE_ALSO.sub("", lead(text)).strip()
    return found[:1].upper() + found[1:]


def _under_glossary(article: Article, section: Section) -> bool:
    return any(GLOSSARY.search(title) for title in (article.title, *section.context))


def _from_headings(article: Article, usage: Usage, found: Found) -> None:
    """A short heading whose first paragraph defines it (names it and says what it is), or any
    first paragraph under a glossary-like heading."""
    for section in article.sections:
        if section.noise or section.question or section.number is not None or section.origin in ("lead", "after"):
            continue
        content = [block for block in section.blocks if not block.noise]
        if not content or content[0].kind not in ("paragraph", "note") or usage.taken(content[0]):
            continue
        if not _term(section.title) or section.title.rstrip().endswith(":") or GLOSSARY.search(section.title):
            continue
        if outline_label(section.title):
            continue  # "Tomás's part", "Context": a part of the notes, no term
        first = content[0]
        opening = first.sentences[0][1] if first.sentences else first.text
        if _BOLD_TERM.fullmatch(first.text) or _BOLD_IS.fullmatch(first.text) or _reported(strip_markdown(opening)):
            continue  # the paragraph defines a term of its own
        defines = _DEFINES.match(strip_markdown(opening))
        names = defines is not None and _head_word(section.title) in stems(defines.group("term"))
        if not (names or _under_glossary(article, section)):
            continue
        definition = _definition(first.text)
        if words(definition) >= _MIN_DEFINITION_WORDS:
            question = term_question(section.title)
            found.drafts.append(basic("definitions", section.title, section.line, question, definition))
            found.used |= {(first.index, offset) for offset, s in first.sentences if s in definition}
            found.use([first], loose=True)


def _lead_in_terms(article: Article, usage: Usage, found: Found) -> None:
    """`**Term:** definition` and `**Term** is ...` paragraphs and list items, and `Term — definition`
    (or `Term - definition`, `Short term: definition`) items and lines under a glossary-like heading."""
    for section, block in article.blocks():
        if block.kind not in ("paragraph", "item", "note") or usage.taken(block):
            continue
        if block.text.startswith(("**", "__")):
            match = _BOLD_TERM.fullmatch(block.text) or _BOLD_IS.fullmatch(block.text)
            if match is None:
                match = _BOLD_LEAD.fullmatch(block.text)  # "**Recruiter call (30 min).** Logistics, ..."
        elif block.kind in ("item", "paragraph") and _under_glossary(article, section):
            match = _DASH_TERM.fullmatch(block.text)
            if match and match.group("named") and not any(GLOSSARY.search(title) for title in section.context):
                continue  # "Short term: definition" only under a glossary heading of its own
        else:
            continue
        parts = match.groupdict() if match else {}
        term = parts.get("named") or parts.get("term") or ""
        definition = parts.get("meaning") or parts.get("definition")
        if match is None or definition is None or not _term(term):
            continue
        if match.re is _BOLD_IS:
            definition = f"{term} {definition}"
        definition = _definition(definition)
        glossary = _under_glossary(article, section)
        if (
            words(definition) >= _MIN_DEFINITION_WORDS
            and not definition.rstrip().endswith("?")
            and (glossary or match.re is _BOLD_IS or not _bare_word(term) or _OPENING.match(definition))
        ):
            found.drafts.append(basic("definitions", section.title, block.line, term_question(term), definition))
            found.used |= sentence_keys(block)


def _named_by_headings(article: Article, section: Section) -> frozenset[str]:
    """The word stems of the article's title and the headings around a section: what it is about."""
    return stems(" ".join((article.title, section.title, *section.context)))


def _in_prose(block: Block, topics: frozenset[str]) -> Iterator[tuple[int, str, str]]:
    """The definitions a paragraph gives: its opening "A golden set is ..." (when the headings name
    the term) and any reported one; each as (sentence offset, term, definition)."""
    for position, (offset, sentence) in enumerate(block.sentences):
        plain = strip_markdown(sentence)
        opening = (_GENERIC_DEFINITION.match(plain) or _OPENS_DEFINITION.match(plain)) if position == 0 else None
        if opening and _term(opening.group("term")):
            term = opening.group("term")
            if opening.re is _GENERIC_DEFINITION or (stems(term) and stems(term) <= topics):
                yield offset, term, plain
                continue
        reported = _reported(plain)
        if reported:
            term, definition = reported
            cut = _AFTER_DEFINITION.search(definition)
            definition = definition[: cut.start()] if cut else definition
            if _term(term.strip("“”")) and words(definition) >= _MIN_DEFINITION_WORDS:
                yield offset, term, definition[:1].upper() + definition[1:].rstrip(" ,") + "."


def _reported(plain: str) -> tuple[str, str] | None:
    """A definition reported or a concept named in a sentence ("she defined X as Y", "what I call X: Y"),
    as (term, definition)."""
    if not _REPORTED_HINT.search(plain):
        return None
    explained = ":" in plain or "—" in plain or "–" in plain
    if explained and (named := _NAMING.search(plain)):
        quoted = named.group("quoted")
        return (f"{quoted}{named.group('head') or ''}" if quoted else named.group("term")), named.group("def")
    reported = _REPORTED.search(plain)
    if reported is None:
        return None
    number = next(n for n in "123" if reported.group(f"term{n}"))
    term = reported.group(f"term{number}")
    return (f"“{term}”" if number == "3" else term), reported.group(f"def{number}")


def _from_prose(article: Article, usage: Usage, found: Found) -> None:
    for section, block in article.blocks():
        if block.kind not in ("paragraph", "item", "note"):
            continue
        topics = _named_by_headings(article, section)
        for offset, term, definition in _in_prose(block, topics):
            if (block.index, offset) in usage.strict or (block.index, offset) in found.used:
                continue
            line = block.line_at(offset)
            found.drafts.append(basic("definitions", section.title, line, term_question(term), definition))
            found.used.add((block.index, offset))


def find_definitions(article: Article, usage: Usage) -> Found:
    """A card per term the article defines: under a heading, as a bold lead-in, or in prose."""
    found = Found()
    _from_headings(article, usage, found)
    _lead_in_terms(article, usage.with_(found), found)
    _from_prose(article, usage.with_(found), found)
    return found
