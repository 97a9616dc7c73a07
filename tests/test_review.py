"""The review session: scripted keys on a recording console, and the real command in a pseudo-terminal."""

from __future__ import annotations

import io
import os
import re
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pexpect
import pyte
import pytest
from rich.console import Console

import pmcards
from pmcards.collection import Collection
from pmcards.review_screen import TerminalReview
from tests.conftest import NOON, FakeClock


def scripted(col: Collection, keys: str, lines: Iterator[str] | None = None, **options: object) -> tuple[str, object]:
    console = Console(file=io.StringIO(), width=100, record=True, color_system=None)
    pressed = iter(keys)
    clock = iter(float(second) for second in range(0, 10_000, 5))
    session = TerminalReview(
        col,
        console,
        read_key=lambda: next(pressed, ""),
        read_line=lambda prompt: next(lines or iter(()), ""),
        clock=lambda: next(clock),
        **options,  # type: ignore[arg-type]
    )
    stats = session.run()
    return console.export_text(), stats


def test_reveal_rate_and_summary(col: Collection) -> None:
    text, stats = scripted(col, " 4 1 q")
    assert "What does an AI PM own?" in text
    assert "product outcome" in text
    assert "1 Again 1m  2 Hard 6m  3 Good 10m  4 Easy" in text
    assert "AI PMs earn [...] more at FAANG." in text  # the cloze front hides c1 only
    assert "Session summary" in text and "Cards done" in text and "Again" in text and "50%" in text
    assert "Due tomorrow" in text and "Streak        1 day" in text
    assert [log.rating for log in col.review_logs()] == [4, 1]
    assert stats.done == 2  # type: ignore[attr-defined]


def test_enter_and_space_mean_good(col: Collection) -> None:
    scripted(col, "\r\r  q")
    assert [log.rating for log in col.review_logs()] == [3, 3]


def test_interview_card_shows_the_typed_answer_beside_the_key_points(col: Collection) -> None:
    for card in col.cards()[:3]:
        col.answer(card, "easy", now=NOON)
    text, _ = scripted(col, "t3q", lines=iter(["I would ship it and watch accuracy."]))
    assert "How would you measure an AI feature?" in text
    assert "Your answer" in text and "I would ship it and watch accuracy." in text
    assert "A strong answer" in text and "Start from the user outcome." in text and "Traps" in text
    assert "A Test Article · Interview questions" in text


def test_undo_brings_the_card_back_and_removes_its_log(col: Collection) -> None:
    text, stats = scripted(col, " 4 u 2q")
    assert "Undone" in text
    assert [log.rating for log in col.review_logs()] == [2]
    assert col.review_logs()[0].card_pk == col.card("s-basic").pk
    assert stats.done == 1  # type: ignore[attr-defined]


def test_suspend_and_bury_from_the_review(col: Collection) -> None:
    text, _ = scripted(col, "s b q")
    assert "Suspended s-basic" in text and "Buried s-cloze" in text
    assert col.card("s-basic").suspended
    assert col.card("s-cloze").buried_until is not None
    assert col.review_logs() == []


def test_limit_and_nothing_due(col: Collection) -> None:
    _, stats = scripted(col, " 4", limit=1)
    assert stats.done == 1  # type: ignore[attr-defined]
    text, _ = scripted(col, " 4 4 4")
    assert "Nothing is due now." in text and "The next card is due in" in text


def test_leech_is_announced(col: Collection, clock: FakeClock) -> None:
    col.set_setting("leech_threshold", 1)
    col.set_setting("new_per_day", 0)
    col.answer(col.card("s-basic"), "easy", now=NOON)
    clock.now = NOON + timedelta(days=365)
    text, _ = scripted(col, " 1q")
    assert "Leech:" in text and "now suspended" in text


# -- the real command in a pseudo-terminal ---------------------------------------------------------


def spawn_review(db: Path, deck_dir: Path, *args: str, rows: int = 40, columns: int = 100) -> pexpect.spawn[str]:
    env = {**os.environ, "PMCARDS_DECKS": str(deck_dir), "COLUMNS": str(columns), "LINES": str(rows), "TERM": "xterm"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "pmcards", "--db", str(db), "review", *args],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(rows, columns),
    )


