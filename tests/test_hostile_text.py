"""Hostile deck text is inert everywhere: lint refuses control characters, nothing a deck, a file
name or the database holds can drive the terminal, the cloze scanner and every other pattern over
user text run in linear time, and the Anki export keeps exactly the cards pmcards schedules."""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import re
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest
from anki.collection import Collection as AnkiCollection

import pmcards
from pmcards import terminal
from pmcards.export import anki as anki_export
from pmcards.format import cards as format_cards
from pmcards.format import cloze, deckfile, kinds
from pmcards.format.cards import Card, Deck
from pmcards.schedule import settings as schedule_settings
from tests.test_anki_export import import_package, notes_by_guid, visible
from tests.test_cli import run
from tests.test_review import Screen, spawn_review

TITLE_ESCAPE = "\x1b]0;PWNED\x07"
"""Sets the terminal window's title to PWNED (OSC 0, ended by BEL)."""
CLIPBOARD_WRITE = "\x1b]52;c;cm0gLXJmIH4K\x07"
"""Writes "rm -rf ~" into the clipboard (OSC 52)."""


def hostile_deck(cards: str, title: str = "Hostile") -> str:
    return f"# {title}\n\nid: hostile\n\n{cards}"


def write_deck(folder: Path, text: str, name: str = "hostile.md") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- lint refuses control characters (issue 15, item 6) -------------------------------------------

UNIT_SEPARATOR_DECK = hostile_deck(
    "## Basic\n\nid: h-1\nsection: Pay\x1fbands\n\nQ: What do AI PMs earn?\n\nA: More.\n\n"
    "## Basic\n\nid: h-2\n\nQ: Title \x1b]0;x\x07 here\n\nA: Tab\tinside is fine.\n"
)


def test_lint_refuses_a_control_character_in_any_field_naming_line_and_character(tmp_path: Path) -> None:
    path = write_deck(tmp_path / "decks", UNIT_SEPARATOR_DECK)
    code, out, _ = run("lint", str(path))
    assert code == 1
    assert out.splitlines() == [
        f"{path}:8: control character U+001F: a deck file holds none but tabs and line breaks",
        f"{path}:18: control characters U+001B, U+0007: a deck file holds none but tabs and line breaks",
    ]
    with pmcards.open(tmp_path / "study.db") as col, pytest.raises(pmcards.DeckError):
        col.sync([path])


def test_tabs_and_line_breaks_stay_fine(tmp_path: Path) -> None:
    text = hostile_deck("## Basic\n\nid: h-1\nsection: Pay\tbands\n\nQ: One\ttwo\r\n\r\nA: First\nsecond\n")
    path = write_deck(tmp_path / "decks", text)
    assert pmcards.lint([path]) == []
    (deck,) = pmcards.load_decks([path])
    assert deck.cards[0].fields == {"question": "One\ttwo", "answer": "First\nsecond"}
    assert deck.cards[0].section == "Pay\tbands"


def test_anki_imports_every_note_of_a_database_that_holds_its_field_separator(tmp_path: Path) -> None:
    """A database synced before lint refused control characters may hold U+001F in a section:
    the export leaves it out, so Anki takes the whole package (it refused 0 of 2 notes before)."""
    two_notes = "## Basic\n\nid: h-1\n\nQ: q\n\nA: a\n\n## Basic\n\nid: h-2\n\nQ: r\n\nA: b\n"
    path = write_deck(tmp_path / "decks", hostile_deck(two_notes))
    with pmcards.open(tmp_path / "study.db") as col:
        col.sync([path])
    with sqlite3.connect(tmp_path / "study.db") as raw:
        raw.execute("UPDATE cards SET section = 'Pay\x1fbands', source = 'Art\x1ficle'")
    with pmcards.open(tmp_path / "study.db") as col:
        pmcards.export_anki(col, tmp_path / "out.apkg")
    anki = AnkiCollection(str(tmp_path / "anki.anki2"))
    try:
        log = import_package(anki, tmp_path / "out.apkg")
        assert len(log.new) == 2 and anki.card_count() == 2
        assert {note["Source"] for note in notes_by_guid(anki).values()} == {"Article · Paybands"}
    finally:
        anki.close()


# -- nothing from a deck, a file name or the database drives the terminal (item 7) ------------------


