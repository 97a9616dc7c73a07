"""A worker process of the torture scenarios: it uses one pmcards database as a learner and a deck
author would, through the API (one open collection, like a review session) and through the
`pmcards` command, until its time is up or it is killed, and journals each operation.

    python -m tests.torture.worker SPEC DECKS JOURNAL --seed 7 --ops kill [--seconds 10]
        [--go FILE] [--first-sync]

Each operation is journalled before (`doing`) and after (`done`, `expected` for one of pmcards'
errors that concurrency explains, `failed` for any other, `traceback` for an exception that is
not pmcards'). Answers are journalled once committed (`answered`), undos before they start
(`undoing`), so the parent can tell a lost answer from one taken back.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pmcards
from pmcards.collection.reading import StoredCard
from pmcards.errors import NotFoundError, PmcardsError
from tests.torture.common import Journal, run_cli, short_traceback
from tests.torture.decks import DeckFolder

MIXES: dict[str, dict[str, int]] = {
    "kill": {"answer": 40, "undo": 15, "sync": 15, "forget": 5, "suspend": 5, "unsuspend": 5, "bury": 5, "setting": 5},
    "kill answers": {"answer": 60, "undo": 35, "forget": 5},
    "crowd": {
        "answer": 30,
        "undo": 10,
        "sync": 5,
        "cli sync": 15,
        "cli config": 15,
        "cli status": 10,
        "cli check": 5,
        "forget": 3,
        "suspend": 3,
        "unsuspend": 2,
        "bury": 2,
    },
}
"""The operations of each scenario and how often each comes (relative weights)."""


class CommandFailed(Exception):
    """A `pmcards` command ended with a non-zero exit code."""


class Worker:
    """One process's use of the database."""

    def __init__(self, spec: str, decks: Path, journal: Journal, chance: random.Random) -> None:
        self.spec = spec
        self.decks = DeckFolder(decks)
        self.journal = journal
        self.chance = chance
        self.col = pmcards.open(spec)
        self.own: list[int | None] = []
        """This collection's undo stack: the log id of each answer, None for a reset."""

    def operations(self) -> dict[str, Callable[[], None]]:
        return {
            "answer": self.answer,
            "undo": self.undo,
            "sync": self.sync,
            "forget": self.forget,
            "suspend": lambda: self.col.suspend(self.some_card().card_id),
            "unsuspend": lambda: self.col.unsuspend(self.some_card().card_id),
            "bury": lambda: self.col.bury(self.some_card().card_id),
            "setting": lambda: self.col.set_setting("new_per_day", self.chance.randint(5, 40)),
            "cli sync": lambda: self.command("sync", str(self.edited())),
            "cli config": lambda: self.command("config", *self.some_setting()),
            "cli status": lambda: self.command("status"),
            "cli check": lambda: self.command("check"),
        }

    def some_card(self) -> StoredCard:
        cards = self.col.cards()
        if not cards:
            raise NotFoundError("no card in use")
        return self.chance.choice(cards)

    def some_setting(self) -> tuple[str, str]:
        key = self.chance.choice(["new_per_day", "desired_retention", "rollover_hour", "learning_steps"])
        value = {
            "new_per_day": str(self.chance.randint(5, 40)),
            "desired_retention": f"{self.chance.uniform(0.8, 0.95):.2f}",
            "rollover_hour": str(self.chance.randint(3, 5)),
            "learning_steps": self.chance.choice(["1m 10m", "30s", "1m 5m 1h"]),
        }[key]
        return key, value

    def answer(self) -> None:
        """Answer the next card; when today's queue is done, one due later (review ahead), else any."""
        card = self.col.next_card() or self.col.next_card(ahead=30) or self.some_card()
        result = self.col.answer(card, self.chance.randint(1, 4), duration=self.chance.uniform(1, 30))
        self.own.append(result.log_id)
        self.journal.write(answered=result.log_id)

    def undo(self) -> None:
        if not self.own:
            return
        top = self.own[-1]
        if top is not None:
            self.journal.write(undoing=top)
        try:
            self.col.undo()
        except PmcardsError as error:
            if not str(error).startswith("cannot undo"):
                raise
            if top is not None:
                self.journal.write(kept=top)
        self.own.pop()

    def forget(self) -> None:
        if self.col.forget(self.some_card().card_id):  # a note already new is left alone: nothing to undo
            self.own.append(None)

    def edited(self) -> Path:
        self.journal.write(edit=self.decks.edit(self.chance))
        return self.decks.folder

    def sync(self) -> None:
        self.col.sync([self.edited()])

    def command(self, *args: str) -> None:
        code, output, escaped = run_cli("--db", self.spec, *args)
        if escaped is not None:
            raise escaped
        if code != 0:
            raise CommandFailed(f"pmcards {' '.join(args)}: exit {code}: {output.strip()[-300:]}")

    def run(self, mix: dict[str, int], seconds: float) -> None:
        names, weights = list(mix), list(mix.values())
        operations = self.operations()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            name = self.chance.choices(names, weights)[0]
            self.journal.write(doing=name)
            try:
                operations[name]()
                self.journal.write(done=name)
            except (PmcardsError, CommandFailed) as error:
                if expected(error):
                    self.journal.write(expected=name, error=str(error))
                else:
                    self.journal.write(failed=name, error=str(error)[:500])
            except Exception as error:
                self.journal.write(traceback=name, error=short_traceback(error))
        self.col.close()


def expected(error: Exception) -> bool:
    """Whether `error` is one that another process explains: the card was retired by its sync,
    or answered again by it (so this one's answer cannot be undone)."""
    text = str(error)
    return isinstance(error, NotFoundError) or text.startswith("cannot undo")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.torture.worker")
    parser.add_argument("spec")
    parser.add_argument("decks", type=Path)
    parser.add_argument("journal", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--ops", choices=MIXES, default="kill")
    parser.add_argument("--seconds", type=float, default=3600.0)
    parser.add_argument("--go", type=Path, help="Wait for this file to exist before touching the database.")
    parser.add_argument("--first-sync", action="store_true", help="Start with `pmcards sync` of the decks.")
    args = parser.parse_args(argv)
    journal = Journal(args.journal)
    journal.write(waiting=True)
    while args.go is not None and not args.go.exists():
        time.sleep(0.002)
    if args.first_sync:
        journal.write(doing="first sync")
        code, output, escaped = run_cli("--db", args.spec, "sync", str(args.decks))
        if escaped is not None:
            journal.write(traceback="first sync", error=short_traceback(escaped))
        elif code != 0:
            journal.write(failed="first sync", error=output.strip()[-500:])
        else:
            journal.write(done="first sync")
    try:
        worker = Worker(args.spec, args.decks, journal, random.Random(args.seed))
    except PmcardsError as error:
        journal.write(failed="open", error=str(error))
        return
    journal.write(ready=True)
    worker.run(MIXES[args.ops], args.seconds)
    journal.write(finished=True)
    journal.close()


if __name__ == "__main__":
    main(sys.argv[1:])