class Screen:
    """What a terminal of `rows` x `columns` shows of a child's output (a terminal emulator, pyte)."""

    def __init__(self, child: pexpect.spawn[str], rows: int, columns: int) -> None:
        self.child = child
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.Stream(self.screen)

    def wait_for(self, *texts: str, timeout: float = 30, unlike: list[str] | None = None) -> list[str]:
        """The screen's lines once each of `texts` is on it (and, given `unlike`, the screen differs from it)."""
        deadline = time.monotonic() + timeout
        while not all(text in "\n".join(self.screen.display) for text in texts) or self.screen.display == unlike:
            if time.monotonic() > deadline:
                raise AssertionError(f"{texts!r} never showed; the screen:\n" + "\n".join(self.screen.display))
            try:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=0.2))
            except pexpect.TIMEOUT:
                continue
        return list(self.screen.display)


@pytest.mark.slow
def test_review_in_a_real_terminal(tmp_path: Path, deck_dir: Path) -> None:
    db = tmp_path / "tty.db"
    child = spawn_review(db, deck_dir)
    child.expect("What does an AI PM own")
    child.expect("space.*reveal")
    child.send(" ")
    child.expect("product outcome")
    child.expect("4 Easy")
    child.send("4")
    child.expect(r"\[\.\.\.\]")
    child.send(" ")
    child.expect("3 Good")
    child.send("1")
    child.expect("reveal")
    child.send("q")
    child.expect("Session summary")
    child.expect("Cards done +2")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    with pmcards.open(db) as col:
        assert [log.rating for log in col.review_logs()] == [4, 1]
        assert col.card("s-basic").state == 2


@pytest.mark.slow
def test_ctrl_c_and_a_closed_terminal_lose_no_answer(tmp_path: Path, deck_dir: Path) -> None:
    db = tmp_path / "interrupt.db"
    child = spawn_review(db, deck_dir)
    child.expect("reveal")
    child.send(" ")
    child.expect("4 Easy")
    child.send("4")
    child.expect("reveal")
    child.sendintr()
    child.expect("Session summary")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130  # interrupted, as a shell expects, after the summary

    child = spawn_review(db, deck_dir)
    child.expect("reveal")
    child.send(" ")
    child.expect("4 Easy")
    child.send("3")
    child.expect("reveal")
    child.close(force=True)  # the terminal goes away mid-session
    with pmcards.open(db) as col:
        assert [log.rating for log in col.review_logs()] == [4, 3]


def test_undo_takes_back_a_suspension_and_a_burial_before_an_answer(col: Collection) -> None:
    text, stats = scripted(col, " 4" + "s" + "u" + "b" + "u" + " 3q")
    assert col.card("s-basic").state == 2  # the Easy answer stands
    assert "Suspended s-cloze (2 cards)" in text and "Buried s-cloze (2 cards) until tomorrow" in text
    assert not any(card.suspended for card in col.note_cards("s-cloze"))
    assert col.card("s-cloze", 1).state == 1 and col.card("s-cloze", 1).buried_until is None
    assert [log.rating for log in col.review_logs()] == [4, 3]
    assert (stats.suspended, stats.buried, stats.done) == (0, 0, 2)  # type: ignore[attr-defined]
    assert text.count("Undone") == 2


def test_a_reverse_card_is_reviewed_both_ways(tmp_path: Path, clock: FakeClock) -> None:
    folder = tmp_path / "terms"
    folder.mkdir()
    (folder / "terms.md").write_text(
        "# Terms\n\nid: terms\n\n## Reverse\n\nid: t-auc\n\nFront: AUC\n\nBack: The chance a random positive outscores a random negative\n",
        encoding="utf-8",
    )
    with pmcards.open(tmp_path / "terms.db", clock=clock) as col:
        assert col.sync([folder]).added == 2
        assert col.due_total().new == 2
        text, _ = scripted(col, " 3 3q")
    forward, backward = text.index("AUC"), text.index("The chance a random positive outscores a random negative")
    assert forward < backward  # the first card asks for the term's meaning, the second for the term
    assert text.count("AUC") >= 2 and "Cards done    2" in text


LONG_ANSWER = "".join(
    f"- Point {n}: a key point long enough to take most of a line on its own.\n" for n in range(1, 31)
)


