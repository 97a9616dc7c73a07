"""Sync rules, checked against a real SQLite file: progress survives edits, removals and moves."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import pmcards
from pmcards import DeckError
from pmcards.collection import Collection
from tests.conftest import NOON, SAMPLE_DECK


def answer_first(col: Collection) -> int:
    card = col.next_card(now=NOON)
    assert card is not None and card.pk is not None
    col.answer(card, "good", now=NOON)
    return card.pk


def drain_queue(col: Collection) -> list[int]:
    """Answer Easy until nothing is due; return the cards shown."""
    shown: list[int] = []
    while (card := col.next_card(now=NOON)) is not None and len(shown) < 50:
        assert card.pk is not None
        shown.append(card.pk)
        col.answer(card, "easy", now=NOON)
    return shown


def test_sync_loads_every_card_and_each_cloze_deletion(col: Collection) -> None:
    rows = col.cards()
    assert [(row.card_id, row.ord, row.kind) for row in rows] == [
        ("s-basic", 0, "basic"),
        ("s-cloze", 1, "cloze"),
        ("s-cloze", 2, "cloze"),
        ("s-interview", 0, "interview"),
    ]
    assert rows[0].tags == ["skills", "role"]
    assert rows[0].source == "A Test Article"
    assert [deck.id for deck in col.decks()] == ["sample"]


def test_notes_hold_each_deck_file_card_once(col: Collection, deck_dir: Path) -> None:
    notes = col.notes()
    assert [(note.card_id, note.kind) for note in notes] == [
        ("s-basic", "basic"),
        ("s-cloze", "cloze"),
        ("s-interview", "interview"),
    ]
    assert notes[1].sides == col.card("s-cloze", 2).sides and notes[0].tags == ["skills", "role"]
    (deck_dir / "other.md").write_text("# Other\nid: other\n## Basic\nid: o1\nQ: Which?\nA: This.\n")
    path = deck_dir / "sample.md"
    path.write_text(
        SAMPLE_DECK.replace("{{c1::15-25%}}", "15-25%").replace("## Basic\n\nid: s-basic", "## Basic\n\nid: s-b")
    )
    col.sync([deck_dir])
    cloze = next(note for note in col.notes() if note.kind == "cloze")
    assert "{{c1::" not in cloze.sides["text"]  # read from deletion 2, the one still in use
    assert [note.card_id for note in col.notes("sample")] == ["s-b", "s-cloze", "s-interview"]
    assert [note.card_id for note in col.notes("Other")] == ["o1"]


def test_editing_text_keeps_id_schedule_and_history(col: Collection, deck_dir: Path) -> None:
    pk = answer_first(col)
    before = col.card(pk)
    path = deck_dir / "sample.md"
    path.write_text(path.read_text().replace("What does an AI PM own?", "What does an AI PM own, above all?"))
    report = col.sync([deck_dir])
    assert (report.updated, report.added, report.retired) == (1, 0, 0)
    after = col.card(pk)
    assert after.sides["question"] == "What does an AI PM own, above all?"
    assert (after.state, after.stability, after.due, after.reps) == (before.state, before.stability, before.due, 1)
    assert len(col.review_logs(pk)) == 1


def test_removed_card_is_retired_and_comes_back_with_its_history(col: Collection, deck_dir: Path) -> None:
    pk = answer_first(col)
    path = deck_dir / "sample.md"
    basic_block = SAMPLE_DECK[SAMPLE_DECK.index("## Basic") : SAMPLE_DECK.index("## Cloze")]
    path.write_text(SAMPLE_DECK.replace(basic_block, ""))
    assert col.sync([deck_dir]).retired == 1
    assert "s-basic" not in [row.card_id for row in col.cards()]
    assert col.card(pk).retired
    assert pk not in drain_queue(col)
    assert len(col.review_logs(pk)) == 1

    path.write_text(SAMPLE_DECK)
    assert col.sync([deck_dir]).restored == 1
    restored = col.card(pk)
    assert not restored.retired and restored.reps == 1
    assert len(col.review_logs(pk)) == 1


def test_removed_cloze_deletion_retires_only_that_card(col: Collection, deck_dir: Path) -> None:
    path = deck_dir / "sample.md"
    path.write_text(SAMPLE_DECK.replace("{{c2::FAANG}}", "FAANG"))
    report = col.sync([deck_dir])
    assert (report.retired, report.updated) == (1, 1)
    assert [(row.card_id, row.ord) for row in col.cards() if row.kind == "cloze"] == [("s-cloze", 1)]


def test_deleted_deck_file_retires_the_deck(col: Collection, deck_dir: Path) -> None:
    (deck_dir / "other.md").write_text("# Other\nid: other\n## Basic\nid: o1\nQ: Which?\nA: This.\n")
    col.sync([deck_dir])
    (deck_dir / "sample.md").unlink()
    assert col.sync([deck_dir]).retired == 4
    assert [deck.id for deck in col.decks()] == ["other"]
    assert [row.card_id for row in col.cards()] == ["o1"]


def test_card_moved_to_another_deck_keeps_its_history(col: Collection, deck_dir: Path) -> None:
    pk = answer_first(col)
    path = deck_dir / "sample.md"
    basic_block = SAMPLE_DECK[SAMPLE_DECK.index("## Basic") : SAMPLE_DECK.index("## Cloze")]
    path.write_text(SAMPLE_DECK.replace(basic_block, ""))
    (deck_dir / "other.md").write_text("# Other\n\nid: other\n\n" + basic_block)
    col.sync([deck_dir])
    moved = col.card(pk)
    assert (moved.deck_id, moved.retired, moved.reps) == ("other", False, 1)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_resync_of_unchanged_decks_writes_nothing(db_path: Path, deck_dir: Path) -> None:
    with pmcards.open(db_path) as col:
        col.sync([deck_dir])
    before = digest(db_path)
    with pmcards.open(db_path) as col:
        report = col.sync([deck_dir])
    assert (report.unchanged, report.changed) == (4, False)
    assert digest(db_path) == before


def test_deck_set_with_any_error_writes_nothing(db_path: Path, deck_dir: Path) -> None:
    with pmcards.open(db_path) as col:
        col.sync([deck_dir])
    before = digest(db_path)
    path = deck_dir / "sample.md"
    path.write_text(SAMPLE_DECK.replace("What does an AI PM own?", "Edited question?"))
    (deck_dir / "broken.md").write_text("# Broken\nid: broken\n## Basic\nQ: no id\nA: a\n")
    with pmcards.open(db_path) as col:
        with pytest.raises(DeckError, match=r"broken\.md:3: card has no id"):
            col.sync([deck_dir])
        assert col.cards()[0].sides["question"] == "What does an AI PM own?"
    assert digest(db_path) == before


def test_sync_of_the_builtin_decks_by_default(database: str) -> None:
    with pmcards.open(database) as col:
        report = col.sync()
        assert report.decks == len(list(Path(__file__).parent.parent.joinpath("decks").glob("*.md")))
        assert report.added > 100


def test_sync_remembers_the_paths_it_was_given(database: str, deck_dir: Path, tmp_path: Path) -> None:
    with pmcards.open(database) as col:
        col.sync()  # the built-in decks
        builtin_count = len(col.decks())
        col.sync([deck_dir])
        assert col.deck_paths() == [deck_dir.resolve()]
        (deck_dir / "sample.md").write_text(SAMPLE_DECK.replace("What does an AI PM own?", "Edited?"))
        assert col.sync().updated == 1  # the remembered folder, not the built-in decks
        assert col.card("s-basic").sides["question"] == "Edited?"
        assert len(col.decks()) == builtin_count + 1  # the built-in decks stay, in the order added
        assert col.decks()[-1].id == "sample"


def test_moving_cards_within_a_deck_is_not_an_update(col: Collection, deck_dir: Path) -> None:
    basic_block = SAMPLE_DECK[SAMPLE_DECK.index("## Basic") : SAMPLE_DECK.index("## Cloze")]
    (deck_dir / "sample.md").write_text(SAMPLE_DECK.replace(basic_block, "") + "\n" + basic_block)
    report = col.sync([deck_dir])
    assert (report.updated, report.unchanged) == (0, 4)
    assert [row.card_id for row in col.cards()][-1] == "s-basic"


def test_one_path_may_be_given_as_a_string(database: str, deck_dir: Path) -> None:
    with pmcards.open(database) as col:
        assert col.sync(str(deck_dir)).added == 4


# -- incremental sync -------------------------------------------------------------------------------

OTHER_DECK = "# Other\n\nid: other\n\n## Basic\n\nid: o1\n\nQ: Which deck?\n\nA: The other one.\n"


def test_an_unchanged_file_is_not_read_again_and_an_edited_one_is(col: Collection, deck_dir: Path) -> None:
    (deck_dir / "other.md").write_text(OTHER_DECK)
    assert (col.sync([deck_dir]).files_read, col.sync([deck_dir]).files_skipped) == (1, 2)
    (deck_dir / "other.md").write_text(OTHER_DECK.replace("Which deck?", "Which deck is this?"))
    report = col.sync([deck_dir])
    assert (report.files_read, report.files_skipped, report.updated, report.unchanged) == (1, 1, 1, 4)
    assert col.card("o1").sides["question"] == "Which deck is this?"


def test_a_file_synced_by_another_process_meanwhile_is_read_again(database: str, deck_dir: Path) -> None:
    with pmcards.open(database) as first, pmcards.open(database) as second:
        first.sync([deck_dir])
        (deck_dir / "sample.md").write_text(SAMPLE_DECK.replace("What does an AI PM own?", "Edited?"))
        second.sync([deck_dir])
        (deck_dir / "sample.md").write_text(SAMPLE_DECK)
        assert first.sync([deck_dir]).updated == 1
        assert second.card("s-basic").sides["question"] == "What does an AI PM own?"


def test_an_id_owned_by_an_unchanged_file_is_refused_naming_both_files(col: Collection, deck_dir: Path) -> None:
    (deck_dir / "other.md").write_text(OTHER_DECK)
    col.sync([deck_dir])
    (deck_dir / "other.md").write_text(OTHER_DECK.replace("id: o1", "id: s-cloze"))
    with pytest.raises(DeckError) as raised:
        col.sync([deck_dir])
    assert [str(problem) for problem in raised.value.problems] == [
        f"{deck_dir / 'other.md'}:5: card id 's-cloze' is already used by {(deck_dir / 'sample.md').resolve()}:18"
    ]
    assert col.card("s-cloze", 1).deck_id == "sample"


def test_a_changed_format_version_reads_every_file_again(
    col: Collection, deck_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmcards.collection import sync

    assert col.sync([deck_dir]).files_read == 0
    monkeypatch.setattr(sync, "FORMAT_VERSION", b"pmcards deck format, next\n")
    report = col.sync([deck_dir])
    assert (report.files_read, report.unchanged, report.changed) == (1, 4, False)


def test_a_card_keeps_its_line_in_its_file(col: Collection, deck_dir: Path) -> None:
    assert [card.line for card in col.cards()] == [8, 18, 18, 27]
    (deck_dir / "sample.md").write_text(SAMPLE_DECK.replace("tags: role\n", "tags: role\n\n\n"))
    report = col.sync([deck_dir])
    assert (report.updated, report.unchanged) == (0, 4)
    assert [card.line for card in col.cards()] == [10, 20, 20, 29]


# -- ids another file owns ----------------------------------------------------------------------------


def test_a_deck_id_owned_by_a_file_synced_before_is_refused(database: str, deck_dir: Path, tmp_path: Path) -> None:
    """Copying a deck (say, the README's example of a built-in one) must not take it over."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "copy.md").write_text(SAMPLE_DECK.replace("# Sample Deck", "# My Copy"))
    with pmcards.open(database) as col:
        col.sync([deck_dir])
        with pytest.raises(DeckError) as raised:
            col.sync([mine])
        messages = [str(problem) for problem in raised.value.problems]
        assert (
            f"{mine / 'copy.md'}:3: deck id 'sample' is already used by {(deck_dir / 'sample.md').resolve()}"
            in messages
        )
        assert (
            f"{mine / 'copy.md'}:8: card id 's-basic' is already used by {(deck_dir / 'sample.md').resolve()}:8"
            in messages
        )
        assert [deck.title for deck in col.decks()] == ["Sample Deck"] and len(col.cards()) == 4


def test_a_card_moves_to_another_deck_when_both_files_are_synced_together(col: Collection, deck_dir: Path) -> None:
    pk = answer_first(col)
    basic = SAMPLE_DECK[SAMPLE_DECK.index("## Basic") : SAMPLE_DECK.index("## Cloze")]
    (deck_dir / "sample.md").write_text(SAMPLE_DECK.replace(basic, ""))
    (deck_dir / "other.md").write_text(OTHER_DECK + "\n" + basic)
    report = col.sync([deck_dir])
    assert (report.added, report.retired) == (1, 0)  # o1 is new; s-basic moved, with its history
    moved = col.card(pk)
    assert (moved.card_id, moved.deck_id, moved.reps) == ("s-basic", "other", 1)
    assert len(col.review_logs(pk)) == 1


def test_a_renamed_deck_file_keeps_its_deck(col: Collection, deck_dir: Path) -> None:
    pk = answer_first(col)
    (deck_dir / "sample.md").rename(deck_dir / "renamed.md")
    report = col.sync([deck_dir])
    assert (report.retired, report.changed) == (0, False)
    assert col.card(pk).reps == 1 and [deck.path for deck in col.decks()] == [str((deck_dir / "renamed.md").resolve())]


def test_a_card_can_change_kind_after_moving_between_decks(col: Collection, deck_dir: Path) -> None:
    """A card id may come back with other card numbers (a reverse card made basic, then reverse
    again) after its old rows were retired in another deck."""
    (deck_dir / "z.md").write_text("# Z\nid: z\n## Reverse\nid: c1\nFront: f\nBack: b\n")
    col.sync([deck_dir])
    (deck_dir / "z.md").write_text("# Z\nid: z\n## Basic\nid: z-1\nQ: q\nA: a\n")
    (deck_dir / "x.md").write_text("# X\nid: x\n## Basic\nid: c1\nQ: f\nA: b\n")
    col.sync([deck_dir])
    (deck_dir / "x.md").write_text("# X\nid: x\n## Reverse\nid: c1\nFront: f\nBack: b\n")
    report = col.sync([deck_dir])
    assert report.restored == 2 and [card.deck_id for card in col.note_cards("c1")] == ["x", "x"]
