"""Claims as cloze cards: contrasts (see `contrasts`), superlatives ("the round that rejected most
people was the metrics round"), figures (money, percentages, durations, counts, "a third of") and
the advice of a call-out box (`> [!TIP]`).

Each sentence gives at most one card: a contrast hides its Y (neighbouring contrasts share one
card), a superlative what it names, otherwise every figure outside quotations of a finished
statement (ending with a full stop or "!", or a long run of captioned speech: a slide bullet, a
caption, a heading-like fragment or a chat line such as "Last reply 6 days ago" holds no fact to
learn; nor does a date, "12 Apr"); a call-out's first sentence with none of these hides what its
imperative asks for ("Write {{the rubric}} before you write the prompt"). Questions (also one
reported: "People ask me whether ..."), quotations and sentences other cards use are left alone,
and so is a sentence that leans on the one before it ("So the fix is ...", "Because ...", "Not X,
not Y.": its claim is not whole), and an article's lead (before its first heading, or a short one
before its first question line), which frames the article: who wrote it, for whom, why; so are the
figures of a section that frames notes ("Context", "Her background": the occasion and the people)
and a sentence about the issue itself ("So this issue is a short one ..."). Neither the author's
credentials ("I've run 350 mock interviews") nor the count of the article's own list ("The same
6 questions come up again and again") is a figure to learn.
"""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import cache, partial