def hostile_database(tmp_path: Path) -> tuple[Path, Path]:
    """A database holding escape sequences in a deck title, a question, an answer and a section, as
    one synced before lint refused them would; and the (clean) deck folder it was synced from."""
    folder = tmp_path / "decks"
    write_deck(folder, hostile_deck("## Basic\n\nid: h-1\nsection: Pay\n\nQ: Question\n\nA: Answer\n"))
    db = tmp_path / "hostile.db"
    with pmcards.open(db) as col:
        col.set_setting("timezone", "UTC")
        col.sync([folder])
    sides = {"question": f"Q: {TITLE_ESCAPE} and \x9b31m", "answer": f"A: {CLIPBOARD_WRITE}"}
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE decks SET title = ?", (f"Deck {TITLE_ESCAPE}",))
        raw.execute("UPDATE cards SET sides_json = ?, section = ?", (json.dumps(sides), f"Sec {CLIPBOARD_WRITE}"))
    return db, folder


def assert_inert(output: str) -> None:
    assert "\x1b" not in output and "\x07" not in output and "\x9b" not in output


def test_inert_shows_each_control_character_as_an_escape_and_keeps_newline_and_tab() -> None:
    assert terminal.inert(f"a{TITLE_ESCAPE}b\tc\nd\x9b\x7f\r") == "a\\x1b]0;PWNED\\x07b\tc\nd\\x9b\\x7f\\x0d"
    assert terminal.inert_json(json.dumps("\x9b\x1b", ensure_ascii=False)) == '"\\u009b\\u001b"'
    assert json.loads(terminal.inert_json(json.dumps("\x9b\x7f", ensure_ascii=False))) == "\x9b\x7f"


def test_status_cards_show_and_json_print_stored_text_inert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, folder = hostile_database(tmp_path)
    monkeypatch.setenv("PMCARDS_DECKS", str(folder))
    code, out, err = run("--db", str(db), "status")
    assert code == 0 and "Deck \\x1b]0;PWNED\\x07" in out
    assert_inert(out + err)
    code, out, err = run("--db", str(db), "show", "h-1")
    assert code == 0 and "Q: \\x1b]0;PWNED\\x07 and \\x9b31m" in out
    assert_inert(out + err)
    code, out, err = run("--db", str(db), "cards", "--json")
    assert code == 0 and json.loads(out)[0]["front"] == f"Q: {TITLE_ESCAPE} and \x9b31m"  # the same value...
    assert_inert(out + err)  # ...written with escapes


def test_a_deck_title_with_console_markup_is_shown_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    write_deck(folder, hostile_deck("## Basic\n\nid: h-1\n\nQ: q\n\nA: a\n", title="Pay [/b] and [red]bands[/red]"))
    code, out, _ = run("--db", str(tmp_path / "s.db"), "sync", str(folder))
    assert code == 0
    code, out, _ = run("--db", str(tmp_path / "s.db"), "status")
    assert code == 0 and "Pay [/b] and [red]bands[/red]" in out
    code, out, _ = run(
        "--db", str(tmp_path / "s.db"), "config", "new_per_day", "--deck", "Pay [/b] and [red]bands[/red]"
    )
    assert code == 0 and "Settings for deck Pay [/b] and" in out and "[red]bands[/red]" in out


def test_file_names_and_error_messages_are_printed_inert(tmp_path: Path) -> None:
    path = write_deck(tmp_path / "decks", "# T\n\nid: t\n\n## Basic\n\nQ: q\n\nA: a\n", name=f"x{TITLE_ESCAPE}.md")
    code, out, err = run("lint", str(path))
    assert code == 1 and "x\\x1b]0;PWNED\\x07.md:5: card has no id" in out
    assert_inert(out + err)
    code, out, err = run("--db", str(tmp_path / f"{CLIPBOARD_WRITE}" / "s.db"), "status")
    assert code == 1 and "folder" in err and "\\x1b]52;c;" in err
    assert_inert(out + err)


@pytest.mark.slow
def test_review_in_a_real_terminal_shows_escape_sequences_as_text(tmp_path: Path) -> None:
    db, folder = hostile_database(tmp_path)
    child = spawn_review(db, folder, rows=30, columns=100)
    raw = io.StringIO()
    child.logfile_read = raw
    screen = Screen(child, 30, 100)
    lines = screen.wait_for("space reveal")
    assert "Deck \\x1b]0;PWNED\\x07" in lines[0]
    assert "Q: \\x1b]0;PWNED\\x07 and \\x9b31m" in "\n".join(lines)
    child.send(" ")
    lines = screen.wait_for("4 Easy")
    assert "A: \\x1b]52;c;cm0gLXJmIH4K\\x07" in "\n".join(lines) and "Sec \\x1b]52;c;" in "\n".join(lines)
    child.send("q")
    child.expect(pexpect.EOF)
    shown = raw.getvalue()
    assert "\x1b]0;" not in shown and "\x1b]52;" not in shown and "\x07" not in shown and "\x9b" not in shown


