"""An article read as sections of blocks: the structure every finder works on.

Plain text, Markdown and HTML (converted first) alike. `#` headings, standalone question lines
(a trailing disclosure glyph such as ▾ dropped; a lead-in such as "Her second favourite:" too),
bold lines, `<summary>` lines, `Q:` lines (also "Audience Q:", "q from the floor:"), numbered
question-bank lines, prompt lines ("A typical prompt: **Design ...**") and, in plain text, a
short label over a list ("Hiring bar") start sections, and an advice heading ("What to ask at
the end") asks its question; paragraphs, list items (bullets, arrows, "1." and a thread's "1/";
an arrow line right under a line is that line's reason), blockquotes, text indented as a
quotation, admonitions (`> [!TIP]`), tables (also "Term | Meaning" without outer pipes) and
transcript turns (`[00:01:02] HOST: ...`) are blocks. Rhetorical question lines ("See the
pattern?", "How many of you ...?") and templates ("Design an AI feature for X.") are
paragraphs. A thematic break (`---`) ends a question's section.
Non-content (calls to action, metadata, link lists, navigation, checklist to-dos, an email's signature after its
"--" line) is marked, never used.
"""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, TypeAlias

from pmcards.extraction.chat import bot, chat_authors, quoted_reply, reaction
from pmcards.extraction.discourse import rhetorical, template
from pmcards.extraction.header import read_header
from pmcards.extraction.html import html_to_markdown, looks_like_html
from pmcards.extraction.noise import ABOUT_THE_ARTICLE, heading_noise, noise_reason, section_noise
from pmcards.extraction.text import ends_sentence, sentences, shorten, strip_markdown, unquote, words
from pmcards.extraction.thread import read_thread

BlockKind: TypeAlias = Literal["paragraph", "item", "quote", "note", "table"]
Origin: TypeAlias = Literal["lead", "heading", "line", "bold", "qa", "prompt", "after", "advice"]

