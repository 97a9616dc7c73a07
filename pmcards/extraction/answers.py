"""The article's own answer to a question: what follows the question, as the article gives it.

Nothing is borrowed from elsewhere in the article. An answer is the paragraph right after the
question (with the list or sample answer it introduces), a list, a sample answer in a
blockquote (all its paragraphs), or marked options (✅ key points, ▫️/❌ traps, an italic "Why:" rationale and a
sample answer after them). An answer put off to later or elsewhere, in any words (see
`discourse`), or missing gives nothing: the card keeps the placeholder.
"""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pmcards.extraction.article import Block
from pmcards.extraction.discourse import is_deferral, unsettled
from pmcards.extraction.draft import bullets
from pmcards.extraction.mistakes import polarity
from pmcards.extraction.text import first_sentences, imperative, sentences, strip_markdown, words

_RATIONALE = re.compile(r"(?:\*\*|__|\*|_)?(?:why|rationale|reason|explanation)\b\s*[:—–-]", re.IGNORECASE)
_ITALIC = re.compile(r"(\*|_)[^*_].*[^*_]\1")
_ANSWER_CUE = re.compile(
    r"\b(?:answers?|answered|worked|works|strong(?:est|er)?|best|better|right|good|fix|instead|should|prepare"
    r"|the key|the trick|what matters|you (?:want|need) to|said|says|replied|wrong|(?:wants?|expects?) to (?:see|hear)"
    r"|look(?:s|ing)? for|use)\b",
    re.IGNORECASE,
)
_LABEL = re.compile(r"([A-Za-z][\w '’/-]{1,40}?)\s{0,3}:\s{0,3}(.*)")
_LABELS = (
    (
        "answer",
        re.compile(
            r"(?:(?:sample|example|model|strong|good|great|ideal|suggested|possible|my|best|short|full|a strong)\s)?"
            r"(?:answer|response)|(?:the )?solution|how to answer(?: it)?|what to say|answer outline|key points"
            r"|what good looks like|(?:a )?good answer covers",
            re.IGNORECASE,
        ),
    ),
    ("framework", re.compile(r"framework|structure|(?:model|method) to use", re.IGNORECASE)),
    (
        "traps",
        re.compile(
            r"(?:common )?(?:traps|pitfalls|mistakes)|red flags|what to avoid|avoid|weak answers?|bad answers?",
            re.IGNORECASE,
        ),
    ),
    (
        "context",
        re.compile(
            r"what (?:they|interviewers?|the interviewer)(?:['’]re| are| is)? (?:testing|looking for|assessing)"
            r"|why (?:they|interviewers?) ask(?: this)?|what it tests|follow-?ups?(?: questions)?|difficulty|source"
            r"|round|asked at|company",
            re.IGNORECASE,
        ),
    ),
)
_FILLER_WORDS = 4
_POINT_WORDS = 25
_MAX_ITEMS = 8
_MAX_POINTS = 6
_MIN_POINT_WORDS = 3


@dataclass(frozen=True)
class Answer:
    """An answer as the article gives it: as prose (`text`, for a basic card), as key points and
    traps (for an interview card), and the blocks it was read from."""

    text: str = ""
    points: tuple[str, ...] = ()
    traps: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    deferred: bool = False
    framework: str = ""

    def __bool__(self) -> bool:
        return bool(self.text or self.points)


def is_question(block: Block, most: int = 1) -> bool:
    """Whether a block is a question of its own: ending in "?", in at most `most` sentences (a
    scenario may come before the question) and not long."""
    plain = strip_markdown(block.text).rstrip(" ”\"'*_")
    return plain.endswith("?") and len(block.sentences) <= most and words(plain) <= 20 * most


def puts_off(text: str) -> bool:
    """Whether an answer's text puts the answer off: its first sentence does, or its second after a
    short opener ("Ooh, good one. I'm going to give this its own write-up next week."), or its last says
    the question was left undecided (a discussion ending "-> no agreement.")."""
    every = [sentence for _, sentence in sentences(text)]
    found = every[:2] or [text]
    if is_deferral(found[0]) or (len(every) > 1 and unsettled(every[-1])):
        return True
    return len(found) > 1 and words(found[0]) <= _FILLER_WORDS and is_deferral(found[1])


