"""Statistics and fitting benchmark (run on demand: `python tests/benchmarks/bench_stats.py`).

(a) `col.stats()` on 50,000 cards and 500,000 review-log rows spread over two years, in UTC
    and in a time zone with daylight saving, for the default period and for all of it.
    Target: under 1 s.
(b) `col.optimize()` on 100,000 reviews of 10,000 cards (read the log, fit, score, save the
    parameters and recompute every card's memory state), and the fit alone. Target: under 5 s.

The databases are written in bulk (`insert_many` on the tables), not answer by answer.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pmcards
from pmcards.schedule.state import CardState
from pmcards.store import open_database
from pmcards.store.database import insert_many
from pmcards.store.schema import review_logs

NOW = datetime(2026, 6, 1, 12, tzinfo=timezone.utc)
DECKS = 100


def write_decks(folder: Path, cards: int) -> None:
    folder.mkdir(parents=True)
    for number in range(DECKS):
        lines = [f"# Deck {number}", "", f"id: deck-{number}", ""]
        for card in range(cards // DECKS):
            lines += [
                "## Basic",
                "",
                f"id: d{number}-c{card}",
                "",
                f"Q: Question {card}?",
                "",
                f"A: Answer {card}.",
                "",
            ]
        (folder / f"deck-{number:03}.md").write_text("\n".join(lines), encoding="utf-8")


def collection(folder: Path, cards: int) -> tuple[Path, list[int]]:
    db = folder / "bench.db"
    write_decks(folder / "decks", cards)
    with pmcards.open(db) as col:
        col.sync([folder / "decks"])
    with sqlite3.connect(db) as raw:
        pks = [pk for (pk,) in raw.execute("SELECT pk FROM cards ORDER BY pk")]
    return db, pks


def stats_database(folder: Path, cards: int = 50_000, answers: int = 500_000) -> Path:
    """`cards` cards, 80% in review, and `answers` log rows over two years."""
    db, pks = collection(folder, cards)
    rng = random.Random(1)
    us = 1_000_000
    with sqlite3.connect(db) as raw:
        rows = []
        for pk in pks[: int(len(pks) * 0.8)]:
            last = NOW - timedelta(days=rng.uniform(0, 60))
            due = last + timedelta(days=rng.uniform(1, 90))
            stamp = (int(due.timestamp()) * us, int(last.timestamp()) * us)
            rows.append((rng.uniform(1, 400), rng.uniform(1, 10), *stamp, pk))
        raw.executemany(
            "UPDATE cards SET state = 2, stability = ?, difficulty = ?, due = ?, last_review = ?, reps = 5 WHERE pk = ?",
            rows,
        )
    log = []
    for _ in range(answers):
        at = NOW - timedelta(seconds=rng.uniform(0, 730 * 86400))
        state = rng.choice((CardState.NEW, CardState.LEARNING, CardState.REVIEW, CardState.REVIEW, CardState.REVIEW))
        interval = timedelta(days=rng.uniform(1, 60))
        log.append(
            {
                "card_pk": rng.choice(pks),
                "rating": rng.choices((1, 2, 3, 4), weights=(1, 1, 7, 1))[0],
                "reviewed_at": at,
                "duration_ms": rng.randint(2_000, 30_000),
                "before_state": state,
                "before_due": at if state == CardState.REVIEW else None,
                "before_last_review": at - interval if state == CardState.REVIEW else None,
            }
        )
    database = open_database(str(db))
    with database.write() as connection:
        insert_many(connection, review_logs, log)
    database.close()
    return db


def optimize_database(folder: Path, cards: int = 10_000, per_card: int = 10) -> Path:
    """`cards` cards with `per_card` answers each at growing intervals (a lapse now and then)."""
    db, pks = collection(folder, cards)
    rng = random.Random(2)
    log = []
    for pk in pks:
        at = NOW - timedelta(days=400 + rng.uniform(0, 300))
        interval = 1.0
        for index in range(per_card):
            lapsed = index > 0 and rng.random() < 0.12
            log.append(
                {
                    "card_pk": pk,
                    "rating": 1 if lapsed else rng.choices((2, 3, 4), weights=(1, 8, 1))[0],
                    "reviewed_at": at,
                    "duration_ms": rng.randint(2_000, 30_000),
                    "before_state": CardState.NEW if index == 0 else CardState.REVIEW,
                    "state": CardState.REVIEW,
                    "due": at + timedelta(days=1),
                }
            )
            interval = 1.0 if lapsed else interval * rng.uniform(1.8, 3.0)
            at += timedelta(days=interval)
    database = open_database(str(db))
    with database.write() as connection:
        insert_many(connection, review_logs, log)
    database.close()
    return db


def best(function: Callable[[], object], rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        db = stats_database(Path(folder) / "stats")
        print(f"built 50,000 cards and 500,000 log rows in {time.perf_counter() - start:.1f} s")
        with pmcards.open(db, clock=lambda: NOW) as col:
            for zone in ("UTC", "Europe/Paris"):
                col.set_setting("timezone", zone)
                for period in ("1m", "all"):
                    took = best(lambda period=period: col.stats(period=period))  # type: ignore[misc]
                    verdict = "ok" if took < 1 else "OVER"
                    print(f"(a) stats, {zone}, period {period}: {took:.3f} s (target < 1 s: {verdict})")
            found = col.stats(period="all")
            assert sum(day.answers for day in found.study_days) == 500_000

        start = time.perf_counter()
        db = optimize_database(Path(folder) / "optimize")
        print(f"built 10,000 cards and 100,000 reviews in {time.perf_counter() - start:.1f} s")
        with pmcards.open(db, clock=lambda: NOW) as col:
            start = time.perf_counter()
            done = col.optimize(force=True)
            took = time.perf_counter() - start
            print(
                f"(b) optimize, {done.fit.reviews} reviews scored, parameters saved and memory states recomputed: "
                f"{took:.2f} s (target < 5 s: {'ok' if took < 5 else 'OVER'})"
            )
            print(f"    {done.fit.summary()}")
            fit_only = best(lambda: col.optimize(), rounds=3)
            print(f"    optimize again, best of 3 (saves only if better than the saved ones): {fit_only:.2f} s")
            assert col.check() == []


if __name__ == "__main__":
    main()
