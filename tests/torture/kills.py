"""Scenario: worker processes answer, undo, sync edited decks, suspend, bury and forget as fast as
they can, and are killed with SIGKILL at a random moment, again and again on the same database.

After each kill: the database's own integrity check, every card against the replay of its log,
reps against the answers in the log, every answer a worker saw committed still there (less those
it undid), `pmcards check`, and a sync that completes and leaves exactly the cards of the deck
files (a sync killed half-way must have left nothing of itself)."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pmcards
from tests.torture.common import Figures, audit, fresh_database, spawn_worker, tally, wait_for
from tests.torture.decks import DeckFolder

SCENARIO = "kill -9 during answer, undo and sync"


def cards_of_files(folder: Path) -> set[tuple[str, int]]:
    """The cards (id, card number) the deck files make."""
    return {
        (card.id, ordinal)
        for deck in pmcards.load_decks([folder])
        for card in deck.cards
        for ordinal in card.ordinals()
    }


ROUNDS_PER_DATABASE = 25
"""Kills one database takes before the next starts: its history, which each audit replays, stays
about the size of a few months of study."""


def run(folder: Path, *, rounds: int, workers: int = 2, seed: int = 0) -> Figures:
    """`rounds` kills of `workers` processes each; each kill (and its audit) is one try."""
    figures = Figures(SCENARIO)
    operations = Figures(SCENARIO)  # the workers' own operations: their failures count, not their number
    chance = random.Random(seed)
    for round_number in range(rounds):
        if round_number % ROUNDS_PER_DATABASE == 0:
            here = folder / f"database-{round_number // ROUNDS_PER_DATABASE}"
            decks = DeckFolder.create(here / "decks", decks=2, cards=15)
            spec = fresh_database(here)
            with pmcards.open(spec) as col:
                col.sync([decks.folder])
            journals: list[Path] = []
        these = [here / f"journal-{round_number}-{index}.jsonl" for index in range(workers)]
        ops = "kill" if round_number % 2 else "kill answers"  # syncs take longest: half the rounds do none
        processes = [
            spawn_worker(spec, decks.folder, journal, seed=seed * 10_000 + round_number * 10 + index, ops=ops)
            for index, journal in enumerate(these)
        ]
        journals += these
        try:
            wait_for(these, "ready")
            time.sleep(chance.uniform(0.05, 1.2))
        finally:
            for process in processes:
                process.kill()
                process.wait()
        figures.tries += 1
        for journal in these:
            interrupted = tally(journal, operations)
            figures.details[f"killed during {interrupted or 'nothing'}"] += 1
        with pmcards.open(spec) as col:
            try:
                col.sync([decks.folder])
                stored = {(card.card_id, card.ord) for card in col.cards()}
            except pmcards.PmcardsError as error:
                stored = set()
                figures.problem(f"the sync after a kill failed: {error}")
        if stored != cards_of_files(decks.folder):
            figures.failures += 1
            figures.problem(f"after round {round_number} the stored cards differ from the deck files")
            continue
        audit(spec, figures, journals=journals)
    figures.failures += operations.failures
    figures.tracebacks += operations.tracebacks
    figures.problems += operations.problems[:4]
    for name in ("answer", "undo", "sync"):
        figures.details[f"{name}s done"] = operations.details[name]
    return figures
