"""A pmcards database: one connection, transactions on it, and every database error as `StoreError`.

`open_database(spec)` picks the backend for the spec (a path or `sqlite:` URL for SQLite, a
`postgresql:` URL for PostgreSQL), opens one connection, and creates or upgrades the schema.
Reads and writes both go through SQLAlchemy Core statements on that connection: `read()` gives a
consistent snapshot, `write()` takes the write lock up front (so a busy database is waited for,
up to the backend's timeout), and either commits everything or, on any error, nothing.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, fields, is_dataclass
from functools import cached_property, lru_cache
from types import MemberDescriptorType
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection, Engine, Executable, Insert, Result, Table, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from typing_extensions import Unpack

from pmcards.bulk import no_garbage_collection
from pmcards.errors import SchemaError, StoreError
from pmcards.store import schema

MAX_LIST = 900
"""The longest list of values one `IN (...)` is given: below the oldest SQLite's limit of 999
parameters to a statement, so longer lists go in pieces."""

T = TypeVar("T")

Parameters = Mapping[str, Any] | list[dict[str, Any]] | None
"""A statement's parameters: one set, a list of sets (to run it once per set), or none."""


class Backend(Protocol):
    """What a database engine needs to supply: adding a database is one module that implements it."""

    where: str
    """The database as messages name it (a file path, or a URL without its password)."""

    def connect(self) -> Engine:
        """An engine whose connections are set up for pmcards (time-outs, foreign keys)."""

    def begin(self, connection: Connection, *, write: bool) -> None:
        """Start a transaction; a write transaction takes the write lock (waiting for it) at once."""

    def stored_version(self, connection: Connection) -> int | None:
        """The schema version the database records; None for an empty database. Raises
        `SchemaError` for a database that is not pmcards'. Changes nothing."""

    def prepare(self, connection: Connection) -> None:
        """Make the connection ready for use once the database is known to be pmcards' (or empty)."""

    def create_schema(self, connection: Connection) -> None:
        """Make the place the tables go, if the backend has one to make (inside the write
        transaction that creates them)."""

    def record_version(self, connection: Connection, version: int) -> None:
        """Record the schema version (inside the write transaction that created or upgraded it)."""

    def upgrade(self, connection: Connection, version: int) -> None:
        """Upgrade the schema from `version` to `schema.SCHEMA_VERSION` (inside the write transaction)."""

    def data_version(self, connection: Connection) -> int | None:
        """A number that changes whenever another connection commits; None when the backend cannot tell."""

    def ended(self, *, committed: bool) -> None:
        """Told that the transaction `begin` started has ended: committed, or rolled back."""

    def refresh_statistics(self, connection: Connection) -> None:
        """Bring the query planner's statistics up to date after a bulk change (inside its write transaction)."""

    def integrity_problems(self, connection: Connection) -> list[str]:
        """What the database's own consistency check finds wrong (damaged pages or indexes, rows
        that refer to missing rows), one line each; [] when it is sound. Changes nothing."""

    @property
    def fast_inserts(self) -> bool:
        """Whether its driver gives the key of an inserted row as `lastrowid` (else `Database.run`
        asks the insert to return it)."""


@dataclass(frozen=True)
class Outcome:
    """What `Database.run` gives back: the rows (column names, then values), how many rows a
    write changed, and the key of the row an insert made."""

    names: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    count: int
    inserted: Any

    def records(self) -> list[dict[str, Any]]:
        """The rows by column name."""
        names = self.names
        return [dict(zip(names, row, strict=True)) for row in self.rows]

    def build(self, make: Callable[..., T], *, plain: bool = False) -> list[T]:
        """The rows as `make(column=value, ...)` each (a dataclass, say): the call is generated once
        per class and set of columns, with no dictionary per row in between.

        `plain` says that `make` is a dataclass with slots whose `__init__` does nothing but set
        its fields (it has no `__init__` or `__post_init__` of its own), and the rows give every
        field: its slots are then filled directly, without the cost of calling `__init__`, which
        sets each field of a frozen dataclass through `object.__setattr__`."""
        construct = _constructor(make, self.names, plain)
        with no_garbage_collection():
            return list(map(construct, self.rows))

    def first(self) -> dict[str, Any] | None:
        """The first row, by column name; None when there is none."""
        return dict(zip(self.names, self.rows[0], strict=True)) if self.rows else None


