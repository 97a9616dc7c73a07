"""Values out of any range pmcards works with get a `PmcardsError` naming them, from every public
call that takes them, and change nothing (issue 15, item 10: they gave `OverflowError` and
`ValueError` tracebacks)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import pmcards
from pmcards.collection import Collection
from tests.test_cli import run

LAST_MINUTE = datetime(9999, 12, 31, 23, 59, tzinfo=timezone.utc)
YEAR_ONE = datetime(1, 1, 1, tzinfo=timezone.utc)
YEAR_ONE_EAST = datetime(1, 1, 1, 6, tzinfo=timezone(timedelta(hours=14)))  # before year 1 in UTC
NAIVE = datetime(2026, 3, 2, 12)

TIMED: dict[str, Callable[[Collection, datetime], object]] = {
    "next_card": lambda col, now: col.next_card(now=now),
    "next_card ahead": lambda col, now: col.next_card(ahead=3, now=now),
    "next_card cram": lambda col, now: col.next_card(cram=True, now=now),
    "due_counts": lambda col, now: col.due_counts(now=now),
    "due_total": lambda col, now: col.due_total(now=now),
    "progress": lambda col, now: col.progress(now=now),
    "day_bounds": lambda col, now: col.day_bounds(now=now),
    "find_cards": lambda col, now: col.find_cards(status="due", now=now),
    "recall": lambda col, now: col.recall(col.card("s-basic"), now=now),
    "preview": lambda col, now: col.preview(col.card("s-basic"), now=now),
    "answer": lambda col, now: col.answer(col.card("s-basic"), "good", now=now),
    "bury": lambda col, now: col.bury("s-basic", now=now),
    "forget": lambda col, now: col.forget("s-basic", now=now),
    "set_exam": lambda col, now: col.set_exam("2030-01-01", now=now),
    "exam_plan": lambda col, now: col.set_setting("exam", "2030-01-01") and col.exam_plan(now=now),
}


def unchanged(col: Collection, database: str) -> None:
    assert col.review_logs() == [] and col.check() == [] and col.integrity_problems() == []
    with pmcards.open(database) as other:
        card = other.card("s-basic")
        assert (card.reps, card.buried_until, card.suspended) == (0, None, False)


@pytest.mark.parametrize("call", TIMED)
def test_every_call_that_takes_a_time_refuses_one_out_of_range(col: Collection, database: str, call: str) -> None:
    for now in (LAST_MINUTE, YEAR_ONE, YEAR_ONE_EAST, NAIVE):
        with pytest.raises(pmcards.PmcardsError, match=r"invalid time .*(from 1970 to 8999|aware datetime)"):
            TIMED[call](col, now)
    unchanged(col, database)


CLOCKED: dict[str, Callable[[Collection], object]] = {
    "next_card": lambda col: col.next_card(),
    "due_counts": lambda col: col.due_counts(),
    "answer": lambda col: col.answer(col.card("s-basic"), "good"),
    "bury": lambda col: col.bury("s-basic"),
    "forget": lambda col: col.forget("s-basic"),
}


@pytest.mark.parametrize("call", CLOCKED)
def test_a_clock_out_of_range_is_refused_too(database: str, deck_dir: Path, call: str) -> None:
    with pmcards.open(database) as col:
        col.sync([deck_dir])
    with pmcards.open(database, clock=lambda: LAST_MINUTE) as col:
        with pytest.raises(pmcards.PmcardsError, match="invalid time 9999-12-31T23:59:00"):
            CLOCKED[call](col)
        unchanged(col, database)


PKS = [10**20, -(10**20), 2**63, 0, -1]
BY_PK: dict[str, Callable[[Collection, int], object]] = {
    "card": lambda col, pk: col.card(pk),
    "answer": lambda col, pk: col.answer(pk, "good"),
    "preview": lambda col, pk: col.preview(pk),
    "review_logs": lambda col, pk: col.review_logs(pk),
    "note_cards": lambda col, pk: col.note_cards(pk),
    "suspend": lambda col, pk: col.suspend(pk),
    "bury": lambda col, pk: col.bury(pk),
    "forget": lambda col, pk: col.forget(pk),
    "a StoredCard with that pk": lambda col, pk: col.answer(replace(col.card("s-basic"), pk=pk), "good"),
}


@pytest.mark.parametrize("call", BY_PK)
def test_every_call_that_takes_a_card_refuses_a_pk_out_of_range(col: Collection, database: str, call: str) -> None:
    for pk in PKS:
        with pytest.raises(pmcards.NotFoundError, match=f"no card {pk}"):
            BY_PK[call](col, pk)
    unchanged(col, database)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda col: col.answer(col.card("s-basic"), "good", duration=1e16), "invalid duration 1e\\+16"),
        (lambda col: col.answer(col.card("s-basic"), "good", duration=float("inf")), "invalid duration inf"),
        (lambda col: col.answer(col.card("s-basic"), "good", duration=-1e16), "invalid duration -1e\\+16"),
        (lambda col: col.card("s-cloze", 10**20), "no card 's-cloze' with card number 10{20}"),
        (lambda col: col.next_card(ahead=10**20), "review ahead takes a number of days from 1 to 36500"),
        (lambda col: col.next_card(ahead=-1), "review ahead takes a number of days from 1 to 36500"),
        (lambda col: col.set_exam(date.max), "exam date 9999-12-31 is too far away"),
        (lambda col: col.set_exam("9999-12-31"), "exam date 9999-12-31 is too far away"),
        (lambda col: col.set_exam(date.min), "exam date 0001-01-01 is not after today"),
        (lambda col: col.set_exam("0001-01-01"), "exam date 0001-01-01 is not after today"),
        (lambda col: col.set_setting("exam", "9999-12-31"), "must be a date from 1970 to 8999"),
        (lambda col: col.set_setting("exam", "0001-01-01"), "must be a date from 1970 to 8999"),
        (lambda col: col.set_setting("maximum_interval", 10**20), "must be from 1 to 36500"),
        (lambda col: col.set_setting("learning_steps", "999999999d"), "at most 365d"),
    ],
)
def test_other_values_out_of_range_are_refused_naming_them(
    col: Collection, database: str, call: Callable[[Collection], Any], message: str
) -> None:
    with pytest.raises(pmcards.PmcardsError, match=message):
        call(col)
    unchanged(col, database)
    assert col.settings().planned_exam is None


def test_the_command_line_gives_one_line_for_them(tmp_path: Path, deck_dir: Path) -> None:
    db = str(tmp_path / "cli.db")
    assert run("--db", db, "sync", str(deck_dir))[0] == 0
    for day, message in (("9999-12-31", "is too far away"), ("0001-01-01", "is not after today")):
        code, _, err = run("--db", db, "exam", day)
        assert (code, err.splitlines()) == (
            1,
            [f"error: exam date {day} {message}" + err.split(message, 1)[1].rstrip()],
        )


@pytest.fixture
def file_col(db_path: Path, deck_dir: Path) -> Iterator[Collection]:
    """A collection in an SQLite file (these tests are about file names)."""
    with pmcards.open(db_path) as col:
        col.sync([deck_dir])
        yield col


def test_a_path_too_long_for_the_file_system_is_a_pmcards_error(file_col: Collection, tmp_path: Path) -> None:
    """Found by the torture suite's fuzzer: `OSError: File name too long` escaped."""
    col = file_col
    long = tmp_path / ("x" * 300)
    for call in (
        lambda: pmcards.open(long),
        lambda: col.sync([long]),
        lambda: pmcards.load_decks([long]),
        lambda: pmcards.export_anki(col, f"{long}.apkg"),
    ):
        with pytest.raises(pmcards.PmcardsError, match="File name too long"):
            call()
    assert [problem.message for problem in pmcards.lint([long])] == ["cannot read: File name too long"]
    code, _, err = run("--db", str(long), "status")
    assert (code, err) == (1, f"error: cannot open database {long}: File name too long\n")


@pytest.mark.parametrize(("name", "shown"), [("a\x00b", "a NUL character"), ("a\udb05b", "'\\\\udb05'")])
def test_a_name_no_file_system_takes_is_a_pmcards_error(
    file_col: Collection, tmp_path: Path, name: str, shown: str
) -> None:
    """Found by the torture suite's fuzzer: a lone surrogate in a database path gave a
    `UnicodeEncodeError` (and a NUL a `ValueError`)."""
    col = file_col
    with pytest.raises(pmcards.StoreError, match=f"cannot open database .*: a path cannot hold {shown}"):
        pmcards.open(tmp_path / f"{name}.db")
    with pytest.raises(pmcards.PmcardsError, match=f"cannot write .*: a path cannot hold {shown}"):
        pmcards.export_anki(col, tmp_path / f"{name}.apkg")
    with pytest.raises(pmcards.DeckError, match="no such file or folder"):
        col.sync([tmp_path / name])
    assert [problem.message for problem in pmcards.lint([tmp_path / name])] == ["no such file or folder"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["decks", "study.db", "study.db-shm", "study.db-wal"]
