"""Export time against the number of decks (run on demand: `python tests/benchmarks/bench_export_decks.py`).

Issue 15 found the Anki export growing with the square of the number of decks: 1,000 decks took
3.7 s and 2,000 decks 15.6 s. This syncs 1,000 and 2,000 small decks (five cards each, one a
cloze with two deletions) into two databases, exports each with and without progress, taking
turns, and compares the medians. Target: 2,000 decks take at most 2.5 times as long as 1,000
(linear is 2; the square was 4.2).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import pmcards
from pmcards.format.cards import Card, Deck
from pmcards.format.deckfile import write_deck

SIZES = (1_000, 2_000)
RUNS = 7
TARGET = 2.5


def small_deck(number: int) -> Deck:
    cards = (
        Card(f"k{number}-1", "basic", {"question": f"Question {number}?", "answer": "An **answer**."}),
        Card(f"k{number}-2", "cloze", {"text": f"{{{{c1::Deck}}}} {number} has {{{{c2::cards}}}}.", "extra": ""}),
        Card(f"k{number}-3", "reverse", {"front": f"Term {number}", "back": "Meaning"}),
        Card(f"k{number}-4", "interview", {"question": f"How would you {number}?", "key_points": "- One\n- Two"}),
    )
    return Deck(f"deck-{number}", f"Deck {number}", source="An article", cards=cards)


def build(folder: Path, decks: int) -> str:
    files = folder / f"decks-{decks}"
    files.mkdir()
    for number in range(decks):
        (files / f"deck-{number}.md").write_text(write_deck(small_deck(number)), encoding="utf-8")
    db = str(folder / f"decks-{decks}.db")
    with pmcards.open(db) as col:
        col.sync([files])
        for card in col.cards()[::3]:
            col.answer(card, "good")
    return db


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        databases = {decks: build(folder, decks) for decks in SIZES}
        times: dict[tuple[int, bool], list[float]] = {
            (decks, progress): [] for decks in SIZES for progress in (False, True)
        }
        for _ in range(RUNS):
            for (decks, progress), measured in times.items():
                with pmcards.open(databases[decks]) as col:
                    start = time.perf_counter()
                    pmcards.export_anki(col, folder / "out.apkg", with_progress=progress)
                    measured.append(time.perf_counter() - start)
    medians = {key: statistics.median(values) for key, values in times.items()}
    ok = True
    for progress in (False, True):
        small, large = (medians[(decks, progress)] for decks in SIZES)
        ratio = large / small
        ok = ok and ratio <= TARGET
        label = "with progress" if progress else "without progress"
        print(
            f"{label:17} 1,000 decks {small:.3f} s   2,000 decks {large:.3f} s   ratio {ratio:.2f} (target <= {TARGET})"
        )
    print("OK" if ok else "TOO SLOW")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