@pytest.mark.slow
def test_a_long_answer_on_an_80_by_24_terminal_keeps_the_question_and_the_keys_in_view(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "long.md").write_text(
        "# Long\n\nid: long\n\n## Interview\n\nid: long-1\n\n"
        f"Q: How would you launch an AI writing assistant?\n\nKey points:\n{LONG_ANSWER}\nFramework: CIRCLES\n"
    )
    child = spawn_review(tmp_path / "small.db", folder, rows=24, columns=80)
    screen = Screen(child, 24, 80)
    lines = screen.wait_for("space reveal")
    assert "long-1" in lines[0] and "How would you launch" in "\n".join(lines)
    child.send(" ")
    for page in ("Point 9:", "Point 18:"):
        lines = screen.wait_for(page, "4 Easy")
        assert "long-1" in lines[0] and "How would you launch an AI writing assistant?" in "\n".join(lines)
        bars = [line for line in lines if "1 Again" in line]
        assert len(bars) == 1 and all(key in bars[0] for key in ("4 Easy", "m more", "q quit"))
        child.send("m")
    child.send("3")
    screen.wait_for("reveal")
    child.send("q")
    child.expect(pexpect.EOF)
    with pmcards.open(tmp_path / "small.db") as col:
        assert [log.rating for log in col.review_logs()] == [3]


def long_question_deck(folder: Path, sentences: int) -> None:
    """One interview card: a question of `sentences` sentences and 39 one-line key points."""
    question = " ".join(
        f"Sentence {n} of the question sets out one more constraint to weigh." for n in range(1, sentences + 1)
    )
    points = "".join(f"- Point {n}.\n" for n in range(1, 40))
    folder.mkdir()
    (folder / "long.md").write_text(
        f"# Long\n\nid: long\n\n## Interview\n\nid: long-1\n\nQ: {question}\n\nKey points:\n{points}\n"
    )


@pytest.mark.slow
@pytest.mark.parametrize("sentences", [6, 11, 40])
def test_the_pages_of_a_long_answer_show_each_line_once_under_a_tall_question(tmp_path: Path, sentences: int) -> None:
    long_question_deck(tmp_path / "decks", sentences)
    child = spawn_review(tmp_path / "tall.db", tmp_path / "decks", rows=24, columns=80)
    screen = Screen(child, 24, 80)
    screen.wait_for("space reveal")
    child.send(" ")
    lines = screen.wait_for("4 Easy")
    shown: list[int] = []
    while True:
        assert "long-1" in lines[0] and "Sentence 1 of the question" in lines[1] + lines[2]
        assert len([line for line in lines if "1 Again" in line]) == 1
        page = [int(found) for line in lines for found in re.findall(r"Point (\d+)\.", line)]
        shown += page
        if sentences > 20:  # a question taller than the window is cut, and says so
            assert any("question cut" in line for line in lines)
        if "m more" not in "\n".join(lines):
            break
        assert len(page) >= 8  # each page keeps room for the answer
        child.send("m")
        lines = screen.wait_for("4 Easy", unlike=lines)
    assert shown == list(range(1, 40))
    child.send("q")
    child.expect(pexpect.EOF)


def typing_session(tmp_path: Path) -> tuple[pexpect.spawn[str], Screen]:
    """The review of one interview card in an 80x24 pseudo-terminal, waiting for a typed answer."""
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "typed.md").write_text(
        "# Typed\n\nid: typed\n\n## Interview\n\nid: typed-1\n\n"
        "Q: How would you price an AI feature?\n\nKey points:\n- Price the outcome.\n"
    )
    child = spawn_review(tmp_path / "typed.db", folder, rows=24, columns=80)
    screen = Screen(child, 24, 80)
    screen.wait_for("t type your answer")
    child.send("t")
    screen.wait_for("Ctrl-D ends it")
    return child, screen


@pytest.mark.slow
@pytest.mark.parametrize(
    ("keys", "answer"),
    [
        ("abc\x04", ["abc"]),  # Ctrl-D in the middle of a line
        ("line one\x04", ["line one"]),
        ("line one\rline t\x04", ["line one", "line t"]),
        ("abd\x7fc\x04", ["abc"]),  # the terminal's own editing still works
        ("one\rtwo\r\r", ["one", "two"]),  # an empty line
        ("one\r\x04", ["one"]),  # Ctrl-D at the start of an empty line
    ],
)
def test_ctrl_d_ends_a_typed_answer_and_keeps_every_character(tmp_path: Path, keys: str, answer: list[str]) -> None:
    child, screen = typing_session(tmp_path)
    child.send(keys)
    lines = screen.wait_for("A strong answer", "4 Easy", timeout=10)
    top = next(index for index, line in enumerate(lines) if "Your answer" in line)
    column = lines[top].index("A strong answer")
    shown = [line[1:column].strip() for line in lines[top + 1 :]]
    assert shown[: shown.index("")] == answer
    child.send("q")  # a key again, not part of the answer
    screen.wait_for("Session summary", timeout=10)
    child.expect(pexpect.EOF)


