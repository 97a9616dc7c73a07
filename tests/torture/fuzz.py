"""Scenarios: fuzzed deck files, and fuzzed arguments to every public call. Whatever comes in,
only pmcards' own errors (`PmcardsError`) may come out.

A fuzzed deck file is linted, loaded, written back (and must read the same), synced, shown in the
review screen, printed by `status` and `show`, and exported to Anki. The arguments are of the
types the API declares, with hostile values: huge and negative numbers, NaN and infinities, NUL
and control characters, times from year 1 to 9999 in odd time zones, naive times."""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rich.console import Console

import pmcards
from pmcards.collection import Collection
from pmcards.errors import PmcardsError
from pmcards.format.cards import Card, Deck
from pmcards.format.deckfile import parse_text, write_deck
from pmcards.review_screen import TerminalReview
from tests.conftest import SAMPLE_DECK
from tests.torture.common import Figures, fresh_database, run_cli, short_traceback

DECK_SCENARIO = "fuzzed deck files"
API_SCENARIO = "fuzzed API arguments"

FRAGMENTS = [
    "# Title",
    "#",
    "## Basic",
    "## Cloze",
    "## Reverse",
    "## Interview",
    "## Other",
    "### Basic",
    "id: a-1",
    "id: a-2",
    "id: deck",
    "id:",
    "id: bad id!",
    "tags: one, two words, three",
    "section: A section",
    "source: An article",
    "description: A deck",
    "url: javascript:alert(1)",
    "Q: A question?",
    "A: An answer.",
    "Q:",
    "Front: front",
    "Back: back",
    "Text: {{c1::alpha}} and {{c2::beta::hint}}",
    "Text: {{c1::",
    "Text: [x]({{c1::y}})",
    "Text: {{c0::x}} {{c501::y}} {{c1::}} }} {{",
    "Extra: more",
    "Key points:",
    "- a point",
    "1. a step",
    "Traps: a trap",
    "Framework: STAR",
    "\\A: escaped",
    "\\\\## twice",
    "TODO: write the answer",
    "| a | b |",
    "```",
    "<script>alert(1)</script>",
    "&#xE000;5&#xE000;",
    "[link](https://example.com) ![img](x.png)",
    "**bold** _it_ `code`",
    "[/b] [red]markup[/red]",
    "\x1b]0;PWNED\x07",
    "\x1b]52;c;cm0K\x07",
    "\x1f\x00\x9b\x7f",
    "\u2028\u202e\ufeff\u200b",
    "\t\ttabbed",
    "",
    " ",
]
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def deck_texts(draw: st.DrawFn) -> str:
    """Deck-file text: lines made of fragments that mean something to the parser, and anything."""
    lines = draw(
        st.lists(
            st.one_of(
                st.sampled_from(FRAGMENTS),
                st.lists(st.sampled_from(FRAGMENTS), min_size=2, max_size=3).map(" ".join),
                st.text(max_size=40),
            ),
            max_size=40,
        )
    )
    start = draw(st.sampled_from(["# Fuzzed deck\n\nid: fuzz\n\n", "# Fuzzed deck\nid: fuzz\n## Basic\nid: a-1\n", ""]))
    return start + draw(LINE_ENDS).join(lines)


PRINTABLE = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=60)
VALUES_IN_DECKS = st.one_of(
    PRINTABLE,
    PRINTABLE,
    st.sampled_from(FRAGMENTS),
    st.lists(st.sampled_from(FRAGMENTS) | PRINTABLE, min_size=2, max_size=4).map(" ".join),
    st.lists(st.sampled_from(FRAGMENTS) | PRINTABLE, min_size=2, max_size=4).map("\n".join),
    st.text(min_size=1, max_size=60),
)
"""Values of deck fields: printable text most often, then the fragments, then anything."""
FIELDS = {
    "Basic": ("Q", "A"),
    "Cloze": ("Text", "Extra"),
    "Reverse": ("Front", "Back"),
    "Interview": ("Q", "Key points", "Traps", "Framework"),
}


