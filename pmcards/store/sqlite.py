"""SQLite, the embedded default: one file (or memory), WAL mode, and the SQL only SQLite speaks.

The file says it is pmcards' by its `application_id` and records its schema version in
`user_version`. Nothing is changed in a file before it is known to be pmcards' (or empty), and a
file this process did not finish creating is never deleted: another process may be creating it.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, insert, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError
from sqlalchemy.pool import StaticPool

from pmcards.errors import SchemaError, StoreError
from pmcards.files import unusable_name
from pmcards.schedule.day import learner_date
from pmcards.schedule.settings import DEFAULTS, decode_stored
from pmcards.store import day_counts, schema

APPLICATION_ID = 0x706D6364  # "pmcd"
BUSY_TIMEOUT_MS = 5000
"""How long a write waits for another process's write to finish before it fails."""

MEMORY_SPECS = (":memory:", "sqlite://", "sqlite:///:memory:")


def file_of(spec: str) -> Path | None:
    """The file an SQLite spec (a path or an `sqlite:///` URL) names; None for an in-memory database."""
    if spec in MEMORY_SPECS:
        return None
    if not spec.strip():
        raise StoreError("no database given: name a file, an sqlite:/// URL or a postgresql:// URL")
    if "://" not in spec:
        return Path(spec).expanduser()
    try:
        url = make_url(spec)
    except ArgumentError as error:
        raise StoreError(f"invalid database URL {spec!r}: {error}") from None
    if not url.database or url.database == ":memory:":
        return None
    return Path(url.database).expanduser()


def learner_file(path: Path, learner: str) -> Path:
    """The file of a learner's collection: beside `path`, named for the learner (`pmcards-ana.db`)."""
    return path.with_name(f"{path.stem}-{learner}{path.suffix}")


class SQLiteBackend:
    """A pmcards database in an SQLite file (or in memory, for tests and scratch work)."""

    def __init__(self, path: Path | None, *, create_folder: bool = False) -> None:
        self.path = path
        self.where = str(path) if path is not None else "the in-memory database"
        if path is not None:
            _check_file(path, create_folder=create_folder)

    def connect(self) -> Engine:
        if self.path is None:
            engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
        else:
            url = URL.create("sqlite", database=str(self.path))
            engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000})

        @event.listens_for(engine, "connect")
        def on_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # transactions are begun by `begin`, below
            dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            dbapi_connection.execute("PRAGMA foreign_keys = ON")

        @event.listens_for(engine, "begin")
        def on_begin(connection: Connection) -> None:
            _driver(connection).execute("BEGIN IMMEDIATE" if connection.info.get("write") else "BEGIN")

        return engine

    def begin(self, connection: Connection, *, write: bool) -> None:
        connection.info["write"] = write
        connection.begin()

    def stored_version(self, connection: Connection) -> int | None:
        try:
            application_id = _pragma(connection, "application_id")
        except DatabaseError as error:
            if "not a database" in str(error.orig):
                raise StoreError(f"{self.where} is not an SQLite database") from None
            raise
        version = _pragma(connection, "user_version")
        has_tables = bool(connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one())
        if application_id != APPLICATION_ID:
            if has_tables or version:
                raise SchemaError(f"{self.where} is an SQLite database but not a pmcards database")
            return None
        return version if has_tables else None

    def prepare(self, connection: Connection) -> None:
        if self.path is not None:
            _again_while_locked(connection, "PRAGMA journal_mode = WAL")
            _driver(connection).execute("PRAGMA synchronous = NORMAL")

    def create_schema(self, connection: Connection) -> None:
        """Nothing to make: the tables go in the file."""

    def record_version(self, connection: Connection, version: int) -> None:
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.exec_driver_sql(f"PRAGMA user_version = {int(version)}")

    def upgrade(self, connection: Connection, version: int) -> None:
        for start in range(version, schema.SCHEMA_VERSION):
            if start not in MIGRATIONS:
                raise SchemaError(f"{self.where} has schema version {version}, which this pmcards cannot upgrade")
            MIGRATIONS[start](connection)

    def data_version(self, connection: Connection) -> int | None:
        return int(_driver(connection).execute("PRAGMA data_version").fetchone()[0])

    def ended(self, *, committed: bool) -> None:
        """Nothing to do: SQLite counts other connections' commits itself."""

    def refresh_statistics(self, connection: Connection) -> None:
        """Nothing to do: SQLite plans pmcards' queries from their indexes alone."""

    def integrity_problems(self, connection: Connection) -> list[str]:
        found = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA integrity_check")]
        problems = [] if found == ["ok"] else found
        for table, row, parent, _ in connection.exec_driver_sql("PRAGMA foreign_key_check"):
            problems.append(f"row {row} of {table} refers to a row of {parent} that does not exist")
        return problems

    fast_inserts = True


def _driver(connection: Connection) -> Any:
    """The sqlite3 connection under `connection`, for the pragmas that must run outside any
    transaction (SQLAlchemy begins one for every statement it runs)."""
    return connection.connection.driver_connection


