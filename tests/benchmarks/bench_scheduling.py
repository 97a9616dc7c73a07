"""Scheduling benchmark (run on demand: `python tests/benchmarks/bench_scheduling.py`).

Builds a collection of 50,000 cards and 500,000 review-log rows, then measures in one run:
(a) `answer` (including its commit) beside py-fsrs `review_card` alone and a bare sqlite3
    insert plus update of the same rows; (b) `next_card` and `due_counts` over all decks;
(c) peak memory of a 100-card review in a fresh process; (d) `pmcards --help` wall time.
"""

from __future__ import annotations

import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from fsrs import Card, Rating, Scheduler

import pmcards
from pmcards.deck import BasicCard, Deck
from pmcards.store import open_engine
from pmcards.sync import sync_decks

CARDS = 50_000
LOGS = 500_000
DECKS = 10
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


def build(db: Path) -> None:
    """A collection of CARDS cards in DECKS decks, most of them reviewed, with LOGS log rows."""
    per_deck = CARDS // DECKS
    decks = [
        Deck(
            id=f"deck-{d}",
            title=f"Deck {d}",
            cards=tuple(
                BasicCard(id=f"d{d}-c{n}", question=f"Question {d}-{n}?", answer=f"Answer {n}.")
                for n in range(per_deck)
            ),
        )
        for d in range(DECKS)
    ]
    from sqlmodel import Session

    engine = open_engine(db)
    with Session(engine) as session:
        sync_decks(session, decks)
        session.commit()
    engine.dispose()
    rng = random.Random(7)
    with sqlite3.connect(db) as raw:
        reviewed = [pk for (pk,) in raw.execute("SELECT pk FROM cards ORDER BY pk")][: int(CARDS * 0.8)]
        updates = []
        for pk in reviewed:
            due = NOW + timedelta(days=rng.uniform(-5, 60))
            updates.append((2, rng.uniform(1, 100), rng.uniform(1, 10), due.strftime("%Y-%m-%d %H:%M:%S.%f"), pk))
        raw.executemany(
            "UPDATE cards SET state = ?, stability = ?, difficulty = ?, due = ?, reps = 10, "
            "last_review = '2026-11-01 00:00:00.000000' WHERE pk = ?",
            updates,
        )
        logs = (
            (
                reviewed[i % len(reviewed)],
                rng.randint(1, 4),
                2,
                (NOW - timedelta(days=400) + timedelta(minutes=i)).strftime("%Y-%m-%d %H:%M:%S.%f"),
                2,
                3.0,
                5.0,
                (NOW + timedelta(days=3)).strftime("%Y-%m-%d %H:%M:%S.%f"),
            )
            for i in range(LOGS)
        )
        raw.executemany(
            "INSERT INTO review_logs (card_pk, rating, previous_state, reviewed_at, state, stability, "
            "difficulty, due, before_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}')",
            logs,
        )


def timings(action: Callable[[int], object], runs: int) -> list[float]:
    """Milliseconds of each of `runs` calls of `action(i)`."""
    result = []
    for i in range(runs):
        start = time.perf_counter()
        action(i)
        result.append((time.perf_counter() - start) * 1000)
    return result


def summary(name: str, values: list[float]) -> tuple[float, float]:
    median = statistics.median(values)
    p99 = statistics.quantiles(values, n=100)[98]
    print(f"  {name:<34} median {median:7.3f} ms   p99 {p99:7.3f} ms")
    return median, p99


