"""The card browser and the study commands beyond today's queue: `cards`, `show`, `edit`, `forget`,
`exam`, `status --json`, review ahead and cram; through the API and the CLI, with bad input."""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

import pmcards
from pmcards import NotFoundError, PmcardsError
from pmcards.collection import Collection
from pmcards.collection.history import StoredLog
from pmcards.collection.reading import notes_of
from pmcards.store.schema import to_micros
from tests.conftest import NOON, FakeClock, raw_sql
from tests.test_cli import run

CARD_KEYS = {
    "id", "card", "deck", "kind", "state", "due", "stability", "difficulty", "recall", "reps", "lapses",
    "suspended", "leech", "buried_until", "tags", "front",
}  # fmt: skip


@pytest.fixture
def db(database: str, deck_dir: Path) -> str:
    """A database that synced the sample deck (so the CLI syncs that folder again) and answered two cards."""
    with pmcards.open(database) as col:
        col.set_setting("timezone", "UTC")
        col.sync([deck_dir])
        col.answer(col.card("s-basic"), "good")
        col.answer(col.card("s-cloze", 1), "again", duration=4)
    return database


def table_rows(out: str) -> list[list[str]]:
    """The rows of a rich table, its header first."""
    lines = (line.replace("┃", "│") for line in out.splitlines())
    return [[cell.strip() for cell in line.split("│")[1:-1]] for line in lines if line.count("│") > 2]


# -- the API -----------------------------------------------------------------------------------------


def test_find_cards_by_text_tag_and_state(col: Collection) -> None:
    col.answer(col.card("s-basic"), "good", now=NOON)
    col.suspend("s-interview")
    assert [card.card_id for card in col.find_cards(search="PRODUCT OUTCOME")] == ["s-basic"]
    assert [(card.card_id, card.ord) for card in col.find_cards(search="25%")] == [("s-cloze", 1), ("s-cloze", 2)]
    assert col.find_cards(search="s-cl") == col.find_cards(search="FAANG")
    assert col.find_cards(search=".*") == col.find_cards(search="[x](") == []  # plain text, never a pattern
    assert [card.card_id for card in col.find_cards(tags=["skills"])] == ["s-basic"]
    assert [card.card_id for card in col.find_cards(status="suspended")] == ["s-interview"]
    assert [card.card_id for card in col.find_cards(status="new")] == ["s-cloze", "s-cloze", "s-interview"]
    assert [card.card_id for card in col.find_cards(status="due", now=NOON + timedelta(days=30))] == ["s-basic"]
    with pytest.raises(PmcardsError, match="unknown card status 'old'"):
        col.find_cards(status="old")
    with pytest.raises(NotFoundError, match="unknown deck 'nope'"):
        col.find_cards("nope")


def test_forget_resets_the_note_logs_it_and_undo_takes_it_back(col: Collection) -> None:
    col.answer(col.card("s-cloze", 1), "good", now=NOON)
    col.answer(col.card("s-cloze", 2), "easy", now=NOON + timedelta(days=1))
    before = col.note_cards("s-cloze")
    reset = col.forget("s-cloze", now=NOON + timedelta(days=2))
    assert [card.state for card in reset] == [0, 0] and all(card.reps == 0 for card in reset)
    assert [log.rating for log in col.review_logs()] == [3, 4, 0, 0]
    assert col.check() == []
    assert col.undo() is not None
    assert col.note_cards("s-cloze") == before and col.check() == []
    with pytest.raises(NotFoundError, match="no card with id 'nope'"):
        col.forget("nope")


def test_the_stored_log_is_the_review_log_in_stored_units(col: Collection) -> None:
    col.answer(col.card("s-cloze", 1), "good", now=NOON, duration=4.5)
    col.answer(col.card("s-basic"), "again", now=NOON + timedelta(minutes=5))
    col.forget("s-cloze", now=NOON + timedelta(days=2))  # a reset: rating 0, no due or difficulty
    stored, logs = col.stored_review_logs(), col.review_logs()
    assert [log.rating for log in stored] == [3, 1, 0] and stored[-1].due is None and stored[-1].difficulty is None
    in_stored_units = [
        StoredLog(
            log.card_pk,
            log.rating,
            to_micros(log.reviewed_at) or 0,
            to_micros(log.due),
            log.state,
            log.previous_state,
            log.difficulty,
            log.duration_ms,
        )
        for log in logs
    ]
    assert stored == in_stored_units


