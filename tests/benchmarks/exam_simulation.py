"""Exam mode against plain FSRS, with the simulated learner of the tests (run on demand:
`python tests/benchmarks/exam_simulation.py`).

For exams 14, 30 and 60 days away, the learner studies the built-in decks every day, three ways:
with `pmcards exam` planned, with plain FSRS scheduling at the default limit of 20 new cards a
day, and with plain FSRS at the new-card limit that sees every card in time. Printed for each:
the predicted recall on the exam morning (mean FSRS retrievability, an unseen card counting 0),
the cards never seen, the day the last card was first seen, and the busiest day's answers
beside the average day's.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import timedelta
from math import ceil
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pmcards.schedule.exam import INTRODUCE_BEFORE
from tests.simulation import START, simulate

BUILT_IN_CARDS = 556


def main() -> None:
    print(f"{'days':>4}  {'schedule':<28} {'recall':>6} {'unseen':>6} {'last new':>8} {'peak/avg':>14}")
    for days in (14, 30, 60):
        pace = ceil(BUILT_IN_CARDS / (days - INTRODUCE_BEFORE + 1))
        for label, exam, settings in (
            ("exam plan", True, {}),
            ("plain FSRS, 20 new a day", False, {}),
            (f"plain FSRS, {pace} new a day", False, {"new_per_day": pace}),
        ):
            with tempfile.TemporaryDirectory() as folder:
                outcome = simulate(Path(folder) / "study.db", days, exam=exam, settings=settings)
            loads = [outcome.answers[(START + timedelta(days=day)).date()] for day in range(days)]
            average = sum(loads) / days
            last = (max(outcome.first_seen.values()) - START.date()).days + 1
            print(
                f"{days:>4}  {label:<28} {outcome.recall_on_the_day:>6.3f} "
                f"{outcome.cards - len(outcome.first_seen):>6} {'day ' + str(last):>8} "
                f"{max(loads):>4}/{average:5.1f}={max(loads) / average:.2f}x"
            )


if __name__ == "__main__":
    main()
