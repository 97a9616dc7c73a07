"""Opening the database: location, SQLite settings, schema version, upgrades and bad files."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import Connection

import pmcards
from pmcards import SchemaError, StoreError, store
from tests.conftest import NOON


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_has_wal_foreign_keys_version_and_indexes(db_path: Path) -> None:
    pmcards.open(db_path).close()
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert raw.execute("PRAGMA user_version").fetchone() == (store.SCHEMA_VERSION,)
        assert raw.execute("PRAGMA application_id").fetchone() == (store.APPLICATION_ID,)
        indexes = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"ix_cards_due_queue", "ix_cards_new_queue"} <= indexes
    engine = store.open_engine(db_path)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == store.BUSY_TIMEOUT_MS
    engine.dispose()


def test_default_database_lives_in_the_user_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    pmcards.open().close()
    assert (tmp_path / "xdg" / "pmcards" / "pmcards.db").is_file()
    monkeypatch.setenv("PMCARDS_DB", str(tmp_path / "env.db"))
    pmcards.open().close()
    assert (tmp_path / "env.db").is_file()


def test_sqlite_urls_and_memory(tmp_path: Path) -> None:
    pmcards.open(f"sqlite:///{tmp_path / 'url.db'}").close()
    assert (tmp_path / "url.db").is_file()
    with pmcards.open(":memory:") as col:
        assert col.decks() == []
    with pytest.raises(StoreError, match="pmcards stores its data in SQLite"):
        pmcards.open("postgresql://localhost/pm")


def test_newer_database_is_refused_and_untouched(db_path: Path) -> None:
    pmcards.open(db_path).close()
    with sqlite3.connect(db_path) as raw:
        raw.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    before = digest(db_path)
    with pytest.raises(SchemaError, match=r"made by a newer pmcards \(schema version 2; this pmcards reads up to 1\)"):
        pmcards.open(db_path)
    assert digest(db_path) == before


def _make_version_1_with_progress(db_path: Path, deck_dir: Path) -> None:
    with pmcards.open(db_path) as col:
        col.sync([deck_dir])
        col.answer(col.next_card(now=NOON), "good", now=NOON)  # type: ignore[arg-type]


def test_older_database_is_upgraded_in_place_keeping_everything(
    db_path: Path, deck_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _make_version_1_with_progress(db_path, deck_dir)

    def add_notes_column(connection: Connection) -> None:
        connection.exec_driver_sql("ALTER TABLE cards ADD COLUMN notes TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(store, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(store, "MIGRATIONS", {1: add_notes_column})
    with pmcards.open(db_path) as col:
        assert len(col.review_logs()) == 1
        assert len(col.cards()) == 4
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone() == (2,)
        assert "notes" in {row[1] for row in raw.execute("PRAGMA table_info(cards)")}


def test_failed_upgrade_changes_nothing(db_path: Path, deck_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _make_version_1_with_progress(db_path, deck_dir)
    before = digest(db_path)

    def half_done(connection: Connection) -> None:
        connection.exec_driver_sql("ALTER TABLE cards ADD COLUMN notes TEXT")
        connection.exec_driver_sql("DELETE FROM review_logs")
        connection.exec_driver_sql("SELECT * FROM no_such_table")

    monkeypatch.setattr(store, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(store, "MIGRATIONS", {1: half_done})
    with pytest.raises(StoreError, match="no such table"):
        pmcards.open(db_path)
    assert digest(db_path) == before
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone() == (1,)
        assert raw.execute("SELECT count(*) FROM review_logs").fetchone() == (1,)


def test_version_without_a_migration_is_refused(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pmcards.open(db_path).close()
    monkeypatch.setattr(store, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(store, "MIGRATIONS", {})
    with pytest.raises(SchemaError, match="schema version 1, which this pmcards cannot upgrade"):
        pmcards.open(db_path)


def test_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 200)
    before = digest(path)
    with pytest.raises(StoreError, match=f"{path} is not an SQLite database"):
        pmcards.open(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_other_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE contacts (name TEXT)")
    with pytest.raises(SchemaError, match="an SQLite database but not a pmcards database"):
        pmcards.open(path)


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/study.db", "folder {parent} does not exist"),
        ("", "it is a folder"),
    ],
)
def test_unusable_paths_name_the_path(tmp_path: Path, where: str, message: str) -> None:
    path = tmp_path / where
    with pytest.raises(StoreError) as raised:
        pmcards.open(path)
    assert str(path) in str(raised.value)
    assert message.format(parent=path.parent) in str(raised.value)
    assert not (tmp_path / "missing").exists()


def test_folder_that_cannot_be_written() -> None:
    # /proc refuses new files even to root, so this holds whoever runs the tests.
    with pytest.raises(StoreError, match=r"/proc/pmcards-test\.db"):
        pmcards.open("/proc/pmcards-test.db")


def test_a_path_with_url_characters_opens_that_very_file(tmp_path: Path) -> None:
    path = tmp_path / "what?#100%.db"
    pmcards.open(path).close()
    assert path.is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(path.name)) == []
