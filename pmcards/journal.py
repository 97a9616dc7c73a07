"""The review journal: appending an answer (card update plus log row) and taking the last one back.

These are the hot paths of a review, so they run as plain SQL on the collection's own SQLite
connection, each in one transaction. The tables are the ones `models` defines.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from pmcards.errors import StoreError
from pmcards.models import TIME_FIELDS, row_reader, to_db_time
from pmcards.scheduling import SCHEDULE_FIELDS, Answered, Schedule

_read_schedule = row_reader(SCHEDULE_FIELDS)
_SELECT_SCHEDULE = f"SELECT deck_id, retired, {', '.join(SCHEDULE_FIELDS)} FROM cards WHERE pk = ?"
_UPDATE_SCHEDULE = f"UPDATE cards SET {', '.join(f'{name} = ?' for name in SCHEDULE_FIELDS)} WHERE pk = ?"
_INSERT_LOG = (
    "INSERT INTO review_logs (card_pk, rating, previous_state, reviewed_at, duration_ms, state, step, "
    "stability, difficulty, due, before_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: committed if the block succeeds, rolled back if it raises.

    SQLite's own errors (a database locked by another writer past the busy timeout, a full disk)
    become `StoreError`; nothing of the transaction is kept then.
    """
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        raise StoreError(f"cannot write to the database: {error}") from None
    try:
        yield db
        db.execute("COMMIT")
    except BaseException as error:
        if db.in_transaction:
            db.execute("ROLLBACK")
        if isinstance(error, sqlite3.Error):
            raise StoreError(f"cannot write to the database: {error}") from None
        raise


def _db_values(schedule: Schedule) -> list[object]:
    return [to_db_time(value) if name in TIME_FIELDS else value for name, value in schedule.items()]


def read_schedule(db: sqlite3.Connection, pk: int) -> tuple[str, bool, Schedule] | None:
    """A card's deck, whether it is retired, and its schedule; None if there is no such card."""
    row = db.execute(_SELECT_SCHEDULE, (pk,)).fetchone()
    if row is None:
        return None
    return row[0], bool(row[1]), Schedule(*_read_schedule(row[2:]))


def append_answer(db: sqlite3.Connection, pk: int, answered: Answered, now: datetime, duration_ms: int | None) -> int:
    """Store the card's new schedule and its log row (call inside `transaction`); return the log id."""
    after = answered.after
    db.execute(_UPDATE_SCHEDULE, [*_db_values(after), pk])
    cursor = db.execute(
        _INSERT_LOG,
        (
            pk,
            int(answered.rating),
            answered.before.state,
            to_db_time(now),
            duration_ms,
            after.state,
            after.step,
            after.stability,
            after.difficulty,
            to_db_time(after.due),
            answered.before.to_json(),
        ),
    )
    return int(cursor.lastrowid or 0)


def take_back_last(db: sqlite3.Connection) -> int | None:
    """Undo the newest answer (call inside `transaction`): restore its card, delete its log row.

    Returns the card's pk, or None when the log is empty.
    """
    row = db.execute("SELECT id, card_pk, before_json FROM review_logs ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    log_id, pk, before_json = row
    db.execute(_UPDATE_SCHEDULE, [*_db_values(Schedule.from_json(before_json)), pk])
    db.execute("DELETE FROM review_logs WHERE id = ?", (log_id,))
    return int(pk)
