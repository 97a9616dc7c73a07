"""Anki export benchmark (run on demand: `python tests/benchmarks/bench_anki_export.py`).

Builds a collection of 10,000 schedulable cards whose text is the built-in decks' (copied until
there are enough), 80% of them reviewed three times, then measures in one run:
(a) `export_anki` without progress and (b) with progress, beside (c) genanki writing the very same
notes (fields, tags, GUIDs, note types, decks) directly, the three taking turns; and where pmcards' time goes.
Target: (a) at most 1.5 times (c).
"""

from __future__ import annotations

import dataclasses
import random
import sqlite3
import statistics
import tempfile
import time
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from itertools import count
from pathlib import Path

import genanki
from sqlmodel import Session

import pmcards
from pmcards import anki_export
from pmcards.deck import ClozeCard, Deck
from pmcards.deckfile import load_decks
from pmcards.paths import builtin_decks
from pmcards.store import open_engine
from pmcards.stored import StoredNote
from pmcards.sync import sync_decks

CARDS = 10_000
RUNS = 7
NOW = datetime.now(timezone.utc).replace(microsecond=0)


def schedulable(card: object) -> int:
    return len(card.ordinals()) if isinstance(card, ClozeCard) else 1


def decks_of_size(total: int) -> list[Deck]:
    """Copies of the built-in decks (fresh ids) holding exactly `total` schedulable cards."""
    originals = load_decks([builtin_decks()])
    decks: list[Deck] = []
    left = total
    for copy in range(10_000):
        for deck in originals:
            cards = []
            for card in deck.cards:
                if schedulable(card) > left:
                    continue
                cards.append(dataclasses.replace(card, id=f"{card.id}-{copy}"))
                left -= schedulable(card)
            title = f"{deck.title} ({copy + 1})"
            decks.append(dataclasses.replace(deck, id=f"{deck.id}-{copy}", title=title, cards=tuple(cards)))
            if left == 0:
                return decks
    raise AssertionError("not enough cards")


def build(db: Path) -> None:
    engine = open_engine(db)
    with Session(engine) as session:
        sync_decks(session, decks_of_size(CARDS))
        session.commit()
    engine.dispose()
    rng = random.Random(7)
    stamp = "%Y-%m-%d %H:%M:%S.%f"
    with sqlite3.connect(db) as raw:
        pks = [pk for (pk,) in raw.execute("SELECT pk FROM cards ORDER BY pk")]
        reviewed = pks[: int(len(pks) * 0.8)]
        cards, logs = [], []
        for pk in reviewed:
            last = NOW - timedelta(days=rng.uniform(1, 30))
            due = last + timedelta(days=rng.randint(1, 40))
            stability, difficulty = rng.uniform(1, 60), rng.uniform(1, 10)
            cards.append((stability, difficulty, due.strftime(stamp), last.strftime(stamp), pk))
            for n in range(3):
                at = last - timedelta(days=3 * (2 - n))
                logs.append(
                    (pk, 3, 0 if n == 0 else 2, at.strftime(stamp), 2, stability, difficulty, due.strftime(stamp))
                )
        raw.executemany(
            "UPDATE cards SET state = 2, stability = ?, difficulty = ?, due = ?, last_review = ?, reps = 3 WHERE pk = ?",
            cards,
        )
        raw.executemany(
            "INSERT INTO review_logs (card_pk, rating, previous_state, reviewed_at, state, stability, difficulty, due,"
            " before_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}')",
            logs,
        )


def best(*actions: Callable[[], object], runs: int = RUNS) -> list[tuple[float, float]]:
    """Best and median seconds of `runs` calls of each action; the actions take turns, so a
    slow spell of a shared machine falls on all of them alike."""
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(runs):
        for action, spent in zip(actions, times, strict=True):
            start = time.perf_counter()
            action()
            spent.append(time.perf_counter() - start)
    return [(min(spent), statistics.median(spent)) for spent in times]


def genanki_direct(package: Path, out: Path) -> Callable[[], None]:
    """A function that writes, with genanki alone, the notes found in `package`."""
    folder = Path(tempfile.mkdtemp())
    with zipfile.ZipFile(package) as archive:
        archive.extract("collection.anki2", folder)
    with sqlite3.connect(folder / "collection.anki2") as raw:
        names = {
            deck_id: name
            for deck_id, name in raw.execute(
                "SELECT json_each.key, json_extract(json_each.value, '$.name') FROM col, json_each(col.decks)"
            )
        }
        notes = raw.execute(
            "SELECT notes.guid, notes.mid, notes.flds, notes.tags, min(cards.did) FROM notes"
            " JOIN cards ON cards.nid = notes.id GROUP BY notes.id ORDER BY notes.id"
        ).fetchall()
    models = {model.model_id: model for model in anki_export.MODELS.values()}

    def write() -> None:
        decks: dict[int, genanki.Deck] = {}
        for guid, mid, fields, tags, did in notes:
            deck = decks.setdefault(did, genanki.Deck(int(did), names[str(did)]))
            deck.add_note(genanki.Note(model=models[mid], fields=fields.split("\x1f"), tags=tags.split(), guid=guid))
        genanki.Package(list(decks.values())).write_to_file(out)

    return write


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        tempfile.tempdir = folder  # genanki's write_to_file leaves its temporary database behind: keep it here
        db = base / "bench.db"
        start = time.perf_counter()
        build(db)
        print(f"built {CARDS} cards in {time.perf_counter() - start:.1f} s")
        with pmcards.open(db, clock=lambda: NOW) as col:
            result = col.export_anki(base / "pm.apkg")
            reviewed = col.export_anki(base / "progress.apkg", with_progress=True)
            print(
                f"export: {result.decks} decks, {result.notes} notes, {result.cards} cards; {reviewed.reviews} reviews"
            )
            plain, progress, direct = best(
                lambda: col.export_anki(base / "pm.apkg"),
                lambda: col.export_anki(base / "progress.apkg", with_progress=True),
                genanki_direct(base / "pm.apkg", base / "direct.apkg"),
            )
            [read] = best(col.notes)
            every_note = col.notes()
            notes: dict[str, list[StoredNote]] = {}
            for note in every_note:
                notes.setdefault(note.deck_id, []).append(note)
            decks = col.decks()
            [build_notes] = best(
                lambda: [anki_export._anki_deck(deck, notes[deck.id], count(1), set()) for deck in decks]
            )
            [markdown] = best(lambda: [anki_export._content_html(note) for note in every_note])
    tempfile.tempdir = None

    print(f"\n{'':38} {'best':>8} {'median':>8}")
    for name, (low, mid) in [
        ("(a) pmcards export", plain),
        ("(b) pmcards export --with-progress", progress),
        ("(c) genanki, same notes, directly", direct),
        ("    of (a): reading the notes", read),
        ("    of (a): building the notes", build_notes),
        ("      of which Markdown to HTML", markdown),
    ]:
        print(f"{name:<38} {low * 1000:7.0f}ms {mid * 1000:7.0f}ms")
    ratio, ratio_progress = plain[0] / direct[0], progress[0] / direct[0]
    print(f"\nratio (a)/(c) = {ratio:.2f} (target <= 1.5: {'met' if ratio <= 1.5 else 'NOT met'})")
    print(f"ratio (b)/(c) = {ratio_progress:.2f}")


if __name__ == "__main__":
    main()
