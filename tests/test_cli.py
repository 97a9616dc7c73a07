"""The `pmcards` command through typer's CLI runner: output, exit codes, and bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pmcards
from pmcards.cli import app
from tests.conftest import NOON, SAMPLE_DECK, raw_sql

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_lint_reports_every_problem_as_file_line_message(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# A\nid: a\n## Basic\nQ: q\nA:\n")
    (tmp_path / "b.md").write_bytes(b"\xff\xfe not text")
    code, out, err = run("lint", str(tmp_path))
    assert code == 1
    assert out.splitlines() == [
        f"{tmp_path / 'a.md'}:3: card has no id (run `pmcards ids` to add one)",
        f"{tmp_path / 'a.md'}:5: 'A:' is empty",
        f"{tmp_path / 'b.md'}:1: not UTF-8: invalid byte 0xff at offset 0",
    ]
    assert "3 problem(s) in 2 file(s)" in err


def test_lint_of_clean_decks_and_the_builtin_decks(deck_dir: Path) -> None:
    assert run("lint", str(deck_dir))[0] == 0
    code, _, err = run("lint")
    assert code == 0 and "no problems" in err


def test_lint_fix_and_ids_write_missing_ids(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# A\nid: a\n## Basic\nQ: q\nA: a\n")
    code, _, err = run("lint", "--fix", str(tmp_path))
    assert code == 0 and f"{path}: added 1 id(s)" in err
    assert run("ids", str(tmp_path))[2] == "every card already has an id\n"


def test_lint_warns_about_a_tab_indented_list_and_fix_removes_the_tabs(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# A\nid: a\n## Interview\nid: i\nQ: q\nKey points:\n\t- outcome\n\t- guardrail\n")
    code, out, err = run("lint", str(tmp_path))
    assert (code, out) == (
        0,
        f"{path}:7: warning: 'Key points:' text indented with a tab shows as code: remove the indentation\n",
    )
    assert "no problems, 1 warning(s)" in err
    code, out, err = run("lint", "--fix", str(tmp_path))
    assert (code, out) == (0, "")
    assert f"{path}: removed the indentation of 2 line(s) that showed as code" in err
    assert path.read_text().endswith("Key points:\n- outcome\n- guardrail\n")


def test_missing_deck_folder_is_one_clear_line(tmp_path: Path) -> None:
    code, out, _ = run("lint", str(tmp_path / "nope"))
    assert (code, out) == (1, f"{tmp_path / 'nope'}: no such file or folder\n")


def test_sync_status_config_check_round(database: str, deck_dir: Path) -> None:
    db = database
    code, out, _ = run("--db", db, "sync", str(deck_dir))
    assert (code, out) == (
        0,
        "1 deck(s), cards to review (one per cloze deletion): 4 added, 0 updated, 0 retired, 0 restored, 0 unchanged\n",
    )
    code, out, _ = run("--db", db, "config", "new_per_day", "5", "--deck", "sample")
    assert code == 0 and "deck sample" in out
    code, out, _ = run("--db", db, "config", "timezone", "UTC")
    assert code == 0 and "UTC" in out
    with pmcards.open(db) as col:
        assert col.settings("sample").new_per_day == 5
        col.answer(col.card("s-basic"), "good", now=NOON)
    code, out, _ = run("--db", db, "check")
    assert (code, out) == (0, "every card matches its review log\n")


def test_status_shows_each_deck_and_totals(database: str, monkeypatch: pytest.MonkeyPatch, deck_dir: Path) -> None:
    monkeypatch.setenv("PMCARDS_DECKS", str(deck_dir))
    code, out, _ = run("--db", database, "status")
    assert code == 0
    assert "Sample Deck" in out and "All decks" in out
    sample_row = next(line for line in out.splitlines() if "Sample Deck" in line)
    assert [cell.strip() for cell in sample_row.split("│")[1:-1]] == ["Sample Deck", "4", "0", "0", "4", "-"]


SHARED_LIMITS = "The decks share the daily limits: each row is what that deck could take today"


def test_status_says_when_the_decks_share_the_daily_limits(tmp_path: Path, deck_dir: Path) -> None:
    db = str(tmp_path / "shared.db")
    run("--db", db, "sync", str(deck_dir))
    assert SHARED_LIMITS not in run("--db", db, "status")[1]  # one deck: its row is the total
    other = SAMPLE_DECK.replace("id: sample", "id: other").replace("# Sample Deck", "# Other Deck")
    (deck_dir / "other.md").write_text(other.replace("id: s-", "id: o-"))
    run("--db", db, "sync", str(deck_dir))
    run("--db", db, "config", "new_per_day", "3")
    code, out, _ = run("--db", db, "status")
    rows = {
        cells[0]: cells[1] for line in out.splitlines() if len(cells := [c.strip() for c in line.split("│")[1:-1]]) > 1
    }
    assert (code, rows["Sample Deck"], rows["Other Deck"], rows["All decks"]) == (0, "3", "3", "3")
    assert SHARED_LIMITS in " ".join(out.split())


def test_invalid_config_values_name_the_setting(database: str) -> None:
    db = database
    for args, message in [
        (("desired_retention", "0.5"), "setting 'desired_retention': must be between 0.7 and 0.99"),
        (("reviews_per_day", "--", "-3"), "setting 'reviews_per_day': must not be negative"),
        (("timezone", "Nowhere/Land"), "unknown time zone 'Nowhere/Land'"),
        (("speed", "fast"), "unknown setting 'speed'"),
    ]:
        code, _, err = run("--db", db, "config", *args)
        assert code == 1 and message in err and err.count("\n") == 1


def test_corrupt_settings_row_gives_an_error_not_a_traceback(database: str, deck_dir: Path) -> None:
    db = database
    pmcards.open(db).close()
    raw_sql(db, "INSERT INTO settings VALUES ('', 'desired_retention', 'not json')")
    code, _, err = run("--db", db, "status")
    assert code == 1 and "stored setting 'desired_retention' is invalid" in err


def test_check_exits_1_on_a_tampered_card_and_repair_fixes_it(database: str, deck_dir: Path) -> None:
    db = database
    with pmcards.open(db) as col:
        col.sync([deck_dir])
        col.answer(col.card("s-basic"), "good", now=NOON)
    raw_sql(db, "UPDATE cards SET difficulty = 1.0 WHERE card_id = 's-basic'")
    code, out, err = run("--db", db, "check")
    assert code == 1 and out.startswith("s-basic: difficulty stored 1.0000, replayed ") and "--repair" in err
    assert run("--db", db, "check", "--repair")[0:2] == (0, out + "repaired 1 card(s) from their logs\n")
    assert run("--db", db, "check")[0] == 0


def test_check_names_a_cloze_card_and_a_state_as_the_other_commands_do(tmp_path: Path, deck_dir: Path) -> None:
    db = str(tmp_path / "named.db")
    with pmcards.open(db) as col:
        col.sync([deck_dir])
        col.answer(col.card("s-cloze", 1), "good", now=NOON)
    raw_sql(db, "UPDATE cards SET state = 2 WHERE card_id = 's-cloze' AND ord = 1")
    code, out, _ = run("--db", db, "check")
    assert code == 1 and out.startswith("s-cloze c1: state stored review, replayed learning")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: p.write_text("hello"), "is not an SQLite database"),
        (lambda p: p.mkdir(), "it is a folder"),
    ],
)
def test_bad_database_paths(tmp_path: Path, setup: object, message: str) -> None:
    path = tmp_path / "bad.db"
    setup(path)  # type: ignore[operator]
    code, _, err = run("--db", str(path), "status")
    assert code == 1 and message in err and str(path) in err


@pytest.mark.parametrize(
    ("db", "message"),
    [
        ("", "error: no database given: name a file, an sqlite:/// URL or a postgresql:// URL\n"),
        ("sqlite:///", "error: 'sqlite:///' is an in-memory database: it would keep nothing after the command; name a file (--db study.db)\n"),
        (":memory:", "error: ':memory:' is an in-memory database: it would keep nothing after the command; name a file (--db study.db)\n"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", ["status", "sync"])
def test_no_database_or_an_in_memory_one_is_refused(db: str, message: str, command: str) -> None:
    assert run("--db", db, command) == (1, "", message)


def test_lint_writes_nothing_so_an_in_memory_database_is_no_reason_to_refuse() -> None:
    assert run("--db", ":memory:", "lint")[0] == 0  # the default decks, as for a database not made yet
    assert run("--db", "", "lint") == (
        1,
        "",
        "error: no database given: name a file, an sqlite:/// URL or a postgresql:// URL\n",
    )


def test_the_api_still_opens_an_in_memory_database() -> None:
    with pmcards.open("sqlite:///") as col:
        assert col.sync()
    with pytest.raises(pmcards.StoreError, match=r"^no database given"):
        pmcards.open("")


def test_sync_with_deck_errors_exits_1_and_changes_nothing(database: str, deck_dir: Path) -> None:
    db = database
    run("--db", db, "sync", str(deck_dir))
    (deck_dir / "sample.md").write_text(SAMPLE_DECK.replace("id: s-basic\n", ""))
    code, _, err = run("--db", db, "sync", str(deck_dir))
    assert code == 1
    assert "sample.md:8: card has no id" in err and "nothing was changed" in err
    with pmcards.open(db) as col:
        assert len(col.cards()) == 4


def test_review_refuses_without_a_terminal(tmp_path: Path) -> None:
    code, _, err = run("--db", str(tmp_path / "r.db"), "review")
    assert code == 1 and "needs an interactive terminal" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--ahead", "3", "--cram"), "error: --ahead and --cram do not go together: choose one\n"),
        (("--ahead", "36501"), "error: --ahead takes a number of days from 1 to 36500, not 36501\n"),
        (("--tag", "metrics"), "error: --tag chooses the cards of --ahead and --cram; today's review takes every due card\n"),
    ],
)  # fmt: skip
def test_review_options_are_checked_in_the_command_s_words(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    code, _, err = run("--db", str(tmp_path / "r.db"), "review", *args)
    assert (code, err) == (1, message)
    assert not (tmp_path / "r.db").exists()


def test_bare_command_shows_status_and_points_to_review(database: str) -> None:
    code, out, _ = run("--db", database)
    assert code == 0 and "Due today" in out and "pmcards review" in out


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "pmcards", "--help"], capture_output=True, text=True, check=True)
    assert "review" in result.stdout and "lint" in result.stdout


def test_unsuspend_by_card_id(database: str, deck_dir: Path) -> None:
    db = database
    with pmcards.open(db) as col:
        col.sync([deck_dir])
        for card in col.cards():
            if card.card_id == "s-cloze":
                col.suspend(card)
    assert run("--db", db, "unsuspend", "s-cloze")[:2] == (0, "s-cloze: back in the reviews\n")
    with pmcards.open(db) as col:
        assert not any(card.suspended for card in col.cards())
    code, _, err = run("--db", db, "unsuspend", "nope")
    assert code == 1 and "no card with id 'nope'" in err


def test_config_shows_deck_overrides_with_their_values(database: str, deck_dir: Path) -> None:
    db = database
    run("--db", db, "sync", str(deck_dir))
    run("--db", db, "config", "desired_retention", "0.85", "--deck", "sample")
    row = next(line for line in run("--db", db, "config")[1].splitlines() if "desired_retention" in line)
    assert [cell.strip() for cell in row.split("│")[1:-1]] == [
        "desired_retention",
        "0.9",
        "default (deck sample: 0.85)",
    ]
    row = next(
        line for line in run("--db", db, "config", "--deck", "sample")[1].splitlines() if "desired_retention" in line
    )
    assert [cell.strip() for cell in row.split("│")[1:-1]] == ["desired_retention", "0.85", "deck sample"]


def test_lint_checks_the_folders_sync_remembered(tmp_path: Path, deck_dir: Path) -> None:
    db = str(tmp_path / "remember.db")
    run("--db", db, "sync", str(deck_dir))
    (deck_dir / "broken.md").write_text("# B\nid: b\n## Basic\nQ: q\nA: a\n")
    code, out, _ = run("--db", db, "lint")
    assert (code, out) == (1, f"{deck_dir.resolve() / 'broken.md'}:3: card has no id (run `pmcards ids` to add one)\n")
    assert run("--db", str(tmp_path / "none.db"), "lint")[0] == 0  # no database: the built-in decks
    assert not (tmp_path / "none.db").exists()


def test_sync_help_names_the_default_decks() -> None:
    code, out, _ = run("sync", "--help")
    assert code == 0
    assert (
        "$PMCARDS_DECKS, else the folders of the last `pmcards sync` given some, else the built-in decks"
        in " ".join(out.split())
    )


def test_sync_builtin_keeps_the_built_in_decks_beside_ones_own(tmp_path: Path, deck_dir: Path) -> None:
    db = str(tmp_path / "both.db")
    assert run("--db", db, "sync", str(deck_dir))[0] == 0
    with pmcards.open(db) as col:
        own = {deck.id for deck in col.decks()}
    code, out, _ = run("--db", db, "sync", "--builtin", str(deck_dir))
    assert code == 0, out
    with pmcards.open(db) as col:
        synced = {deck.id for deck in col.decks()}
        folders = col.settings().deck_folders
    assert own < synced and "ai-pm-interview-questions" in synced
    assert len(folders) == 2  # remembered: later syncs keep both
    # Without paths, the built-in decks join the folders last synced (once each), not replace them.
    assert run("--db", db, "sync", str(deck_dir))[0] == 0
    assert run("--db", db, "sync", "--builtin")[0] == 0
    assert run("--db", db, "sync", "--builtin")[0] == 0
    with pmcards.open(db) as col:
        assert len(col.settings().deck_folders) == 2 and str(deck_dir.resolve()) in col.settings().deck_folders


def test_config_shows_a_long_value_whole_in_a_narrow_terminal(tmp_path: Path, deck_dir: Path) -> None:
    db = str(tmp_path / "folders.db")
    assert run("--db", db, "sync", "--builtin", str(deck_dir))[0] == 0
    result = runner.invoke(app, ["--db", db, "config", "deck_folders"], env={"COLUMNS": "60"})
    assert result.exit_code == 0
    value = "".join(line.split("│")[2].strip() for line in result.stdout.splitlines() if line.count("│") == 4)
    assert str(deck_dir) in value  # folded over lines, not cut short