def test_the_notes_of_the_cards_are_the_notes(col: Collection) -> None:
    assert notes_of(col.cards()) == col.notes() and len(col.notes()) < len(col.cards())  # a cloze note has two
    assert [card.note for card in col.note_cards("s-cloze")] == [col.notes()[1]] * 2


def test_forgetting_a_card_already_new_changes_nothing(col: Collection) -> None:
    col.answer(col.card("s-cloze", 1), "good", now=NOON)
    assert [card.ord for card in col.forget("s-cloze", now=NOON)] == [1]  # c2 was never answered: no reset row
    assert col.forget("s-cloze", now=NOON) == [] and col.forget("s-basic", now=NOON) == []
    assert [log.rating for log in col.review_logs()] == [3, 0]
    assert col.undo() is not None  # takes back the one reset, not a reset that did nothing
    assert col.card("s-cloze", 1).state != 0 and [log.rating for log in col.review_logs()] == [3]
    assert col.check() == []


def test_review_ahead_shows_the_cards_due_soon_and_logs_real_reviews(col: Collection, clock: FakeClock) -> None:
    col.set_setting("fuzz", False)
    col.answer(col.card("s-basic"), "easy", now=NOON)  # due in about a week
    col.set_setting("new_per_day", 0)
    assert col.next_card() is None
    assert col.next_card(ahead=3) is None
    card = col.next_card(ahead=30)
    assert card is not None and card.card_id == "s-basic"
    col.answer(card, "good")
    assert col.review_logs(card)[-1].previous_state == 2 and col.check() == []
    assert col.next_card(ahead=3) is None  # its next review is days away again
    with pytest.raises(PmcardsError, match="not together with cram"):
        col.next_card(ahead=2, cram=True)
    with pytest.raises(PmcardsError, match="tags choose the cards of review ahead and cram"):
        col.next_card(tags=["skills"])


def test_cram_shows_each_card_seen_once_the_longest_unseen_first(col: Collection, clock: FakeClock) -> None:
    col.answer(col.card("s-basic"), "easy", now=NOON - timedelta(days=2))
    col.answer(col.card("s-interview"), "easy", now=NOON - timedelta(days=1))
    shown = []
    while (card := col.next_card(cram=True)) is not None:
        shown.append(card.card_id)
        col.answer(card, "good")
        clock.now += timedelta(seconds=10)
    assert shown == ["s-basic", "s-interview"]
    assert [card.card_id for card in iter(lambda: col.next_card(cram=True, tags=["skills"]), None)] == []
    assert col.check() == []


def test_cram_keeps_to_a_tag(col: Collection) -> None:
    col.answer(col.card("s-basic"), "easy", now=NOON - timedelta(days=2))
    col.answer(col.card("s-interview"), "easy", now=NOON - timedelta(days=1))
    card = col.next_card(cram=True, tags=["skills"])
    assert card is not None and card.card_id == "s-basic"
    assert col.next_card("sample", cram=True, tags=["no-such-tag"]) is None


# -- the CLI -----------------------------------------------------------------------------------------


def test_cards_lists_each_card_with_its_schedule(db: str) -> None:
    code, out, _ = run("--db", db, "cards")
    assert code == 0 and "4 card(s)" in out
    rows = table_rows(out)
    assert rows[0] == ["Id", "Deck", "Kind", "Due", "Stability", "Recall", "Lapses"]
    assert [row[0] for row in rows[1:]] == ["s-basic", "s-cloze c1", "s-cloze c2", "s-interview"]
    basic = rows[1]
    assert basic[1:3] == ["sample", "basic"] and basic[4].endswith("d") and basic[5].endswith("%")
    assert rows[3][3:6] == ["new", "-", "-"]


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (("--search", "product OUTCOME"), ["s-basic"]),
        (("--search", "25%"), ["s-cloze c1", "s-cloze c2"]),
        (("--search", "(.*"), []),
        (("--search", "[x]({{c1::y}})"), []),
        (("--tag", "skills"), ["s-basic"]),
        (("--new",), ["s-cloze c2", "s-interview"]),
        (("--deck", "Sample Deck", "--search", "measure"), ["s-interview"]),
    ],
)
def test_cards_filters(db: str, args: tuple[str, ...], ids: list[str]) -> None:
    code, out, _ = run("--db", db, "cards", *args)
    assert code == 0 and [row[0] for row in table_rows(out)[1:]] == ids


