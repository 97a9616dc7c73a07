"""The deck file format (docs/deck-format.md): parse, lint, write, and add missing ids.

`parse_text` turns one file's text into a `Deck` plus every problem found in it; `load_decks`
reads a set of files or folders and checks what spans files (ids unique across all decks);
`write_deck` renders a `Deck` back into the same format, so `parse(write(deck)) == deck`.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pmcards.deck import (
    CLOZE_PATTERN,
    ID_PATTERN,
    Card,
    CardKind,
    Deck,
    card_from_sides,
    clean_text,
)
from pmcards.errors import DeckError, PmcardsError, Problem
from pmcards.paths import default_deck_paths

DECK_FIELDS = ("id", "description", "source", "url", "tags")
MAX_CLOZE = 500
"""The highest cloze number (Anki's own limit is about there too)."""
META_LABELS = ("id", "tags", "section", "source")
CONTENT_LABELS: dict[CardKind, dict[str, str]] = {
    "basic": {"Q": "question", "A": "answer"},
    "cloze": {"Text": "text", "Extra": "extra"},
    "interview": {"Q": "question", "Key points": "key_points", "Traps": "traps", "Framework": "framework"},
}
REQUIRED_LABELS: dict[CardKind, tuple[str, ...]] = {
    "basic": ("Q", "A"),
    "cloze": ("Text",),
    "interview": ("Q", "Key points"),
}
HEADINGS: dict[CardKind, str] = {"basic": "Basic", "cloze": "Cloze", "interview": "Interview"}
TODO_ANSWER = "TODO: write the answer"
"""The placeholder a draft card holds where its article gives no answer; lint warns about it."""
ANSWER_LABELS = ("A", "Extra", "Key points", "Traps", "Framework")

_ALL_LABELS = sorted(
    {*META_LABELS, *(label for labels in CONTENT_LABELS.values() for label in labels)},
    key=len,
    reverse=True,
)
_LABEL_ALTERNATION = "|".join(re.escape(label) for label in _ALL_LABELS)
_TITLE_RE = re.compile(r"#(?!#)\s*(.*)")
_CARD_RE = re.compile(r"##(?!#)\s*(.*)")
_LABEL_RE = re.compile(rf"({_LABEL_ALTERNATION}):(?:\s+(.*)|$)")
_FIELDLIKE_RE = re.compile(r"([A-Za-z][A-Za-z0-9 _-]{0,30}):(?:\s|$)")
_ESCAPED_RE = re.compile(rf"\\+(?:##(?!#)|(?:{_LABEL_ALTERNATION}):(?:\s|$))")
_BLOCK_START_RE = re.compile(r"(?:[-*+>|]|\d+[.)])(?:\s|$)")
_NEEDS_ESCAPE_RE = re.compile(rf"\\*(?:##(?!#)|(?:{_LABEL_ALTERNATION}):(?:\s|$))")


@dataclass
class _Field:
    label: str
    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)

    def value(self) -> str:
        return clean_text("\n".join(text for _, text in self.lines))

    def value_start(self) -> int:
        """The file line of the value's first non-blank line."""
        return next((number for number, text in self.lines if text.strip()), self.line)


@dataclass(frozen=True)
class CardIdLine:
    """Where a card's id is, or should be: the card's heading line, its `id:` line (None when it
    has none) and the id written there ("" when missing or empty)."""

    heading: int
    line: int | None
    value: str


@dataclass
class ParsedFile:
    """The result of parsing one file: the deck (None when unusable), its problems, and the id
    line of every card, including cards with problems."""

    path: Path
    deck: Deck | None
    problems: list[Problem]
    card_lines: dict[str, int] = field(default_factory=dict)
    ids: list[CardIdLine] = field(default_factory=list)


def _split_tags(raw: str, path: Path, line: int, problems: list[Problem]) -> tuple[str, ...]:
    tags = [tag.strip() for tag in raw.split(",") if tag.strip()]
    for tag in tags:
        if any(ch.isspace() for ch in tag):
            suggestion = "-".join(tag.split())
            problems.append(Problem(path, line, f"tag '{tag}' has a space (write it as '{suggestion}')"))
    return tuple(tags)