@st.composite
def well_formed_decks(draw: st.DrawFn) -> str:
    """A deck file whose structure is right (mostly) and whose values are anything: every kind
    of card, a cloze with at least one deletion, provenance and tags."""
    title = draw(PRINTABLE.map(lambda text: " ".join(text.split()) or "T"))
    cards = []
    for number in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(sorted(FIELDS)))
        lines = [f"## {kind}", "", f"id: c-{number}"]
        if draw(st.booleans()):
            lines.append("tags: " + ", ".join("-".join(tag.split()) for tag in draw(st.lists(PRINTABLE, max_size=3))))
        for label in ("section", "source"):
            if draw(st.booleans()):
                lines.append(f"{label}: " + " ".join(draw(VALUES_IN_DECKS).split()))
        for label in FIELDS[kind]:
            value = draw(VALUES_IN_DECKS)
            if label == "Text":
                value = f"{draw(VALUES_IN_DECKS)} {{{{c1::{draw(VALUES_IN_DECKS)}}}}} {value}"
            lines += ["", f"{label}: {value}"]
        cards.append("\n".join(lines))
    return f"# {title}\n\nid: fuzz\n\n" + "\n\n".join(cards) + "\n"


@contextmanager
def scratch() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="pmcards-fuzz-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class Tally:
    """Counts a fuzzer's examples and what escaped them."""

    def __init__(self, figures: Figures) -> None:
        self.figures = figures

    def attempt(self, what: str, call: Callable[[], Any]) -> Any:
        """Run `call`; a `PmcardsError` is an answer, anything else is counted as a traceback."""
        try:
            return call()
        except PmcardsError:
            return None
        except Exception as error:
            self.figures.tracebacks += 1
            self.figures.problem(f"{what}: {short_traceback(error)}")
            return None

    def fail(self, what: str) -> None:
        self.figures.failures += 1
        self.figures.problem(what)


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


def _review(col: Collection) -> str:
    """The review screen over every due card: reveal, answer Good, then quit."""
    console = Console(file=io.StringIO(), width=80, height=24, record=True, color_system=None)
    keys = iter(" 3 3 3 3 3q")
    TerminalReview(col, console, read_key=lambda: next(keys, ""), read_line=lambda _prompt: "").run()
    return console.export_text()


def deck_files(examples: int) -> Figures:
    """Fuzz `examples` deck files through everything that reads them."""
    figures = Figures(DECK_SCENARIO)
    tally = Tally(figures)
    with scratch() as folder:
        spec = fresh_database(folder)
        decks = folder / "decks"
        decks.mkdir()
        path = decks / "fuzz.md"
        with pmcards.open(spec) as col:
            col.set_setting("deck_folders", [decks])  # `pmcards status` syncs these, never the built-in decks

        @_settings(examples)
        @given(
            text=st.one_of(well_formed_decks(), well_formed_decks(), deck_texts(), st.text()),
            raw=st.binary(max_size=200),
            use_raw=st.integers(0, 9),
        )
        def one_file(text: str, raw: bytes, use_raw: int) -> None:
            figures.tries += 1
            data = raw if use_raw == 0 else text.encode("utf-8", "surrogatepass")
            path.write_bytes(data)
            tally.attempt("lint", lambda: pmcards.lint([path]))
            loaded = tally.attempt("load_decks", lambda: pmcards.load_decks([path]))
            figures.details["files that load"] += bool(loaded)
            for deck in loaded or []:
                written = tally.attempt("write_deck", partial(write_deck, deck))
                if written is not None and parse_text(written, path).deck != deck:
                    tally.fail(f"a deck read back differs from the deck written: {text!r}")
            with pmcards.open(spec) as col:
                if tally.attempt("sync", lambda: col.sync([decks])) is None and loaded:
                    tally.fail(f"a deck that loads did not sync: {text!r}")
                figures.details["cards reviewed"] += len(col.cards())
                tally.attempt("review", lambda: _review(col))
                tally.attempt("export", lambda: pmcards.export_anki(col, folder / "fuzz.apkg", with_progress=True))
            for command in (("status",), ("cards",), ("show", "a-1"), ("check",)):
                _, output, escaped = run_cli("--db", spec, *command)
                if escaped is not None:
                    figures.tracebacks += 1
                    figures.problem(f"pmcards {' '.join(command)}: {short_traceback(escaped)}")
                elif any(character in output for character in "\x1b\x07\x9b"):
                    tally.fail(f"pmcards {' '.join(command)} printed a control character: {text!r}")

        one_file()
    return figures


