"""Sync benchmark (run on demand: `python tests/benchmarks/bench_sync.py [CARDS]`).

Writes CARDS deck-file cards (default 100,000) in 200 files, then measures in one run:
(a) the first sync, its time and peak memory (in a fresh process);
(b) a re-sync of the unchanged files, beside just reading and hashing the same files;
(c) a re-sync after one card was edited;
(d) time per card of a first sync at 1,000, 10,000 and CARDS cards (flat means linear).
Targets: (a) under 5 s and 300 MB; (b) at most 5x reading and hashing; (c) under 0.2 s;
(d) within 1.5x from the smallest to the largest.
"""

from __future__ import annotations

import hashlib
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

FILES = 200
SYNC_IN_A_FRESH_PROCESS = """
import sys, time
import pmcards, pmcards.collection
start = time.perf_counter()
with pmcards.open(sys.argv[1]) as col:
    report = col.sync([sys.argv[2]])
elapsed = time.perf_counter() - start
peak = int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) / 1024
print(elapsed, peak, report.added)
"""
IDLE_PEAK = """
import pmcards.collection, pmcards.format.deckfile
print(int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) / 1024)
"""


def write_decks(folder: Path, cards: int) -> None:
    """`cards` cards in FILES files: three in five basic, the rest cloze with two deletions."""
    folder.mkdir(parents=True)
    per_file = cards // FILES
    for number in range(FILES):
        lines = [f"# Deck {number}", "", f"id: deck-{number}", "description: A benchmark deck.", "tags: bench", ""]
        for card in range(per_file):
            card_id = f"d{number}-c{card}"
            lines += ["## Basic" if card % 5 < 3 else "## Cloze", "", f"id: {card_id}", f"section: Part {card % 7}", ""]
            if card % 5 < 3:
                lines += [
                    f"Q: What is fact {card} of deck {number}?",
                    "",
                    f"A: It is the answer to question {card}.",
                    "",
                ]
            else:
                lines += [
                    f"Text: Fact {card} costs {{{{c1::{card}%}}}} of the {{{{c2::budget}}}} in deck {number}.",
                    "",
                ]
        (folder / f"deck-{number:03}.md").write_text("\n".join(lines), encoding="utf-8")


def schedulable(cards: int) -> int:
    per_file = cards // FILES
    return FILES * sum(1 if card % 5 < 3 else 2 for card in range(per_file))


def fresh_sync(db: Path, folder: Path) -> tuple[float, float]:
    output = subprocess.run(
        [sys.executable, "-c", SYNC_IN_A_FRESH_PROCESS, str(db), str(folder)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(output[0]), float(output[1])


def read_and_hash(folder: Path) -> None:
    for path in sorted(folder.glob("*.md")):
        hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    import pmcards

    cards = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        folder = root / "decks"
        write_decks(folder, cards)
        db = root / "study.db"
        first_s, first_mb = fresh_sync(db, folder)
        idle_mb = float(subprocess.run([sys.executable, "-c", IDLE_PEAK], capture_output=True, text=True).stdout)
        print(f"{cards:,} cards ({schedulable(cards):,} to review) in {FILES} files")
        print(f"(a) first sync: {first_s:.2f} s, peak {first_mb:.0f} MB (importing pmcards alone: {idle_mb:.0f} MB)")
        print("    target: under 5 s and 300 MB")

        with pmcards.open(db) as col:
            resync = []
            baseline = []
            for _ in range(5):  # taking turns, so a busy moment of the machine slows both alike
                resync.append(timed(lambda: col.sync([folder])))
                baseline.append(timed(lambda: read_and_hash(folder)))
            ratio = statistics.median(resync) / statistics.median(baseline)
            print(
                f"(b) unchanged re-sync: {statistics.median(resync) * 1000:.0f} ms; reading and hashing the files: "
                f"{statistics.median(baseline) * 1000:.0f} ms; ratio {ratio:.1f}x (target at most 5x)"
            )
            target = folder / "deck-100.md"
            original = target.read_text(encoding="utf-8")
            edits = []
            for run in range(5):
                target.write_text(original.replace("What is fact 2 of", f"What (edit {run}) is fact 2 of"))
                start = time.perf_counter()
                report = col.sync([folder])
                edits.append(time.perf_counter() - start)
                assert (report.updated, report.files_read) == (1, 1), report
            print(f"(c) one edited card: {statistics.median(edits) * 1000:.0f} ms (target under 200 ms)")

    per_card = {}
    for size in (1_000, 10_000, cards):
        with tempfile.TemporaryDirectory() as scratch:
            root = Path(scratch)
            write_decks(root / "decks", size)
            seconds, _ = fresh_sync(root / "study.db", root / "decks")
            per_card[size] = seconds / size * 1e6
    print(
        "(d) first sync per card: "
        + ", ".join(f"{size:,}: {micro:.0f} us" for size, micro in per_card.items())
        + f"; largest/smallest {per_card[cards] / per_card[1_000]:.2f}x (target at most 1.5x)"
    )


if __name__ == "__main__":
    main()
