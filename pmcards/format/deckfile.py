"""The deck file format (docs/deck-format.md): parse, lint, write, and add missing ids.

`parse_text` turns one file's text into a `Deck` plus every problem found in it; `load_decks`
reads a set of files or folders and checks what spans files (ids unique across all decks);
`write_deck` renders a `Deck` back into the same format, so `parse(write(deck)) == deck`.
"""

from __future__ import annotations

import os
import re
import secrets
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from pmcards.errors import DeckError, PmcardsError, Problem
from pmcards.files import decode_utf8, read_bytes, write_atomically
from pmcards.format.cards import CONTROL_CHARACTERS, ID_PATTERN, Card, Deck, clean_text
from pmcards.format.indent import unindent, unmeant_code
from pmcards.format.kinds import KINDS, FieldSpec, Kind

DECK_FIELDS = ("id", "description", "source", "url", "tags")
META_LABELS = ("id", "tags", "section", "source")
HEADINGS = {kind.heading.lower(): kind for kind in KINDS.values()}
_LABELS = {kind.name: {spec.label: spec for spec in kind.fields} for kind in KINDS.values()}
"""Each kind's fields by their label in a deck file."""
TODO_ANSWER = "TODO: write the answer"
"""The placeholder a draft card holds where its article gives no answer; lint warns about it."""

_ALL_LABELS = sorted(
    {*META_LABELS, *(spec.label for kind in KINDS.values() for spec in kind.fields)}, key=len, reverse=True
)
_LABEL_ALTERNATION = "|".join(re.escape(label) for label in _ALL_LABELS)
_TITLE_RE = re.compile(r"#(?!#)\s*(.*)")
_CARD_RE = re.compile(r"##(?!#)\s*(.*)")


def _is_card_heading(line: str) -> bool:
    return line.startswith("##") and _CARD_RE.match(line) is not None


_LABEL_RE = re.compile(rf"({_LABEL_ALTERNATION}):(?:\s+(.*)|$)")
_FIELDLIKE_RE = re.compile(r"([A-Za-z][A-Za-z0-9_-]{0,30}(?: [A-Za-z0-9_-]{1,30})?):(?:\s|$)")
"""A line that looks like a field: one or two words and a colon, as every label is (`Key points:`);
prose that ends in a colon after more words (`with a list:`) is text, not a misspelled label."""
_ESCAPED_RE = re.compile(rf"\\+(?:##(?!#)|(?:{_LABEL_ALTERNATION}):(?:\s|$))")
_BLOCK_START_RE = re.compile(r"(?:[-*+>|]|\d+[.)])(?:\s|$)")
_NEEDS_ESCAPE_RE = re.compile(rf"\\*(?:##(?!#)|(?:{_LABEL_ALTERNATION}):(?:\s|$))")
_LINE_BREAK = re.compile("\n")


class _Field:
    """One field of a card as read: its label, the line it starts on, and the lines of its value."""

    __slots__ = ("_value", "label", "line", "lines")

    def __init__(self, label: str, line: int, first: str) -> None:
        self.label = label
        self.line = line
        self.lines = [first]
        self._value: str | None = None

    @property
    def value(self) -> str:
        """The value, cleaned (see `clean_text`)."""
        if self._value is None:
            lines = self.lines
            while len(lines) > 1 and not lines[-1].strip():
                lines.pop()
            self._value = lines[0].rstrip() if len(lines) == 1 else clean_text("\n".join(lines))
        return self._value

    def value_start(self) -> int:
        """The file line of the value's first non-blank line."""
        return self.line + next((index for index, text in enumerate(self.lines) if text.strip()), 0)


@dataclass
class _Stray:
    """A run of text in a card outside any field, up to the next field or label-like line: its first
    and last lines, the single-line field it follows (None before the card's first field), and
    whether a problem names it already (it starts with an unknown field's label)."""

    first: int
    last: int
    after: str | None
    reported: bool


