"""Review benchmark against Anki (run on demand: `python tests/benchmarks/bench_review_loop.py`).

For 1,000, 10,000 and 50,000 cards it builds the same collection twice, in pmcards and in the
official `anki` package (the test extra), 80% of the cards in review and half of those due
today, both on SQLite in WAL mode with `synchronous = NORMAL`. Then, in one run, taking turns:

(a) the review loop: the next card, its answer, the commit. pmcards: `next_card` + `answer`;
    Anki: `col.sched.get_queued_cards` + `answer_card`. Target: pmcards at most 1.5x Anki.
(b) `next_card` with 8,000 cards answered today (50,000 cards, 100 decks) beside none answered.
    Target: the same.
(c) `answer` beside py-fsrs `review_card` plus the same writes by plain sqlite3 (the card's schedule,
    its log row, the day's count) on a copy of the database, means over 2,000 answers each.
    Target: at most 3x.
(d) `pmcards status` as a whole process beside a process of the `anki` package opening the same
    10,000-card collection and reading its due counts. Target: at most 1.5x.
(e) peak memory of a 100-card review in a fresh process, and `pmcards --help` as a whole process.
(f) with `$PMCARDS_TEST_POSTGRES` set (or `postgres` asked for): the review loop on PostgreSQL over
    loopback beside SQLite. Target: under 2 ms per review on PostgreSQL.
(g) `due_total` (the review header's count, drawn on every page) with an exam 2 days away, 20,000
    cards, beside the same collection without an exam. Target: at most 1.5x.
"""

from __future__ import annotations

import compileall
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from fsrs import Card, Rating, Scheduler, State

import pmcards
from pmcards.collection import Collection
from pmcards.collection.answers import MEMORY_FIELDS, SCHEDULE_FIELDS
from pmcards.schedule.day import learner_date

if TYPE_CHECKING:
    from anki.collection import Collection as AnkiCollection

ROUNDS = 10
PER_ROUND = 50
ANSWER_ROUNDS = 40
"""Rounds of `PER_ROUND` answers in (c): 2,000 answers a side, over which some twenty checkpoints of the log are spread."""
NOW = datetime.now(timezone.utc).replace(microsecond=0)
_US = 1_000_000