def _check_id(value: str, what: str, path: Path, line: int, problems: list[Problem]) -> None:
    if not ID_PATTERN.fullmatch(value):
        problems.append(
            Problem(
                path,
                line,
                f"invalid {what} id '{value}': use letters, digits, '.', '_' and '-' "
                "(at most 64, starting with a letter or digit)",
            )
        )


def _check_cloze(text: str, start_line: int, path: Path, problems: list[Problem]) -> None:
    def line_of(offset: int) -> int:
        return start_line + text.count("\n", 0, offset)

    found = False
    for match in CLOZE_PATTERN.finditer(text):
        found = True
        number, answer = int(match.group(1)), match.group(2)
        if "{{" in answer:
            snippet = match.group(0)[:40].split("\n")[0]
            problems.append(
                Problem(
                    path,
                    line_of(match.start()),
                    f"cloze deletion '{snippet}' is not closed before the next one opens "
                    "(a missing '}}'? deletions cannot be nested)",
                )
            )
        elif not 1 <= number <= MAX_CLOZE:
            problems.append(Problem(path, line_of(match.start()), f"cloze number c{number}: use c1 to c{MAX_CLOZE}"))
        elif not answer.strip():
            problems.append(Problem(path, line_of(match.start()), f"empty cloze deletion '{match.group(0)}'"))
    leftover = CLOZE_PATTERN.sub(lambda m: " " * len(m.group(0)), text)
    for marker in ("{{", "}}"):
        offset = leftover.find(marker)
        if offset >= 0:
            snippet = text[offset : offset + 30].split("\n")[0]
            problems.append(
                Problem(
                    path,
                    line_of(offset),
                    f"broken cloze syntax near '{snippet}' (write {{{{c1::answer}}}} or {{{{c1::answer::hint}}}})",
                )
            )
            break
    if not found and not any(p.line >= start_line and "cloze" in p.message for p in problems):
        problems.append(Problem(path, start_line, "cloze text has no deletion like {{c1::answer}}"))


def _parse_card(
    kind: CardKind,
    header_line: int,
    body: list[tuple[int, str]],
    path: Path,
    problems: list[Problem],
    ids: list[CardIdLine],
) -> Card | None:
    allowed = CONTENT_LABELS[kind]
    fields: dict[str, _Field] = {}
    current: _Field | None = None
    for number, text in body:
        match = _LABEL_RE.match(text)
        if match:
            label = match.group(1)
            if label in fields:
                problems.append(Problem(path, number, f"field '{label}:' given twice in this card"))
            elif label not in META_LABELS and label not in allowed:
                problems.append(Problem(path, number, f"field '{label}:' does not belong on a {HEADINGS[kind]} card"))
            current = _Field(label, number, [(number, match.group(2) or "")])
            fields.setdefault(label, current)
            continue
        if current is not None and current.label not in META_LABELS:
            if _ESCAPED_RE.match(text):
                text = text[1:]
            current.lines.append((number, text))
            continue
        if not text.strip():
            continue
        fieldlike = _FIELDLIKE_RE.match(text)
        if fieldlike:
            known = ", ".join(f"{label}:" for label in (*META_LABELS, *allowed))
            problems.append(
                Problem(path, number, f"unknown field '{fieldlike.group(1)}:' (a {HEADINGS[kind]} card takes {known})")
            )
        elif current is not None:
            problems.append(
                Problem(path, number, f"unexpected text after '{current.label}:', which takes a single line")
            )
        else:
            problems.append(Problem(path, number, "unexpected text before the card's first field"))

    before = len(problems)
    id_field = fields.get("id")
    card_id = id_field.value() if id_field else ""
    ids.append(CardIdLine(header_line, id_field.line if id_field else None, card_id))
    if id_field is None:
        problems.append(Problem(path, header_line, "card has no id (run 'pmcards ids' to add one)"))
    elif not card_id:
        problems.append(Problem(path, id_field.line, "'id:' is empty (run 'pmcards ids' to fill it in)"))
    else:
        _check_id(card_id, "card", path, id_field.line, problems)
    for label in REQUIRED_LABELS[kind]:
        if label not in fields:
            problems.append(Problem(path, header_line, f"{HEADINGS[kind]} card has no '{label}:' field"))
        elif not fields[label].value():
            problems.append(Problem(path, fields[label].line, f"'{label}:' is empty"))
    if kind == "cloze" and "Text" in fields and fields["Text"].value():
        _check_cloze(fields["Text"].value(), fields["Text"].value_start(), path, problems)
    tags = _split_tags(fields["tags"].value(), path, fields["tags"].line, problems) if "tags" in fields else ()
    if len(problems) > before:
        return None
    drafted = [fields[label] for label in ANSWER_LABELS if label in fields and TODO_ANSWER in fields[label].value()]
    if drafted:
        problems.append(Problem(path, drafted[0].value_start(), "draft card: write the answer", "warning"))
    sides = {attr: fields[label].value() if label in fields else "" for label, attr in allowed.items()}
    return card_from_sides(
        kind,
        sides,
        id=card_id,
        tags=tags,
        section=fields["section"].value() if "section" in fields else "",
        source=fields["source"].value() if "source" in fields else "",
        line=header_line,
    )