@dataclass(frozen=True)
class CardIdLine:
    """Where a card's id is, or should be: the card's heading line, its `id:` line (None when it
    has none) and the id written there ("" when missing or empty)."""

    heading: int
    line: int | None
    value: str


@dataclass
class ParsedFile:
    """The result of parsing one file: the deck (None when unusable), its problems, the line of
    the deck's `id:`, the id line of every card, including cards with problems, and the lines
    whose indentation makes code where none was meant (see `pmcards.format.indent`)."""

    path: Path
    deck: Deck | None
    problems: list[Problem]
    deck_line: int = 0
    ids: list[CardIdLine] = field(default_factory=list)
    indented: list[int] = field(default_factory=list)


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
                f"invalid {what} id '{value}': use ASCII letters, digits, '.', '_' and '-' "
                "(at most 64, starting with a letter or digit)",
            )
        )


def _stray_problem(path: Path, kind: Kind, stray: _Stray, missing: list[FieldSpec], card: str | int) -> Problem:
    """The one problem for a card's text outside any field (`card` is its id, or its heading's line
    when it has none). When the card lacks a required field, that text is most likely the field's,
    its label left out: the problem says so, and that field is taken off `missing`."""
    place = f"under '{stray.after}:' here" if stray.after else "before its first field here"
    if missing:
        spec = missing.pop(0)
        name = f"'{card}'" if isinstance(card, str) else f"at line {card}"
        return Problem(
            path,
            stray.first,
            f"{kind.heading} card {name} has no '{spec.label}:' field: the text {place} looks like its "
            f"{spec.name.replace('_', ' ')}; write '{spec.label}: ' before it",
        )
    extent = f" (it runs to line {stray.last})" if stray.last > stray.first else ""
    if stray.after:
        return Problem(path, stray.first, f"unexpected text after '{stray.after}:', which takes a single line{extent}")
    return Problem(path, stray.first, f"unexpected text before the card's first field{extent}")


