"""Opening the SQLite database: where it lives, connection settings, and the schema version.

The schema version is SQLite's `user_version`; `application_id` marks the file as pmcards'.
A database from a newer pmcards is refused; an older one is upgraded in place, in one transaction,
by the functions in `MIGRATIONS` (each takes the schema from version N to N + 1).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import StaticPool
from sqlmodel import SQLModel

from pmcards import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from pmcards.errors import SchemaError, StoreError
from pmcards.paths import DB_ENV, user_db

SCHEMA_VERSION = 1
APPLICATION_ID = 0x706D6364  # "pmcd"
BUSY_TIMEOUT_MS = 5000

Migration = Callable[[Connection], None]
MIGRATIONS: dict[int, Migration] = {}
"""Upgrade steps by the version they start from: `MIGRATIONS[n]` turns schema n into n + 1."""


def _resolve(db: str | os.PathLike[str] | None) -> tuple[str | URL, Path | None]:
    """The SQLAlchemy URL for `db` (a path, an `sqlite://` URL or ":memory:") and its file, if any."""
    spec = os.fspath(db) if db is not None else os.environ.get(DB_ENV) or str(user_db())
    if spec in (":memory:", "sqlite://", "sqlite:///:memory:"):
        return "sqlite://", None
    if "://" in spec:
        try:
            url = make_url(spec)
        except ArgumentError as error:
            raise StoreError(f"invalid database URL {spec!r}: {error}") from None
        if url.get_backend_name() != "sqlite":
            raise StoreError(f"unsupported database {spec!r}: pmcards stores its data in SQLite")
        if not url.database or url.database == ":memory:":
            return "sqlite://", None
        path = Path(url.database).expanduser()
    else:
        path = Path(spec).expanduser()
    if spec == str(user_db()):  # the default location: create its folder; a named one must exist
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the folder for database {path}: {error.strerror}") from None
    if path.is_dir():
        raise StoreError(f"cannot open database {path}: it is a folder")
    if not path.parent.is_dir():
        raise StoreError(f"cannot open database {path}: folder {path.parent} does not exist")
    if not path.exists() and not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(f"cannot create database {path}: folder {path.parent} is not writable")
    if path.exists() and not os.access(path, os.R_OK):
        raise StoreError(f"cannot read database {path}: permission denied")
    return URL.create("sqlite", database=str(path)), path


def _configure(engine: Engine, *, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun explicitly, below
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if wal:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")


def _pragma(connection: Connection, name: str) -> int:
    return int(connection.exec_driver_sql(f"PRAGMA {name}").scalar_one())


def _prepare_schema(connection: Connection, where: str) -> None:
    version = _pragma(connection, "user_version")
    application_id = _pragma(connection, "application_id")
    has_tables = bool(
        connection.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'table'").scalar_one()
    )
    if has_tables and application_id != APPLICATION_ID:
        raise SchemaError(f"{where} is an SQLite database but not a pmcards database")
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"{where} was made by a newer pmcards (schema version {version}; this pmcards reads "
            f"up to {SCHEMA_VERSION}): upgrade pmcards to open it"
        )
    if not has_tables:
        SQLModel.metadata.create_all(connection)
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    else:
        for start in range(version, SCHEMA_VERSION):
            if start not in MIGRATIONS:
                raise SchemaError(f"{where} has schema version {version}, which this pmcards cannot upgrade")
            MIGRATIONS[start](connection)
    if version != SCHEMA_VERSION or not has_tables:
        connection.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")


def open_engine(db: str | os.PathLike[str] | None = None) -> Engine:
    """Open (creating or upgrading as needed) the pmcards database `db`; None means the default.

    Raises `StoreError` naming the path when it cannot be opened, and `SchemaError` when it is not
    a pmcards database or was made by a newer pmcards. A failed upgrade changes nothing.
    """
    url, path = _resolve(db)
    where = str(path) if path is not None else "the in-memory database"
    existed = path is not None and path.exists()
    options: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if path is None:
        options["poolclass"] = StaticPool
    engine = create_engine(url, **options)
    _configure(engine, wal=path is not None)
    try:
        with engine.begin() as connection:
            _prepare_schema(connection, where)
    except SchemaError:
        engine.dispose()
        raise
    except DBAPIError as error:
        engine.dispose()
        if path is not None and not existed:
            path.unlink(missing_ok=True)
        reason = str(error.orig) if error.orig is not None else str(error)
        if "not a database" in reason:
            raise StoreError(f"{where} is not an SQLite database") from None
        raise StoreError(f"cannot open database {where}: {reason}") from None
    return engine