@lru_cache(maxsize=64)
def _constructor(make: Callable[..., T], names: tuple[str, ...], plain: bool) -> Callable[[Sequence[Any]], T]:
    """A generated `lambda row: make(name0=row[0], name1=row[1], ...)` (the names are pmcards' own
    column labels); for a `plain` dataclass (see `Outcome.build`), one that fills its slots."""
    if plain:
        _check_plain(make, names)
        setters = {f"set{index}": getattr(make, name).__set__ for index, name in enumerate(names)}
        calls = ", ".join(f"set{index}(made, row[{index}])" for index in range(len(names)))
        source, scope = f"lambda row: (made := new(make), {calls})[0]", {"new": object.__new__, **setters}
    else:
        arguments = ", ".join(f"{name}=row[{index}]" for index, name in enumerate(names))
        source, scope = f"lambda row: make({arguments})", {}
    return eval(source, {"make": make, **scope})  # type: ignore[no-any-return]  # our own code only


def _check_plain(make: Callable[..., Any], names: tuple[str, ...]) -> None:
    """Refuse a class said to be plain that is visibly not: not a dataclass, with a
    `__post_init__`, a field `__init__` does not take, or a field that is no slot or not in `names`."""
    if not (isinstance(make, type) and is_dataclass(make)) or hasattr(make, "__post_init__"):
        raise TypeError(f"{make!r} is not a plain dataclass")
    taken = {item.name for item in fields(make) if item.init}
    slots = {name for name in names if isinstance(inspect.getattr_static(make, name, None), MemberDescriptorType)}
    if not slots == set(names) == taken == {item.name for item in fields(make)}:
        raise TypeError(f"the columns {names} do not fill the slots of {make.__name__}")


@dataclass(frozen=True)
class _Prepared:
    """A statement compiled for one backend: its SQL, its parameters (in order, or by name) with
    their fixed values (limits, constants) and type conversions, and its result columns' conversions."""

    sql: str
    parameters: tuple[tuple[str, Any, Any], ...]
    positional: bool
    names: tuple[str, ...]
    converters: tuple[Any, ...]
    returns_key: bool
    """Whether the statement is an insert made to return the key of its row (for drivers that
    have no `lastrowid`)."""

    @classmethod
    def of(cls, statement: Executable, dialect: Dialect, *, return_key: bool) -> _Prepared | None:
        """The prepared form of `statement` (an insert returning its row's key, if `return_key`);
        None when it has list parameters, which are rendered anew for each execution."""
        returns_key = return_key and isinstance(statement, Insert) and not statement._returning
        if returns_key:
            statement = statement.returning(*statement.table.primary_key.columns)  # type: ignore[attr-defined]
        compiled = statement.compile(dialect=dialect)  # type: ignore[attr-defined]
        if "POSTCOMPILE" in compiled.string:
            return None
        fixed = {name: bind.effective_value for name, bind in compiled.binds.items() if not bind.required}
        order = compiled.positiontup if compiled.positional else list(compiled.binds)
        parameters = tuple(
            (name, fixed.get(name, _REQUIRED), compiled.binds[name].type._cached_bind_processor(dialect))
            for name in order
        )
        columns = compiled._result_columns
        converters = tuple(_result_converter(column[3], dialect) for column in columns)
        names = tuple(column[0] for column in columns)
        return cls(compiled.string, parameters, compiled.positional, names, converters, returns_key)

    @cached_property
    def values(self) -> Callable[[Mapping[str, Any]], tuple[Any, ...] | dict[str, Any]]:
        """One function turning the given parameters into the driver's, each through its type's
        conversion, fixed values filled in (a generated `lambda given: (given["a"], c1(given["b"]),
        given.get("limit", f2), ...)`: an answer passes some 50 values)."""
        scope: dict[str, Any] = {}
        values = []
        for index, (name, fixed, convert) in enumerate(self.parameters):
            value = f"given[{name!r}]"
            if fixed is not _REQUIRED:
                scope[f"f{index}"] = fixed
                value = f"given.get({name!r}, f{index})"
            if convert is not None:
                scope[f"c{index}"] = convert
                value = f"c{index}({value})"
            values.append(f"{name!r}: {value}" if not self.positional else value)
        body = f"({''.join(value + ', ' for value in values)})" if self.positional else f"{{{', '.join(values)}}}"
        return eval(f"lambda given: {body}", scope)  # type: ignore[no-any-return]  # our own code only

    def rows(self, fetched: list[Any]) -> list[tuple[Any, ...]]:
        if self.convert_row is None:
            return fetched
        return list(map(self.convert_row, fetched))

    @cached_property
    def convert_row(self) -> Callable[[Sequence[Any]], tuple[Any, ...]] | None:
        """One function converting a whole row that calls only the columns' own conversions (a
        generated `lambda row: (row[0], c1(row[1]), ...)`: reading 100,000 log rows converts a
        million values); None when no column needs any."""
        if not any(self.converters):
            return None
        converters = enumerate(self.converters)
        values = ", ".join(f"c{index}(row[{index}])" if convert else f"row[{index}]" for index, convert in converters)
        functions = {f"c{index}": convert for index, convert in enumerate(self.converters) if convert}
        return eval(f"lambda row: ({values},)", functions)  # type: ignore[no-any-return]  # our own code only