def _parse_card(
    kind: Kind,
    header_line: int,
    body: list[tuple[int, str]],
    path: Path,
    problems: list[Problem],
    ids: list[CardIdLine],
    indented: list[int],
) -> Card | None:
    by_label = _LABELS[kind.name]
    fields: dict[str, _Field] = {}
    current: _Field | None = None
    strays: list[_Stray] = []  # runs of text outside any field: one problem each, however long
    stray: _Stray | None = None  # the run being read, closed by the next field or label-like line
    for number, text in body:
        match = _LABEL_RE.match(text) if text else None
        if match:
            stray = None
            label = match.group(1)
            if label in fields:
                problems.append(Problem(path, number, f"field '{label}:' given twice in this card"))
            elif label not in META_LABELS and label not in by_label:
                problems.append(Problem(path, number, f"field '{label}:' does not belong on {kind.heading} cards"))
            current = _Field(label, number, match.group(2) or "")
            fields.setdefault(label, current)
            continue
        if current is not None and current.label not in META_LABELS:
            if text.startswith("\\") and _ESCAPED_RE.match(text):
                text = text[1:]
            current.lines.append(text)
            continue
        if not text.strip():
            continue
        fieldlike = _FIELDLIKE_RE.match(text)
        if stray is not None and not fieldlike:
            stray.last = number
            continue
        stray = _Stray(number, number, current.label if current else None, reported=fieldlike is not None)
        strays.append(stray)
        if fieldlike:
            known = ", ".join(f"{label}:" for label in (*META_LABELS, *by_label))
            problems.append(
                Problem(path, number, f"unknown field '{fieldlike.group(1)}:' ({kind.heading} cards take {known})")
            )

    for found in fields.values():
        if found.label not in META_LABELS:
            for block in unmeant_code(found.value):
                start = found.value_start()
                indented += [start + line for line in block.lines]
                message = f"'{found.label}:' {block.what} shows as code: remove the indentation"
                problems.append(Problem(path, start + block.lines[0], message, "warning"))
    before = len(problems)
    id_field = fields.get("id")
    card_id = id_field.value if id_field else ""
    missing = [spec for spec in kind.fields if spec.required and spec.label not in fields]
    problems += [_stray_problem(path, kind, run, missing, card_id or header_line) for run in strays if not run.reported]
    ids.append(CardIdLine(header_line, id_field.line if id_field else None, card_id))
    if id_field is None:
        problems.append(Problem(path, header_line, "card has no id (run `pmcards ids` to add one)"))
    elif not card_id:
        problems.append(Problem(path, id_field.line, "'id:' is empty (run `pmcards ids` to fill it in)"))
    else:
        _check_id(card_id, "card", path, id_field.line, problems)
    values = {spec.name: fields[spec.label].value if spec.label in fields else "" for spec in kind.fields}
    for spec in missing:
        problems.append(Problem(path, header_line, f"{kind.heading} card has no '{spec.label}:' field"))
    for spec in kind.fields:
        if spec.required and spec.label in fields and not values[spec.name]:
            problems.append(Problem(path, fields[spec.label].line, f"'{spec.label}:' is empty"))
    if all(values[spec.name] for spec in kind.fields if spec.required):
        where: dict[str, tuple[int, list[int]]] = {}  # by field: its first line, its line breaks
        for defect in kind.check(values):
            if defect.field not in where:
                label = next(spec.label for spec in kind.fields if spec.name == defect.field)
                breaks = [found.start() for found in _LINE_BREAK.finditer(values[defect.field])]
                where[defect.field] = (fields[label].value_start(), breaks)
            start, breaks = where[defect.field]
            problems.append(Problem(path, start + bisect_left(breaks, defect.offset), defect.message))
    tags = _split_tags(fields["tags"].value, path, fields["tags"].line, problems) if "tags" in fields else ()
    if len(problems) > before:
        return None
    drafted = [
        fields[spec.label]
        for spec in kind.fields
        if spec.name != kind.front_field and spec.label in fields and TODO_ANSWER in values[spec.name]
    ]
    if drafted:
        problems.append(Problem(path, drafted[0].value_start(), "draft card: write the answer", "warning"))
    return Card(
        card_id,
        kind.name,
        values,
        tags=tags,
        section=fields["section"].value if "section" in fields else "",
        source=fields["source"].value if "source" in fields else "",
        line=header_line,
    )


def parse_text(text: str, path: Path) -> ParsedFile:
    """Parse one deck file's text; problems name `path` and the line at fault."""
    problems: list[Problem] = []
    # Only \n (and \r\n, \r) end a line: other separators such as U+2028 stay inside a value.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = list(enumerate(text.split("\n"), start=1))
    if CONTROL_CHARACTERS.search(text):  # one scan of the whole file; its lines only when it has some
        problems += _control_characters(lines, path)
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
    while position < len(lines) and not _is_card_heading(lines[position][1]):
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
    ids: list[CardIdLine] = []
    indented: list[int] = []
    while position < len(lines):
        header_number, header = lines[position]
        position += 1
        body: list[tuple[int, str]] = []
        while position < len(lines) and not _is_card_heading(lines[position][1]):
            body.append(lines[position])
            position += 1
        heading = _CARD_RE.match(header)
        kind = HEADINGS.get(heading.group(1).strip().lower()) if heading else None
        if kind is None:
            headings = [kind.heading for kind in KINDS.values()]
            names = f"{', '.join(headings[:-1])} or {headings[-1]}"
            problems.append(Problem(path, header_number, f"unknown card kind '{header[2:].strip()}' (use {names})"))
            continue
        card = _parse_card(kind, header_number, body, path, problems, ids, indented)
        if card is not None:
            cards.append(card)
    first_use: dict[str, int] = {}
    for card_id in ids:
        if card_id.value in first_use:
            problems.append(
                Problem(
                    path,
                    card_id.heading,
                    f"duplicate card id '{card_id.value}' (first used at line {first_use[card_id.value]})",
                )
            )
        elif card_id.value:
            first_use[card_id.value] = card_id.heading

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
    return ParsedFile(path, deck, problems, deck_fields.get("id", (0, ""))[0], ids, indented)