INTEGERS = st.sampled_from([0, 1, -1, 2**31, 2**63 - 1, 2**63, -(2**63), 10**20]) | st.integers()
FLOATS = st.floats(allow_nan=True, allow_infinity=True)
TEXTS = (
    st.sampled_from(["", "\x00", "s-basic", "sample", "Sample Deck", "good", "\x1b]0;x\x07", "x" * 10_000]) | st.text()
)
NAMES = st.text(st.characters(blacklist_characters="/"), min_size=1).filter(lambda name: name not in (".", ".."))
"""File names for fuzzed paths, which stay inside the scratch folder."""
ZONES = st.sampled_from(
    [
        timezone.utc,
        timezone(timedelta(hours=14)),
        timezone(timedelta(hours=-12)),
        timezone(timedelta(hours=23, minutes=59)),
    ]
)
MOMENTS = (
    st.datetimes(timezones=ZONES)
    | st.datetimes(timezones=st.timezones())
    | st.datetimes()
    | st.sampled_from([datetime.min.replace(tzinfo=timezone.utc), datetime.max.replace(tzinfo=timezone.utc)])
)
DATES = st.dates() | st.dates().map(str) | TEXTS
RATINGS = st.one_of(INTEGERS, FLOATS, TEXTS, st.none(), st.booleans())
SETTING_KEYS = (
    st.sampled_from(
        [
            "new_per_day",
            "desired_retention",
            "learning_steps",
            "maximum_interval",
            "rollover_hour",
            "timezone",
            "exam",
            "fuzz",
        ]
    )
    | TEXTS
)
VALUES = st.one_of(INTEGERS, FLOATS, TEXTS, st.booleans(), st.lists(TEXTS, max_size=3))


def _calls(folder: Path) -> dict[str, Callable[..., Any]]:
    """Each public call, with a strategy for each of its arguments (see `api_arguments`)."""

    def card(col: Collection) -> pmcards.StoredCard:
        return col.cards()[0]

    return {
        "next_card": lambda col, deck, ahead, cram, tags, now: col.next_card(
            deck, ahead=ahead, cram=cram, tags=tags, now=now
        ),
        "due_counts": lambda col, deck, now: col.due_counts(deck, now=now),
        "due_total": lambda col, deck, now: col.due_total(deck, now=now),
        "progress": lambda col, now: col.progress(now=now),
        "day_bounds": lambda col, now: col.day_bounds(now=now),
        "find_cards": lambda col, deck, search, tags, status, now: col.find_cards(
            deck, search=search, tags=tags, status=status, now=now
        ),
        "card by pk": lambda col, pk: col.card(pk),
        "card by id": lambda col, text, ord: col.card(text, ord),
        "cards": lambda col, deck: col.cards(deck),
        "notes": lambda col, deck: col.notes(deck),
        "review_logs": lambda col, pk: col.review_logs(pk),
        "settings": lambda col, deck: col.settings(deck),
        "set_setting": lambda col, key, value, deck: col.set_setting(key, value, deck),
        "unset_setting": lambda col, key, deck: col.unset_setting(key, deck),
        "set_exam": lambda col, day, decks, tags, now: col.set_exam(day, decks=decks, tags=tags, now=now),
        "exam_plan": lambda col, now: col.exam_plan(now=now),
        "recall": lambda col, now: col.recall(card(col), now=now),
        "preview": lambda col, pk, now: col.preview(pk, now=now),
        "answer": lambda col, pk, rating, duration, now: col.answer(pk, rating, duration, now=now),
        "answer a card": lambda col, rating, duration, now: col.answer(card(col), rating, duration, now=now),
        "answer a changed card": lambda col, pk, rating: col.answer(replace(card(col), pk=pk), rating),
        "forget": lambda col, text, now: col.forget(text, now=now),
        "suspend": lambda col, pk: col.suspend(pk),
        "bury": lambda col, text, now: col.bury(text, now=now),
        "unbury": lambda col, text: col.unbury(text),
        "note_cards": lambda col, pk: col.note_cards(pk),
        "deck": lambda col, text: col.deck(text),
        "sync": lambda col, name: col.sync([folder / name]),
        "lint": lambda col, name: pmcards.lint([folder / name]),
        "export_anki": lambda col, name, decks, with_progress: pmcards.export_anki(
            col, folder / name, decks, with_progress=with_progress
        ),
        "open": lambda col, name, now: pmcards.open(folder / name, clock=lambda: now).close(),
        "parse_text": lambda col, text: parse_text(text, folder / "x.md"),
        "write_deck": lambda col, text, kind: write_deck(
            Deck(text, text, cards=(Card(text, kind, {"question": text, "answer": text}),))
        ),
        "undo": lambda col: col.undo(),
        "check": lambda col, repair: col.check(repair=repair),
    }