def _kind_of(heading: str) -> CardKind | None:
    for kind, name in HEADINGS.items():
        if heading.strip().lower() == name.lower():
            return kind
    return None


def parse_text(text: str, path: Path) -> ParsedFile:
    """Parse one deck file's text; problems name `path` and the line at fault."""
    problems: list[Problem] = []
    # Only \n (and \r\n, \r) end a line: other separators such as U+2028 stay inside a value.
    lines = list(enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1))
    position = 0
    while position < len(lines) and not lines[position][1].strip():
        position += 1
    title_match = _TITLE_RE.fullmatch(lines[position][1]) if position < len(lines) else None
    if title_match is None or not title_match.group(1).strip():
        where = lines[position][0] if position < len(lines) else 1
        problems.append(Problem(path, where, "not a deck file: it should start with a '# Title' line"))
        return ParsedFile(path, None, problems)
    title = title_match.group(1).strip()
    position += 1

    deck_fields: dict[str, tuple[int, str]] = {}
    while position < len(lines) and not _CARD_RE.match(lines[position][1]):
        number, line = lines[position]
        position += 1
        if not line.strip():
            continue
        fieldlike = _FIELDLIKE_RE.match(line)
        if fieldlike and fieldlike.group(1) in DECK_FIELDS:
            key = fieldlike.group(1)
            if key in deck_fields:
                problems.append(Problem(path, number, f"deck field '{key}:' given twice"))
            deck_fields[key] = (number, line[fieldlike.end() :].strip())
        elif fieldlike:
            known = ", ".join(f"{key}:" for key in DECK_FIELDS)
            problems.append(Problem(path, number, f"unknown deck field '{fieldlike.group(1)}:' (a deck takes {known})"))
        else:
            problems.append(
                Problem(path, number, "unexpected text in the deck header (a description goes in 'description:')")
            )

    deck_id = deck_fields.get("id", (0, ""))[1]
    if not deck_id:
        problems.append(Problem(path, lines[0][0] if lines else 1, "deck has no 'id:' field"))
    else:
        _check_id(deck_id, "deck", path, deck_fields["id"][0], problems)
    deck_tags = (
        _split_tags(deck_fields["tags"][1], path, deck_fields["tags"][0], problems) if "tags" in deck_fields else ()
    )

    cards: list[Card] = []
    card_lines: dict[str, int] = {}
    ids: list[CardIdLine] = []
    while position < len(lines):
        header_number, header = lines[position]
        position += 1
        body: list[tuple[int, str]] = []
        while position < len(lines) and not _CARD_RE.match(lines[position][1]):
            body.append(lines[position])
            position += 1
        heading = _CARD_RE.match(header)
        kind = _kind_of(heading.group(1)) if heading else None
        if kind is None:
            problems.append(
                Problem(
                    path, header_number, f"unknown card kind '{header[2:].strip()}' (use Basic, Cloze or Interview)"
                )
            )
            continue
        card = _parse_card(kind, header_number, body, path, problems, ids)
        if card is not None:
            if card.id in card_lines:
                problems.append(
                    Problem(
                        path, header_number, f"duplicate card id '{card.id}' (first used at line {card_lines[card.id]})"
                    )
                )
            card_lines.setdefault(card.id, header_number)
            cards.append(card)

    deck = Deck(
        id=deck_id,
        title=title,
        description=deck_fields.get("description", (0, ""))[1],
        source=deck_fields.get("source", (0, ""))[1],
        url=deck_fields.get("url", (0, ""))[1],
        tags=deck_tags,
        cards=tuple(cards),
        path=path,
    )
    problems.sort(key=lambda problem: problem.line)
    return ParsedFile(path, deck, problems, card_lines, ids)


