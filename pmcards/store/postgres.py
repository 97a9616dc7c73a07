"""PostgreSQL, for a cohort or several machines: one server, one schema per learner.

A learner's collection is a schema of the database the URL names (the learner given, or named
in the URL as `?learner=NAME`; `DEFAULT_LEARNER` when none is), created on first use; its
comment, "pmcards schema N", says it is pmcards' and which version. Connections reach only
their learner's schema (the session's `search_path`).

Writes to one collection run one at a time, as SQLite's do: a write transaction first takes the
learner's advisory lock, waiting for it up to `LOCK_TIMEOUT_MS`, then reads and writes at READ
COMMITTED, so it sees every write committed before it. A read transaction is a REPEATABLE READ
snapshot and never waits. Each write transaction also counts itself in the collection's
`pmcards_changes` row, which each transaction reads as it begins (in the same round trip), so a
connection knows when another one has changed the collection since it last looked, as SQLite's
`PRAGMA data_version` tells it (`data_version`).

Commits are not waited for on disk (`synchronous_commit` off): a crash of the server may lose the
last moments' answers but never corrupts the collection, the same durability as SQLite's WAL mode
with `synchronous = NORMAL`.

The driver is psycopg 3, an optional extra: `pip install 'pmcards[postgres]'`.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import StaticPool

from pmcards.errors import SchemaError, StoreError
from pmcards.store.learner import learner_in_url
from pmcards.store.schema import TABLES

DEFAULT_LEARNER = "pmcards"
"""The schema of the collection when no learner is named."""
LOCK_TIMEOUT_MS = 5000
"""How long a write waits for another process's write to the same collection before it fails."""
CONNECT_TIMEOUT_S = 10

_LOCK_SPACE = 0x706D6364  # "pmcd": the first key of pmcards' advisory locks
_VERSION_COMMENT = re.compile(r"pmcards schema (\d+)")
_SCHEMES = ("postgresql", "postgres")
_CHANGES = "pmcards_changes"
_COUNT_WRITE = f"UPDATE {_CHANGES} SET writes = writes + 1 RETURNING writes"
_READ_COUNT = f"SELECT writes FROM {_CHANGES}"


def is_postgres(scheme: str) -> bool:
    """Whether a URL scheme (without its driver part) names PostgreSQL."""
    return scheme in _SCHEMES


class PostgresBackend:
    """A learner's pmcards collection in a PostgreSQL database."""

    def __init__(self, spec: str, learner: str | None = None) -> None:
        try:
            url = make_url(spec)
        except ArgumentError as error:
            raise StoreError(f"invalid database URL {spec!r}: {error}") from None
        url, learner = learner_in_url(url, learner)
        self.schema = learner or DEFAULT_LEARNER
        self.where = f"{url.render_as_string(hide_password=True)} (learner {self.schema})"
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise StoreError("PostgreSQL needs its driver: pip install 'pmcards[postgres]'") from None
        self._url: URL = url.set(drivername="postgresql+psycopg")
        lock = f"SELECT pg_advisory_xact_lock({_LOCK_SPACE}, {zlib.crc32(self.schema.encode()) - 2**31})"
        self._begin_write = f"BEGIN ISOLATION LEVEL READ COMMITTED; {lock}"
        self._begin_read = "BEGIN ISOLATION LEVEL REPEATABLE READ"
        self._counting = False
        """Whether the collection has its `pmcards_changes` row (from its creation on)."""
        self._version: int | None = None
        """The number of write transactions to the collection, as the current transaction began."""
        self._own = 0
        """How many of them were this connection's (committed)."""
        self._writing = False
        """Whether the current transaction is a write, whose count is not this connection's until it commits."""

    def connect(self) -> Engine:
        options = f"-c search_path={self.schema} -c lock_timeout={LOCK_TIMEOUT_MS} -c synchronous_commit=off"
        return create_engine(
            self._url,
            poolclass=StaticPool,
            isolation_level="AUTOCOMMIT",  # transactions are begun by `begin`, below, with what they need first
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "options": options, "application_name": "pmcards"},
        )

    def begin(self, connection: Connection, *, write: bool) -> None:
        connection.begin()
        statement = self._begin_write if write else self._begin_read
        if not self._counting:
            _driver(connection).execute(statement)
            return
        count = _COUNT_WRITE if write else _READ_COUNT
        cursor = _driver(connection).execute(f"{statement}; {count}")
        while cursor.nextset():  # to the result of the last statement
            pass
        self._version = cursor.fetchone()[0]
        self._writing = write

    def stored_version(self, connection: Connection) -> int | None:
        found = connection.execute(
            text(
                "SELECT obj_description(n.oid, 'pg_namespace'), (SELECT count(*) FROM pg_class c "
                "WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'v', 'm', 'p', 'f')) "
                "FROM pg_namespace n WHERE n.nspname = :schema"
            ),
            {"schema": self.schema},
        ).first()
        if found is None:
            return None
        comment, tables = found
        marked = _VERSION_COMMENT.fullmatch(comment or "")
        if marked is None:
            if tables:
                raise SchemaError(f"{self.where}: schema {self.schema!r} holds another program's tables, not pmcards'")
            return None
        return int(marked.group(1)) if tables else None

    def prepare(self, connection: Connection) -> None:
        found = connection.exec_driver_sql(f"SELECT to_regclass('\"{self.schema}\".{_CHANGES}')").scalar_one()
        connection.commit()
        self._counting = found is not None

    def create_schema(self, connection: Connection) -> None:
        connection.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
        connection.exec_driver_sql(f"CREATE TABLE {_CHANGES} (writes bigint NOT NULL)")
        connection.exec_driver_sql(f"INSERT INTO {_CHANGES} VALUES (0)")
        self._counting = True

    def record_version(self, connection: Connection, version: int) -> None:
        connection.exec_driver_sql(f"COMMENT ON SCHEMA \"{self.schema}\" IS 'pmcards schema {int(version)}'")

    def upgrade(self, connection: Connection, version: int) -> None:
        raise SchemaError(f"{self.where} has schema version {version}, which this pmcards cannot upgrade")

    def integrity_problems(self, connection: Connection) -> list[str]:
        """Every page of pmcards' tables read once (a damaged one stops the read with the server's
        message); the server itself enforces the foreign keys."""
        problems = []
        for table in TABLES:
            try:
                with connection.begin_nested():
                    connection.exec_driver_sql(f"SELECT count(*) FROM {table.name}").scalar_one()
            except DBAPIError as error:
                problems.append(f"table {table.name}: {' '.join(str(error.orig).split())}")
        return problems

    def refresh_statistics(self, connection: Connection) -> None:
        connection.exec_driver_sql("ANALYZE cards")

    def data_version(self, connection: Connection) -> int | None:
        """The write transactions of other connections, as the current transaction began (a write
        counts itself as it begins)."""
        return None if self._version is None else self._version - self._own - self._writing

    def ended(self, *, committed: bool) -> None:
        """A write that committed is one of this connection's; one rolled back left no count."""
        self._own += committed and self._writing
        self._writing = False

    fast_inserts = False


def _driver(connection: Connection) -> Any:
    """The psycopg connection under `connection` (to send several statements in one round trip)."""
    return connection.connection.driver_connection
