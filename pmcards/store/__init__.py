"""The store: the schema declared once, one connection per collection, one time format, and the
backends (SQLite by default, PostgreSQL by URL). `open_database(spec)` opens the database a spec
names, for one learner."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from pmcards.errors import StoreError
from pmcards.store.database import Backend, Database
from pmcards.store.learner import learner_in_url, valid_learner
from pmcards.store.postgres import PostgresBackend, is_postgres
from pmcards.store.sqlite import SQLiteBackend, file_of, learner_file

__all__ = ["Database", "database_exists", "in_memory", "open_database", "valid_learner"]


def backend_for(spec: str, *, learner: str | None = None, create_folder: bool = False) -> Backend:
    """The backend for a database spec (a file path, `:memory:`, or a URL whose scheme names the
    database) and a learner (None: the database's only or default collection).

    With PostgreSQL a learner is a schema of the database; with SQLite, a file beside the one named.
    """
    if learner is not None:
        valid_learner(learner)
    scheme = _scheme(spec)
    if scheme == "sqlite":
        return SQLiteBackend(_sqlite_file(spec, learner), create_folder=create_folder)
    if is_postgres(scheme):
        return PostgresBackend(spec, learner)
    raise StoreError(f"unsupported database {spec!r}: give a file path, an sqlite:/// URL or a postgresql:// URL")


def database_exists(spec: str, learner: str | None = None) -> bool:
    """Whether `spec` (for `learner`) names a database that exists: an SQLite file that is there;
    a database server always counts (its collections are made on first use)."""
    if _scheme(spec) != "sqlite":
        return True
    path = _sqlite_file(spec, learner)
    return path is not None and path.is_file()


def in_memory(spec: str) -> bool:
    """Whether `spec` names an in-memory database (`:memory:`, `sqlite://`, `sqlite:///`): one that
    is gone when it is closed."""
    return _scheme(spec) == "sqlite" and file_of(spec) is None


def _scheme(spec: str) -> str:
    """The database a spec names, by its URL scheme without the driver (`sqlite` for a path)."""
    return spec.split("://", 1)[0].split("+", 1)[0].lower() if "://" in spec else "sqlite"


def _sqlite_file(spec: str, learner: str | None) -> Path | None:
    """The SQLite file of `learner`'s collection (None: in memory); an `sqlite:///` URL may name
    the learner as `?learner=NAME`, as a PostgreSQL URL does."""
    path = file_of(spec)
    if "://" in spec:
        learner = learner_in_url(make_url(spec), learner)[1]
    if learner is None:
        return path
    if path is None:
        raise StoreError("an in-memory database has no learners: name a file or a PostgreSQL URL")
    return learner_file(path, learner)


def open_database(spec: str, *, learner: str | None = None, create_folder: bool = False) -> Database:
    """Open (creating or upgrading as needed) the pmcards database `spec`, of `learner`.

    Raises `StoreError` naming the database when it cannot be opened, and `SchemaError` when it is
    not a pmcards database or was made by a newer pmcards. A failed upgrade changes nothing.
    """
    database = Database(backend_for(spec, learner=learner, create_folder=create_folder))
    try:
        database.prepare_schema()
    except BaseException:
        database.close()
        raise
    return database
