"""Turn a career article (plain text or Markdown) into a draft deck that passes `pmcards lint`.

    import pmcards
    deck = pmcards.extract(article_text, source="https://example.com/ai-pm-career")
    print(pmcards.write_deck(deck))

It finds question sections and their direct answers, FAQ items, interview questions, BAD/GOOD
mistakes, table rows, numeric claims, "not X, but Y" contrasts and the TL;DR, and skips calls to
action, advertisements, related links, navigation and empty sections. The same article always gives
the same deck; card ids come from the deck id, the card's section and its question, so re-extracting
an edited article keeps the ids of the cards that did not change.

`extract_report` also says what each structure gave and what was skipped, `extract_file` reads an
article file and `save_decks` writes decks to a file or a folder. Every error is an `ExtractError`
that names the article.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pmcards.errors import ExtractError
from pmcards.extraction.article import Skipped, read_article
from pmcards.extraction.claims import find_claims
from pmcards.extraction.draft import STRUCTURES, Structure, build_deck
from pmcards.extraction.interview import find_interview
from pmcards.extraction.mistakes import find_mistakes
from pmcards.extraction.questions import find_questions
from pmcards.extraction.tables import find_tables
from pmcards.files import undecodable_byte, write_atomically
from pmcards.format.cards import Deck
from pmcards.format.deckfile import write_deck

__all__ = ["STRUCTURES", "Extraction", "Skipped", "extract", "extract_file", "extract_report", "save_decks"]

PathArg = str | os.PathLike[str]


@dataclass(frozen=True)
class Extraction:
    """A drafted deck and how it was found: cards per structure, tables read, and what was skipped."""

    source: str
    deck: Deck
    found: dict[Structure, int]
    tables: int
    skipped: tuple[Skipped, ...]

    def report(self) -> str:
        """What was found per structure and what was skipped, as lines of text."""
        lines = [f"{self.source}: deck '{self.deck.id}', {len(self.deck.cards)} cards"]
        for structure, label in STRUCTURES.items():
            extra = f" (from {self.tables} table{'s' if self.tables != 1 else ''})" if structure == "tables" else ""
            lines.append(f"  {label + ':':<21}{self.found[structure]:>4}{extra}")
        lines.append(f"  {'skipped:':<21}{len(self.skipped):>4}")
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


def extract_report(text: str | bytes, source: str | None = None) -> Extraction:
    """Draft a deck from an article's text (UTF-8 bytes or str) and report what was found and skipped.

    `source` names the article in errors and reports; when it is a URL it becomes the deck's `url:`.
    """
    name = source or "article"
    if isinstance(text, bytes):
        text = _decode(text, name)
    if not text.strip():
        raise ExtractError(f"{name}: empty article")
    article = read_article(text)
    if not any(section.blocks for section in article.sections):
        raise ExtractError(f"{name}: empty article (a title and nothing else)")
    questions, unanswered = find_questions(article)
    mistakes, mistake_blocks, unpaired = find_mistakes(article)
    interviews, question_blocks, unasked = find_interview(article)
    tables, table_count, bad_rows = find_tables(article)
    claims = find_claims(article, mistake_blocks | question_blocks)
    drafts = questions + mistakes + interviews + tables + claims
    if not drafts:
        open_questions = sum(1 for item in (*unanswered, *unasked) if item.reason.endswith("without an answer"))
        note = f"; {open_questions} question(s) found, none answered in the article" if open_questions else ""
        raise ExtractError(
            f"{name}: nothing recognizable (no question sections, FAQ, interview questions, mistakes, tables, "
            f"figures, contrasts or TL;DR{note})"
        )
    deck, counts, duplicates = build_deck(article, drafts, _url(source) or article.url)
    skipped = sorted([*article.skipped, *unanswered, *unpaired, *unasked, *bad_rows, *duplicates], key=lambda s: s.line)
    return Extraction(name, deck, counts, table_count, tuple(skipped))


def extract(text: str | bytes, source: str | None = None) -> Deck:
    """Draft a deck from an article's text; see `extract_report` for what was found and skipped."""
    return extract_report(text, source).deck


def extract_file(path: PathArg) -> Extraction:
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
    return extract_report(data, str(path))


def _targets(decks: Sequence[Deck], output: Path) -> list[Path]:
    """Where each deck goes: `output` itself for one deck (unless it is a folder), else `<deck id>.md` in it."""
    if len(decks) == 1 and not output.is_dir() and not str(output).endswith(("/", os.sep)):
        if not output.parent.is_dir():
            raise ExtractError(f"{output.parent}: no such folder")
        return [output]
    if output.exists() and not output.is_dir():
        raise ExtractError(f"{output}: is a file; give a folder to write several decks")
    targets: dict[Path, Deck] = {}
    for deck in decks:
        target = output / f"{deck.id}.md"
        if target in targets:
            raise ExtractError(f"two articles give the same deck id '{deck.id}'; give one of them another title")
        targets[target] = deck
    return list(targets)


def save_decks(decks: Sequence[Deck], output: PathArg, *, overwrite: bool = False) -> list[Path]:
    """Write decks as deck files: one deck to a file (or into a folder), several into a folder
    (created if missing) as `<deck id>.md`. Nothing is written if any target exists and
    `overwrite` is False, or if anything else is wrong."""
    output = Path(output)
    targets = _targets(decks, output)
    texts = [write_deck(deck) for deck in decks]
    if not overwrite:
        for target in targets:
            if target.exists():
                raise ExtractError(f"{target}: already exists (use --force / overwrite=True to replace it)")
    for target, text in zip(targets, texts, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, text.encode("utf-8"))
    return targets
