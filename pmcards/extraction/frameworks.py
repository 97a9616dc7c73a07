"""Named frameworks and lists: "the three levels of AI product risk:" followed by its list, or a
heading that names the list after it ("The four boxes", "A quick checklist for ..."), as one card.

A count in the name must match the list ("the 4 Ds", "a five-step answer" count too: a labelled
answer structure is one card, not a question per step). Short items make one cloze card with an
item per deletion; longer ones a card with the list as its answer. Parallel points under a claim
("own the eval set / own the failure budget / own the launch decision", or a run of short
sentences "You own the examples. You own the threshold. ...") make one cloze of the claim with
the rest of each point hidden. A list under a bold label asks what the label covers only when the
label names a topic and the items are its parts (short phrases); the labels of notes ("Context",
"Q&A", "Takeaways / todo", "Do") and labels over notes of their own give no card.
"""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re

from pmcards.extraction.article import Article, Block, Section
from pmcards.extraction.discourse import outline_label
from pmcards.extraction.draft import Draft, Found, Usage, basic, bullets, cloze
from pmcards.extraction.text import ends_sentence, sentences, strip_markdown, words

_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_NOUNS = (
    r"levels|steps|laws|boxes|pillars|principles|stages|phases|rules|layers|parts|types|kinds|components|dimensions"
    r"|questions|signals|habits|traps|mistakes|ways|things|tests|criteria|checks|lessons|tips|moves|buckets"
    r"|categories|modes|tiers|forces|factors|elements|building blocks|ingredients|jobs|roles|sins|signs|c['’]?s|p['’]?s"
)
_PARTS = r"step|part|stage|phase|layer|point|question|pillar|letter|level|box"
_NAMED = re.compile(
    rf"\b(?:the\s+)?(?P<count>two|three|four|five|six|seven|eight|nine|ten|\d{{1,2}})(?:\s+(?:[\w-]+\s+){{0,2}}?"
    rf"(?:{_NOUNS})\b|\s+(?P<letters>(?-i:[A-Z])['’]?s)\b|-(?P<part>{_PARTS})\s+(?!(?:{_NOUNS})\b)[\w-]+\b)"
    r"(?:\s+(?:of|in|for|to|behind)\s+(?P<of>[^:;,.()?!]{2,60}))?",
    re.IGNORECASE,
)
"""A counted name: "the three levels of ...", "the 4 Ds", "a five-step answer"."""
_INLINE = re.compile(
    rf"\b(?P<count>two|three|four|five|six|seven|\d)\s(?:[\w-]+\s){{0,2}}?(?:{_NOUNS})\b[^:;.?!]{{0,40}}:\s"
    r"(?P<items>[^.;!?]{5,300})",
    re.IGNORECASE,
)
_LAST_JOIN = re.compile(r"\s(?:and|or)\s(?!.*\s(?:and|or)\s)")
_MAX_INLINE_ITEM_WORDS = 8
_LIST_HEADING = re.compile(
    r"\b(?:checklist|cheat ?sheet|framework|steps|rules|principles|pillars|levels|layers|stages|phases|laws|boxes"
    r"|habits|red flags|criteria|signals)\b",
    re.IGNORECASE,
)
_SINGULAR = re.compile(r"\b(?:checklist|cheat ?sheet|framework|list)\b", re.IGNORECASE)
_WH = re.compile(r"(?:how|why|what|when|where|which|who)\b", re.IGNORECASE)
_LABEL = re.compile(r"(?P<label>[A-Z][\w'’/&-]{0,30}(?: [\w'’/&-]{1,30}){0,2}?)\s{0,2}(?::|\s[—–-])\s")
_SHORT_ITEM_WORDS = 4
_MAX_PART_WORDS = 10
_MAX_NAME_WORDS = 10
_MAX_CLOZE_ITEMS = 7
_MIN_PARALLEL = 3
_MAX_PARALLEL_WORDS = 10
_MAX_RUN_WORDS = 6
_FUNCTION_WORDS = frozenset(
    {"a", "an", "the", "to", "of", "and", "or", "in", "on", "for", "with", "your", "you", "i", "we", "it", "this",
     "that", "they", "is", "are", "be", "if", "when", "not", "no"}
)  # fmt: skip


def label(text: str) -> str:
    """The label a list item opens with ("**Users:** Who is this for?", "Detect — how you will notice
    ..."): one to three words, capitalised, before a colon or a dash; "" when it has none."""
    match = _LABEL.match(strip_markdown(text))
    return match.group("label") if match else ""