def bench_answer(db: Path, runs: int = 2000) -> None:
    print(f"(a) answering {runs} review cards")
    with pmcards.open(db, clock=lambda: NOW) as col:
        pks = [card.pk for card in col.cards("deck-3")[:runs]]
        moment = NOW
        answer_ms = timings(lambda i: col.answer(pks[i], "good", now=moment), runs)
    scheduler = Scheduler()
    card = Card(
        card_id=1, state=2, step=None, stability=10.0, difficulty=5.0, due=NOW, last_review=NOW - timedelta(days=9)
    )  # type: ignore[arg-type]
    fsrs_ms = timings(lambda i: scheduler.review_card(card, Rating.Good, review_datetime=NOW), runs)
    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("PRAGMA synchronous = NORMAL")
    bare_pks = [pk for (pk,) in raw.execute("SELECT pk FROM cards WHERE deck_id = 'deck-4' LIMIT ?", (runs,))]

    def bare(i: int) -> None:
        raw.execute("BEGIN")
        raw.execute(
            "UPDATE cards SET state = 2, step = NULL, stability = 12.5, difficulty = 5.1, due = ?, "
            "last_review = ?, reps = reps + 1 WHERE pk = ?",
            ("2026-12-01 00:00:00.000000", "2026-11-21 12:00:00.000000", bare_pks[i]),
        )
        raw.execute(
            "INSERT INTO review_logs (card_pk, rating, previous_state, reviewed_at, state, stability, difficulty, "
            "due, before_json) VALUES (?, 3, 2, ?, 2, 12.5, 5.1, ?, ?)",
            (bare_pks[i], "2026-11-21 12:00:00.000000", "2026-12-01 00:00:00.000000", "{}"),
        )
        raw.execute("COMMIT")

    bare_ms = timings(bare, runs)
    raw.close()
    answer_median, _ = summary("pmcards answer (with commit)", answer_ms)
    fsrs_median, _ = summary("py-fsrs review_card alone", fsrs_ms)
    bare_median, _ = summary("bare sqlite3 insert + update", bare_ms)
    baseline = fsrs_median + bare_median
    print(f"  answer / (fsrs + sqlite3) = {answer_median / baseline:.2f}x   (target <= 3x, median < 2 ms)")


def bench_queue(db: Path, runs: int = 200) -> None:
    print(f"(b) queue over all decks, {runs} calls each")
    with pmcards.open(db, clock=lambda: NOW) as col:
        summary("next_card", timings(lambda i: col.next_card(), runs))
        summary("due_counts", timings(lambda i: col.due_counts(), runs))
        summary("due_total", timings(lambda i: col.due_total(), runs))


PEAK_RSS_MB = "print(int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) / 1024)"
"""The process's own peak resident memory (ru_maxrss would include the parent's, across exec)."""
REVIEW_100 = (
    """
import sys
from datetime import datetime, timezone
import pmcards
now = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
with pmcards.open(sys.argv[1], clock=lambda: now) as col:
    col.set_setting("new_per_day", 100)
    for _ in range(100):
        card = col.next_card()
        col.preview(card)
        col.answer(card, "good")
"""
    + PEAK_RSS_MB
)


def bench_memory(db: Path) -> None:
    print("(c) peak memory of a 100-card review in a fresh process")

    def peak(code: str, *args: str) -> float:
        return float(
            subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True).stdout
        )

    review_mb = peak(REVIEW_100, str(db))
    idle_mb = peak(PEAK_RSS_MB)
    print(f"  peak RSS {review_mb:.1f} MB (a bare Python process: {idle_mb:.1f} MB; target < 150 MB)")


def bench_help(runs: int = 7) -> None:
    print(f"(d) `pmcards --help` wall time, median of {runs}")
    command = [sys.executable, "-m", "pmcards", "--help"]
    bare = [sys.executable, "-c", "pass"]
    help_ms = timings(lambda i: subprocess.run(command, capture_output=True, check=True), runs)
    bare_ms = timings(lambda i: subprocess.run(bare, capture_output=True, check=True), runs)
    print(
        f"  pmcards --help {statistics.median(help_ms):.0f} ms   python -c pass {statistics.median(bare_ms):.0f} ms   (target < 300 ms)"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        start = time.perf_counter()
        if len(sys.argv) > 1:  # a collection built before: copy it, so each run starts from the same state
            shutil.copy(sys.argv[1], db)
        else:
            build(db)
        print(
            f"built {CARDS:,} cards and {LOGS:,} log rows in {time.perf_counter() - start:.1f} s "
            f"({db.stat().st_size / 1e6:.0f} MB); max RSS so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )
        bench_queue(db)
        bench_memory(db)
        bench_answer(db)
        bench_help()


if __name__ == "__main__":
    main()