# -- every pattern over user text runs in linear time (item 4) -------------------------------------

HUNDRED_KB = 100_000


def _deck_with(field: str) -> str:
    """A deck file whose one card holds `field` (a cloze when it holds `{{`)."""
    kind = "Cloze" if "{{" in field else "Basic"
    body = f"Text: {field}" if kind == "Cloze" else f"Q: q\n\nA: {field}"
    return f"# T\n\nid: t\n\n## {kind}\n\nid: c-1\n\n{body}\n"


def _parse(text: str) -> None:
    deckfile.parse_text(text, Path("hostile.md"))


def _parse_field(field: str) -> Callable[[], object]:
    return lambda: _parse(_deck_with(field))


def _write(answer: str) -> Callable[[], object]:
    deck = Deck("t", "T", cards=(Card("c-1", "basic", {"question": "q", "answer": answer}),))
    return lambda: deckfile.write_deck(deck)


def _cloze(text: str) -> Callable[[], object]:
    def everything() -> None:
        cloze.scan(text)
        cloze.numbers(text)
        cloze.front(text, 1)
        cloze.back(text, 1)
        cloze.hidden(text)

    return everything


def _export(field: str) -> Callable[[], object]:
    return lambda: anki_export._content_html(kinds.CLOZE if "{{" in field else kinds.BASIC, _sides(field))


def _sides(field: str) -> dict[str, str]:
    return {"text": field, "extra": ""} if "{{" in field else {"question": field, "answer": field}


def _steps(text: str) -> Callable[[], object]:
    def parse() -> None:
        with contextlib.suppress(ValueError):
            schedule_settings.parse_steps(text)

    return parse