def test_cards_json_has_one_documented_shape(db: str) -> None:
    code, out, _ = run("--db", db, "cards", "--json")
    cards = json.loads(out)
    assert code == 0 and len(cards) == 4 and all(set(card) == CARD_KEYS for card in cards)
    basic = cards[0]
    assert (basic["id"], basic["card"], basic["state"], basic["reps"]) == ("s-basic", 0, "learning", 1)
    assert basic["due"].endswith("+00:00") and 0 < basic["recall"] <= 1
    assert cards[2]["state"] == "new" and cards[2]["recall"] is None and cards[2]["due"] is None


def test_cards_bad_input(db: str) -> None:
    code, _, err = run("--db", db, "cards", "--new", "--suspended")
    assert (code, err) == (1, "error: choose one of --suspended --new\n")
    code, _, err = run("--db", db, "cards", "--deck", "nope")
    assert code == 1 and err.startswith("error: unknown deck 'nope'") and err.count("\n") == 1
    code, _, err = run("--db", db, "cards", "--tag", "skills", "--tag", "nosuch")
    assert (code, err) == (1, "error: no card has the tag 'nosuch' (tags are the `tags:` lines of the deck files)\n")


def test_show_gives_text_file_line_schedule_and_history(db: str, deck_dir: Path) -> None:
    code, out, _ = run("--db", db, "show", "s-cloze")
    assert code == 0
    assert out.splitlines()[0] == f"s-cloze (cloze) in sample, {deck_dir.resolve() / 'sample.md'}:18"
    assert "AI PMs earn" in out and "card 1: learning" in out and "card 2: new" in out
    history = [row for row in table_rows(out) if row and row[0] != "When"]
    assert len(history) == 1 and history[0][1:] == ["1", "Again", "1m", "4s"]
    assert "AI PMs earn 15-25% more at FAANG." in out and "{{c1::" not in out  # every deletion shown
    assert "Per the test article." in out  # the Extra
    assert "1 review, 0 lapses" in out and "0 reviews, 0 lapses (buried until " in out  # its sibling was answered


@pytest.mark.parametrize(
    ("card_id", "sides"),
    [
        ("s-basic", ["What does an AI PM own?", "The product outcome, not the model."]),
        ("s-interview", ["How would you measure an AI feature?", "Key points", "Start from the user outcome.", "Traps", "Only naming accuracy."]),
    ],
)  # fmt: skip
def test_show_gives_every_side_of_the_card(db: str, card_id: str, sides: list[str]) -> None:
    code, out, _ = run("--db", db, "show", card_id)
    assert code == 0
    lines = [line.strip(" │") for line in out.splitlines()]
    positions = [next(index for index, line in enumerate(lines) if side in line) for side in sides]
    assert positions == sorted(positions)  # question first, then the answer as the review shows it


def test_show_json_has_one_documented_shape(db: str, deck_dir: Path) -> None:
    code, out, _ = run("--db", db, "show", "s-cloze", "--json")
    shown = json.loads(out)
    assert code == 0
    assert set(shown) == {
        "id",
        "deck",
        "kind",
        "fields",
        "tags",
        "section",
        "source",
        "file",
        "line",
        "cards",
        "history",
    }
    assert shown["file"] == str(deck_dir.resolve() / "sample.md") and shown["line"] == 18
    assert [card["card"] for card in shown["cards"]] == [1, 2] and all(set(c) == CARD_KEYS for c in shown["cards"])
    (answer,) = shown["history"]
    assert answer == {
        "card": 1,
        "reviewed_at": answer["reviewed_at"],
        "rating": 1,
        "state_before": "new",
        "interval_days": pytest.approx(1 / 1440),
        "duration_ms": 4000,
    }