def inline_list(sentence: str) -> list[tuple[int, int]]:
    """Where the items are in a sentence naming a counted list inline ("three things: a specific user,
    a failure plan and an evaluation"), when there are as many as it says; else []."""
    match = _INLINE.search(sentence) if ":" in sentence else None
    if match is None:
        return []
    count, start, text = _count(match.group("count")), match.start("items"), match.group("items").rstrip()
    spans: list[tuple[int, int]] = []
    position = 0
    for piece in text.split(", "):
        spans.append((position, position + len(piece)))
        position += len(piece) + 2
    if len(spans) == count - 1:
        last_start, last_end = spans.pop()
        join = _LAST_JOIN.search(text, last_start, last_end)
        if join is None:
            return []
        spans += [(last_start, join.start()), (join.end(), last_end)]
    spans = [(a + len(text[a:b]) - len(text[a:b].removeprefix("and ").removeprefix("or ")), b) for a, b in spans]
    if len(spans) != count or any(not 0 < words(text[a:b]) <= _MAX_INLINE_ITEM_WORDS for a, b in spans):
        return []
    return [(start + a, start + b) for a, b in spans]


def counted(text: str, start: int) -> int:
    """The count of a counted name at `start` in `text` ("6 questions" gives 6), else 0."""
    match = _NAMED.match(text, start)
    return _count(match.group("count")) if match else 0


def _count(value: str) -> int:
    return _COUNTS.get(value.lower(), 0) or (int(value) if value.isdigit() else 0)


def _the(name: str) -> str:
    """A name as it reads after "What are": "A quick checklist" gives "the quick checklist"."""
    name = strip_markdown(name).strip().rstrip(":")
    first, _, rest = name.partition(" ")
    if first.lower() in ("a", "an", "the", "our", "my"):
        name = f"the {rest}"
    elif not name[:1].isdigit():
        name = f"the {name[:1].lower()}{name[1:]}" if name[1:2].islower() else f"the {name}"
    return name


def _plural(noun: str) -> str:
    return f"{noun}es" if noun.endswith("x") else f"{noun}s"


def _name(intro: Block | None, section: Section, items: int) -> str:
    """What the list is called, or "" when nothing names it: a named count in the introducing
    sentence or the heading (matching the list's length), else a heading that names a list."""
    said = [strip_markdown(sentence) for _, sentence in reversed(intro.sentences)] if intro is not None else []
    introducing = said[0] if said else ""
    texts = [introducing, section.title, *said[1:]] if introducing else [section.title]
    named = [match for text in texts for match in _NAMED.finditer(text) if _count(match.group("count")) == items]
    with_of = [match for match in named if match.group("of")]
    if with_of:
        return _the(with_of[0].group(0))
    if named:
        match = named[0]
        if match.group("part") or match.group("letters"):
            return _the(match.group(0))  # "the 4 Ds", "a five-step answer": a name of its own
        if match.string == section.title:
            return _the(section.title)
        phrase = match.string[match.start() :].rstrip(" :")
        short = match.start() <= len("The ") and words(phrase) <= _MAX_NAME_WORDS
        return _the(phrase) if short else _the(f"{match.group(0)} ({section.title})")
    if not section.question and _LIST_HEADING.search(section.title):
        return _the(section.title)
    if introducing and _LIST_HEADING.search(introducing) and words(introducing) <= _MAX_NAME_WORDS:
        return _the(introducing)
    return ""


def _card(name: str, items: list[Block], section: Section, labelled: bool) -> Draft:
    """One cloze with an item per deletion when the items are short, else a card whose answer is the list;
    a list under a bold label ("**Day-to-day responsibilities:**") asks what the label covers."""
    texts = [block.text for block in items]
    plain = [strip_markdown(text).rstrip(".;") for text in texts]
    line = items[0].line
    asked = name.removeprefix("the ")
    wh = bool(_WH.match(asked))  # "How it differs from regular PM"
    shown = f"{asked[:1].upper()}{asked[1:]}" if wh or labelled else f"{name[:1].upper()}{name[1:]}"
    short = all(words(text) <= _SHORT_ITEM_WORDS and not ends_sentence(text) for text in plain)
    if short and len(items) <= _MAX_CLOZE_ITEMS:
        deletions = [f"{{{{c{number}::{text}}}}}" for number, text in enumerate(plain, 1)]
        listed = ", ".join(deletions[:-1]) + f" and {deletions[-1]}"
        return cloze("frameworks", section.title, line, f"{shown}: {listed}.")
    part = _NAMED.search(name)
    if wh or labelled:
        question = f"{shown}?" if wh else f"What does “{shown}” cover?"
    elif part is not None and part.group("part"):
        question = f"What are the {_plural(part.group('part').lower())} of {name}?"  # "the five-step answer"
    else:
        question = f"What is on {name}?" if _SINGULAR.search(name) else f"What are {name}?"
    return basic("frameworks", section.title, line, question, bullets(texts))


