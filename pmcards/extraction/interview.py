"""Interview questions as interview cards, with the key points of an answer taken from the article.

Where questions come from:
- under an interview heading: question headings, blockquoted or quoted lines, bulleted questions;
- numbered question banks (`Q1 - "..."`), anywhere, with their good and weak answer options;
- prose, anywhere: quotations after "asked"/"asks" (or holding a question), standalone question
  sentences, and prompts the article reports ("couldn't explain how they'd ...", "asked to design ...").

Key points are the article's own words: the answer right after the question (the options of a bank
item, the rest of the paragraph, the next paragraph). When the article answers nothing there, the
nearest advice it gives elsewhere, found by shared rare words, is used and labelled as such.
"""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import defaultdict
from dataclasses import dataclass

from pmcards.extraction.article import Article, Block, Section, Skipped
from pmcards.extraction.draft import Draft, bullets, interview
from pmcards.extraction.mistakes import polarity
from pmcards.extraction.questions import in_interview
from pmcards.extraction.text import mask_quotes, quoted_spans, sentences, shorten, stems, strip_markdown, unquote, words

_ASKED = re.compile(r"\b(?:ask(?:s|ed|ing)?|prompt(?:s|ed)?)\b[^“\"”.!?]{0,12}$", re.IGNORECASE)
_ASKED_QUOTE = re.compile(r"\b(?:[Aa]sk(?:s|ed|ing)?|[Pp]rompt(?:s|ed)?)\b[^“\"”.!?]{0,12}[“\"]")
_NOT_BEFORE = re.compile(r"\bnot\b[^.;]{0,30}$", re.IGNORECASE)
_INTERROGATIVE = re.compile(
    r"(?:is|are|do|does|did|how|what|why|when|which|who|would|could|should|can|will|if|where)\b", re.IGNORECASE
)
_WH = r"(?:how|why|what|when|which|whether|who)\b"
_TASKS = (
    r"design|build|estimate|prioriti[sz]e|explain|describe|walk|critique|define|improve|launch|measure|sketch"
    r"|plan|propose|evaluate|compare|choose|diagnose|present|pitch|review|rank|size|analy[sz]e"
)
_REPORTED = (
    re.compile(
        r"\b(?:couldn[’']t|could not|can[’']t|cannot|failed to|unable to|didn[’']t|did not)\s+"
        rf"(?P<verb>explain|articulate|describe|justify|specify|say)\s+(?P<rest>{_WH}[^.;:!?—–]+)",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:couldn[’']t|could not|can[’']t|cannot|failed to|unable to)\s+"
        r"(?P<verb>map|quantify|define|prioritize|estimate)\s+(?P<rest>[^.;:!?—–,]+)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\bwithout\s+(?P<verb>explaining|describing|specifying|articulating|justifying)\s+(?P<rest>{_WH}[^.;:!?—–]+)",
        re.IGNORECASE,
    ),
    re.compile(rf"\basked to\s+(?P<verb>{_TASKS})\s+(?P<rest>[^.;:!?—–,]+)", re.IGNORECASE),
)
_REPORTED_HINT = re.compile(
    r"(?:n[’']t|not|cannot|failed to|unable to) (?:explain|articulate|describe|justify|specify|say|map|quantify"
    r"|define|prioritize|estimate)|without (?:explain|describ|specify|articulat|justify)|asked to "
)
_CLAUSE_END = re.compile(r",\s+(?:so|but|because|which|while|yet|then|and then|although|though|as)\b")
_BASE_FORMS = {
    "explaining": "explain",
    "describing": "describe",
    "specifying": "specify",
    "articulating": "articulate",
    "justifying": "justify",
}
_PRONOUNS = {"they": "you", "their": "your", "them": "you", "themselves": "yourself", "theirs": "yours"}
_PRONOUN = re.compile(r"\b(they|their|them|themselves|theirs)\b", re.IGNORECASE)
_MIN_POINT_WORDS = 5
_MAX_POINTS = 3
_MAX_OWN_POINTS = 6
_MIN_SCORE = 2.0
_REGION_BONUS = 0.5
_MAX_POSTINGS = 200
_MAX_ADVICE = 4


