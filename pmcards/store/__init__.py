"""The store: the schema declared once, one connection per collection, one time format, and the
backends (SQLite by default). `open_database(spec)` opens the database a spec names."""

from __future__ import annotations

from pmcards.errors import StoreError
from pmcards.store.database import Backend, Database
from pmcards.store.sqlite import SQLiteBackend, file_of

__all__ = ["Database", "open_database"]


def backend_for(spec: str, *, create_folder: bool = False) -> Backend:
    """The backend for a database spec: a file path, `:memory:`, or a URL whose scheme names the database."""
    scheme = spec.split("://", 1)[0].split("+", 1)[0].lower() if "://" in spec else "sqlite"
    if scheme == "sqlite":
        return SQLiteBackend(file_of(spec), create_folder=create_folder)
    raise StoreError(f"unsupported database {spec!r}: give a file path or an sqlite:/// URL")


def open_database(spec: str, *, create_folder: bool = False) -> Database:
    """Open (creating or upgrading as needed) the pmcards database `spec`.

    Raises `StoreError` naming the database when it cannot be opened, and `SchemaError` when it is
    not a pmcards database or was made by a newer pmcards. A failed upgrade changes nothing.
    """
    database = Database(backend_for(spec, create_folder=create_folder))
    try:
        database.prepare_schema()
    except BaseException:
        database.close()
        raise
    return database