def _lists(section: Section, usage: Usage) -> list[tuple[Block | None, list[Block]]]:
    """The section's lists not used yet, each with the paragraph that introduces it (ending in a
    colon), or None when the list opens the section."""
    content = [block for block in section.blocks if not block.noise]
    found: list[tuple[Block | None, list[Block]]] = []
    position = 0
    while position < len(content):
        if content[position].kind != "item":
            position += 1
            continue
        start = position
        while position < len(content) and content[position].kind == "item":
            position += 1
        items = content[start:position]
        before = content[start - 1] if start else None
        intro = before if before is not None and strip_markdown(before.text).endswith(":") else None
        if (intro is not None or start == 0) and not any(usage.taken(block) for block in items):
            found.append((intro, items))
    return found


def _topic_parts(title: str, items: list[Block]) -> bool:
    """Whether a bold label and its list are a topic and its parts ("Day-to-day responsibilities" over
    short phrases, or over labelled ones, "Take courses: ..."): not a label that structures notes
    ("Context", "Q&A", "Do"), nor one over notes of their own (sentences, long lines)."""
    return not outline_label(title) and all(
        (words(block.text) <= _MAX_PART_WORDS or label(block.text)) and len(sentences(block.text)) == 1
        for block in items
    )


def _head(texts: list[str], size: int) -> str:
    """The words every text opens with ("own" in "own the eval set" / "own the failure budget" / ...,
    "you own" in "You own the examples." / "You own the threshold." / ...): `size` words, at least one
    of them a content word, each text going on after them; "" when the texts are not parallel."""
    heads = {" ".join(text.lower().split()[:size]) for text in texts}
    head = next(iter(heads)) if len(heads) == 1 else ""
    if not head or any(words(text) <= size for text in texts):
        return ""
    return head if any(word.isalpha() and word not in _FUNCTION_WORDS for word in head.split()) else ""


def _parallel(texts: list[str]) -> list[str]:
    """Parallel points with the shared opening kept and the rest of each hidden ("own the {{c1::evaluation
    set}}"); [] when the points are not parallel (at least three of them, each short, opening alike)."""
    plain = [strip_markdown(text).rstrip(".;") for text in texts]
    head = _head(plain, 2) or _head(plain, 1)
    if not head or len(plain) < _MIN_PARALLEL or any(words(text) > _MAX_PARALLEL_WORDS for text in plain):
        return []
    return [
        f"{text[: len(head)]} {{{{c{number}::{text[len(head) :].strip()}}}}}" for number, text in enumerate(plain, 1)
    ]


def _runs(block: Block) -> list[tuple[int, int]]:
    """Runs of short parallel sentences in a paragraph ("You own the examples. You own the threshold. You
    own the fallback."), each as (first, last) sentence positions."""
    said = [strip_markdown(sentence) for _, sentence in block.sentences]
    found: list[tuple[int, int]] = []
    start = 0
    while start < len(said):
        end = start + 1
        if words(said[start]) > _MAX_RUN_WORDS:
            start = end
            continue
        while end < len(said) and words(said[end]) <= _MAX_RUN_WORDS and _head(said[start : end + 1], 2):
            end += 1
        if end - start >= _MIN_PARALLEL:
            found.append((start, end - 1))
        start = end
    return found


def _sentence_runs(section: Section, usage: Usage, found: Found) -> None:
    """A cloze per run of parallel sentences, with the sentence before the run as its claim."""
    for block in section.blocks:
        if block.noise or block.kind not in ("paragraph", "item", "quote") or usage.taken(block):
            continue
        if len(block.sentences) < _MIN_PARALLEL:
            continue
        for first, last in _runs(block):
            said = block.sentences[first : last + 1]
            hidden = _parallel([sentence for _, sentence in said])
            if not hidden:
                continue
            claim = [block.sentences[first - 1][1]] if first else []
            text = " ".join([*claim, *(f"{point}." for point in hidden)])
            found.drafts.append(cloze("frameworks", section.title, block.line_at(said[0][0]), text))
            found.used |= {(block.index, offset) for offset, _ in block.sentences[max(0, first - 1) : last + 1]}


def find_frameworks(article: Article, usage: Usage) -> Found:
    """A card per named framework or list, per list of parallel points under a claim, and per run of
    parallel sentences."""
    found = Found()
    for section in article.sections:
        if section.noise:
            continue
        for intro, items in _lists(section, usage):
            labelled = intro is None and section.origin == "bold" and not section.question
            name = _name(intro, section, len(items))
            if not name and labelled and _topic_parts(section.title, items):
                name = _the(section.title)
            parallel = _parallel([item.text for item in items]) if intro is not None else []
            if name and len(items) >= 2:
                found.drafts.append(_card(name, items, section, labelled and not _NAMED.search(name)))
            elif intro is not None and parallel:
                claim = strip_markdown(intro.text).rstrip(" :")
                found.drafts.append(
                    cloze("frameworks", section.title, items[0].line, f"{claim}: {', '.join(parallel)}.")
                )
            else:
                continue
            found.use([*items, *([intro] if intro is not None else [])])
    listed = usage.with_(found)
    for section in article.sections:
        if not section.noise:
            _sentence_runs(section, listed, found)
    return found
