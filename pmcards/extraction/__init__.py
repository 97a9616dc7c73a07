"""Turn a career article (plain text, Markdown or HTML) into a draft deck that passes `pmcards lint`.

    import pmcards
    deck = pmcards.extract(article_text, source="https://example.com/ai-pm-career")
    print(pmcards.write_deck(deck))

It finds question sections, FAQ items and interview questions with the article's own answers,
question banks (✅ key points, ▫️/❌ traps), mistakes, definitions, named frameworks and lists,
numbered points, table rows, figures, contrasts and call-out advice (the TL;DR describes the deck);
it skips calls to action, advertisements, metadata, bylines, reference lists and navigation. A back is always
the article's own answer: where the article gives none, the card holds `TODO: write the answer`,
which `pmcards lint` reports as a warning. The same article always gives the same deck; card ids
come from the deck id, the card's section and its front, so re-extracting an edited article keeps
the ids of the cards that did not change.

`extract_report` also says what each structure gave, which cards wait for an answer and what was
skipped; `extract_file` reads an article file, `extract_files` several (deck ids unique among
them) and `save_decks` writes decks to a file or a folder. Every error is an `ExtractError` that
names the article.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from pmcards.errors import ExtractError
from pmcards.extraction.article import Article, Skipped, read_article
from pmcards.extraction.claims import find_claims
from pmcards.extraction.concepts import find_definitions
from pmcards.extraction.draft import STRUCTURES, Draft, Found, Structure, Usage, build_deck, deck_id_for
from pmcards.extraction.frameworks import find_frameworks
from pmcards.extraction.mistakes import find_mistakes
from pmcards.extraction.points import find_points
from pmcards.extraction.prompts import find_prompts
from pmcards.extraction.questions import find_questions
from pmcards.extraction.save import save_decks
from pmcards.extraction.summary import find_summary, summary_of
from pmcards.extraction.tables import count_tables, find_tables
from pmcards.files import undecodable_byte
from pmcards.format.cards import Deck

__all__ = [
    "STRUCTURES", "Extraction", "Skipped", "extract", "extract_file", "extract_files", "extract_report", "save_decks",
]  # fmt: skip

PathArg = str | os.PathLike[str]
Finder = Callable[[Article, Usage], Found]

FINDERS: tuple[Finder, ...] = (
    find_summary,
    find_questions,
    find_mistakes,
    find_points,
    find_prompts,
    find_frameworks,
    find_definitions,
    find_tables,
    find_claims,
)
"""The finders in the order they claim the article's sentences: a sentence one uses strictly, later
ones leave (a numbered point sums up its section loosely: the questions and definitions in it still count)."""

_NAME_SEPARATORS = re.compile(r"[-_.\s]+")


@dataclass(frozen=True)
class Extraction:
    """A drafted deck and how it was found: cards per structure, tables read, the cards whose answer
    the article does not give (line, front), and what was skipped."""

    source: str
    deck: Deck
    found: dict[Structure, int]
    tables: int
    unanswered: tuple[tuple[int, str], ...]
    skipped: tuple[Skipped, ...]

    def report(self) -> str:
        """What was found per structure, which cards need an answer and what was skipped, as lines of text."""
        lines = [f"{self.source}: deck '{self.deck.id}', {len(self.deck.cards)} cards"]
        for structure, label in STRUCTURES.items():
            extra = f" (from {self.tables} table{'s' if self.tables != 1 else ''})" if structure == "tables" else ""
            lines.append(f"  {label + ':':<24}{self.found[structure]:>4}{extra}")
        lines.append(f"  {'to finish (TODO):':<24}{len(self.unanswered):>4}")
        lines += [f"    line {line}: {front}" for line, front in self.unanswered]
        lines.append(f"  {'skipped:':<24}{len(self.skipped):>4}")
        lines += [
            f"    line {item.line}: {item.reason}" + (f": {item.text}" if item.text else "") for item in self.skipped
        ]
        return "\n".join(lines)


def _url(source: str | None) -> str:
    """`source` when it is a URL (it becomes the deck's `url:`), else ""."""
    if source and source.startswith(("http://", "https://")) and len(source.split()) == 1:
        return source
    return ""


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, byte = undecodable_byte(data, error)
        raise ExtractError(f"{name}: not UTF-8 (invalid byte 0x{byte} on line {line})") from None


def _title_from_name(source: str | None) -> str:
    """A title from the article's file name or URL path ("ai-pm_faq.md" gives "Ai pm faq"), or ""."""
    if not source:
        return ""
    stem = PurePosixPath(urlsplit(source).path.rstrip("/")).stem if _url(source) else Path(source).stem
    name = _NAME_SEPARATORS.sub(" ", stem).strip()
    return name[:1].upper() + name[1:]


def unique_id(deck_id: str, taken: Collection[str]) -> str:
    """`deck_id`, or `deck_id-2`, `-3` ... when it is taken."""
    candidate, number = deck_id, 2
    while candidate in taken:
        candidate, number = f"{deck_id}-{number}", number + 1
    return candidate


def _draft_all(article: Article) -> tuple[list[Draft], list[Skipped]]:
    """Every finder's drafts, in finder order, and what they skipped."""
    usage = Usage()
    drafts: list[Draft] = []
    skipped: list[Skipped] = []
    pending: list[tuple[int, Skipped]] = []
    for finder in FINDERS:
        found = finder(article, usage)
        usage.add(found)
        drafts += found.drafts
        skipped += found.skipped
        pending += found.unless_used
    return drafts, skipped + usage.unused(pending)


def extract_report(
    text: str | bytes, source: str | None = None, *, title: str | None = None, taken: Collection[str] = ()
) -> Extraction:
    """Draft a deck from an article's text (UTF-8 bytes or str) and report what was found and skipped.

    `source` names the article in errors and reports; when it is a URL it becomes the deck's
    `url:`. `title` replaces the article's own title (else its first heading or front-matter
    title, else its file name). The deck id is the title's slug, made unique among `taken`.
    """
    name = source or "article"
    if isinstance(text, bytes):
        text = _decode(text, name)
    if not text.strip():
        raise ExtractError(f"{name}: empty article")
    article = read_article(text)
    article.title = (title or "").strip() or article.title or _title_from_name(source) or "Untitled article"
    if not any(section.blocks for section in article.sections) and not article.tldr:
        raise ExtractError(f"{name}: empty article (a title and nothing else)")
    drafts, skipped = _draft_all(article)
    if not drafts:
        raise ExtractError(
            f"{name}: nothing to draft (no questions, definitions, lists, mistakes, tables, figures or contrasts found)"
        )
    deck_id = unique_id(deck_id_for(article.title), taken)
    built = build_deck(
        article.title, deck_id, drafts, _url(source) or article.url, article.source_line, summary_of(article)
    )
    found = [
        Skipped(article.source_line(item.line), item.reason, item.text)
        for item in sorted([*article.skipped, *skipped], key=lambda s: s.line)
    ]
    everything = sorted([*found, *built.duplicates], key=lambda s: s.line)
    return Extraction(name, built.deck, built.counts, count_tables(article), tuple(built.unanswered), tuple(everything))


def extract(text: str | bytes, source: str | None = None, *, title: str | None = None) -> Deck:
    """Draft a deck from an article's text; see `extract_report` for what was found and skipped."""
    return extract_report(text, source, title=title).deck


def extract_file(path: PathArg, *, title: str | None = None, taken: Collection[str] = ()) -> Extraction:
    """Read an article file (UTF-8) and draft its deck; errors name the file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExtractError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ExtractError(f"{path}: is a folder, not an article") from None
    except OSError as error:
        raise ExtractError(f"{path}: cannot read ({error.strerror or error})") from None
    return extract_report(data, str(path), title=title, taken=taken)


def extract_files(paths: Iterable[PathArg], *, title: str | None = None) -> list[Extraction]:
    """Draft a deck from each article file, with deck ids unique among them (a second deck titled
    like the first gets `<id>-2`); `title` replaces the article's own title, for one article only."""
    results: list[Extraction] = []
    for path in paths:
        if title is not None and results:
            raise ExtractError("a title names one deck: give it with one article only")
        results.append(extract_file(path, title=title, taken={result.deck.id for result in results}))
    return results