ARGUMENTS: dict[str, st.SearchStrategy[Any]] = {
    "deck": st.none() | TEXTS,
    "ahead": INTEGERS,
    "cram": st.booleans(),
    "tags": st.lists(TEXTS, max_size=3),
    "now": st.none() | MOMENTS,
    "search": TEXTS,
    "status": st.none() | st.sampled_from(["due", "new", "leech", "suspended"]) | TEXTS,
    "pk": INTEGERS,
    "text": TEXTS,
    "ord": st.none() | INTEGERS,
    "key": SETTING_KEYS,
    "value": VALUES,
    "day": DATES,
    "decks": st.lists(TEXTS, max_size=3),
    "rating": RATINGS,
    "duration": st.none() | FLOATS | INTEGERS,
    "name": NAMES,
    "with_progress": st.booleans(),
    "kind": st.sampled_from(["basic", "cloze", "nope"]) | TEXTS,
    "repair": st.booleans(),
}


def _fuzz_one(col: Collection, name: str, call: Callable[..., Any], examples: int, tally: Tally) -> None:
    """Call `call` on `col` `examples` times, each argument drawn from its strategy in `ARGUMENTS`."""
    names = call.__code__.co_varnames[1 : call.__code__.co_argcount]

    @_settings(examples)
    @given(st.fixed_dictionaries({argument: ARGUMENTS[argument] for argument in names}))
    def one_call(arguments: dict[str, Any]) -> None:
        tally.figures.tries += 1
        tally.attempt(f"{name}({arguments!r})"[:300], lambda: call(col, **arguments))

    one_call()


def api_arguments(examples: int) -> Figures:
    """Call each public call `examples` times with fuzzed arguments, on one collection; then the
    collection must still agree with its log and pass its integrity check."""
    figures = Figures(API_SCENARIO)
    tally = Tally(figures)
    with scratch() as folder:
        decks = folder / "decks"
        decks.mkdir()
        (decks / "sample.md").write_text(SAMPLE_DECK, encoding="utf-8")
        with pmcards.open(fresh_database(folder)) as col:
            col.sync([decks])
            calls = _calls(folder)
            for name, call in calls.items():
                _fuzz_one(col, name, call, examples, tally)
            figures.details["public calls fuzzed"] = len(calls)
            if tally.attempt("check", col.check):
                tally.fail("after the fuzzed calls, cards differ from their logs")
            if col.integrity_problems():
                figures.corrupt += 1
    return figures