def undecodable_byte(data: bytes, error: UnicodeDecodeError) -> tuple[int, str]:
    """The line (from 1) of the byte that `error` could not decode, and that byte in hex."""
    return data.count(b"\n", 0, error.start) + 1, data[error.start : error.start + 1].hex()


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """Read a deck file as UTF-8; a file that cannot be read or decoded gives a problem instead."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(path, 0, f"cannot read: {error.strerror or error}")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line, byte = undecodable_byte(data, error)
        return None, [Problem(path, line, f"not UTF-8: invalid byte 0x{byte} at offset {error.start}")]


def parse_file(path: Path) -> ParsedFile:
    """Read and parse one deck file."""
    text, problems = read_text(path)
    if text is None:
        return ParsedFile(path, None, problems)
    return parse_text(text, path)


def deck_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The deck files named by `paths`: files as given, folders searched for `*.md` (README.md skipped)."""
    files: dict[Path, Path] = {}  # by resolved path, so a file reached twice is read once
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.md") if p.is_file() and p.name.lower() != "readme.md")
            if not found:
                problems.append(Problem(path, 0, "no deck files (*.md) in this folder"))
        elif path.is_file():
            found = [path]
        else:
            found = []
            problems.append(Problem(path, 0, "no such file or folder"))
        for file in found:
            files.setdefault(file.resolve(), file)
    return list(files.values()), problems


PathArg = str | os.PathLike[str]


def path_list(paths: PathArg | Iterable[PathArg] | None) -> list[Path]:
    """`paths` (one path, or several) as a list of `Path`s; None gives an empty list."""
    if paths is None:
        return []
    if isinstance(paths, (str, os.PathLike)):
        return [Path(paths)]
    return [Path(path) for path in paths]


def resolve_paths(paths: PathArg | Iterable[PathArg] | None) -> list[Path]:
    """`paths` as `Path`s; None (or nothing) means the default deck folders."""
    return path_list(paths) or default_deck_paths()


def parse_paths(paths: PathArg | Iterable[PathArg] | None) -> tuple[list[ParsedFile], list[Problem]]:
    """Parse every deck file under `paths` and check what spans files; return files and all problems."""
    files, problems = deck_files(resolve_paths(paths))
    parsed = [parse_file(path) for path in files]
    card_owner: dict[str, tuple[Path, int]] = {}
    deck_owner: dict[str, Path] = {}
    for result in parsed:
        problems.extend(result.problems)
        if result.deck is None:
            continue
        deck = result.deck
        if deck.id and deck.id in deck_owner:
            problems.append(Problem(result.path, 1, f"duplicate deck id '{deck.id}' (also in {deck_owner[deck.id]})"))
        deck_owner.setdefault(deck.id, result.path)
        for card in deck.cards:
            if card.id in card_owner and card_owner[card.id][0] != result.path:
                other_path, other_line = card_owner[card.id]
                problems.append(
                    Problem(
                        result.path, card.line, f"duplicate card id '{card.id}' (also at {other_path}:{other_line})"
                    )
                )
            card_owner.setdefault(card.id, (result.path, card.line))
    problems.sort(key=lambda p: (str(p.file), p.line))
    return parsed, problems


def lint(paths: PathArg | Iterable[PathArg] | None = None) -> list[Problem]:
    """Every problem (errors and warnings) in the deck files under `paths` (default: the deck
    folders), by file and line."""
    return parse_paths(paths)[1]


def load_decks(paths: PathArg | Iterable[PathArg] | None = None) -> list[Deck]:
    """Load every deck under `paths` (default: the deck folders); raise `DeckError` listing all
    errors if there is any (warnings do not stop a load)."""
    parsed, problems = parse_paths(paths)
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        raise DeckError(errors)
    return [result.deck for result in parsed if result.deck is not None]


def _escape(value: str) -> str:
    return "\n".join("\\" + line if _NEEDS_ESCAPE_RE.match(line) else line for line in value.split("\n"))


