"""`check` runs the database's own integrity check too (issue 15, Deliver 5): a damaged file or a
row that refers to a missing one is reported, and `pmcards check` exits 1, though every card
still agrees with its log (it used to exit 0)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pmcards
from tests.test_cli import run


def answered_database(path: Path, deck_dir: Path) -> None:
    with pmcards.open(path) as col:
        col.sync([deck_dir])
        for card in col.cards():
            col.answer(card, "good")


def damage_an_index(path: Path) -> None:
    """Change the last byte of the page of index `ix_cards_due_queue`: the key of one of its
    entries, so that the index no longer matches the table (the file still opens)."""
    with sqlite3.connect(path) as raw:
        (root,) = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ix_cards_due_queue'").fetchone()
        (size,) = raw.execute("PRAGMA page_size").fetchone()
    raw.close()
    data = bytearray(path.read_bytes())
    data[root * size - 1] ^= 0x7F
    path.write_bytes(bytes(data))


def test_a_sound_database_has_no_integrity_problems(tmp_path: Path, deck_dir: Path) -> None:
    answered_database(tmp_path / "sound.db", deck_dir)
    with pmcards.open(tmp_path / "sound.db") as col:
        assert col.integrity_problems() == []
    code, out, _ = run("--db", str(tmp_path / "sound.db"), "check")
    assert (code, out) == (0, "every card matches its review log\n")


def test_check_reports_a_damaged_index_and_exits_1(tmp_path: Path, deck_dir: Path) -> None:
    path = tmp_path / "damaged.db"
    answered_database(path, deck_dir)
    damage_an_index(path)
    with pmcards.open(path) as col:
        assert col.check() == []  # every card still agrees with its log...
        problems = col.integrity_problems()  # ...but the file is damaged
    assert problems and all("ix_cards_due_queue" in problem for problem in problems)
    for repair in ([], ["--repair"]):
        code, out, err = run("--db", str(path), "check", *repair)
        assert code == 1
        assert out.splitlines() == [f"database: {problem}" for problem in problems]
        assert err.startswith(f"error: the database itself is damaged ({len(problems)} problem(s)); restore a backup")


def test_check_reports_a_log_row_of_a_card_that_does_not_exist(tmp_path: Path, deck_dir: Path) -> None:
    path = tmp_path / "orphan.db"
    answered_database(path, deck_dir)
    with sqlite3.connect(path) as raw:  # foreign keys are off in a plain sqlite3 connection
        raw.execute("UPDATE review_logs SET card_pk = 999 WHERE id = 1")
    raw.close()
    with pmcards.open(path) as col:
        assert col.integrity_problems() == ["row 1 of review_logs refers to a row of cards that does not exist"]
    code, out, _ = run("--db", str(path), "check")
    assert (code, out) == (1, "database: row 1 of review_logs refers to a row of cards that does not exist\n")