from pmcards.extraction.article import Article, Block, Section
from pmcards.extraction.contrasts import contrast, preference, turn
from pmcards.extraction.discourse import about_itself, credential, framing_label
from pmcards.extraction.draft import Draft, Found, Structure, Usage, cloze
from pmcards.extraction.frameworks import counted, inline_list
from pmcards.extraction.text import DASHES, imperative, mask_quotes, quoted_spans, strip_markdown, words

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
_FRACTION = r"\b(?:[Aa]|[Oo]ne|[Tt]wo|[Tt]hree)\s(?:third|quarter|fifth|tenth)s?(?=\sof\b)"
_FIGURE = re.compile(rf"(?<![\w.$€£¥%/#{DASHES}])(?:{_MONEY}|{_PERCENT}|{_DURATION}|{_MULTIPLE}|{_COUNT})|{_FRACTION}")
_NOT_A_COUNT = re.compile(
    r"\b(?:level|step|path|phase|part|series|round|chapter|version|no\.|page|section|figure|table|top|week|day|episode"
    r"|set|issue|module|lesson|session|season|grade|stage|tier|class|q|question|item|rule|tip|mistake|number|#)\s*$",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d|\b(?:[Tt]hird|[Qq]uarter|[Ff]ifth|[Tt]enth)")
_YEAR = re.compile(r"(?:19|20)\d\d")
_OBJECT_END = re.compile(
    r" (?:before|after|with|to|for|so|because|until|when|if|by|in|on|at|as|than|and|or|but|once|while|unless"
    r"|from|into|through|instead|rather|that|which|who|whose)\b|[,.;:!?—–(]"
)
_SUPERLATIVE_HINT = re.compile(r"\b(?:most|biggest|largest|hardest|main|number one|worst|best)\b", re.IGNORECASE)
_THE_ONE_THAT = re.compile(
    r"\bthe (?:[\w-]+ ){1,3}?(?:that|which|where|who) [^,.;:]{0,60}?\bmost\b[^,.;:]{0,30}? (?:is|was|are|were) ",
    re.IGNORECASE,
)
_THE_MOST = re.compile(
    r"\bthe (?:single )?(?:most|biggest|largest|hardest|main|number one|worst|best) [^,.;:]{1,50}? (?:is|was) ",
    re.IGNORECASE,
)
_POINTING = re.compile(r"\b(?:that|this|these|those|above|below)\b", re.IGNORECASE)
_Y_STOP = re.compile(r"[,.;:—–!?(]|\s(?:because|since|as|and then|but|while)\b")
_NOT_A_NAME = re.compile(r"(?:that|because|when|where|how|not|often|usually|about|to|in|on|at|for|what|why)\b", re.I)
_MAX_SUPERLATIVE_WORDS = 8
_SUPERLATIVE_QUESTION = re.compile(
    r"(?:the|my|your|our) (?:single )?(?:biggest|most \w+|main|worst|best|number one|#1|hardest|top) [\w' -]{1,40}\?",
    re.IGNORECASE,
)
_ASKED = re.compile(
    r"\b(?:ask|asks|asked|asking|wonder|wonders|wondered|wondering)\b[^.;:?!]{0,60}?\b(?:whether|if)\b", re.I
)
"""A question reported in a sentence ("People ask me whether the $1,200 course helps"): a question, not a claim."""
_LEANS_BACK = re.compile(
    r"(?:\*\*|__)?(?:(?:So|And|But|Because|Which|Not|Hence|Thus|That[’']s|That is)\b|(?:Yes|No|Yeah|Nope),)"
)
"""The opening of a sentence that leans on the one before ("So the fix is ...", "Not X, not Y.", a reply's "Yes, ..."):
no claim alone."""
_DATE = re.compile(r"\s(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\b")
"""A month after a number: the number is a date ("12 Apr"), no count."""
_MAX_REPLY_WORDS = 20
_MIN_SENTENCE_WORDS = 4
_MAX_SENTENCE_WORDS = 80
_MAX_OBJECT_WORDS = 8
_LEAD_BLOCKS = 3
_CLOSERS = "”\"’')]*_ "
_SPEECH_WORDS = 30


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
        if count and (
            _YEAR.fullmatch(count)
            or _NOT_A_COUNT.search(sentence[max(0, start - 12) : start])
            or _DATE.match(sentence, end)
        ):
            continue
        found.append((start, end))
    return found


def advice(sentence: str) -> tuple[int, int] | None:
    """Where the object of an imperative sentence is ("Write the rubric before ..." gives "the rubric")."""
    first, _, rest = sentence.partition(" ")
    if not rest or not imperative(sentence):
        return None
    start = len(first) + 1
    stop = _OBJECT_END.search(sentence, start)
    end = stop.start() if stop else len(sentence.rstrip(".!"))
    obj = sentence[start:end]
    return (start, end) if 0 < words(obj) <= _MAX_OBJECT_WORDS and "::" not in obj else None


def superlative(sentence: str) -> tuple[int, int] | None:
    """Where the answer is in a superlative claim: "the one that rejected most people was {the metrics
    round}", "the biggest mistake is {X}"; not one about what the sentence points to elsewhere ("the most
    useful number on that list is ...")."""
    if not _SUPERLATIVE_HINT.search(sentence):
        return None
    match = _THE_ONE_THAT.search(sentence)
    if match is None:
        match = _THE_MOST.search(sentence)
        if match is not None and _POINTING.search(match.group(0)):
            return None  # "the most useful number on that list is ...": the list is elsewhere
    if match is None or _NOT_A_NAME.match(sentence, match.end()):
        return None
    stop = _Y_STOP.search(sentence, match.end())
    start, end = match.end(), stop.start() if stop else len(sentence)
    found = sentence[start:end].strip()
    return (start, start + len(found)) if 0 < words(found) <= _MAX_SUPERLATIVE_WORDS and "::" not in found else None


def _statement(sentence: str) -> bool:
    """Whether a sentence reads as a finished statement: it ends with a full stop or an exclamation mark,
    or runs on for `_SPEECH_WORDS` words (speech captioned without punctuation), unlike a short fragment."""
    return words(sentence) >= _SPEECH_WORDS or strip_markdown(sentence).rstrip(_CLOSERS).endswith((".", "!", "…"))


def _hide(sentence: str, spans: list[tuple[int, int]], first: int) -> str:
    """`sentence` with each span as a cloze deletion, numbered from `first`."""
    out, position = [], 0
    for number, (start, end) in enumerate(spans, first):
        out += [sentence[position:start], f"{{{{c{number}::{sentence[start:end]}}}}}"]
        position = end
    return "".join([*out, sentence[position:]])


def _figures(sentence: str, lists: Callable[[], frozenset[int]]) -> list[tuple[int, int]]:
    """The figures worth a cloze: not the author's credentials, nor the count of the article's own list
    ("The same 6 questions come up again and again" before a list of six; `lists` gives the lengths,
    asked only for a figure that counts something)."""
    kept = []
    for span in figures(sentence):
        count = counted(sentence, span[0])
        if not credential(sentence, span) and not (count and count in lists()):
            kept.append(span)
    return kept


def _cloze(
    sentence: str, previous: str, block: Block, first: bool, figured: bool, lists: Callable[[], frozenset[int]]
) -> tuple[Structure, str] | None:
    """The cloze card a sentence gives, if any, and which structure it shows (contrasts are run together
    by the caller)."""
    if _SUPERLATIVE_QUESTION.fullmatch(previous) and words(sentence) <= _MAX_REPLY_WORDS:
        return "superlatives", f"{previous} {_hide(sentence, [(0, len(sentence.rstrip('.')))], 1)}"
    if previous and (second := turn(previous, sentence)):
        return "contrasts", f"{previous} {_hide(sentence, [second], 1)}"
    if _LEANS_BACK.match(sentence):
        return None
    found: list[tuple[Structure, list[tuple[int, int]]]] = [
        ("superlatives", [best] if (best := superlative(sentence)) else []),
        ("frameworks", inline_list(sentence)),
        ("contrasts", [span] if (span := contrast(sentence)) else []),
        ("figures", _figures(sentence, lists) if figured and _statement(sentence) else []),
        ("contrasts", [span] if (span := preference(sentence)) else []),
        ("advice", [told] if block.kind == "note" and first and (told := advice(sentence)) else []),
    ]
    return next(((structure, _hide(sentence, spans, 1)) for structure, spans in found if spans), None)


def _claims(
    block: Block, section: Section, usage: Usage, lists: Callable[[], frozenset[int]], framing: bool
) -> list[Draft]:
    """The block's cloze cards: one per sentence, neighbouring contrasts sharing one card; no figures
    where the section frames the article (`framing`), nor in a sentence about the issue itself."""
    drafts: list[Draft] = []
    run: list[str] = []
    run_line = block.line
    previous = ""

    def close_run() -> None:
        if run:
            drafts.append(cloze("contrasts", section.title, run_line, " ".join(run)))
            run.clear()

    for position, (offset, sentence) in enumerate(block.sentences):
        key = (block.index, offset)
        questioning = "?" in (mask_quotes(sentence) if "“" in sentence or '"' in sentence else sentence)
        questioning = questioning or (("sk" in sentence or "onder" in sentence) and bool(_ASKED.search(sentence)))
        found = None
        if (
            key not in usage.strict
            and not questioning
            and _MIN_SENTENCE_WORDS <= words(sentence) <= _MAX_SENTENCE_WORDS
            and not about_itself(sentence)
        ):
            figured = key not in usage.loose and not framing
            found = _cloze(sentence, previous, block, position == 0, figured, lists)
        elif key not in usage.strict and _SUPERLATIVE_QUESTION.fullmatch(previous):
            found = _cloze(sentence, previous, block, position == 0, False, lists)
        previous = sentence
        if found is not None and found[0] == "contrasts":
            run_line = run_line if run else block.line_at(offset)
            run.append(_renumber(found[1], len(run) + 1))
            continue
        close_run()
        if found is not None:
            drafts.append(cloze(found[0], section.title, block.line_at(offset), found[1]))
    close_run()
    return drafts


def _renumber(text: str, number: int) -> str:
    """A one-deletion cloze text with its deletion numbered `number` (contrasts run together on one card)."""
    return text.replace("{{c1::", f"{{{{c{number}::", 1)


def find_claims(article: Article, usage: Usage) -> Found:
    """Cloze cards for the contrasts, figures and call-out advice in sentences no other card uses."""
    found = Found()
    framing = _framing_lead(article)
    headings = cache(partial(_numbered_headings, article))
    for position, section in enumerate(article.sections):
        if framing and section.origin == "lead":
            continue
        lists = partial(_list_sizes, article.sections[position : position + 2], headings)
        framing = not section.question and framing_label(section.title)  # "Context", "Her background"
        for block in section.blocks:
            if not block.noise and block.kind in ("paragraph", "item", "quote", "note"):
                found.drafts.extend(_claims(block, section, usage, lists, framing))
    return found


def _framing_lead(article: Article) -> bool:
    """Whether the article's lead (what comes before its first section) frames it rather than holds its
    content: a heading follows it, or a question line follows a short one (a question line at the end of
    a post makes no lead of the whole post)."""
    headings = (section for section in article.sections if not section.question or section.origin == "advice")
    if any(section.origin not in ("lead", "after") for section in headings):
        return True
    lead = sum(1 for section, _ in article.blocks() if section.origin == "lead")
    return lead <= _LEAD_BLOCKS and any(section.origin != "lead" for section in article.sections)


def _numbered_headings(article: Article) -> frozenset[int]:
    """How many numbered headings sit under each parent (a listicle's own points)."""
    return frozenset(
        Counter((section.level, section.context[:-1]) for section in article.sections if section.number).values()
    )


def _list_sizes(sections: list[Section], headings: Callable[[], frozenset[int]]) -> frozenset[int]:
    """How many points the article's own lists near a sentence have: in its section and the next, the
    last number of each section's numbered items and the length of each run of bullets; and the
    numbered headings under each parent (`headings`)."""
    sizes = set(headings())
    for section in sections:
        run = 0
        for block in section.blocks:
            run = run + 1 if block.kind == "item" and not block.depth else 0
            sizes.add(run)
        sizes.add(max((block.ordinal or 0 for block in section.blocks), default=0))
    return frozenset(sizes - {0, 1})