def _control_characters(lines: list[tuple[int, str]], path: Path) -> list[Problem]:
    """A problem for each line holding control characters, naming them."""
    found = []
    for number, line in lines:
        characters = dict.fromkeys(CONTROL_CHARACTERS.findall(line))
        if characters:
            names = ", ".join(f"U+{ord(character):04X}" for character in characters)
            what = "control character" if len(characters) == 1 else "control characters"
            found.append(Problem(path, number, f"{what} {names}: a deck file holds none but tabs and line breaks"))
    return found


def parse_bytes(data: bytes, path: Path) -> ParsedFile:
    """Parse one deck file's bytes (UTF-8, with or without a byte-order mark)."""
    text, problems = decode_utf8(data, path)
    return parse_text(text, path) if text is not None else ParsedFile(path, None, problems)


def parse_file(path: Path) -> ParsedFile:
    """Read and parse one deck file; a file that cannot be read gives a problem instead."""
    data, problems = read_bytes(path)
    return parse_bytes(data, path) if data is not None else ParsedFile(path, None, problems)


def deck_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The deck files named by `paths`: files as given, folders searched for `*.md` (README.md skipped)."""
    files: dict[Path, Path] = {}  # by resolved path, so a file reached twice is read once
    problems: list[Problem] = []
    for path in paths:
        try:
            is_folder, is_file = path.is_dir(), path.is_file()
        except OSError as error:  # a name too long, say
            problems.append(Problem(path, 0, f"cannot read: {error.strerror or error}"))
            continue
        if is_folder:
            found = sorted(p for p in path.rglob("*.md") if p.is_file() and p.name.lower() != "readme.md")
            if not found:
                problems.append(Problem(path, 0, "no deck files (*.md) in this folder"))
        elif is_file:
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


Owners = dict[str, tuple[Path, int]]
"""Who owns an id: id -> (file, line)."""


def id_clashes(parsed: Iterable[ParsedFile], decks: Owners | None = None, cards: Owners | None = None) -> list[Problem]:
    """Deck and card ids used in two files: each use after the first names the file and line that
    owns the id. `decks` and `cards` give owners known beforehand (files not parsed this time)."""
    deck_owner: Owners = dict(decks or {})
    card_owner: Owners = dict(cards or {})
    problems = []
    for result in parsed:
        if result.deck is not None and result.deck.id:
            owner = deck_owner.setdefault(result.deck.id, (result.path, result.deck_line))
            if owner[0] != result.path:
                problems.append(
                    Problem(
                        result.path,
                        result.deck_line,
                        f"deck id '{result.deck.id}' is already used by {_place(*owner)}",
                    )
                )
        for card in result.ids:
            if not card.value:
                continue
            owner = card_owner.setdefault(card.value, (result.path, card.heading))
            if owner[0] != result.path:
                problems.append(
                    Problem(result.path, card.heading, f"card id '{card.value}' is already used by {_place(*owner)}")
                )
    return problems


def _place(path: Path, line: int) -> str:
    return f"{path}:{line}" if line else str(path)


def parse_paths(paths: PathArg | Iterable[PathArg]) -> tuple[list[ParsedFile], list[Problem]]:
    """Parse every deck file under `paths` and check what spans files; return files and all problems."""
    files, problems = deck_files(path_list(paths))
    parsed = [parse_file(path) for path in files]
    problems += [problem for result in parsed for problem in result.problems]
    problems += id_clashes(parsed)
    problems.sort(key=lambda problem: (str(problem.file), problem.line))
    return parsed, problems


def lint(paths: PathArg | Iterable[PathArg]) -> list[Problem]:
    """Every problem (errors and warnings) in the deck files under `paths` (files, or folders
    searched for `*.md`), by file and line."""
    return parse_paths(paths)[1]


def load_decks(paths: PathArg | Iterable[PathArg]) -> list[Deck]:
    """Load every deck under `paths`; raise `DeckError` listing all errors if there is any
    (warnings do not stop a load)."""
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
        out += ["", f"## {card.spec.heading}", "", f"id: {_single_line(card.id, 'card id')}"]
        if card.tags:
            out.append(f"tags: {', '.join(card.tags)}")
        for key in ("section", "source"):
            value = _single_line(getattr(card, key), f"card {card.id} {key}")
            if value:
                out.append(f"{key}: {value}")
        for spec in card.spec.fields:
            if card.fields[spec.name]:
                out += ["", _render_field(spec.label, card.fields[spec.name])]
    return "\n".join(out) + "\n"


def new_card_id(taken: set[str]) -> str:
    """A fresh random card id not in `taken`."""
    while True:
        candidate = secrets.token_hex(4)
        if candidate not in taken:
            return candidate


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


def _unindented(raw: bytes, numbers: list[int]) -> bytes:
    """The file's bytes with one level of indentation taken off each of the lines `numbers`, and a
    backslash put before any that would then start a field or a card."""
    lines = raw.splitlines(keepends=True)
    for number in numbers:
        line = lines[number - 1]
        body = line.rstrip(b"\r\n")
        lines[number - 1] = _escape(unindent(body.decode())).encode() + line[len(body) :]
    return b"".join(lines)


def _files_to_rewrite(paths: PathArg | Iterable[PathArg]) -> list[ParsedFile]:
    """The deck files under `paths`, parsed, for a command that rewrites some of them: a path that
    is missing, unreadable, not UTF-8 or not a deck raises `DeckError` before any file is touched."""
    parsed, problems = parse_paths(paths)
    not_decks = {result.path for result in parsed if result.deck is None}
    unusable = [problem for problem in problems if problem.line == 0 or problem.file in not_decks]
    if unusable:
        raise DeckError(unusable)
    return parsed


def _rewrite(path: Path, edit: Callable[[bytes], bytes]) -> None:
    """Replace the file's bytes by `edit` of them, atomically; `PmcardsError` if it cannot be done."""
    try:
        write_atomically(path, edit(path.read_bytes()))
    except OSError as error:
        raise PmcardsError(f"cannot write {path}: {error.strerror or error}") from None