def _single_line(value: str, what: str) -> str:
    if "\n" in value or "\r" in value:
        raise PmcardsError(f"{what} must be a single line: {value!r}")
    return value.strip()


def _render_field(label: str, value: str) -> str:
    """`Label: value` for a one-line value; otherwise the label on its own line and the value below it."""
    if "\n" in value or value != value.lstrip() or _BLOCK_START_RE.match(value):
        return f"{label}:\n{_escape(value)}"
    return f"{label}: {value}"


def write_deck(deck: Deck) -> str:
    """Render a deck in the deck-file format (the inverse of `parse_text`)."""
    out = [f"# {_single_line(deck.title, 'deck title')}", ""]
    out.append(f"id: {_single_line(deck.id, 'deck id')}")
    for key in ("description", "source", "url"):
        value = _single_line(getattr(deck, key), f"deck {key}")
        if value:
            out.append(f"{key}: {value}")
    if deck.tags:
        out.append(f"tags: {', '.join(deck.tags)}")
    for card in deck.cards:
        out += ["", f"## {HEADINGS[card.kind]}", "", f"id: {_single_line(card.id, 'card id')}"]
        if card.tags:
            out.append(f"tags: {', '.join(card.tags)}")
        for key in ("section", "source"):
            value = _single_line(getattr(card, key), f"card {card.id} {key}")
            if value:
                out.append(f"{key}: {value}")
        sides = card.sides()
        for label, attr in CONTENT_LABELS[card.kind].items():
            if sides[attr]:
                out += ["", _render_field(label, sides[attr])]
    return "\n".join(out) + "\n"


def new_card_id(taken: set[str]) -> str:
    """A fresh random card id not in `taken`."""
    while True:
        candidate = secrets.token_hex(4)
        if candidate not in taken:
            return candidate


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers see the old file or the new one, never half of it.
    A symbolic link is followed: its target is replaced, the link stays."""
    path = path.resolve()
    mode = path.stat().st_mode if path.exists() else None
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _with_ids(raw: bytes, missing: list[CardIdLine], taken: set[str]) -> bytes:
    """The file's bytes with a fresh id on each card of `missing`: an empty `id:` line is filled
    in, a missing one is added after the card's heading (and its blank line)."""
    newline = b"\r\n" if b"\r\n" in raw else b"\n"
    lines = raw.splitlines(keepends=True)
    for card in sorted(missing, key=lambda card: card.heading, reverse=True):
        card_id = new_card_id(taken)
        taken.add(card_id)
        new_line = f"id: {card_id}".encode()
        if card.line is not None:
            ending = lines[card.line - 1][len(lines[card.line - 1].rstrip(b"\r\n")) :]
            lines[card.line - 1] = new_line + ending
            continue
        insert_at = card.heading + (1 if card.heading < len(lines) and not lines[card.heading].strip() else 0)
        if insert_at > 0 and not lines[insert_at - 1].endswith((b"\n", b"\r")):
            lines[insert_at - 1] += newline
        lines.insert(insert_at, new_line + newline)
    return b"".join(lines)


def add_missing_ids(paths: PathArg | Iterable[PathArg] | None = None) -> dict[Path, int]:
    """Write a fresh id into every card that lacks one; return how many ids each file got.

    Only the `id:` lines change: every other byte of the file stays as it was. A path that is
    missing, unreadable, not UTF-8 or not a deck raises `DeckError` before any file is touched; a
    file that cannot be written raises `PmcardsError` (files already done keep their new ids).
    """
    parsed, problems = parse_paths(paths)
    not_decks = {result.path for result in parsed if result.deck is None}
    unusable = [problem for problem in problems if problem.line == 0 or problem.file in not_decks]
    if unusable:
        raise DeckError(unusable)
    taken = {card.value for result in parsed for card in result.ids if card.value}
    added: dict[Path, int] = {}
    for result in parsed:
        missing = [card for card in result.ids if not card.value]
        if not missing:
            continue
        try:
            write_atomically(result.path, _with_ids(result.path.read_bytes(), missing, taken))
        except OSError as error:
            raise PmcardsError(f"cannot write {result.path}: {error.strerror or error}") from None
        added[result.path] = len(missing)
    return added