def _points_of(text: str) -> list[str]:
    """A text's sentences that can stand as key points, at most `_MAX_POINTS` (a text with none stays whole)."""
    found = [s for _, s in sentences(text) if words(s) >= _MIN_POINT_WORDS and not s.endswith("?")]
    return found[:_MAX_POINTS] or [text]


def _options(content: list[Block]) -> Answer:
    """Marked options: good ones are key points, weak and bad ones traps; a rationale and a sample
    answer after them are key points too."""
    points: list[str] = []
    traps: list[str] = []
    used: list[Block] = []
    for block in content:
        marked = polarity(block.text)
        plain = strip_markdown(block.text)
        if marked:
            (points if marked[0] == "good" else traps).append(marked[1])
        elif _RATIONALE.match(block.text) or (_ITALIC.fullmatch(block.text.strip()) and used):
            points.append(plain)
        elif block.kind == "quote" and used:
            points.append(f"Sample answer: {plain}")
        elif used:
            break
        used.append(block)
    if len(points) == 1 and not traps:
        return Answer(points[0], tuple(points), (), tuple(used))
    return Answer(bullets(points), tuple(points), tuple(traps), tuple(used))


def _quotation(blocks: Sequence[Block]) -> list[Block]:
    """The quote blocks `blocks` open with: one quotation (a sample answer) over several paragraphs."""
    found: list[Block] = []
    for block in blocks:
        if block.kind != "quote":
            break
        found.append(block)
    return found


def _introduced(first: Block, rest: list[Block]) -> list[Block]:
    """The list items or sample answer a paragraph ending in a colon introduces."""
    if not strip_markdown(first.text).endswith(":") or not rest:
        return []
    if rest[0].kind == "quote":
        return _quotation(rest)
    introduced: list[Block] = []
    for block in rest:
        if block.kind != "item" or len(introduced) == _MAX_ITEMS:
            break
        introduced.append(block)
    return introduced


def _labelled(content: list[Block]) -> dict[str, list[Block]] | None:
    """The blocks under each label ("Sample answer:", "Framework:", "Traps:", "What they're testing:"),
    a label on its own line taking the blocks after it; None when no block is labelled."""
    parts: dict[str, list[Block]] = {}
    current = "lead"
    for block in content:
        match = _LABEL.match(strip_markdown(block.text)) if block.kind in ("paragraph", "note", "item") else None
        kind = label_kind(match.group(1)) if match else ""
        if kind and match is not None:
            parts.setdefault(kind, []).append(block)
            current = "lead" if match.group(2).strip() else kind  # a label on its own line takes what follows
        else:
            parts.setdefault(current, []).append(block)
    return parts if len(parts) > 1 or "lead" not in parts else None


def label_kind(label: str) -> str:
    """What a label or column heading introduces: "answer", "framework", "traps", "context" (what the
    question tests, its round), or "" for any other label."""
    return next((kind for kind, pattern in _LABELS if pattern.fullmatch(label.strip())), "")


def _unlabel(block: Block) -> str:
    """A block's text without its label ("Sample answer: I'd start ..." gives "I'd start ...")."""
    plain = strip_markdown(block.text)
    match = _LABEL.match(plain)
    return match.group(2).strip() if match and any(p.fullmatch(match.group(1)) for _, p in _LABELS) else block.text