_REQUIRED = object()


def _result_converter(column_type: Any, dialect: Dialect) -> Any:
    """The conversion of a result column's values; None when the driver's values need none. (For
    PostgreSQL's numbers SQLAlchemy would pick it by the type code of each result, but psycopg
    already gives a float column's values as floats.)"""
    try:
        return column_type._cached_result_processor(dialect, None)
    except TypeError:
        return None


def _reason(error: Exception) -> str:
    """A database error as one line."""
    if isinstance(error, DBAPIError) and error.orig is not None:
        return " ".join(str(error.orig).split())
    return str(error).split("\n")[0]


class Database:
    """One open pmcards database: a backend and the one connection every query uses."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.where = backend.where
        try:
            self._engine = backend.connect()
            self._connection = self._engine.connect()
            self._errors: tuple[type[Exception], ...] = (SQLAlchemyError, self._engine.dialect.loaded_dbapi.Error)
            """What a database error can be: SQLAlchemy's, or the driver's own."""
            self._prepared: dict[Executable, _Prepared | None] = {}
        except SQLAlchemyError as error:
            raise StoreError(f"cannot open {self.where}: {_reason(error)}") from None
        self._depth = 0
        self._writing = False
        self._version: int | None = None
        """The data version read in the current transaction (it cannot change within one)."""

    @property
    def connection(self) -> Connection:
        """The one connection (for statements inside a transaction of `read` or `write`)."""
        return self._connection

    def close(self) -> None:
        """Close the connection (a write in progress is rolled back)."""
        self._connection.close()
        self._engine.dispose()

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[Connection]:
        if self._depth:  # inside another transaction: part of it
            if write and not self._writing:
                raise RuntimeError("a write cannot join a read transaction: it would not hold the write lock")
            self._depth += 1
            try:
                yield self._connection
            finally:
                self._depth -= 1
            return
        what = "write to" if write else "read"
        try:
            self.backend.begin(self._connection, write=write)
        except self._errors as error:
            self._connection.rollback()
            raise StoreError(f"cannot {what} {self.where}: {_reason(error)}") from None
        self._depth, self._writing, self._version = 1, write, None
        try:
            yield self._connection
            self._connection.commit()
            self.backend.ended(committed=True)
        except BaseException as error:
            self._connection.rollback()
            self.backend.ended(committed=False)
            if isinstance(error, self._errors):
                raise StoreError(f"cannot {what} {self.where}: {_reason(error)}") from None
            raise
        finally:
            self._depth, self._writing = 0, False

    def read(self) -> AbstractContextManager[Connection]:
        """A read transaction: every statement in it sees the same snapshot of the database."""
        return self._transaction(write=False)

    def write(self) -> AbstractContextManager[Connection]:
        """A write transaction: all of it is kept, or (on any error) none of it."""
        return self._transaction(write=True)

    def execute(self, statement: Executable, parameters: Parameters = None) -> Result[Unpack[tuple[Any, ...]]]:
        """Run one statement inside the current transaction (or in a read transaction of its own)."""
        self._refuse_write_outside_write(statement)
        if not self._depth:
            with self.read():
                return self.execute(statement, parameters).freeze()()
        try:
            return self._connection.execute(statement, parameters)
        except self._errors as error:
            raise StoreError(f"database error in {self.where}: {_reason(error)}") from None

    def run(self, statement: Executable, parameters: Mapping[str, Any]) -> Outcome:
        """Run one of pmcards' fixed statements, inside the current transaction (or a read
        transaction of its own), with all of its rows read.

        The statement is compiled once for the backend and run by its driver, each value through
        its column's type both ways, as `execute` would: what is skipped is SQLAlchemy's
        bookkeeping around each execution, which costs more than SQLite's own work here.
        Statements with list parameters take the ordinary path.
        """
        self._refuse_write_outside_write(statement)
        if not self._depth:
            with self.read():
                return self.run(statement, parameters)
        prepared = self._prepared.get(statement)
        if prepared is None and statement not in self._prepared:
            prepared = self._prepared[statement] = _Prepared.of(
                statement, self._connection.dialect, return_key=not self.backend.fast_inserts
            )
        try:
            if prepared is None:
                result = self._connection.execute(statement, dict(parameters))
                rows = [tuple(row) for row in result] if result.returns_rows else []
                key = result.inserted_primary_key if result.is_insert else None
                names = tuple(result.keys()) if result.returns_rows else ()
                return Outcome(names, rows, result.rowcount, key[0] if key else None)
            cursor = self._connection.connection.driver_connection.execute(  # type: ignore[union-attr]
                prepared.sql, prepared.values(parameters)
            )
            with no_garbage_collection():
                fetched = cursor.fetchall() if cursor.description is not None else []
                if prepared.returns_key:
                    return Outcome((), [], cursor.rowcount, fetched[0][0])
                key = cursor.lastrowid if self.backend.fast_inserts else None
                return Outcome(prepared.names, prepared.rows(fetched), cursor.rowcount, key)
        except self._errors as error:
            raise StoreError(f"database error in {self.where}: {_reason(error)}") from None

    def _refuse_write_outside_write(self, statement: Executable) -> None:
        if getattr(statement, "is_dml", False) and not self._writing:
            raise RuntimeError("an insert, update or delete must run inside `write()`")

    def data_version(self) -> int | None:
        """The backend's data version (see `Backend.data_version`), read once per transaction:
        another connection's commits are not seen inside one."""
        if self._depth and self._version is not None:
            return self._version
        try:
            version = self.backend.data_version(self._connection)
        except self._errors as error:
            raise StoreError(f"cannot read {self.where}: {_reason(error)}") from None
        if self._depth:
            self._version = version
        return version

    def refresh_statistics(self) -> None:
        """Have the backend's query planner look at the tables again (inside a write transaction)."""
        try:
            self.backend.refresh_statistics(self._connection)
        except self._errors as error:
            raise StoreError(f"cannot write to {self.where}: {_reason(error)}") from None

    def integrity_problems(self) -> list[str]:
        """The database's own integrity check (see `Backend.integrity_problems`); a database too
        damaged to be checked gives the reason as its one problem."""
        try:
            with self.read() as connection:
                return self.backend.integrity_problems(connection)
        except StoreError as error:
            return [str(error)]

    def prepare_schema(self) -> None:
        """Create the schema in an empty database, or upgrade an older one; refuse a foreign or
        newer one (`SchemaError`) without changing it. A failed upgrade changes nothing."""
        with self.read() as connection:
            version = self.backend.stored_version(connection)
        if version is not None and version > schema.SCHEMA_VERSION:
            raise SchemaError(
                f"{self.where} was made by a newer pmcards (schema version {version}; this pmcards reads "
                f"up to {schema.SCHEMA_VERSION}): upgrade pmcards to open it"
            )
        try:
            self.backend.prepare(self._connection)
        except self._errors as error:
            raise StoreError(f"cannot open {self.where}: {_reason(error)}") from None
        if version == schema.SCHEMA_VERSION:
            return
        with self.write() as connection:
            version = self.backend.stored_version(connection)  # another process may have done it meanwhile
            if version is None:
                self.backend.create_schema(connection)
                schema.create_tables(connection)
            elif version < schema.SCHEMA_VERSION:
                self.backend.upgrade(connection, version)
            if version != schema.SCHEMA_VERSION:
                self.backend.record_version(connection, schema.SCHEMA_VERSION)