@pytest.mark.parametrize("command", ["show", "edit", "forget", "unsuspend"])
def test_an_unknown_id_is_one_line_and_exit_1(db: str, command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", "true")
    code, out, err = run("--db", db, command, "s-nope")
    assert (code, out) == (1, "")
    assert err.startswith("error: no card with id 's-nope'") and err.count("\n") == 1


def editor_script(tmp_path: Path, body: str) -> str:
    """An $EDITOR: a Python script given `+LINE PATH`, running `body`."""
    script = tmp_path / "editor.py"
    script.write_text(
        f"import sys\nfrom pathlib import Path\nline, path = int(sys.argv[1][1:]), Path(sys.argv[2])\n{body}\n"
    )
    return f"{sys.executable} {script}"


def test_edit_opens_the_file_at_the_card_s_line_and_syncs_the_change(
    db: str, deck_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = (
        "lines = path.read_text().splitlines(keepends=True)\n"
        "assert lines[line - 1] == '## Basic\\n', lines[line - 1]\n"
        "path.write_text(''.join(lines).replace('not the model', 'not the model alone'))"
    )
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, body))
    monkeypatch.delenv("VISUAL", raising=False)
    assert run("--db", db, "edit", "s-basic")[0] == 0
    with pmcards.open(db) as col:
        card = col.card("s-basic")
        assert "not the model alone" in card.sides["answer"] and card.reps == 1  # its schedule kept


def test_an_edit_that_breaks_the_deck_prints_its_problems_and_exits_1(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deck_dir: Path
) -> None:
    body = "path.write_text(path.read_text().replace('id: s-basic', 'id:'))"
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, body))
    code, out, err = run("--db", db, "edit", "s-basic")
    path = deck_dir.resolve() / "sample.md"
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{path}:10: 'id:' is empty (run `pmcards ids` to fill it in)",
        f"error: {path} has a problem after the edit; fix it (`pmcards edit s-basic`): nothing synced",
    ]