def _from_labels(parts: dict[str, list[Block]], sentence_count: int) -> Answer:
    """The answer the labelled parts give: the answer part (else what comes before any label), its
    framework and traps; context such as "What they're testing" is not the answer."""
    answer = [text for text in map(_unlabel, parts.get("answer", [])) if text]
    if not answer:
        lead = answer_to(parts.get("lead", []), sentence_count)
        answer = list(lead.points) if lead else []
    traps = [text for text in map(_unlabel, parts.get("traps", [])) if text]
    framework = next((text for text in map(_unlabel, parts.get("framework", [])) if text), "")
    used = tuple(block for blocks in parts.values() for block in blocks)
    if answer and puts_off(answer[0]):
        return Answer(blocks=used, deferred=True)
    if not answer:
        return Answer(traps=tuple(traps), blocks=used, framework=framework)
    points = [point for text in answer for point in (_points_of(text) if words(text) > _POINT_WORDS else [text])]
    return Answer("\n\n".join(answer), tuple(points[:_MAX_POINTS]), tuple(traps), used, framework=framework)


def answer_to(blocks: Sequence[Block], sentence_count: int = 4) -> Answer:
    """The answer that `blocks` (what follows a question, up to the next one) give."""
    content = [block for block in blocks if not block.noise and block.kind != "table"]
    if not content or is_question(content[0]):
        return Answer()
    parts = _labelled(content)
    if parts is not None:
        return _from_labels(parts, sentence_count)
    first = content[0]
    if puts_off(first.text):
        return Answer(blocks=(first,), deferred=True)
    intro = strip_markdown(first.text).endswith(":") and first.kind == "paragraph"
    if polarity(first.text) or (intro and len(content) > 1 and polarity(content[1].text)):
        return _options(content[1:] if intro and not polarity(first.text) else content)
    if first.kind == "item":
        items = [first]
        for block in content[1:]:
            if block.kind != "item" or len(items) == _MAX_ITEMS:
                break
            items.append(block)
        texts = [block.text for block in items]
        return Answer(bullets(texts), tuple(texts), (), tuple(items))
    if first.kind == "quote":
        return _quoted(_quotation(content), ())
    introduced = _introduced(first, content[1:])
    lead = first_sentences(first.text, sentence_count)
    if introduced and introduced[0].kind == "quote":
        return _quoted(introduced, (first,), lead)
    if introduced:
        texts = [block.text for block in introduced]
        return Answer(f"{lead}\n{bullets(texts)}", tuple(texts), (), (first, *introduced))
    return Answer(lead, tuple(_points_of(first.text)), (), (first,))


def _quoted(quotes: list[Block], before: tuple[Block, ...], lead: str = "") -> Answer:
    """A sample answer in a quotation (all its paragraphs): its sentences are the key points; `lead` is
    the paragraph that introduces it ("Here's how I'd answer:")."""
    text = "\n\n".join(f"> {block.text}" if lead else block.text for block in quotes)
    points = [point for block in quotes for point in _points_of(block.text)][:_MAX_POINTS]
    return Answer(f"{lead}\n\n{text}" if lead else text, tuple(points), (), (*before, *quotes))


def continued(answer: Answer, blocks: Sequence[Block]) -> Answer:
    """A prose answer with the paragraphs after it (up to the next question, which `blocks` ends
    before) as more key points: an answer in a post often runs over several short paragraphs."""
    used = {block.index for block in answer.blocks}
    more = [block for block in blocks if block.index not in used and block.kind == "paragraph" and not block.noise]
    if not more or answer.traps or not answer.blocks or answer.blocks[0].kind != "paragraph":
        return answer
    points = [*answer.points, *(point for block in more for point in _points_of(block.text))][:_MAX_POINTS]
    return Answer(answer.text, tuple(points), (), (*answer.blocks, *more), framework=answer.framework)


def sentences_answer(following: Sequence[str], replied: bool = False) -> Answer:
    """The answer the sentences after a question in its own paragraph give (`replied`: the reply
    reported with the question, "and she said ..."): none when they put it off, or when they only go
    on with the story (no sentence says what works, what to do or what the answer was)."""
    if following and puts_off(" ".join(following[:2])):
        return Answer(deferred=True)
    kept = [sentence for sentence in following if words(sentence) >= _MIN_POINT_WORDS][:_MAX_POINTS]
    if not kept:
        return Answer()
    if not replied and not any(_ANSWER_CUE.search(sentence) or imperative(sentence) for sentence in kept):
        return Answer()
    return Answer(" ".join(kept), tuple(kept))