_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\u200b-\u200d\u2060]")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]{0,2000}>")
_SUMMARY = re.compile(
    r"[ \t]{0,40}(?:<details[^<>]{0,200}>[ \t]{0,40})?<summary[^<>]{0,200}>([^<>]{1,500})</summary>[ \t]{0,40}",
    re.IGNORECASE,
)
_INLINE_IMAGE = re.compile(r"!\[[^\]]{0,300}\]\([^)\s]{0,500}\)")
_FOOTNOTE_REF = re.compile(r"(?<=\S)\[\^[\w-]{1,20}\](?!:)")
_ANCHOR = re.compile(r"[ \t]{0,40}\{#[\w.:-]{1,80}\}$")
_GLYPH = re.compile(r"[ \t]{1,40}[▾▸▼►▶⌄❯›»+⊕]\ufe0f?$")
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*))?")
_RULE = re.compile(r"(?:[-*_=][ \t]*){3,}")
_SETEXT = re.compile(r"={3,}|-{3,}")
_QUOTE = re.compile(r" {0,3}>[ >]*(.*)")
_ADMONITION = re.compile(r"\[!(note|tip|important|warning|caution|info|success|question|example)\][+-]?\s*(.*)", re.I)
INTERVIEW = re.compile(r"interview|question bank|(?:practi[cs]e|sample) (?:questions?|prompts?)|mock", re.IGNORECASE)
"""Headings (and titles) under which questions are interview questions."""
PROMPT = re.compile(
    r"(?:tell (?:me|us) about|walk (?:me|us) through|describe (?:a|an|the|how|your)|design (?:a|an)\b|estimate\b"
    r"|explain (?:how|why|what|to)\b|give (?:me |us )?an example|talk (?:me |us )?(?:about|through)|imagine\b"
    r"|pitch\b|critique\b|prioriti[sz]e\b|improve\b)",
    re.IGNORECASE,
)
"""An interview prompt put without a question mark ("Walk me through ...", "Design a ...")."""
_ADVICE = re.compile(r"(what|how|when)\s+to\s+(\w[^?!.]{2,80})", re.IGNORECASE)
_ABOUT_ITSELF = re.compile(r"\b(?:this|these)\b|\bfrom here\b", re.IGNORECASE)
TO_DO = "to-do"
"""The reason for a checklist item ("- [ ] Read two eval posts"): a task to do, not knowledge; one that explains
something ("- [ ] Precision: of the flagged, how many were right") is kept."""
_EXPLAINED = re.compile(r":\s|\s[=—–]\s|\s-\s")
_KEYCAP = re.compile(r"(\d{1,2})\ufe0f?\u20e3\s{0,3}(.+)")
_TIP = re.compile(
    r"(?:\*\*|__)?(?:pro tip|tip|note|important|warning|caution|remember|heads up|key takeaway)(?:\*\*|__)?\s{0,3}:"
    r"(?:\*\*|__)?",
    re.IGNORECASE,
)
_ITEM_MARKS = "-*+•●▪◦‣·–→"
_BLOCK_MARKS = f"{_ITEM_MARKS}#>|_0123456789"
_ITEM = re.compile(rf"( {{0,12}})([{re.escape(_ITEM_MARKS)}]|\d{{1,3}}[.)]|\d{{1,2}}/)[ \t]+(?:\[[ xX]\][ \t]+)?(.*)")
"""A list item: a bullet (an arrow too), "1." or "1)", or a thread's "1/"."""
_BANK = re.compile(r"(?:\*\*)?(?:Q|Question )(\d{1,3})(?:\*\*)?[ \t]*[-–—:.)](?:\*\*)?[ \t]*(.+)")
_QA = re.compile(r"(?:\*\*)?(Q|Question|A|Answer)[ \t]*:(?:\*\*)?[ \t]+(.+)")
_QUESTION_LABEL = re.compile(
    r"(?:\*\*|__)?(?:[A-Za-z][\w’'-]{0,20}[ \t]){0,2}?(?:q|question)\b(?:[ \t](?:from|for|by|to)[ \t][\w’' -]{1,25}?)?"
    r"(?:\*\*|__)?[ \t]{0,3}:(?:\*\*|__)?[ \t]{0,3}",
    re.IGNORECASE,
)
_BOLD_LINE = re.compile(r"(\*\*|__)(.+?)\1[ \t]*:?")
_PROMPT = re.compile(
    r"(?P<lead>[^*“\":]{0,80}):[ \t]{0,3}"
    r"(?:\*\*(?P<bold>[^*]{6,400})\*\*|“(?P<curly>[^”]{6,400})”|\"(?P<straight>[^\"]{6,400})\")[ \t]{0,3}\.?"
)
_PROMPT_LEAD = re.compile(
    r"\b(?:prompts?|questions?|(?<!to )(?<!you )(?<!we )(?<!should )(?<!must )ask(?:s|ed)?|asking|case)\b[^:]{0,20}$",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"(?:q|#)?(\d{1,2})\s{0,3}[.):–—-]\s{1,3}(.+)"
    r"|(?:step|round|stage|phase|part|day|week|mistake|lesson|tip|rule|question|level|principle|law|pillar|habit|sign"
    r"|reason|way|myth|trend|module|chapter)\s#?(\d{1,2})\b.*",
    re.IGNORECASE,
)
_TURN = re.compile(
    r"\[?(?:\d{1,2}:)?\d{1,2}:\d{2}\]?\s+(?P<timed>[A-Z][\w.' -]{0,30}?)(?:\s*\([^()]{0,40}\))?:\s+(?P<text>.+)"
    r"|(?P<named>[A-Z][A-Z.' -]{1,30}?|(?:[Ii]nterviewer|[Cc]andidate|[Ii]nterviewee|[Hh]ost|[Gg]uest|[Cc]oach"
    r"|[Rr]ecruiter|[Hh]iring [Mm]anager))(?:\s*\([^()]{0,40}\))?:\s+(?P<rest>.+)"
)
_SPEAKER_CHARS = 64
_NOT_SPEAKERS = frozenset(
    {"BAD", "GOOD", "WRONG", "RIGHT", "NOTE", "TIP", "WARNING", "Q", "A", "DO", "DON'T", "WHY", "ANSWER", "QUESTION",
     "PS", "UPDATE", "EDIT", "TL", "TLDR", "FAQ", "AI", "PM", "NB", "IMPORTANT", "EXAMPLE", "STRONG", "WEAK"}
)  # fmt: skip
_MIN_TURNS = 4
_TABLE_SEPARATOR = re.compile(r"\|?[ \t]{0,40}:?-{2,}:?[ \t]{0,40}(?:\|[ \t]{0,40}:?-{2,}:?[ \t]{0,40})*\|?")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_KNOWN_HEADINGS = {
    "summary", "conclusion", "introduction", "overview", "faq", "faqs", "checklist", "takeaways",
    "resources", "references", "mistakes", "examples", "background", "context", "tl;dr", "tldr",
}  # fmt: skip
_FUNCTION_WORDS = {
    "a", "an", "the", "to", "of", "for", "in", "on", "and", "or", "vs", "vs.", "with", "is", "as", "at", "by",
    "from", "into", "your", "you",
}  # fmt: skip
_MARKED = re.compile(
    r"[❌✗✘✖👎⛔🚫▫◻⬜◽⚠✅✔✓☑👍]|(?:\*\*|__)?(?:bad|good|weak|strong|wrong|right|better|do|don['’]?t)"
    r"(?: answer| approach| example| move)?(?:\*\*|__)?\s*:",
    re.IGNORECASE,
)
_ENTRY = re.compile(r"[A-Z][\w/&'’()-]{0,25}(?: [\w/&'’()-]{1,25}){0,3} [—–-] \S")
"""A line that opens with a term and a dash ("Shadow mode - running a model ..."): an entry of a list."""
_ANNOUNCES = re.compile(
    r"\b(?:favou?rite|question|prompt|q|one|classic|follow-up|opener|closer|ask(?:s|ed)?|round \d{1,2}|part \d{1,2}"
    r"|step \d{1,2})$",
    re.IGNORECASE,
)
"""The end of a lead-in announcing a question ("Her second favourite", "Round 2", "Another one")."""
_ASKING = re.compile(
    r"(?:what|how|why|when|where|which|who|is|are|do|does|did|can|could|would|should|will|have|has)\b", re.IGNORECASE
)
_LEAD_IN_WORDS = 5
_INDENT = "    "
_LABEL_WORDS = 4
_SIGNATURE_LINES = 8
SIGNATURE = "signature"
"""The noise reason of what follows an email's "--" line: its signature and footer."""
_TITLE_LIKE_END = re.compile(r"[\w)”\"'’?]$")
_LABEL_SEPARATOR = re.compile(r"\s[—–-]\s|:\s")
_LEADING_LABEL = re.compile(r"(\*\*|__)[^*_]+?(?::\1|\1:)")


