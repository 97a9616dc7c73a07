"""Run the torture suite: `python -m tests.torture [--short] [--seed N] [--keep] [--postgres URL]`.

Prints one row per scenario (tries, failures, answers lost, corrupt databases, tracebacks), what
each did and the first problems found, and exits 1 if any count but tries is not zero. The scratch
folder is removed afterwards, unless something went wrong or `--keep` is given.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.torture import common, crowd, fuzz, kills, machine
from tests.torture.common import Figures

MODES: dict[str, dict[str, int]] = {
    "short": {
        "kill_rounds": 30,
        "crowd_rounds": 2,
        "crowd_seconds": 10,
        "machine_examples": 100,
        "machine_steps": 40,
        "deck_examples": 200,
        "api_examples": 100,
    },
    "full": {
        "kill_rounds": 200,
        "crowd_rounds": 6,
        "crowd_seconds": 30,
        "machine_examples": 1000,
        "machine_steps": 60,
        "deck_examples": 2000,
        "api_examples": 1000,
    },
}
"""How much of each scenario a mode runs: on two cores, two to three minutes (short) and twenty (full)."""

COLUMNS = ("scenario", "tries", "failures", "answers lost", "corrupt databases", "tracebacks")


def table(rows: list[Figures]) -> str:
    """The figures as a Markdown table."""
    cells = [
        [row.scenario, str(row.tries), str(row.failures), str(row.answers_lost), str(row.corrupt), str(row.tracebacks)]
        for row in rows
    ]
    widths = [max(len(line[index]) for line in [list(COLUMNS), *cells]) for index in range(len(COLUMNS))]

    def line(values: list[str] | tuple[str, ...]) -> str:
        return "| " + " | ".join(value.ljust(width) for value, width in zip(values, widths, strict=True)) + " |"

    return "\n".join([line(COLUMNS), "| " + " | ".join("-" * width for width in widths) + " |", *map(line, cells)])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.torture", description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="The short run CI does (under 5 minutes).")
    parser.add_argument("--seed", type=int, default=None, help="Seed of the random kills and workers.")
    parser.add_argument("--keep", action="store_true", help="Keep the scratch folder.")
    parser.add_argument(
        "--postgres", metavar="URL", help="Torture collections on this PostgreSQL server instead of SQLite files."
    )
    args = parser.parse_args(argv)
    if args.postgres:
        common.SERVER.append(args.postgres)
    mode = MODES["short" if args.short else "full"]
    seed = args.seed if args.seed is not None else random.randrange(1_000_000)
    folder = Path(tempfile.mkdtemp(prefix="pmcards-torture-"))
    where = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"torture suite ({'short' if args.short else 'full'}, {where}), seed {seed}, scratch folder {folder}",
        flush=True,
    )
    scenarios: list[tuple[str, Callable[[], Figures]]] = [
        (kills.SCENARIO, lambda: kills.run(folder / "kills", rounds=mode["kill_rounds"], seed=seed)),
        (
            crowd.SCENARIO,
            lambda: crowd.run(folder / "crowd", rounds=mode["crowd_rounds"], seconds=mode["crowd_seconds"], seed=seed),
        ),
        (machine.SCENARIO, lambda: machine.run(examples=mode["machine_examples"], steps=mode["machine_steps"])),
        (fuzz.DECK_SCENARIO, lambda: fuzz.deck_files(mode["deck_examples"])),
        (fuzz.API_SCENARIO, lambda: fuzz.api_arguments(mode["api_examples"])),
    ]
    started = time.monotonic()
    rows = []
    for name, scenario in scenarios:
        began = time.monotonic()
        figures = scenario()
        rows.append(figures)
        print(f"  {name}: {figures.tries} tries in {time.monotonic() - began:.0f}s", flush=True)
    print()
    print(table(rows))
    print()
    for row in rows:
        done = ", ".join(f"{count} {what}" for what, count in sorted(row.details.items()))
        print(f"{row.scenario}: {done or 'no details'}")
        for problem in row.problems:
            print("    " + problem.replace("\n", "\n    "))
    clean = all(row.clean for row in rows)
    if args.postgres and clean and not args.keep:
        common.drop_learners()
    print(f"\n{'all clean' if clean else 'PROBLEMS FOUND'} in {time.monotonic() - started:.0f}s")
    if clean and not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"scratch folder kept: {folder}")
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