@pytest.mark.slow
def test_ctrl_c_while_typing_an_answer_ends_the_session(tmp_path: Path) -> None:
    child, screen = typing_session(tmp_path)
    child.send("half an ans")
    child.sendintr()
    screen.wait_for("Session summary", "Cards done", timeout=10)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130  # interrupted, as Ctrl-C is anywhere else in the session
    with pmcards.open(tmp_path / "typed.db") as col:
        assert col.review_logs() == []


def test_review_ahead_and_cram_sessions(col: Collection) -> None:
    col.set_setting("new_per_day", 0)
    col.answer(col.card("s-basic"), "easy", now=NOON)
    text, stats = scripted(col, " 3")
    assert "Nothing is due now." in text and stats.done == 0  # type: ignore[attr-defined]
    text, stats = scripted(col, " 3", ahead=30)
    assert "What does an AI PM own?" in text and stats.done == 1  # type: ignore[attr-defined]
    assert col.review_logs()[-1].previous_state == 2


@pytest.mark.slow
def test_cram_by_tag_in_a_real_terminal(tmp_path: Path, deck_dir: Path) -> None:
    db = tmp_path / "cram.db"
    with pmcards.open(db) as col:
        col.sync([deck_dir])
        for card in col.cards():
            col.answer(card, "easy", now=NOON)
    child = spawn_review(db, deck_dir, "--cram", "--tag", "skills")
    child.expect("What does an AI PM own")
    child.send(" ")
    child.expect("4 Easy")
    child.send("3")
    child.expect("Session summary")
    child.expect(pexpect.EOF)
    with pmcards.open(db) as col:
        assert [log.rating for log in col.review_logs(col.card("s-basic"))] == [4, 3]


def test_a_session_quit_at_once_sums_up_without_made_up_figures(col: Collection) -> None:
    text, stats = scripted(col, "q")
    summary = text[text.index("Session summary") :]
    assert stats.done == 0  # type: ignore[attr-defined]
    assert "Again         -" in summary and "0%" not in summary
    assert "Due tomorrow  0 reviews, " in summary


def test_one_review_due_tomorrow_is_singular(col: Collection, clock: FakeClock) -> None:
    col.set_setting("fuzz", False)
    col.set_setting("new_per_day", 0)
    col.answer(col.card("s-basic"), "good", now=NOON - timedelta(days=1))
    col.answer(col.card("s-basic"), "good", now=NOON - timedelta(hours=23))  # graduates: due in a day or more
    due = col.card("s-basic").due
    assert due is not None
    clock.now = due - timedelta(days=1)
    text, _ = scripted(col, "q")
    assert "Due tomorrow  1 review, " in text


@pytest.mark.slow
def test_review_refuses_a_tag_no_card_has(tmp_path: Path, deck_dir: Path) -> None:
    child = spawn_review(tmp_path / "tags.db", deck_dir, "--cram", "--tag", "nosuch")
    child.expect("error: no card has the tag 'nosuch'")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1


def tall_question_deck(folder: Path) -> None:
    """One basic card `m-tall` whose question is 33 lines tall at 80 columns: a first line, 30
    conditions and a last line."""
    conditions = "".join(f"- condition {n} to weigh\n" for n in range(1, 31))
    folder.mkdir()
    (folder / "tall.md").write_text(
        "# Tall\n\nid: tall\n\n## Basic\n\nid: m-tall\n\n"
        f"Q: Which launch plan meets every condition below?\n\n{conditions}\nAnswer with one plan.\n\n"
        "A: The staged launch.\n"
    )