@dataclass(frozen=True)
class _Question:
    text: str
    section: Section
    line: int
    block: int
    traps: tuple[str, ...] = ()
    points: tuple[str, ...] = ()
    answers: tuple[int, ...] = ()


def _key(question: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", strip_markdown(question).lower()))


def _as_you(text: str) -> str:
    """A reported prompt addressed to the reader: "they" becomes "you"."""

    def swap(match: re.Match[str]) -> str:
        word = match.group(1)
        replacement = _PRONOUNS[word.lower()]
        return replacement.capitalize() if word[0].isupper() else replacement

    return _PRONOUN.sub(swap, text)


def _is_point(sentence: str) -> bool:
    """Whether a sentence can be a key point: long enough, and not a question or a quoted prompt itself."""
    return words(sentence) >= _MIN_POINT_WORDS and "?" not in sentence and not _ASKED_QUOTE.search(sentence)


def _tidy(point: str) -> str:
    """A point without a quotation mark left open or closed by cutting it out of its sentence."""
    if point.count("“") != point.count("”"):
        point = point.replace("“", "").replace("”", "")
    if point.count('"') % 2:
        point = point.replace('"', "")
    return point.strip()


def _points(block: Block, offset: int = 0, limit: int = _MAX_OWN_POINTS) -> list[str]:
    """The answer points a block gives from `offset` on (at most `limit`): a list item whole, or a
    paragraph's sentences."""
    if block.kind == "item":
        return [block.text] if offset == 0 and "?" not in block.text else []
    found = block.sentences
    first = bisect.bisect_left(found, offset, key=lambda sentence: sentence[0])
    candidates = (found[position][1] for position in range(first, len(found)))
    return list(itertools.islice((_tidy(s) for s in candidates if _is_point(s)), limit))


@dataclass(frozen=True)
class _Unit:
    """A piece of advice: a list (titled by its label) or a paragraph, and where it is."""

    title: str
    region: str
    blocks: tuple[Block, ...]

    @property
    def line(self) -> int:
        return self.blocks[0].line

    def points(self) -> list[str]:
        """A list's items, or a paragraph's sentences that can be key points."""
        if self.blocks[0].kind == "item":
            return [block.text for block in self.blocks]
        return _points(self.blocks[0])


def _region(section: Section) -> str:
    """The top-level part of the article a section belongs to."""
    return section.context[0] if section.context else section.title


class _Advice:
    """The article's advice (paragraphs and lists) indexed by word stems, to find the nearest to a question."""

    def __init__(self, article: Article, questions: set[int]) -> None:
        units: list[_Unit] = []
        for section in article.sections:
            items: list[Block] = []
            title = section.title
            for block in [*section.blocks, None]:
                usable = block is not None and not block.noise and block.index not in questions
                if usable and block is not None and block.kind == "item":
                    items.append(block)
                    continue
                if items:
                    units.append(_Unit(title, _region(section), tuple(items)))
                    items = []
                if not usable or block is None:
                    continue
                if block.kind == "label":
                    title = block.text
                elif block.kind in ("paragraph", "quote"):
                    title = section.title
                    units.append(_Unit(section.title, _region(section), (block,)))
        self.units = [unit for unit in units if unit.points()]
        self.lines = [unit.line for unit in self.units]
        self.postings: dict[str, list[int]] = defaultdict(list)
        for number, unit in enumerate(self.units):
            for stem in stems(" ".join(block.text for block in unit.blocks)):
                self.postings[stem].append(number)

    def nearest(self, question: _Question) -> tuple[str, list[str]] | None:
        """The advice sharing the rarest words with the question (its matching points), else the advice
        nearest to it in the article."""
        wanted = stems(question.text)
        region = _region(question.section)
        scores: dict[int, float] = defaultdict(float)
        for stem in wanted:
            postings = self.postings.get(stem, [])
            if len(postings) > _MAX_POSTINGS:
                continue
            weight = math.log((len(self.units) + 1) / (len(postings) + 0.5))
            for number in postings:
                scores[number] += weight
        ranked = sorted(
            (number for number, score in scores.items() if score >= _MIN_SCORE),
            key=lambda n: (-scores[n] - (_REGION_BONUS if self.units[n].region == region else 0), n),
        )
        for number in ranked:
            unit = self.units[number]
            points = [point for point in unit.points() if stems(point) & wanted][:_MAX_ADVICE]
            if points and not self._holds(unit, question):
                return unit.title, points
        return self._nearby(question, region)

    def _nearby(self, question: _Question, region: str) -> tuple[str, list[str]] | None:
        """The first advice after the question, else the one just before it in the same part of the article."""
        start = bisect.bisect_right(self.lines, question.line)
        after = self.units[start : start + 2]
        before = [u for u in reversed(self.units[max(0, start - 2) : start]) if u.region == region]
        unit = next((u for u in [*after, *before] if not self._holds(u, question)), None)
        return (unit.title, unit.points()[:_MAX_ADVICE]) if unit else None

    @staticmethod
    def _holds(unit: _Unit, question: _Question) -> bool:
        """Whether the unit is the question's own paragraph."""
        return any(block.index == question.block for block in unit.blocks)


def _is_listed_question(block: Block) -> bool:
    """Whether a block under an interview heading is a question: blockquoted, quoted, or a bulleted question."""
    plain = strip_markdown(block.text)
    quoted = plain[:1] in '“"' and plain.rstrip(".")[-1:] in '”"'
    if block.noise or words(plain) < 3:
        return False
    return (
        block.kind == "quote"
        or (block.kind == "paragraph" and quoted)
        or (block.kind == "item" and (quoted or plain.endswith(("?", "?”", '?"'))))
    )


def _answer(blocks: list[Block], start: int) -> tuple[list[str], list[int]]:
    """The points the blocks from `start` give, up to the next question or label, and the blocks used."""
    points: list[str] = []
    used: list[int] = []
    for block in (blocks[position] for position in range(start, len(blocks))):
        if block.noise or block.kind in ("label", "bank", "table") or _is_listed_question(block) or "?" in block.text:
            break
        points += _points(block)
        used.append(block.index)
    return points[:_MAX_OWN_POINTS], used


def _from_interview_sections(article: Article) -> list[_Question]:
    """Question headings, quoted or blockquoted lines and bulleted questions under an interview heading."""
    found: list[_Question] = []
    for section in article.sections:
        if section.noise or not in_interview(section):
            continue
        if section.question:
            points, used = _answer(section.blocks, 0)
            found.append(_Question(section.title, section, section.line, -1, (), tuple(points), tuple(used)))
        for position, block in enumerate(section.blocks):
            if _is_listed_question(block):
                points, used = _answer(section.blocks, position + 1)
                question = unquote(block.text)
                found.append(_Question(question, section, block.line, block.index, (), tuple(points), tuple(used)))
    return found


def _from_banks(article: Article) -> list[_Question]:
    """Numbered question-bank items, with good options as key points and weak ones as traps."""
    found: list[_Question] = []
    for section in article.sections:
        for position, block in enumerate(section.blocks):
            if block.kind != "bank" or block.noise:
                continue
            points: list[str] = []
            traps: list[str] = []
            used: list[int] = []
            target = points
            for later in (section.blocks[after] for after in range(position + 1, len(section.blocks))):
                if later.kind in ("bank", "table") or later.noise:
                    break
                used.append(later.index)
                marked = polarity(later.text)
                if marked:
                    target = traps if marked[0] == "bad" else points
                    target += [marked[1]] if marked[1] else []
                elif later.kind != "label":
                    target += _points(later)
            question = unquote(block.text)
            found.append(
                _Question(question, section, block.line, block.index, tuple(traps), tuple(points), tuple(used))
            )
    return found


def _prompts(text: str) -> list[tuple[int, int, str]]:
    """The interview questions in a prose block: (where each starts, where its answer may start, question)."""
    found: list[tuple[int, int, str]] = []
    quotes = quoted_spans(text)
    for start, end in quotes:
        content = unquote(text[start:end])
        before = text[max(0, start - 40) : start]
        if _NOT_BEFORE.search(before[-8:]) or words(content) < 3:
            continue
        if "?" in content:
            found.append((start, text.index("?", start, end) + 1, content[: content.rindex("?") + 1]))
        elif _ASKED.search(before):
            found.append((start, end, content.rstrip(".") + "."))
    masked = mask_quotes(text) if quotes else text
    reported = _REPORTED if _REPORTED_HINT.search(masked.lower()) else ()
    if "?" not in masked and not reported:
        return sorted(found)
    for offset, sentence in sentences(masked):
        end = offset + len(sentence)
        question = sentence.lstrip("*_ ")
        if question.endswith("?") and words(question) >= 6 and _INTERROGATIVE.match(question) and "  " not in question:
            found.append((offset, end, strip_markdown(question)))
        for pattern in reported:
            for match in pattern.finditer(sentence):
                if _NOT_BEFORE.search(sentence[max(0, match.start() - 30) : match.start()]):
                    continue
                verb = match.group("verb").lower()
                rest = _as_you(_CLAUSE_END.split(" ".join(match.group("rest").split()))[0].rstrip(","))
                if words(rest) >= 2:
                    found.append((offset + match.start(), end, f"{_BASE_FORMS.get(verb, verb).capitalize()} {rest}."))
    return sorted(found)


def _from_prose(article: Article, taken: set[int]) -> list[_Question]:
    """Quoted, standalone and reported questions in paragraphs, list items and blockquotes; their key
    points are what follows in the paragraph (two at most) and then in the next paragraph."""
    found: list[_Question] = []
    for section in article.sections:
        if section.noise:
            continue
        content = [block for block in section.blocks if not block.noise and block.kind != "label"]
        for position, block in enumerate(content):
            if block.index in taken or block.kind not in ("paragraph", "item", "quote"):
                continue
            following = content[position + 1] if position + 1 < len(content) else None
            for start, answer_start, question in _prompts(block.text):
                points = _points(block, answer_start, limit=2)
                points += _points(following) if following is not None else []
                line = block.line_at(start)
                found.append(_Question(question, section, line, block.index, points=tuple(points[:_MAX_POINTS])))
    return found


def find_interview(article: Article) -> tuple[list[Draft], set[int], list[Skipped]]:
    """An interview card per interview question, the question blocks used, and questions left without any answer."""
    listed = _from_interview_sections(article) + _from_banks(article)
    taken = {question.block for question in listed if question.block >= 0}
    answers = {block for question in listed for block in question.answers}
    advice: _Advice | None = None
    drafts: list[Draft] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for question in listed + _from_prose(article, taken):
        key = _key(question.text)
        if not key or key in seen:
            continue
        seen.add(key)
        key_points = bullets(list(question.points))
        if not question.points:
            advice = advice or _Advice(article, taken | answers)
            nearest = advice.nearest(question)
            if nearest is None:
                text = shorten(question.text, 70)
                skipped.append(Skipped(question.line, "interview question without an answer", text))
                continue
            key_points = f"Nearest advice in the article (“{nearest[0]}”):\n{bullets(nearest[1])}"
        traps = bullets(list(question.traps))
        drafts.append(interview(question.section.title, question.line, question.text, key_points, traps))
    return drafts, taken, skipped