def write_decks(folder: Path, cards: int, decks: int) -> None:
    folder.mkdir(parents=True)
    for number in range(decks):
        lines = [f"# Deck {number}", "", f"id: deck-{number}", ""]
        for card in range(cards // decks):
            lines += ["## Basic", "", f"id: d{number}-c{card}", "", f"Q: Question {card} of deck {number}?", ""]
            lines += [f"A: Answer {card}.", ""]
        (folder / f"deck-{number:03}.md").write_text("\n".join(lines), encoding="utf-8")


def build_pmcards(db: Path | str, folder: Path, cards: int, decks: int, learner: str | None = None) -> None:
    """`cards` basic cards in `decks` decks; 80% in review, half of those due today (an SQLite
    file, or a learner's collection on a PostgreSQL server)."""
    write_decks(folder, cards, decks)
    with pmcards.open(db, learner=learner) as col:
        col.sync([folder])
        col.set_setting("new_per_day", 9_999)
        col.set_setting("reviews_per_day", 9_999)
        col.set_setting("timezone", "UTC")
        pks = [card.pk for card in col.cards()]
    rng = random.Random(7)
    rows = []
    for pk in pks[: int(len(pks) * 0.8)]:
        due = (
            NOW - timedelta(hours=rng.uniform(1, 48))
            if rng.random() < 0.5
            else NOW + timedelta(days=rng.uniform(1, 60))
        )
        last = due - timedelta(days=10)
        rows.append((rng.uniform(5, 50), rng.uniform(3, 8), _micros(due), _micros(last), pk))
    update = (
        "UPDATE cards SET state = 2, stability = ?, difficulty = ?, due = ?, last_review = ?, reps = 3 WHERE pk = ?"
    )
    if learner is None:
        with closing(sqlite3.connect(db)) as raw, raw:  # closed, so a copy of the file has every write
            raw.executemany(update, rows)
        return
    import psycopg

    with psycopg.connect(str(db), options=f"-c search_path={learner}") as server:
        server.cursor().executemany(update.replace("?", "%s"), rows)


def _micros(moment: datetime) -> int:
    return int(moment.timestamp()) * _US


def build_anki(path: Path, cards: int) -> None:
    """The same collection in Anki: `cards` basic notes, 80% in review, half due today, FSRS on."""
    from anki.collection import Collection as AnkiCollection

    col = AnkiCollection(str(path))
    col.set_config("fsrs", True)
    model = col.models.by_name("Basic")
    deck_id = col.decks.id("Bench")
    assert model is not None and deck_id is not None
    for number in range(cards):
        note = col.new_note(model)
        note["Front"], note["Back"] = f"Question {number}?", f"Answer {number}."
        col.add_note(note, deck_id)
    config = col.decks.config_dict_for_deck_id(deck_id)
    config["new"]["perDay"] = 9_999
    config["rev"]["perDay"] = 9_999
    col.decks.update_config(config)
    rng = random.Random(7)
    today = col.sched.today
    assert col.db is not None
    ids = col.db.list("SELECT id FROM cards ORDER BY id")
    for card_id in ids[: int(len(ids) * 0.8)]:
        due = today - rng.randint(0, 1) if rng.random() < 0.5 else today + rng.randint(1, 60)
        col.db.execute(
            "UPDATE cards SET type = 2, queue = 2, due = ?, ivl = 10, factor = 2500, reps = 3 WHERE id = ?",
            due,
            card_id,
        )
    col.decks.select(deck_id)
    col.close()


def open_anki(path: Path) -> AnkiCollection:
    from anki.collection import Collection as AnkiCollection

    col = AnkiCollection(str(path))
    assert col.db is not None
    col.db.execute("PRAGMA synchronous = NORMAL")
    return col


def anki_step(col: AnkiCollection) -> None:
    from anki.cards import Card as AnkiCard
    from anki.scheduler.v3 import CardAnswer
    from anki.scheduler.v3 import Scheduler as V3Scheduler

    sched = col.sched
    assert isinstance(sched, V3Scheduler)
    queued = sched.get_queued_cards(fetch_limit=1).cards[0]
    card = AnkiCard(col, backend_card=queued.card)
    card.start_timer()
    sched.answer_card(sched.build_answer(card=card, states=queued.states, rating=CardAnswer.GOOD))


def pmcards_step(col: Collection) -> None:
    card = col.next_card(now=NOW)
    assert card is not None
    col.answer(card, "good", now=NOW)


def per_call_us(action: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        action()
    return (time.perf_counter() - start) / calls * 1e6


def bench_loop(root: Path, cards: int) -> None:
    db, anki_path = root / f"pm-{cards}.db", root / f"anki-{cards}" / "collection.anki2"
    anki_path.parent.mkdir()
    build_pmcards(db, root / f"decks-{cards}", cards, 10)
    build_anki(anki_path, cards)
    ours, theirs = [], []
    with pmcards.open(db) as col:
        anki = open_anki(anki_path)
        for _ in range(ROUNDS):
            ours.append(per_call_us(lambda: pmcards_step(col), PER_ROUND))
            theirs.append(per_call_us(lambda: anki_step(anki), PER_ROUND))
        anki.close()
    mine, peer = statistics.mean(ours), statistics.mean(theirs)  # checkpoints spread, as in (c)
    print(f"    {cards:>6,} cards: pmcards {mine:6.0f} us, Anki {peer:6.0f} us, ratio {mine / peer:4.2f}x")


def bench_postgres(root: Path, url: str) -> None:
    """The review loop on PostgreSQL over loopback beside SQLite, 10,000 cards each."""
    import psycopg

    learner = f"bench_{os.getpid()}"
    build_pmcards(url, root / "decks-pg", 10_000, 10, learner=learner)
    db = root / "pg-beside.db"
    build_pmcards(db, root / "decks-pg-beside", 10_000, 10)
    server, local = [], []
    try:
        with pmcards.open(url, learner=learner) as remote, pmcards.open(db) as col:
            for _ in range(ROUNDS):
                server.append(per_call_us(lambda: pmcards_step(remote), PER_ROUND))
                local.append(per_call_us(lambda: pmcards_step(col), PER_ROUND))
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {learner} CASCADE")
    on_server, on_file = statistics.median(server), statistics.median(local)
    print(
        f"    PostgreSQL {on_server / 1000:.2f} ms, SQLite {on_file / 1000:.2f} ms per review "
        f"({on_server / on_file:.1f}x; target: PostgreSQL under 2 ms)"
    )


def bench_answered_today(root: Path) -> None:
    db = root / "today.db"
    build_pmcards(db, root / "decks-today", 50_000, 100)
    fresh = root / "fresh.db"
    shutil.copy(db, fresh)
    with pmcards.open(db) as col:
        for _ in range(8_000):
            pmcards_step(col)
    results = {}
    for name, path in (("none answered", fresh), ("8,000 answered", db)):
        with pmcards.open(path) as col:
            results[name] = statistics.median(
                per_call_us(lambda: col.next_card(now=NOW), PER_ROUND) for _ in range(ROUNDS)
            )
    none, many = results["none answered"], results["8,000 answered"]
    print(
        f"    next_card, 50,000 cards in 100 decks: {none:.0f} us with none answered today, {many:.0f} us after 8,000"
    )
    print(f"    ratio {many / none:.2f}x (target: the same)")


def bench_answer(root: Path) -> None:
    db = root / "answer.db"
    build_pmcards(db, root / "decks-answer", 10_000, 10)
    scheduler = Scheduler()
    card = Card(
        card_id=1,
        state=State.Review,
        step=None,
        stability=10.0,
        difficulty=5.0,
        due=NOW,
        last_review=NOW - timedelta(days=9),
    )
    with pmcards.open(db) as col:
        learner = col.settings()
        today = learner_date(NOW, learner.rollover_hour, learner.zone).isoformat()
    # The plain SQL writes to a copy, so each side makes (and checkpoints) its own write-ahead log.
    copy = root / "answer-plain.db"
    shutil.copy(db, copy)
    raw = sqlite3.connect(copy, isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("PRAGMA synchronous = NORMAL")
    raw.execute("INSERT INTO day_counts (day, deck_id, new, review) SELECT ?, id, 0, 0 FROM decks", (today,))
    reviewed = raw.execute("SELECT pk, deck_id FROM cards WHERE state = 2 ORDER BY pk").fetchall()
    bare_cards = iter(reviewed)

    schedule = ", ".join(f"{name} = ?" for name in SCHEDULE_FIELDS)
    logged = [*(f"before_{name}" for name in SCHEDULE_FIELDS), *MEMORY_FIELDS]
    logged += ["card_pk", "rating", "reviewed_at", "duration_ms", "buried_siblings"]
    update = f"UPDATE cards SET {schedule} WHERE pk = ?"
    insert = f"INSERT INTO review_logs ({', '.join(logged)}) VALUES ({', '.join('?' * len(logged))})"
    before = (2, None, 10.0, 5.0, _micros(NOW), _micros(NOW) - 9 * 86_400 * _US, 3, 0, 0, 0, None)
    after = (2, None, 12.5, 5.1, _micros(NOW) + 86_400 * _US * 12, _micros(NOW), 4, 0, 0, 0, None)

    def bare() -> None:
        """The writes of an answer (every schedule column, a whole log row, the day's count), by plain SQL."""
        pk, deck_id = next(bare_cards)
        raw.execute("BEGIN")
        raw.execute(update, (*after, pk))
        raw.execute(insert, (*before, *after[:5], pk, 3, _micros(NOW), 4_000, 0))
        raw.execute("UPDATE day_counts SET review = review + 1 WHERE day = ? AND deck_id = ?", (today, deck_id))
        raw.execute("COMMIT")

    ours, fsrs_times, bare_times = [], [], []
    with pmcards.open(db) as col:
        cards = iter([found for found in col.cards() if found.state == 2])
        for _ in range(ANSWER_ROUNDS):  # taking turns, so a busy moment of the machine slows all alike
            ours.append(per_call_us(lambda: col.answer(next(cards), "good", now=NOW), PER_ROUND))
            fsrs_times.append(
                per_call_us(lambda: scheduler.review_card(card, Rating.Good, review_datetime=NOW), PER_ROUND)
            )
            bare_times.append(per_call_us(bare, PER_ROUND))
    raw.close()
    # Means, not medians: a checkpoint of the write-ahead log (every ~100 answers, a few ms) falls
    # in some rounds and not others; the mean spreads it over the answers that caused it.
    answer_us, fsrs_us, bare_us = (statistics.mean(times) for times in (ours, fsrs_times, bare_times))
    print(
        f"    answer {answer_us:.0f} us; py-fsrs {fsrs_us:.0f} us + its writes by plain SQL {bare_us:.0f} us; "
        f"ratio {answer_us / (fsrs_us + bare_us):.2f}x (target at most 3x)"
    )


def bench_exam(root: Path) -> None:
    """`due_total` with an exam 2 days away (every unseen card in scope is due today) beside none,
    on the same 20,000-card collection: the exam is set and cleared in turns."""
    db = root / "exam.db"
    build_pmcards(db, root / "decks-exam", 20_000, 5)
    exam_day = NOW.date() + timedelta(days=2)
    without, with_exam = [], []
    with pmcards.open(db) as col:
        for _ in range(ROUNDS):
            col.clear_exam()
            col.due_total(now=NOW)
            without.append(per_call_us(lambda: col.due_total(now=NOW), PER_ROUND // 5))
            col.set_exam(exam_day, now=NOW)
            col.due_total(now=NOW)
            with_exam.append(per_call_us(lambda: col.due_total(now=NOW), PER_ROUND // 5))
        new = col.due_total(now=NOW).new
    none, some = statistics.median(without) / 1000, statistics.median(with_exam) / 1000
    print(
        f"    due_total, 20,000 cards ({new:,} new, all in the plan today): {none:.1f} ms without an exam, "
        f"{some:.1f} ms with one 2 days away; ratio {some / none:.2f}x (3.7x when the plan built its cards to count them)"
    )


DEPENDENCIES = "import typer, sqlmodel, rich.console, rich.table, fsrs"
"""What `pmcards status` cannot do without: its floor, before any code of its own runs."""
ANKI_COUNTS = """
import sys
from anki.collection import Collection
col = Collection(sys.argv[1])
print(col.sched.counts())
col.close()
"""


def bench_status(root: Path) -> None:
    db, folder, anki_path = root / "status.db", root / "decks-status", root / "anki-status" / "collection.anki2"
    anki_path.parent.mkdir()
    build_pmcards(db, folder, 10_000, 10)
    build_anki(anki_path, 10_000)
    environment = {**os.environ, "PMCARDS_DECKS": str(folder), "COLUMNS": "120"}
    # pmcards as installed, with its bytecode compiled (as `pip install` does, and as the anki
    # package's is), not compiled again by every process from a source tree that has none.
    compileall.compile_dir(Path(pmcards.__file__).parent, quiet=1)
    commands = {
        "pmcards status": [sys.executable, "-m", "pmcards", "--db", str(db), "status"],
        "anki open + counts": [sys.executable, "-c", ANKI_COUNTS, str(anki_path)],
        "importing pmcards' dependencies alone": [sys.executable, "-c", DEPENDENCIES],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(ROUNDS):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, env=environment, check=True, capture_output=True)
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
    peer = medians["anki open + counts"]
    for name, value in medians.items():
        print(f"    {name}: {value:.0f} ms ({value / peer:.2f}x anki)")
    print("    target: pmcards status at most 1.5x anki")


PEAK_RSS_MB = "print(int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) / 1024)"
"""The process's own peak resident memory (ru_maxrss would include the parent's, across exec)."""
REVIEW_100 = (
    """
import sys
from datetime import datetime, timezone
import pmcards
now = datetime.now(timezone.utc)
with pmcards.open(sys.argv[1]) as col:
    for _ in range(100):
        card = col.next_card(now=now)
        col.preview(card, now=now)
        col.answer(card, "good", now=now)
"""
    + PEAK_RSS_MB
)


def bench_memory_and_help(root: Path) -> None:
    db = root / "memory.db"
    build_pmcards(db, root / "decks-memory", 50_000, 10)

    def peak(code: str, *args: str) -> float:
        return float(
            subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True).stdout
        )

    print(
        f"    peak RSS of a 100-card review, 50,000 cards: {peak(REVIEW_100, str(db)):.0f} MB (a bare Python: {peak(PEAK_RSS_MB):.0f} MB)"
    )
    helps = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pmcards", "--help"], capture_output=True, check=True)
        helps.append(time.perf_counter() - start)
    print(f"    pmcards --help: {statistics.median(helps) * 1000:.0f} ms")


def main() -> None:
    chosen = sys.argv[1:] or ["loop", "today", "answer", "status", "memory", "exam"]
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        if "loop" in chosen:
            print(
                f"(a) review loop (next card + answer + commit), mean of {ROUNDS} rounds of {PER_ROUND}, taking turns"
            )
            for cards in (1_000, 10_000, 50_000):
                bench_loop(root, cards)
        if "today" in chosen:
            print("(b) next_card and the day's answers")
            bench_answered_today(root)
        if "answer" in chosen:
            print("(c) answer")
            bench_answer(root)
        if "status" in chosen:
            print(f"(d) status as a whole process, median of {ROUNDS}, taking turns")
            bench_status(root)
        if "memory" in chosen:
            print("(e) memory and start-up")
            bench_memory_and_help(root)
        if "exam" in chosen:
            print(f"(g) due_total with an exam 2 days away, median of {ROUNDS} rounds, taking turns")
            bench_exam(root)
        url = os.environ.get("PMCARDS_TEST_POSTGRES")
        if "postgres" in chosen or (url and not sys.argv[1:]):
            if not url:
                sys.exit("set PMCARDS_TEST_POSTGRES to a PostgreSQL URL (or run: bash .ci/with-postgres python ...)")
            print(
                f"(f) review loop on PostgreSQL over loopback, median of {ROUNDS} rounds of {PER_ROUND}, taking turns"
            )
            bench_postgres(root, url)


if __name__ == "__main__":
    main()