WORST_CASES: dict[str, tuple[str, Callable[[], object]]] = {
    # name: (the pattern it attacks, the run through the code that applies it)
    "unclosed openings": ("cloze._MARKER", _cloze("{{c1::" * (HUNDRED_KB // 6))),
    "empty hints": ("cloze._MARKER", _cloze("{{c1::::" * (HUNDRED_KB // 8))),
    "stray closings": ("cloze._MARKER", _cloze("}}" * (HUNDRED_KB // 2))),
    "long number": ("cloze._MARKER", _cloze("{{c" + "9" * HUNDRED_KB)),
    "many deletions": ("cloze._OPENING", _cloze("{{c1::x}}" * (HUNDRED_KB // 9))),
    "deletions in a link": ("cloze.HELD", _cloze("[a](" + "{{c1::x}}" * (HUNDRED_KB // 9) + ")")),
    "unclosed openings in a deck": ("deckfile._LINE_BREAK", _parse_field("{{c1::\n" * (HUNDRED_KB // 7))),
    "spaces after a title": ("deckfile._TITLE_RE", lambda: _parse("#" + " " * HUNDRED_KB + "x\n")),
    "spaces after a card heading": ("deckfile._CARD_RE", lambda: _parse("# T\n\nid: t\n\n##" + " " * HUNDRED_KB)),
    "spaces after a label": ("deckfile._LABEL_RE", _parse_field(" " * HUNDRED_KB + "x")),
    "a long field-like word": ("deckfile._FIELDLIKE_RE", lambda: _parse("# T\n\n" + "a" * HUNDRED_KB + ":x\n")),
    "backslashes": ("deckfile._ESCAPED_RE", _parse_field("x\n" + "\\" * HUNDRED_KB + "A")),
    "backslashes written": ("deckfile._NEEDS_ESCAPE_RE", _write("x\n" + "\\" * HUNDRED_KB + "A")),
    "digits written": ("deckfile._BLOCK_START_RE", _write("1" * HUNDRED_KB)),
    "control characters": ("cards.CONTROL_CHARACTERS", _parse_field("\x1f" * HUNDRED_KB)),
    "a long id": ("cards.ID_PATTERN", lambda: _parse("# T\n\nid: " + "a" * HUNDRED_KB + "\n")),
    "trailing spaces": ("anki._PLAIN_TEXT", _export("a" + " " * HUNDRED_KB + "\n")),
    "spaced deletions": ("anki._UNTRIMMED_DELETION", _export("{{c1:: x }}" * (HUNDRED_KB // 11))),
    "control characters exported": ("anki._CONTROL", lambda: anki_export.anki_tags(["\x1f" * HUNDRED_KB])),
    "long steps": ("settings._STEP_RE", _steps("1" * HUNDRED_KB + "m")),
    "many separators": ("settings.parse_steps", _steps(" ," * (HUNDRED_KB // 2))),
    "escapes on screen": ("terminal.CONTROL_CHARACTERS", lambda: terminal.inert("\x1b" * HUNDRED_KB)),
    "escapes in JSON": ("terminal._RAW_IN_JSON", lambda: terminal.inert_json("\x9b" * HUNDRED_KB)),
}
MODULES = {
    "cloze": cloze,
    "deckfile": deckfile,
    "cards": format_cards,
    "kinds": kinds,
    "anki": anki_export,
    "settings": schedule_settings,
    "terminal": terminal,
}


@pytest.mark.parametrize("case", WORST_CASES)
def test_100_kb_of_the_worst_pattern_takes_under_a_second(case: str) -> None:
    start = time.perf_counter()
    WORST_CASES[case][1]()
    assert time.perf_counter() - start < 1.0


def test_every_pattern_over_user_text_has_a_worst_case_above() -> None:
    """A pattern added to a module that reads user text needs its worst case in `WORST_CASES`.
    (The command line and the review screen apply none of their own.)"""
    targets = [target.split(".") for target, _ in WORST_CASES.values()]
    attacked = [getattr(MODULES[module], name) for module, name in targets]
    for name, module in MODULES.items():
        for attribute, value in vars(module).items():
            if isinstance(value, re.Pattern):
                assert any(value is pattern for pattern in attacked), f"no worst case for {name}.{attribute}"
    for name in ("cli.app", "cli.cards", "cli.decks", "cli.study", "cli.views", "review_screen"):
        module = importlib.import_module(f"pmcards.{name}")
        assert not [value for value in vars(module).values() if isinstance(value, re.Pattern)], name


def test_lint_and_status_of_a_hostile_cloze_line_take_under_a_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's own reproduction: `Text:` and a hundred kilobytes of `{{c1::` took minutes."""
    folder = tmp_path / "decks"
    write_deck(folder, _deck_with("{{c1::" * (HUNDRED_KB // 6)))
    monkeypatch.setenv("PMCARDS_DECKS", str(folder))
    start = time.perf_counter()
    code, out, _ = run("lint", str(folder))
    assert code == 1 and "is not closed before the next one opens" in out
    assert time.perf_counter() - start < 1.0
    start = time.perf_counter()
    code, _, err = run("--db", str(tmp_path / "s.db"), "status")
    assert code == 0 and "decks not synced" in err
    assert time.perf_counter() - start < 1.0


# -- the Anki export keeps exactly the cards pmcards schedules (items 5 and 11) ---------------------


def export_and_import(tmp_path: Path, text: str) -> tuple[int, list[str], list[tuple[str, str]]]:
    """Sync a one-note cloze deck, export it, import it into a fresh Anki collection: the cards
    pmcards schedules, the note's Text field and each Anki card's visible question and answer."""
    folder = tmp_path / "decks"
    write_deck(folder, hostile_deck(f"## Cloze\n\nid: h-1\n\nText: {text}\n"))
    with pmcards.open(tmp_path / "study.db") as col:
        col.sync([folder])
        scheduled = len(col.cards())
        pmcards.export_anki(col, tmp_path / "out.apkg")
    anki = AnkiCollection(str(tmp_path / "anki.anki2"))
    try:
        import_package(anki, tmp_path / "out.apkg")
        (note,) = notes_by_guid(anki).values()
        shown = [(visible(card.question()), visible(card.answer())) for card in note.cards()]
        return scheduled, [note["Text"]], shown
    finally:
        anki.close()


@pytest.mark.parametrize("entity", ["&#xE000;5&#xE000;", "&#xE000;0&#xE000;"])
def test_private_use_entities_beside_a_deletion_export_once(tmp_path: Path, entity: str) -> None:
    scheduled, (text,), shown = export_and_import(tmp_path, f"{{{{c1::x}}}} {entity}")
    assert scheduled == len(shown) == 1
    assert text.count("{{c1::") == 1 and text.endswith("\ue000</p>")
    assert shown[0][0].startswith("[...]")


def test_a_deletion_in_a_link_address_is_refused_and_one_in_its_text_exports_as_scheduled(tmp_path: Path) -> None:
    path = write_deck(tmp_path / "hidden", hostile_deck("## Cloze\n\nid: h-1\n\nText: [x]({{c1::y}})\n"))
    assert [str(problem) for problem in pmcards.lint([path])] == [
        f"{path}:9: cloze deletion '{{{{c1::y}}}}' is in a link's address or an image, where neither the review "
        "nor Anki shows it: put it in the link's text"
    ]
    scheduled, _, shown = export_and_import(tmp_path, "See [{{c1::the guide}}](https://example.com) first.")
    assert scheduled == len(shown) == 1
    assert shown[0][0] == "See [...] first." and shown[0][1].startswith("See the guide first.")
