"""What the scenarios share: where a database comes from, the figures each one reports, the
audit of a database after the worst, and the journals worker processes keep."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url
from typer.testing import CliRunner

import pmcards
from pmcards.cli import app
from pmcards.collection import Collection

ROOT = Path(__file__).resolve().parents[2]
"""The repository, from where `python -m tests.torture.worker` runs."""


SERVER: list[str] = []
"""The PostgreSQL server to torture instead of SQLite files (its URL), when the runner is given one."""
LEARNERS: list[str] = []
"""The learners (schemas) made on that server, to drop at the end."""


def fresh_database(folder: Path) -> str:
    """The spec of a pmcards database that does not exist yet, for one scenario run in `folder`:
    an SQLite file not yet created, or on the PostgreSQL server a learner not yet created (named
    in the URL, so every process and `pmcards --db` reach it), so that the first processes to open
    it race to create it."""
    if not SERVER:
        return str(folder / "torture.db")
    learner = f"torture_{uuid.uuid4().hex[:12]}"
    LEARNERS.append(learner)
    return make_url(SERVER[0]).update_query_dict({"learner": learner}).render_as_string(hide_password=False)


def drop_learners() -> None:
    """Drop the learners made on the PostgreSQL server."""
    import psycopg

    with psycopg.connect(SERVER[0], autocommit=True) as server:
        for learner in LEARNERS:
            server.execute(f"DROP SCHEMA IF EXISTS {learner} CASCADE")


@dataclass
class Figures:
    """One scenario's counts: tries (kills, operations, steps or examples), failures (a try that
    went wrong in any way), answers lost (committed, then missing), corrupt databases (the
    database's own integrity check failed) and tracebacks (an exception other than pmcards' own)."""

    scenario: str
    tries: int = 0
    failures: int = 0
    answers_lost: int = 0
    corrupt: int = 0
    tracebacks: int = 0
    details: Counter[str] = field(default_factory=Counter)
    """What was done, by kind (answers, kills during sync...), for the notes under the table."""
    problems: list[str] = field(default_factory=list)
    """The first few things that went wrong, to show."""

    def problem(self, text: str) -> None:
        if len(self.problems) < 8:
            self.problems.append(text)

    @property
    def clean(self) -> bool:
        return not (self.failures or self.answers_lost or self.corrupt or self.tracebacks)


def short_traceback(error: BaseException) -> str:
    """An exception as its last frames and message, for the notes."""
    lines = traceback.format_exception(error)
    return "".join(lines[-3:]).strip()


def run_cli(*args: str) -> tuple[int, str, BaseException | None]:
    """Run the `pmcards` command (in this process): its exit code, what it printed, and the
    exception that escaped it (None when it ended with an exit code, as the command does)."""
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "120"})
    escaped = result.exception if result.exception and not isinstance(result.exception, SystemExit) else None
    return result.exit_code, result.output, escaped


def answers_since_reset(col: Collection) -> Counter[int]:
    """For each card, its answers since it was last reset to new (as `reps` must count them)."""
    counted: Counter[int] = Counter()
    for log in col.review_logs():
        if log.rating == 0:
            counted[log.card_pk] = 0
        else:
            counted[log.card_pk] += 1
    return counted


def audit(spec: str, figures: Figures, *, journals: Iterable[Path] = ()) -> None:
    """Check a database after the worst: its own integrity check, every card against the replay
    of its log and its reps against its answers, the answers the journals say were committed,
    and `pmcards check`. Counts what is wrong in `figures` (a corrupt database, or one failure)."""
    clean = True
    with pmcards.open(spec) as col:
        damage = col.integrity_problems()
        if damage:
            figures.corrupt += 1
            figures.problem(f"integrity: {damage[:3]}")
            return
        mismatches = col.check()
        if mismatches:
            clean = False
            figures.problem(f"check: {[(m.card.card_id, m.card.ord, m.differences) for m in mismatches[:2]]}")
        counted = answers_since_reset(col)
        wrong = [card.pk for card in col.cards(include_retired=True) if card.reps != counted[card.pk]]
        if wrong:
            clean = False
            figures.problem(f"reps differ from the log's answers for cards {wrong[:5]}")
        stored = {log.id for log in col.review_logs()}
    lost = committed_answers(journals) - stored
    if lost:
        figures.answers_lost += len(lost)
        figures.problem(f"answers committed and missing: {sorted(lost)[:5]}")
        clean = False
    code, output, escaped = run_cli("--db", spec, "check")
    if escaped is not None:
        figures.tracebacks += 1
        figures.problem(short_traceback(escaped))
        clean = False
    elif code != 0:
        figures.problem(f"pmcards check: {output.strip()[:300]}")
        clean = False
    if not clean:
        figures.failures += 1


class Journal:
    """A worker's record of what it did, one JSON object a line, written before and after each
    operation and flushed at once, so that it survives the worker being killed."""

    def __init__(self, path: Path) -> None:
        self.file = path.open("a", encoding="utf-8", buffering=1)

    def write(self, **entry: object) -> None:
        self.file.write(json.dumps(entry) + "\n")

    def close(self) -> None:
        self.file.close()


def read_journal(path: Path) -> list[dict[str, object]]:
    """The entries of a journal (a last line cut short by a kill is left out)."""
    entries = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return entries


def committed_answers(journals: Iterable[Path]) -> set[int]:
    """The review-log ids of the answers the journals say were committed and not taken back (an
    undo cut short by a kill may or may not have happened: its answer is left out)."""
    answered: set[int] = set()
    for path in journals:
        for entry in read_journal(path):
            if "answered" in entry:
                answered.add(int(entry["answered"]))  # type: ignore[call-overload]
            elif "undoing" in entry:
                answered.discard(int(entry["undoing"]))  # type: ignore[call-overload]
            elif "kept" in entry:
                answered.add(int(entry["kept"]))  # type: ignore[call-overload]
    return answered


def spawn_worker(
    spec: str,
    decks: Path,
    journal: Path,
    *,
    seed: int,
    ops: str,
    seconds: float | None = None,
    go: Path | None = None,
    first_sync: bool = False,
) -> subprocess.Popen[bytes]:
    """Start a worker process (`tests.torture.worker`); its error output goes beside its journal."""
    command = [sys.executable, "-m", "tests.torture.worker", spec, str(decks), str(journal)]
    command += ["--seed", str(seed), "--ops", ops]
    command += ["--seconds", str(seconds)] if seconds is not None else []
    command += ["--go", str(go)] if go is not None else []
    command += ["--first-sync"] if first_sync else []
    with journal.with_suffix(".stderr").open("wb") as errors:
        return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors)


def wait_for(journals: Iterable[Path], key: str, timeout: float = 60.0) -> None:
    """Wait until every journal has an entry with `key` (say, every worker is ready)."""
    deadline = time.monotonic() + timeout
    pending = list(journals)
    while pending:
        pending = [path for path in pending if not any(key in entry for entry in read_journal(path))]
        if pending and time.monotonic() > deadline:
            raise TimeoutError(f"no {key!r} in {pending[0]} after {timeout:.0f}s")
        time.sleep(0.02)


def tally(journal: Path, figures: Figures) -> str | None:
    """Count a worker's operations into `figures` (each one a try; a failure or a traceback is
    counted and noted, and so is a traceback in its error output); return the operation it was
    in the middle of, if any (the one a kill interrupted)."""
    doing: str | None = None
    for entry in read_journal(journal):
        if "doing" in entry:
            doing = str(entry["doing"])
        for outcome in ("done", "expected", "failed", "traceback"):
            if outcome in entry:
                figures.tries += 1
                figures.details[f"{entry[outcome]}"] += 1
                doing = None
        if "failed" in entry:
            figures.failures += 1
            figures.problem(f"{entry['failed']}: {entry.get('error')}")
        if "traceback" in entry:
            figures.tracebacks += 1
            figures.problem(f"{entry['traceback']}: {entry.get('error')}")
    errors = journal.with_suffix(".stderr")
    if errors.exists() and "Traceback" in (text := errors.read_text(errors="replace")):
        figures.tracebacks += 1
        figures.problem(text.strip()[-500:])
    return doing