def add_missing_ids(paths: PathArg | Iterable[PathArg]) -> dict[Path, int]:
    """Write a fresh id into every card that lacks one; return how many ids each file got.

    Only the `id:` lines change: every other byte of the file stays as it was. A path that is
    missing, unreadable, not UTF-8 or not a deck raises `DeckError` before any file is touched; a
    file that cannot be written raises `PmcardsError` (files already done keep their new ids).
    """
    parsed = _files_to_rewrite(paths)
    taken = {card.value for result in parsed for card in result.ids if card.value}
    added: dict[Path, int] = {}
    for result in parsed:
        missing = [card for card in result.ids if not card.value]
        if missing:
            _rewrite(result.path, partial(_with_ids, missing=missing, taken=taken))
            added[result.path] = len(missing)
    return added


def remove_code_indentation(paths: PathArg | Iterable[PathArg]) -> dict[Path, int]:
    """Take one level of indentation off every line that lint warns shows as code where none was
    meant (a tab-indented list, say); return how many lines each file had.

    Only those lines change (one that would then start a field or a card gets a backslash, as the
    format asks); failures are as for `add_missing_ids`.
    """
    changed: dict[Path, int] = {}
    for result in _files_to_rewrite(paths):
        if result.indented:
            _rewrite(result.path, partial(_unindented, numbers=result.indented))
            changed[result.path] = len(result.indented)
    return changed