class Row(NamedTuple):
    """A table row: its article line and its cells."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """One paragraph, list item, blockquote, admonition (`note`) or table.

    `text` keeps inline Markdown; `starts` maps offsets in `text` to article lines (a block may
    join several lines); `noise` says why the block is not content ("" when it is); `index` is
    the block's position in the article, its identity for the finders; `speaker` names who
    speaks in a transcript turn; `depth` is how deeply a list item is nested (0 at the top), and
    `ordinal` a numbered item's own number ("3." or "3/" gives 3); `replies_to` the start of the
    chat message it answers, as its "replying to" line quotes it.
    """

    kind: BlockKind
    text: str
    line: int
    index: int
    starts: tuple[tuple[int, int], ...] = ()
    rows: tuple[Row, ...] = ()
    noise: str = ""
    speaker: str = ""
    depth: int = 0
    ordinal: int | None = None
    replies_to: str = ""

    def line_at(self, offset: int) -> int:
        """The article line of the character at `offset` in `text`."""
        position = bisect.bisect_right(self.starts, offset, key=lambda start: start[0])
        return self.starts[position - 1][1] if position else self.line

    @property
    def sentences(self) -> tuple[tuple[int, str], ...]:
        return sentences(self.text)


@dataclass
class Section:
    """A heading (or question line, bold line, prompt) and the blocks under it.

    `context` holds the titles of the enclosing non-question headings, outermost first (the
    section's own title included when it is not a question). `origin` says what started it: a
    `#` heading, a plain-text line, a bold or `<summary>` line, a `Q:` line, an interview prompt
    or bank line, an advice heading ("What to ask at the end", a question whose bold labels are
    its own subsections), the article's lead (before any heading) or a thematic break. `number` is the
    heading's own number ("3. Skipping the data question" gives 3).
    """

    title: str
    line: int
    level: int
    question: bool
    context: tuple[str, ...]
    blocks: list[Block] = field(default_factory=list)
    noise: str = ""
    origin: Origin = "heading"
    number: int | None = None


@dataclass(frozen=True)
class Skipped:
    """Something in the article that gave no card, and why."""

    line: int
    reason: str
    text: str


@dataclass
class Article:
    """A parsed article: title ("" when it has none), URL, TL;DR, sections, and what was skipped; `chat`
    when it is a chat export (each block's `speaker` is the author of its message)."""

    title: str
    url: str
    sections: list[Section]
    skipped: list[Skipped]
    tldr: str = ""
    tldr_line: int = 0
    chat: bool = False
    sources: tuple[int, ...] = ()
    """For an HTML page, the page line of each line the article was read from (see `source_line`)."""

    def source_line(self, line: int) -> int:
        """The line of the article's own file that `line` (a line of the text read) comes from."""
        return source_line(self.sources, line)

    def blocks(self) -> list[tuple[Section, Block]]:
        """Every content block with its section, in article order."""
        return [(section, block) for section in self.sections for block in section.blocks if not block.noise]


def source_line(sources: tuple[int, ...], line: int) -> int:
    """The file's line that `line` of the text read comes from: itself, except in an HTML page, read as the
    Markdown converted from it (`sources` holds the page line of each Markdown line)."""
    return sources[line - 1] if 0 < line <= len(sources) else line


def normalise(text: str) -> list[str]:
    """The article's lines: no invisible or control characters, HTML tags or comments, or images
    (a `<summary>` becomes a bold line); no footnote references ("prompt[^1]"), heading anchors or
    trailing disclosure glyphs; tabs as spaces; no `{{`/`}}` (cloze syntax)."""
    lines = []
    for line in text.splitlines():
        line = _INVISIBLE.sub("", line).replace("\t", "    ")
        if "<" in line:
            summary = _SUMMARY.fullmatch(line)
            line = f"**{summary.group(1).strip()}**" if summary else _HTML_TAG.sub("", _without_comments(line))
        if "](" in line:
            line = _INLINE_IMAGE.sub("", line)
        if "[^" in line:
            line = _FOOTNOTE_REF.sub("", line)
        line = line.replace("{{", "{ {").replace("}}", "} }").rstrip()
        if line.endswith("}"):
            line = _ANCHOR.sub("", line)
        if line[-1:] in "▾▸▼►▶⌄❯›»+⊕\ufe0f" and line:
            line = _GLYPH.sub("", line)
        lines.append(line)
    return lines


def _without_comments(line: str) -> str:
    """`line` without its `<!-- ... -->` comments (an unclosed one is left as text)."""
    first, *rest = line.split("<!--")
    kept = [first]
    for part in rest:
        _, closed, after = part.partition("-->")
        kept.append(after if closed else f"<!--{part}")
    return "".join(kept)


def _heading(line: str) -> tuple[int, str] | None:
    """The level and title of a `#` heading line (closing `#`s removed), or None."""
    match = _HEADING.fullmatch(line)
    if match is None:
        return None
    title = (match.group(2) or "").strip()
    unclosed = title.rstrip("#")
    if unclosed != title and (not unclosed or unclosed[-1] in " \t"):
        title = unclosed.strip()
    return len(match.group(1)), title


def _title_like(text: str) -> bool:
    """Whether a short line reads as a heading: capitalised words or a known heading word, no sentence end."""
    plain = strip_markdown(text)
    tokens = plain.split()
    if (
        _LEADING_LABEL.match(text)
        or not tokens
        or len(tokens) > 10
        or len(plain) > 80
        or ends_sentence(plain)
        or not _TITLE_LIKE_END.search(plain)
    ):
        return False
    if not (plain[0].isupper() or plain[0].isdigit()):
        return False
    if any(token.lower().strip(":") in _KNOWN_HEADINGS for token in tokens):
        return True
    if len(tokens) == 1:
        return plain.isupper()
    content = [token for token in tokens if token.lower() not in _FUNCTION_WORDS]
    capitalised = sum(1 for token in content if token[0].isupper() or token[0].isdigit())
    return bool(content) and capitalised / len(content) >= 0.6


def _without_lead_in(question: str) -> str:
    """A question without the lead-in announcing it ("Her second favourite: how would you ...?" gives "How
    would you ...?"); a lead-in that names the topic ("Why AI: what makes it different?") stays."""
    lead, colon, asked = question.partition(": ")
    if not colon or words(lead) > _LEAD_IN_WORDS or not _ANNOUNCES.search(lead) or not _ASKING.match(asked):
        return question
    return asked[:1].upper() + asked[1:]


def _list_label(text: str) -> bool:
    """Whether a short line labels the list under it ("Opening", "Hiring bar"): a few words, capitalised,
    no sentence punctuation."""
    plain = strip_markdown(text)
    return 0 < words(plain) <= _LABEL_WORDS and plain[0].isupper() and bool(_TITLE_LIKE_END.search(plain))


def question_label(text: str) -> int:
    """How long the label before a question is ("Audience Q: ", "q from the floor: ", "Question: "), or 0."""
    match = _QUESTION_LABEL.match(text) if ":" in text[:60] else None
    return match.end() if match and match.end() < len(text) else 0


def _advice_question(title: str) -> str:
    """The question an advice heading asks ("What to ask at the end" gives "What should you ask at the
    end?", "How to prepare" gives "How should you prepare?"); "" for any other heading, and for one
    about the text itself ("How to use this doc")."""
    if " to " not in title:
        return ""
    match = _ADVICE.fullmatch(numbered(strip_markdown(title).strip().rstrip(":"))[1])
    if match is None or _ABOUT_ITSELF.search(match.group(2)):
        return ""
    asked = match.group(2)
    first = asked.split()[0]
    if first[:1].isupper() and not first.isupper():  # "How to Prepare": a title-cased heading
        asked = asked[:1].lower() + asked[1:]
    return f"{match.group(1)[:1].upper()}{match.group(1)[1:].lower()} should you {asked}?"


def _quotes_prompt(section: Section) -> bool:
    """Whether a section's last block is a quoted question or prompt ("> “A vendor offers ... Would you switch?”")."""
    if not section.blocks or section.blocks[-1].kind != "quote":
        return False
    asked = unquote(strip_markdown(section.blocks[-1].text).strip())
    return asked.endswith("?") or bool(PROMPT.match(asked))


def _calls_for_questions(question: str) -> bool:
    """Whether a question heading is one word after its label ("Slide 13 — Questions?", "Part 4: Thoughts?"):
    a call for the audience's questions, not a question with an answer."""
    return words(_LABEL_SEPARATOR.split(question)[-1]) < 2


def _question_line(text: str) -> bool:
    """Whether a standalone line is one question (a section heading in plain-text articles)."""
    plain = strip_markdown(text)
    return (
        plain.endswith("?")
        and plain[0] not in "“\"'‘"
        and 3 <= words(plain) <= 40
        and len(sentences(plain)) == 1
        and not rhetorical(plain)
        and not template(plain)
        and not _calls_for_questions(plain)
    )


def _cells(line: str) -> tuple[str, ...]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return tuple(cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT.split(inner))


def _is_row(line: str) -> bool:
    stripped = line.strip()
    return stripped.count("|") >= 2 or (stripped.startswith("|") and stripped.count("|") >= 1 and len(stripped) > 1)


def _starts_table(line: str, following: str | None) -> bool:
    """Whether a line with a pipe is a table's first row: a row before another row, or any line before a
    separator row with a pipe ("Term | Meaning" over "--- | ---": a table without outer pipes)."""
    if following is None:
        return False
    if _is_row(line) and _is_row(following):
        return True
    return "|" in following and bool(_TABLE_SEPARATOR.fullmatch(following))


def _turn(line: str) -> tuple[str, str] | None:
    """The speaker and text of a transcript turn (`[00:01:02] HOST (Ana): ...` or `JONAH: ...`), or None."""
    opens = line[:1] == "[" or line[:1].isupper() or line[:1].isdigit()
    match = _TURN.match(line) if opens and ":" in line[:_SPEAKER_CHARS] else None
    if match is None:
        return None
    speaker = (match.group("timed") or match.group("named")).strip()
    if not match.group("timed") and speaker in _NOT_SPEAKERS:
        return None
    return speaker.upper(), (match.group("text") or match.group("rest")).strip()


def _transcript(lines: list[str]) -> bool:
    """Whether the article is a transcript: several turns, by at least two speakers who each speak twice."""
    speakers = Counter(turn[0] for turn in map(_turn, (line.strip() for line in lines if line.strip())) if turn)
    return sum(speakers.values()) >= _MIN_TURNS and sum(1 for count in speakers.values() if count >= 2) >= 2


def numbered(title: str) -> tuple[int | None, str]:
    """A heading's own number, and its title without a bare number ("3. Skipping data" gives 3 and
    "Skipping data"; "Round 2: Product sense" gives 2 and keeps its title)."""
    match = _NUMBER.fullmatch(title)
    if match is None:
        return None, title
    if match.group(1):
        return int(match.group(1)), match.group(2).strip()
    return int(match.group(3)), title


class _Parser:
    """Builds sections and blocks line by line."""

    def __init__(
        self,
        lines: list[str],
        title: str,
        wrapped: bool,
        transcript: bool,
        indented: bool,
        authors: dict[int, str],
        sources: tuple[int, ...] = (),
    ) -> None:
        self.lines = lines
        self.sources = sources
        self.authors = authors
        self.author = ""
        self.replies_to = ""
        self.title = title
        self.wrapped = wrapped
        self.transcript = transcript
        self.headed = any(line[:1] == "#" and _heading(line) for line in lines)
        self.sections: list[Section] = []
        self.skipped: list[Skipped] = []
        self.stack: list[tuple[int, str]] = []
        self.base_level = 1
        self.noise_level: int | None = None
        self.noise_by_bold_line = False
        """Whether the skipped section was opened by a heading without a level (a bold line): a
        `#` heading of any level ends it, since a bold line's level among them is only a guess."""
        self.kind: BlockKind | None = None
        self.parts: list[tuple[int, str]] = []
        self.rows: list[Row] = []
        self.speaker = ""
        self.depth = 0
        self.ordinal: int | None = None
        self.open = False
        self.note = False
        self.arrow = False
        self.todo = False
        self.signed = False
        self.count = 0
        self.indented_quotes = indented

    # blocks

    def flush(self) -> None:
        if self.kind is None:
            return
        text, starts, offset = "", [], 0
        for number, part in self.parts:
            text = f"{text} {part}" if text else part
            starts.append((offset, number))
            offset = len(text) + 1
        section = self.section_for(self.parts[0][0])
        noise = section.noise or (SIGNATURE if self.signed else "") or (TO_DO if self.todo else "")
        noise = noise or (noise_reason(text) if self.kind != "table" else "")
        block = Block(
            self.kind,
            text,
            self.parts[0][0],
            self.count,
            tuple(starts),
            tuple(self.rows),
            noise,
            self.speaker,
            self.depth,
            self.ordinal,
            self.replies_to,
        )
        self.count += 1
        section.blocks.append(block)
        if noise and not section.noise:
            self.skipped.append(Skipped(block.line, noise, shorten(text, 70)))
        self.kind, self.parts, self.rows, self.open, self.speaker, self.depth = None, [], [], False, "", 0
        self.ordinal, self.arrow, self.todo = None, False, False

    def start(
        self, kind: BlockKind, number: int, text: str, speaker: str = "", depth: int = 0, ordinal: int | None = None
    ) -> None:
        self.flush()
        self.kind, self.parts, self.open, self.depth = kind, [(number, text)], True, depth
        self.speaker, self.ordinal = speaker or self.author, ordinal

    def section_for(self, number: int) -> Section:
        if not self.sections:
            self.sections.append(Section("Introduction", number, 1, False, (), origin="lead"))
        return self.sections[-1]

    # sections

    def heading(self, title: str, number: int, level: int | None, question: bool, origin: Origin) -> None:
        """Open a section. A heading without a level (a question line, bold line or prompt) sits one
        level below the last `#` or title-like heading."""
        self.flush()
        own_number, title = numbered(strip_markdown(title).strip().rstrip(":").strip())
        title = title or f"Section at line {source_line(self.sources, number)}"
        if question:
            title = _without_lead_in(unquote(title))
        levelled = level is not None
        if level is None:
            level = self.base_level + 1
        else:
            self.base_level = level
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        if self.noise_level is not None and (level <= self.noise_level or (levelled and self.noise_by_bold_line)):
            self.noise_level = None
        noise = "" if self.noise_level is None else self.sections[-1].noise
        own = heading_noise(title)
        if own and not noise:
            noise = own
            self.skipped.append(Skipped(number, own, title))
            if not question and own != ABOUT_THE_ARTICLE:
                self.noise_level, self.noise_by_bold_line = level, not levelled
        if not question:
            self.stack.append((level, title))
        context = tuple(name for _, name in self.stack)
        self.sections.append(
            Section(title, number, level, question, context, noise=noise, origin=origin, number=own_number)
        )

    def label(self, bold: str, line: str) -> bool:
        """Whether a bold line ending in a colon labels part of a question's answer ("**Sample answer:**"),
        also of a question quoted as the last block before it; under an advice heading ("How to prepare")
        such lines head its own subsections."""
        last = self.sections[-1] if self.sections else None
        return (
            last is not None
            and (last.question or _quotes_prompt(last))
            and last.origin != "advice"
            and line.rstrip("*_ ").endswith(":")
            and words(bold) <= 6
        )

    def asks(self, title: str, level: int) -> bool:
        """Whether a heading is a question: it ends in "?", or it is an interview prompt ("Tell me about a
        time ...", "Design a ...") in an interview article or section."""
        plain = unquote(numbered(strip_markdown(title).strip())[1])
        if plain.endswith("?"):
            return not rhetorical(plain) and not template(plain) and not _calls_for_questions(plain)
        context = [self.title, *(name for heading_level, name in self.stack if heading_level < level)]
        prompt = bool(PROMPT.match(plain)) and any(INTERVIEW.search(name) for name in context)
        return prompt and not template(plain)  # "Design an AI feature for X": no prompt to practise

    def thematic_break(self, number: int) -> None:
        """A `---` line: what follows no longer answers the question before it."""
        self.flush()
        last = self.sections[-1] if self.sections else None
        if last is not None and last.question:
            parent = self.stack[-1][1] if self.stack else "Introduction"
            context = tuple(name for _, name in self.stack)
            self.sections.append(Section(parent, number, last.level, False, context, noise=last.noise, origin="after"))

    # lines

    def boundary(self) -> bool:
        """Whether the next line starts something new (no unfinished paragraph before it)."""
        return not (self.open and self.kind in ("paragraph", "quote") and not ends_sentence(self.parts[-1][1]))

    def joins(self, text: str, indented: bool) -> bool:
        """Whether a line continues the open block: an indented line under a list item, a wrapped
        line (not a new question or heading after a finished sentence), or a lowercase continuation."""
        if not self.open or self.kind not in ("paragraph", "item", "quote", "note"):
            return False
        if self.kind == "item" and indented:
            return True
        if _MARKED.match(text) or (_ENTRY.match(text) and _ENTRY.match(self.parts[-1][1])):
            return False  # a mark, or the next line of a glossary ("Precision - ..." after "Recall - ...")
        finished = ends_sentence(self.parts[-1][1])
        if self.wrapped and self.kind != "item":
            return not (finished and (_question_line(text) or _title_like(text)))
        return not finished and text[:1].islower()

    def text_line(self, number: int, raw: str, following: str | None) -> None:
        stripped = raw.strip()
        first = stripped[0]
        turn = _turn(stripped) if self.transcript else None
        if turn or self.authors:  # a chat message's lines are its author's text, never headings
            if turn:
                self.start("paragraph", number, turn[1], speaker=turn[0])
            elif self.joins(stripped, raw.startswith("  ")):
                self.parts.append((number, stripped))
            else:
                self.start("paragraph", number, stripped)
            return
        keycap = _KEYCAP.fullmatch(stripped) if "\u20e3" in stripped[:4] else None
        if keycap:  # "1️⃣ They lead with outcomes": a numbered point, explained by what follows
            point = keycap.group(2)
            self.heading(f"{keycap.group(1)}. {point}", number, None, question=point.endswith("?"), origin="line")
            return
        bank = _BANK.fullmatch(stripped) if first in "Q*" else None
        qa = _QA.fullmatch(stripped) if first in "QA*" else None
        bold = _BOLD_LINE.fullmatch(stripped) if first in "*_" else None
        quoted = "**" in stripped or '"' in stripped or "“" in stripped
        prompt = _PROMPT.fullmatch(stripped) if ":" in stripped and quoted else None
        if prompt and not _PROMPT_LEAD.search(prompt.group("lead")):
            prompt = None
        if not (bank or qa or bold or prompt) and self.joins(stripped, raw.startswith("  ")):
            self.parts.append((number, stripped))
            return
        boundary = self.boundary()
        if bank and words(bank.group(2)) >= 2:
            self.heading(unquote(bank.group(2).strip("* ")), number, None, question=True, origin="prompt")
        elif prompt and not heading_noise(stripped) and not template(stripped):
            asked = prompt.group("bold") or prompt.group("curly") or prompt.group("straight")
            self.heading(asked, number, None, question=True, origin="prompt")
        elif qa and qa.group(1).startswith("Q") and words(qa.group(2)) >= 2:
            self.heading(qa.group(2).strip("* "), number, None, question=True, origin="qa")
        elif qa:
            self.start("paragraph", number, f"Answer: {qa.group(2)}")
        elif boundary and (labelled := question_label(stripped)) and _question_line(stripped[labelled:]):
            asked = stripped[labelled:]
            self.heading(asked[:1].upper() + asked[1:], number, None, question=True, origin="qa")  # "Audience Q: ..."
        elif bold and self.label(bold.group(2), stripped):
            self.start("paragraph", number, f"{strip_markdown(bold.group(2)).rstrip(':').strip()}:")
        elif bold:
            title = unquote(strip_markdown(bold.group(2)))
            asking = title.endswith("?") and not rhetorical(title) and not template(title)
            self.heading(title, number, None, question=asking, origin="bold")
        elif boundary and _question_line(stripped):
            self.heading(stripped, number, None, question=True, origin="line")
        elif boundary and self.heading_line(stripped, following):
            advice = _advice_question(stripped)
            self.heading(advice or stripped, number, 2, question=bool(advice), origin="advice" if advice else "line")
        else:
            self.start("paragraph", number, stripped)

    def heading_line(self, stripped: str, following: str | None) -> bool:
        """Whether a title-like line heads a section: in plain text (an article with `#` headings uses
        them), when something follows it and it is not itself noise; or when it names page furniture."""
        if not self.headed and following is not None and _ITEM.fullmatch(following) and _list_label(stripped):
            return True  # "Hiring bar" over its bullets
        if not _title_like(stripped) or (following is not None and following[:1].islower()):
            return False
        if section_noise(stripped):
            return True
        return not self.headed and following is not None and not noise_reason(stripped)

    def table_row(self, number: int, stripped: str) -> None:
        if self.kind != "table":
            self.start("table", number, stripped)
        else:
            self.parts.append((number, stripped))
        if not _TABLE_SEPARATOR.fullmatch(stripped):
            self.rows.append(Row(number, _cells(stripped)))

    def quote_line(self, number: int, content: str) -> None:
        """A blockquote line; an admonition marker (`[!TIP]`) makes the rest of the quote a note."""
        admonition = _ADMONITION.fullmatch(content) if content.startswith("[!") else None
        if admonition:
            self.flush()
            self.note = True
            content = admonition.group(2).strip()
            if not content:
                return
        tip = _TIP.match(content) if self.kind != "quote" and not self.note else None
        if tip:
            self.flush()
            self.note, content = True, content[tip.end() :].strip()
        kind: BlockKind = "note" if self.note else "quote"
        if not content:
            self.flush()
        elif self.kind == kind and self.joins(content, False):
            self.parts.append((number, content))
        else:
            self.start(kind, number, content)

    def parse(self) -> None:
        fence = False
        upcoming = self._following()
        for index, raw in enumerate(self.lines):
            number, stripped = index + 1, raw.strip()
            if stripped.startswith(("```", "~~~")):
                self.flush()
                if not fence:
                    self.skipped.append(Skipped(number, "code block", ""))
                fence = not fence
                continue
            if fence:
                continue
            if self.authors and (index in self.authors or reaction(stripped) or bot(self.author)):
                self.flush()  # a chat message's header names who writes the lines under it; a bot's are furniture
                if index in self.authors:
                    self.author, self.replies_to = self.authors[index], ""
                else:
                    self.replies_to = quoted_reply(stripped) or self.replies_to
                continue
            first = stripped[:1]
            if first != ">":
                self.note = False
            if not stripped:
                self.flush()
                continue
            if first in "-*_=" and _RULE.fullmatch(stripped):
                if not (
                    index and _SETEXT.fullmatch(stripped) and self.setext(index - 1, self.lines[index - 1].strip())
                ):
                    self.thematic_break(number)
                continue
            heading = _heading(raw) if first == "#" else self.setext(index, stripped)
            quote = _QUOTE.fullmatch(raw) if first == ">" else None
            item = _ITEM.fullmatch(raw) if first in _ITEM_MARKS or first.isdigit() else None
            if heading:
                level, title = heading
                if title:
                    advice = _advice_question(title)
                    if advice:
                        self.heading(advice, number, level, question=True, origin="advice")
                    else:
                        self.heading(title, number, level, question=self.asks(title, level), origin="heading")
                else:
                    self.flush()
            elif "|" in stripped and (self.kind == "table" or _starts_table(stripped, upcoming[index])):
                self.table_row(number, stripped)
            elif quote:
                self.quote_line(number, quote.group(1).strip())
            elif item and item.group(3).strip():
                self.item_line(number, item, bool(index) and bool(self.lines[index - 1].strip()))
            elif stripped == "--" and self.signature(index):
                self.flush()
                self.signed = True
            elif self.indented_quotes and self.indented(raw):
                self.quote_line(number, stripped)
            else:
                self.text_line(number, raw, upcoming[index])
        self.flush()

    def item_line(self, number: int, item: re.Match[str], joined: bool) -> None:
        """A list item; an arrow line right under an item or a line of text ("Ignoring cost per query" /
        "→ a feature that costs more ...") gives the reason of that line, not an item of its own."""
        mark, text = item.group(2).rstrip(".)/"), item.group(3).strip()
        if mark == "→" and joined and self.open and self.kind in ("item", "paragraph") and not self.arrow:
            self.parts.append((number, f"→ {text}"))
            return
        ordinal = int(mark) if mark.isdigit() else None
        self.start("item", number, text, depth=(len(item.group(1)) + 1) // 3, ordinal=ordinal)
        self.arrow = mark == "→"
        self.todo = "[" in item.group(0)[: item.start(3) - item.start(0)] and not _EXPLAINED.search(text)

    def indented(self, raw: str) -> bool:
        """Whether a line is indented as a quotation (a sample answer set off by four spaces) in an article
        whose text is not indented: not a list item's continuation."""
        if not raw.startswith(_INDENT):
            return False
        if self.open:
            return self.kind == "quote"
        last = self.sections[-1].blocks[-1] if self.sections and self.sections[-1].blocks else None
        return last is None or last.kind != "item"

    def signature(self, index: int) -> bool:
        """Whether a "--" line opens an email signature: a few lines follow it to the end."""
        rest, position = 0, index + 1
        while position < len(self.lines) and rest <= _SIGNATURE_LINES:
            rest += bool(self.lines[position].strip())
            position += 1
        return 0 < rest <= _SIGNATURE_LINES

    def setext(self, index: int, stripped: str) -> tuple[int, str] | None:
        """A setext heading: a lone line of text underlined with `===` (level 1) or `---` (level 2)."""
        underline = self.lines[index + 1].strip() if index + 1 < len(self.lines) else ""
        lone = index == 0 or not self.lines[index - 1].strip()
        if not stripped or not lone or not _SETEXT.fullmatch(underline) or stripped[0] in "#>|":
            return None
        if _ITEM.fullmatch(self.lines[index]):
            return None
        return (1 if underline[0] == "=" else 2), stripped

    def _following(self) -> list[str | None]:
        """For each line, the next non-blank line (stripped), or None at the end."""
        following: list[str | None] = [None] * len(self.lines)
        upcoming: str | None = None
        for index in range(len(self.lines) - 1, -1, -1):
            following[index] = upcoming
            if self.lines[index].strip():
                upcoming = self.lines[index].strip()
        return following


def _indents_quotes(text_lines: list[str]) -> bool:
    """Whether indentation sets text apart: some lines of text are indented, at most half of them."""
    indented = sum(1 for line in text_lines if line.startswith(_INDENT))
    return 0 < indented <= len(text_lines) / 2


def _is_wrapped(lines: list[str], text_lines: list[str]) -> bool:
    """Whether paragraphs are hard-wrapped (blank lines between paragraphs, short lines within them)."""
    if not text_lines or len(text_lines) == len(lines) or not any(not line.strip() for line in lines):
        return False
    long_lines = sum(1 for line in text_lines if len(line) > 120)
    return long_lines / len(text_lines) < 0.1


def read_article(text: str) -> Article:
    """Parse an article's text (plain text, Markdown or HTML) into sections and blocks."""
    sources: tuple[int, ...] = ()
    if looks_like_html(text):
        text, sources = html_to_markdown(text)
    lines = read_thread(normalise(text))
    header = read_header(lines)
    text_lines = [line for line in lines if line.strip() and line.lstrip()[0] not in _BLOCK_MARKS]
    transcript = _transcript(lines)
    authors = chat_authors(lines)
    indented = not transcript and not authors and _indents_quotes(text_lines)
    parser = _Parser(lines, header.title, _is_wrapped(lines, text_lines), transcript, indented, authors, sources)
    parser.parse()
    sections = parser.sections
    for position, section in enumerate(sections):
        following = sections[position + 1] if position + 1 < len(sections) else None
        has_children = following is not None and following.level > section.level
        if not section.blocks and not has_children and not section.question and not section.noise:
            parser.skipped.append(Skipped(section.line, "empty section", section.title))
    parser.skipped.sort(key=lambda skipped: skipped.line)
    return Article(
        header.title, header.url, sections, parser.skipped, header.tldr, header.tldr_line, bool(authors), sources
    )