def test_edit_refuses_a_built_in_deck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", "true")
    db = str(tmp_path / "builtin.db")
    run("--db", db, "sync")
    code, _, err = run("--db", db, "edit", "nav-015")
    assert code == 1 and err.startswith("error: nav-015 is in a built-in deck (") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("editor", "message"),
    [
        (None, "error: set $EDITOR (or $VISUAL) to the editor to open deck files with\n"),
        ("false", "error: the editor 'false' stopped with exit code 1; nothing synced\n"),
        ("/no/such/editor", "error: cannot run the editor '/no/such/editor': No such file or directory\n"),
    ],
)
def test_edit_without_a_working_editor_changes_nothing(
    db: str, deck_dir: Path, editor: str | None, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    if editor is None:
        monkeypatch.delenv("EDITOR", raising=False)
    else:
        monkeypatch.setenv("EDITOR", editor)
    (deck_dir / "sample.md").write_text((deck_dir / "sample.md").read_text().replace("FAANG", "big tech"))
    before = raw_sql(db, "SELECT sides_json FROM cards ORDER BY pk")
    code, out, err = run("--db", db, "edit", "s-basic")
    assert (code, out, err) == (1, "", message)
    assert raw_sql(db, "SELECT sides_json FROM cards ORDER BY pk") == before


def test_forget_through_the_cli_keeps_the_log_exact(db: str) -> None:
    code, out, _ = run("--db", db, "forget", "s-cloze")
    assert (code, out) == (0, "s-cloze: reset to new (1 card); its past answers stay in the history\n")
    with pmcards.open(db) as col:
        assert all(card.is_new for card in col.note_cards("s-cloze")) and col.check() == []
    assert run("--db", db, "check")[:2] == (0, "every card matches its review log\n")
    code, out, _ = run("--db", db, "forget", "s-cloze")
    assert (code, out) == (0, "s-cloze is already new (not answered since it was last reset): nothing to forget\n")
    with pmcards.open(db) as col:
        assert [log.rating for log in col.review_logs()].count(0) == 1


def test_status_json_has_one_documented_shape(db: str) -> None:
    code, out, _ = run("--db", db, "status", "--json")
    status = json.loads(out)
    assert code == 0 and set(status) == {"decks", "total", "limits", "progress", "exam"}
    counts = {"id", "title", "new", "learning", "review", "total", "next_due"}
    assert set(status["total"]) == counts and all(set(deck) == counts for deck in status["decks"])
    assert status["decks"][0]["id"] == "sample" and status["total"]["id"] is None
    assert status["limits"] == {"new_per_day": 20, "reviews_per_day": 200}
    assert set(status["progress"]) == {"streak_days", "answered_today", "retention"}
    assert status["progress"]["answered_today"] == 2 and status["exam"] is None


def test_exam_plans_shows_in_status_and_clears(db: str) -> None:
    day = (date.today() + timedelta(days=20)).isoformat()
    code, out, _ = run("--db", db, "exam", day, "--deck", "Sample Deck")
    assert code == 0 and out.startswith(f"Exam {day} (sample): ") and "days left" in out
    assert "recall on the day if you stopped now" in out and "warning" not in out
    status = json.loads(run("--db", db, "status", "--json")[1])["exam"]
    keys = {"date", "decks", "tags", "days_left", "cards", "unseen", "new_per_day", "predicted_recall", "late"}
    assert set(status) == keys and status["late"] == 0
    assert (status["date"], status["decks"], status["cards"], status["unseen"]) == (day, ["sample"], 4, 2)
    assert 19 <= status["days_left"] <= 21 and 0 < status["predicted_recall"] < 1
    assert f"Exam {day} (sample)" in run("--db", db, "status")[1]
    assert run("--db", db, "exam")[1].startswith(f"Exam {day}")
    assert run("--db", db, "exam", "--clear")[:2] == (0, "no exam planned: scheduling is FSRS's alone\n")
    assert run("--db", db, "exam")[1] == "no exam planned; plan one with `pmcards exam YYYY-MM-DD`\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2026-13-01",), "error: invalid exam date '2026-13-01': give a date such as 2026-12-15"),
        (("tomorrow",), "error: invalid exam date 'tomorrow': give a date such as 2026-12-15"),
        (("2020-01-01",), "error: exam date 2020-01-01 is not after today"),
        ((str(date.today() + timedelta(days=9)), "--deck", "nope"), "error: unknown deck 'nope'"),
        (("--deck", "sample"), "error: give the exam's date with --deck or --tag"),
        (
            (str(date.today() + timedelta(days=9)), "--tag", "nosuchtag"),
            "error: no card in use has the tag 'nosuchtag'",
        ),
        (
            ("--clear", str(date.today() + timedelta(days=9))),
            "error: --clear stops preparing for the exam: give it alone",
        ),
    ],
)
def test_exam_bad_input_is_one_line_and_changes_nothing(db: str, args: tuple[str, ...], message: str) -> None:
    code, out, err = run("--db", db, "exam", *args)
    assert (code, out) == (1, "") and err.startswith(message) and err.count("\n") == 1
    with pmcards.open(db) as col:
        assert col.exam_plan() is None


def test_exam_syncs_first_and_warns_of_a_date_too_close(
    tmp_path: Path, deck_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PMCARDS_DECKS", str(deck_dir))
    db = str(tmp_path / "fresh.db")
    day = (date.today() + timedelta(days=2)).isoformat()
    code, out, _ = run("--db", db, "exam", day)
    assert code == 0 and "4 of 4 cards not yet seen, 4 new a day" in out
    assert (
        "warning: the exam is too close to see every card 4 days before it: the 4 cards not yet seen all come today"
        in out
    )
    assert json.loads(run("--db", db, "status", "--json")[1])["exam"]["late"] == 4


def test_tags_match_whatever_their_case_on_every_database(db: str) -> None:
    # As in Anki. SQLite's LIKE ignores case and PostgreSQL's does not: once, an exam tagged
    # 'SKILLS' took the 'skills' cards on SQLite while its own plan counted none of them.
    code, lower, _ = run("--db", db, "cards", "--tag", "skills")
    assert code == 0 and run("--db", db, "cards", "--tag", "SKILLS")[1] == lower
    with pmcards.open(db) as col:
        col.set_exam(date.today() + timedelta(days=30), tags=["SKILLS"])
        upper = col.exam_plan()
        col.set_exam(date.today() + timedelta(days=30), tags=["skills"])
        plain = col.exam_plan()
    assert upper is not None and plain is not None
    assert (upper.cards, upper.unseen, upper.new_per_day) == (plain.cards, plain.unseen, plain.new_per_day) != (0, 0, 0)