def _again_while_locked(connection: Connection, statement: str) -> None:
    """Run `statement` (outside any transaction), again while another connection holds a lock it
    needs, up to the busy timeout. SQLite answers "database is locked" at once, without waiting,
    where waiting could deadlock: as when several processes open a new database together and
    each switches it to WAL mode while another creates its tables."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            _driver(connection).execute(statement)
            return
        except connection.dialect.loaded_dbapi.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.001, 0.02))


def _pragma(connection: Connection, name: str) -> int:
    return int(connection.exec_driver_sql(f"PRAGMA {name}").scalar_one())


def _check_file(path: Path, *, create_folder: bool) -> None:
    """Refuse, with a message naming it, a database file that cannot be opened or created."""
    unusable = unusable_name(path)
    if unusable is not None:
        raise StoreError(f"cannot open database {str(path)!r}: {unusable}")
    if create_folder:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the folder for database {path}: {error.strerror}") from None
    try:
        _check_place(path)
    except OSError as error:  # a name too long, say
        raise StoreError(f"cannot open database {path}: {error.strerror or error}") from None


def _check_place(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"cannot open database {path}: it is a folder")
    if not path.parent.is_dir():
        raise StoreError(f"cannot open database {path}: folder {path.parent} does not exist")
    if not path.exists() and not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(f"cannot create database {path}: folder {path.parent} is not writable")
    if path.exists() and not os.access(path, os.R_OK):
        raise StoreError(f"cannot read database {path}: permission denied")


# -- upgrades ---------------------------------------------------------------------------------------

_V1_TIME = "(CAST(strftime('%s', substr({0}, 1, 19)) AS INTEGER) * 1000000 + CAST(substr({0}, 21, 6) AS INTEGER))"
"""Schema 1 stored times as text, "2026-11-21 12:00:00.000000" (naive UTC); this turns one into microseconds."""


def _upgrade_from_1(connection: Connection) -> None:
    """Schema 1 to 2: times as microseconds, the schedule before each answer as columns (it was
    JSON), a card's line in its file, a deck file's fingerprint, and today's answer counts."""
    connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    for name in ("review_logs", "cards", "decks", "settings"):
        connection.exec_driver_sql(f"ALTER TABLE {name} RENAME TO v1_{name}")
    for index in ("ix_cards_due_queue", "ix_cards_new_queue", "ix_cards_deck_counts", "ix_cards_card_id"):
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {index}")
    for index in ("ix_review_logs_card_pk", "ix_review_logs_reviewed_at", "ix_cards_deck_id"):
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {index}")
    schema.create_tables(connection)
    connection.exec_driver_sql(
        "INSERT INTO decks (id, title, description, source, url, tags_json, path, fingerprint, cards, position, "
        "retired) SELECT id, title, description, source, url, tags_json, path, '', "
        "(SELECT count(*) FROM v1_cards WHERE deck_id = v1_decks.id AND retired = 0), position, retired FROM v1_decks"
    )
    connection.exec_driver_sql(
        "INSERT INTO settings (scope, key, value_json) SELECT scope, key, value_json FROM v1_settings"
    )
    times = {name: _V1_TIME.format(name) for name in ("due", "last_review", "buried_until")}
    connection.exec_driver_sql(
        "INSERT INTO cards (pk, card_id, ord, deck_id, position, line, kind, sides_json, tags_json, section, source, "
        "retired, state, step, stability, difficulty, due, last_review, reps, lapses, leech, suspended, buried_until) "
        "SELECT pk, card_id, ord, deck_id, position, 0, kind, sides_json, tags_json, section, source, retired, state, "
        f"step, stability, difficulty, {times['due']}, {times['last_review']}, reps, lapses, leech, suspended, "
        f"{times['buried_until']} FROM v1_cards"
    )
    rows = connection.exec_driver_sql(
        f"SELECT id, card_pk, rating, {_V1_TIME.format('reviewed_at')}, duration_ms, state, step, stability, "
        f"difficulty, {_V1_TIME.format('due')}, before_json FROM v1_review_logs ORDER BY id"
    )
    columns = [
        "id",
        "card_pk",
        "rating",
        "reviewed_at",
        "duration_ms",
        "state",
        "step",
        "stability",
        "difficulty",
        "due",
    ]
    convert = schema.Instant().process_result_value
    for batch in rows.partitions(5000):
        values = []
        for row in batch:
            value = dict(zip(columns, row[:-1], strict=True))
            for name in ("reviewed_at", "due"):
                value[name] = convert(value[name], connection.dialect)
            value.update(_v1_before(json.loads(row[-1])))
            values.append(value)
        connection.execute(insert(schema.review_logs), values)
    for name in ("review_logs", "cards", "decks", "settings"):
        connection.exec_driver_sql(f"DROP TABLE v1_{name}")
    day_counts.rebuild(connection, _learner_day(connection))


def _learner_day(connection: Connection) -> Callable[[datetime], date]:
    """The learner's day of a moment, under the learner's stored settings (rollover hour, time zone)."""
    stored = {
        key: decode_stored("", key, value_json)
        for key, value_json in connection.execute(
            select(schema.settings.c.key, schema.settings.c.value_json).where(schema.settings.c.scope == "")
        )
        if key in ("rollover_hour", "timezone")
    }
    learner = DEFAULTS.with_values(stored)
    return lambda moment: learner_date(moment, learner.rollover_hour, learner.zone)


def _v1_before(before: dict[str, Any]) -> dict[str, Any]:
    """Schema 1's JSON of the schedule before an answer, as schema 2's `before_` columns."""
    parse: dict[str, Callable[[Any], Any]] = dict.fromkeys(
        ("due", "last_review", "buried_until"), lambda value: None if value is None else datetime.fromisoformat(value)
    )
    return {f"before_{name}": parse.get(name, lambda value: value)(value) for name, value in before.items()}


MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _upgrade_from_1}
"""Upgrade steps by the version they start from: `MIGRATIONS[n]` turns schema n into n + 1."""