def insert_many(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many rows with the same keys (inside a write transaction): SQLAlchemy's own
    statement for the backend, each value through its column's type as `execute` would do, run
    once per row by the driver. Only SQLAlchemy's per-row bookkeeping is skipped, which costs more
    than the database's own work when a sync adds 100,000 cards."""
    if not rows:
        return
    statement, positional, processors, defaults = _bulk_insert(table, tuple(rows[0]), connection.dialect)
    names = [name for name, _ in processors]
    values = [
        tuple(
            processor(row[name] if name in row else defaults[name])
            if processor
            else (row[name] if name in row else defaults[name])
            for name, processor in processors
        )
        for row in rows
    ]
    connection.exec_driver_sql(
        statement, values if positional else [dict(zip(names, row, strict=True)) for row in values]
    )


@lru_cache(maxsize=32)
def _bulk_insert(
    table: Table, keys: tuple[str, ...], dialect: Dialect
) -> tuple[str, bool, list[tuple[str, Any]], dict[str, Any]]:
    """The backend's INSERT for `keys` (compiled once), whether it takes positional parameters,
    each parameter's name and type processor in order, and the columns' default values."""
    compiled = insert(table).compile(dialect=dialect, column_keys=list(keys))
    names = list(compiled.positiontup or []) if compiled.positional else list(compiled.params)
    processors = [(name, table.c[name].type._cached_bind_processor(dialect)) for name in names]
    defaults = {column.name: getattr(column.default, "arg", None) for column in table.c if column.default is not None}
    return compiled.string, compiled.positional, processors, defaults
