"""Anki export benchmark (run on demand: `python tests/benchmarks/bench_anki_export.py`).

Builds a collection of 10,000 schedulable cards whose text is the built-in decks' (copied until
there are enough), 80% of them reviewed three times, then measures in one run:
(a) `export_anki` without progress and (b) with progress, beside (c) genanki writing the very same
notes (fields, tags, GUIDs, note types, decks) directly into a scratch database with the same
SQLite settings pmcards uses (no journal, no waiting for the disk), the three taking turns; and
where pmcards' time goes. Targets: (a) at most 1.2 times (c), (b) at most 2 times (c).
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
from contextlib import closing
from datetime import datetime, timedelta, timezone
from itertools import count
from pathlib import Path

import genanki  # type: ignore[import-untyped]

import pmcards
from pmcards import Deck
from pmcards.export import anki as anki_export
from pmcards.export.anki import export_anki
from pmcards.format.deckfile import load_decks, write_deck
from pmcards.format.kinds import kind_named
from pmcards.paths import builtin_decks

CARDS = 10_000
RUNS = 7
NOW = datetime.now(timezone.utc).replace(microsecond=0)


def decks_of_size(total: int) -> list[Deck]:
    """Copies of the built-in decks (fresh ids) holding exactly `total` schedulable cards."""
    originals = load_decks([builtin_decks()])
    decks: list[Deck] = []
    left = total
    for copy in range(10_000):
        for deck in originals:
            cards = []
            for card in deck.cards:
                if len(card.ordinals()) > left:
                    continue
                cards.append(dataclasses.replace(card, id=f"{card.id}-{copy}"))
                left -= len(card.ordinals())
            title = f"{deck.title} ({copy + 1})"
            decks.append(dataclasses.replace(deck, id=f"{deck.id}-{copy}", title=title, cards=tuple(cards)))
            if left == 0:
                return decks
    raise AssertionError("not enough cards")


def _micros(moment: datetime) -> int:
    return int(moment.timestamp() * 1_000_000)


def build(db: Path, folder: Path) -> None:
    folder.mkdir()
    for deck in decks_of_size(CARDS):
        (folder / f"{deck.id}.md").write_text(write_deck(deck), encoding="utf-8")
    with pmcards.open(db) as col:
        col.sync([folder])
    rng = random.Random(7)
    with sqlite3.connect(db) as raw:
        pks = [pk for (pk,) in raw.execute("SELECT pk FROM cards ORDER BY pk")]
        reviewed = pks[: int(len(pks) * 0.8)]
        cards, logs = [], []
        for pk in reviewed:
            last = NOW - timedelta(days=rng.uniform(1, 30))
            due = last + timedelta(days=rng.randint(1, 40))
            stability, difficulty = rng.uniform(1, 60), rng.uniform(1, 10)
            cards.append((stability, difficulty, _micros(due), _micros(last), pk))
            for n in range(3):
                at = last - timedelta(days=3 * (2 - n))
                before = 0 if n == 0 else 2
                logs.append((pk, 3, _micros(at), 2, stability, difficulty, _micros(due), before, n))
        raw.executemany(
            "UPDATE cards SET state = 2, stability = ?, difficulty = ?, due = ?, last_review = ?, reps = 3 WHERE pk = ?",
            cards,
        )
        raw.executemany(
            "INSERT INTO review_logs (card_pk, rating, reviewed_at, state, stability, difficulty, due, before_state,"
            " before_reps, before_lapses, before_leech, before_suspended, buried_siblings)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0)",
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
    models = {model.model_id: model for model in anki_export.NOTE_TYPES.values()}

    def write() -> None:
        decks: dict[int, genanki.Deck] = {}
        for guid, mid, fields, tags, did in notes:
            deck = decks.setdefault(did, genanki.Deck(int(did), names[str(did)]))
            deck.add_note(genanki.Note(model=models[mid], fields=fields.split("\x1f"), tags=tags.split(), guid=guid))
        package = genanki.Package(list(decks.values()))
        with tempfile.TemporaryDirectory() as scratch:
            database = Path(scratch) / "collection.anki2"
            with closing(sqlite3.connect(database)) as connection:  # pmcards' settings for its scratch file
                connection.execute("PRAGMA journal_mode = OFF")
                connection.execute("PRAGMA synchronous = OFF")
                stamp = time.time()
                package.write_to_db(connection.cursor(), stamp, count(int(stamp * 1000)))
                connection.commit()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
                archive.write(database, "collection.anki2")
                archive.writestr("media", "{}")

    return write


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        tempfile.tempdir = folder  # genanki's write_to_file leaves its temporary database behind: keep it here
        db = base / "bench.db"
        start = time.perf_counter()
        build(db, base / "decks")
        print(f"built {CARDS} cards in {time.perf_counter() - start:.1f} s")
        with pmcards.open(db, clock=lambda: NOW) as col:
            result = export_anki(col, base / "pm.apkg")
            reviewed = export_anki(col, base / "progress.apkg", with_progress=True)
            print(
                f"export: {result.decks} decks, {result.notes} notes, {result.cards} cards; {reviewed.reviews} reviews"
            )
            plain, progress, direct = best(
                lambda: export_anki(col, base / "pm.apkg"),
                lambda: export_anki(col, base / "progress.apkg", with_progress=True),
                genanki_direct(base / "pm.apkg", base / "direct.apkg"),
            )
            [read] = best(col.notes)
            every_note = col.notes()
            [markdown] = best(
                lambda: [anki_export._content_html(kind_named(note.kind), note.sides) for note in every_note]
            )
    tempfile.tempdir = None

    print(f"\n{'':38} {'best':>8} {'median':>8}")
    for name, (low, mid) in [
        ("(a) pmcards export", plain),
        ("(b) pmcards export --with-progress", progress),
        ("(c) genanki, same notes, directly", direct),
        ("    of (a): reading the notes", read),
        ("    of (a): Markdown to HTML", markdown),
    ]:
        print(f"{name:<38} {low * 1000:7.0f}ms {mid * 1000:7.0f}ms")
    ratio, ratio_progress = plain[0] / direct[0], progress[0] / direct[0]
    print(f"\nratio (a)/(c) = {ratio:.2f} (target at most 1.2)")
    print(f"ratio (b)/(c) = {ratio_progress:.2f} (target at most 2)")


if __name__ == "__main__":
    main()