@pytest.mark.slow
def test_a_question_taller_than_the_window_keeps_the_header_and_pages_before_the_reveal(tmp_path: Path) -> None:
    tall_question_deck(tmp_path / "decks")
    child = spawn_review(tmp_path / "tall.db", tmp_path / "decks", rows=24, columns=80)
    screen = Screen(child, 24, 80)
    lines = screen.wait_for("space reveal", "b bury")
    shown: list[int] = []
    pages = 0
    while True:
        pages += 1
        assert "m-tall" in lines[0]  # the header stays on the first line
        if pages == 1:
            assert "Which launch plan meets every condition below?" in lines[2]  # the question from its start
        shown += [int(found) for line in lines for found in re.findall(r"condition (\d+) ", line)]
        assert len([line for line in lines if "space reveal" in line]) == 1
        if "m more" not in "\n".join(lines):
            break
        child.send("m")
        lines = screen.wait_for("space reveal", "b bury", unlike=lines)
    assert pages >= 2 and shown == list(range(1, 31))  # each line of the question once
    assert "Answer with one plan." in "\n".join(lines)
    child.send(" ")
    lines = screen.wait_for("4 Easy", "The staged launch.")
    assert "m-tall" in lines[0] and "Which launch plan" in lines[2] and any("question cut" in line for line in lines)
    child.send("3")
    screen.wait_for("done 1")
    child.send("q")
    screen.wait_for("Session summary")
    child.expect(pexpect.EOF)
    with pmcards.open(tmp_path / "tall.db") as col:
        assert [log.rating for log in col.review_logs()] == [3]


ANSWER_KEYS = ("1 Again", "2 Hard", "3 Good", "4 Easy", "m more", "u undo", "q quit", "s suspend", "b bury")


@pytest.mark.slow
@pytest.mark.parametrize("columns", [40, 60])
def test_a_narrow_terminal_wraps_the_key_bar_and_keeps_every_key_in_view(tmp_path: Path, columns: int) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "long.md").write_text(
        "# Long\n\nid: long\n\n## Interview\n\nid: long-1\n\n"
        f"Q: How would you launch an AI writing assistant?\n\nKey points:\n{LONG_ANSWER}\nFramework: CIRCLES\n"
    )
    child = spawn_review(tmp_path / "narrow.db", folder, rows=24, columns=columns)
    screen = Screen(child, 24, columns)
    lines = screen.wait_for("space reveal", "b bury")  # the last key: the whole bar is on the screen
    text = "\n".join(lines)
    assert "long-1" in lines[0] and "How would you" in lines[2]
    assert all(key in text for key in ("space reveal", "t type your answer", "u undo", "q quit", "s suspend", "b bury"))
    child.send(" ")
    shown: list[int] = []
    while True:
        lines = screen.wait_for("1 Again", "b bury", unlike=lines)
        text = "\n".join(lines)
        assert "long-1" in lines[0] and "How would you" in lines[2]  # the header and the question in view
        more = "m more" in text
        assert all(key in text for key in ANSWER_KEYS if more or key != "m more")
        bar = next(index for index, line in enumerate(lines) if "1 Again" in line)
        assert "b bury" in "\n".join(lines[bar:]) and (columns == 80 or bar < len(lines) - 2)
        shown += [int(found) for line in lines[:bar] for found in re.findall(r"Point (\d+):", line)]
        if not more:
            break
        child.send("m")
    assert sorted(set(shown)) == list(range(1, 31))
    child.send("3")
    screen.wait_for("reveal")
    child.send("q")
    child.expect(pexpect.EOF)


class _InterruptedOnce(io.StringIO):
    """A terminal on which Ctrl-C arrives while the `at`-th thing is drawn."""

    def __init__(self, at: int) -> None:
        super().__init__()
        self.left = at

    def write(self, text: str) -> int:
        self.left -= 1
        if self.left == 0:
            raise KeyboardInterrupt
        return super().write(text)


def test_ctrl_c_while_a_card_is_drawn_ends_the_session_as_interrupted(col: Collection) -> None:
    terminal = _InterruptedOnce(at=40)
    console = Console(file=terminal, width=100, color_system=None)
    keys = iter(" 4" * 10)
    session = TerminalReview(col, console, read_key=lambda: next(keys, "q"), read_line=lambda prompt: "")
    session.run()
    assert session.interrupted and "Session summary" in terminal.getvalue()
    assert len(col.review_logs()) == session.stats.done >= 1  # every answer before it is kept
    quits = TerminalReview(col, Console(file=io.StringIO()), read_key=lambda: "q", read_line=lambda prompt: "")
    quits.run()
    assert not quits.interrupted
