"""Scenario: several processes on one database at once, from its very creation. Each starts with
`pmcards sync` on a database that does not exist yet (they race to create it), then answers and
undoes through an open collection while running `pmcards sync` of edited decks, `pmcards config`,
`pmcards status` and `pmcards check`, for a while. Every operation must succeed (waits for the
write lock end within the busy timeout); afterwards the database is audited."""

from __future__ import annotations

from pathlib import Path

from tests.torture.common import Figures, audit, fresh_database, spawn_worker, tally, wait_for
from tests.torture.decks import DeckFolder

SCENARIO = "processes answering, syncing and configuring at once"


def run(folder: Path, *, rounds: int, workers: int = 4, seconds: float = 8.0, seed: int = 0) -> Figures:
    """`rounds` new databases, each used by `workers` processes for `seconds`; each operation is a try."""
    figures = Figures(SCENARIO)
    for round_number in range(rounds):
        here = folder / f"round-{round_number}"
        decks = DeckFolder.create(here / "decks", decks=3, cards=10)
        spec = fresh_database(here)
        go = here / "go"
        journals = [here / f"journal-{index}.jsonl" for index in range(workers)]
        processes = [
            spawn_worker(
                spec,
                decks.folder,
                journal,
                seed=seed * 10_000 + round_number * 10 + index,
                ops="crowd",
                seconds=seconds,
                go=go,
                first_sync=True,
            )
            for index, journal in enumerate(journals)
        ]
        try:
            wait_for(journals, "waiting")
            go.touch()  # all at once: the first sync of each creates the database, or finds it made
            for process in processes:
                process.wait(timeout=seconds + 120)
        finally:
            for process in processes:
                process.kill()
                process.wait()
        for process, journal in zip(processes, journals, strict=True):
            tally(journal, figures)
            if process.returncode != 0:
                figures.tracebacks += 1
                figures.problem(f"worker {journal.name} ended with exit code {process.returncode}")
        audit(spec, figures, journals=journals)
    return figures
