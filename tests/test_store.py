"""Opening the database: location, SQLite settings, schema version, upgrades and bad files (SQLite;
PostgreSQL's own are in test_postgres.py)."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from dataclasses import FrozenInstanceError, dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import Connection

import pmcards
from pmcards import SchemaError, StoreError
from pmcards.store import schema, sqlite
from pmcards.store.database import Outcome
from tests.conftest import NOON, raw_sql

UPGRADE = Path(__file__).parent / "fixtures" / "upgrade"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_has_wal_foreign_keys_version_and_indexes(db_path: Path) -> None:
    pmcards.open(db_path).close()
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert raw.execute("PRAGMA user_version").fetchone() == (schema.SCHEMA_VERSION,)
        assert raw.execute("PRAGMA application_id").fetchone() == (sqlite.APPLICATION_ID,)
        indexes = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"ix_cards_due_queue", "ix_cards_new_queue"} <= indexes
    backend = sqlite.SQLiteBackend(db_path)
    with backend.connect().connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == sqlite.BUSY_TIMEOUT_MS


def test_times_are_stored_as_microseconds_since_the_epoch(col: pmcards.Collection, database: str) -> None:
    card = col.next_card()
    assert card is not None
    col.answer(card, "good", now=NOON)
    ((stored,),) = raw_sql(database, "SELECT reviewed_at FROM review_logs")
    assert stored == int(NOON.timestamp()) * 1_000_000
    assert col.review_logs()[0].reviewed_at == NOON


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
    with pytest.raises(StoreError, match="unsupported database 'mysql://localhost/pm'"):
        pmcards.open("mysql://localhost/pm")


def test_newer_database_is_refused_and_untouched(db_path: Path) -> None:
    pmcards.open(db_path).close()
    with sqlite3.connect(db_path) as raw:
        raw.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    before = digest(db_path)
    with pytest.raises(SchemaError, match=r"made by a newer pmcards \(schema version 3; this pmcards reads up to 2\)"):
        pmcards.open(db_path)
    assert digest(db_path) == before


# -- upgrades ---------------------------------------------------------------------------------------


def _micros(moment: datetime) -> int:
    return round(moment.timestamp() * 1_000_000)


def _v1_time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(f"{text}+00:00")


def test_a_database_of_the_first_release_opens_with_every_card_log_row_and_setting(tmp_path: Path) -> None:
    """`v1.db` was written by pmcards 0.1.0 (see make_v1_database.py): a month of answers, a
    suspended, a buried and a retired card, settings global and per deck."""
    path = tmp_path / "v1.db"
    shutil.copy(UPGRADE / "v1.db", path)
    expected = json.loads((UPGRADE / "v1.json").read_text(encoding="utf-8"))
    with pmcards.open(path) as col:
        stored = {card.pk: card for card in col.cards(include_retired=True)}
        assert len(stored) == len(expected["cards"])
        for old in expected["cards"]:
            card = stored[old["pk"]]
            assert (card.card_id, card.ord, card.deck_id, card.kind, card.sides_json, card.tags_json) == (
                old["card_id"],
                old["ord"],
                old["deck_id"],
                old["kind"],
                old["sides_json"],
                old["tags_json"],
            )
            assert (card.state, card.step, card.stability, card.difficulty, card.reps, card.lapses) == (
                old["state"],
                old["step"],
                old["stability"],
                old["difficulty"],
                old["reps"],
                old["lapses"],
            )
            assert (card.due, card.last_review, card.buried_until) == tuple(
                _v1_time(old[name]) for name in ("due", "last_review", "buried_until")
            )
            assert (card.leech, card.suspended, card.retired) == (
                bool(old["leech"]),
                bool(old["suspended"]),
                bool(old["retired"]),
            )
        logs = col.review_logs()
        assert len(logs) == len(expected["review_logs"])
        for log, old in zip(logs, expected["review_logs"], strict=True):
            before = json.loads(old["before_json"])
            assert (log.id, log.card_pk, log.rating, log.duration_ms, log.state, log.step) == (
                old["id"],
                old["card_pk"],
                old["rating"],
                old["duration_ms"],
                old["state"],
                old["step"],
            )
            assert (log.stability, log.difficulty, log.reviewed_at, log.due) == (
                old["stability"],
                old["difficulty"],
                _v1_time(old["reviewed_at"]),
                _v1_time(old["due"]),
            )
            assert log.previous_state == old["previous_state"] == before["state"]
        overrides = col.overrides()
        for scope, key, value_json in expected["settings"]:
            assert json.dumps(overrides[scope][key]) == value_json or list(overrides[scope][key]) == json.loads(
                value_json
            )
        assert col.check() == []
        upcoming = col.next_card(now=datetime(2026, 11, 20, 9, tzinfo=timezone.utc))
        assert upcoming is not None
        col.answer(upcoming, "good", now=datetime(2026, 11, 20, 9, tzinfo=timezone.utc))
        assert col.undo() == upcoming
    with sqlite3.connect(path) as raw:
        undo_states = raw.execute("SELECT before_reps, before_stability, before_due FROM review_logs ORDER BY id")
        for (reps, stability, due), old in zip(undo_states, expected["review_logs"], strict=True):
            before = json.loads(old["before_json"])
            assert (reps, stability) == (before["reps"], before["stability"])
            assert due == (_micros(datetime.fromisoformat(before["due"])) if before["due"] else None)
        assert raw.execute("PRAGMA user_version").fetchone() == (schema.SCHEMA_VERSION,)
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"decks", "cards", "review_logs", "settings", "day_counts"}


def test_the_upgraded_schema_is_the_schema_of_a_new_database(tmp_path: Path) -> None:
    shutil.copy(UPGRADE / "v1.db", tmp_path / "old.db")
    pmcards.open(tmp_path / "old.db").close()
    pmcards.open(tmp_path / "new.db").close()

    def schema_of(path: Path) -> list[tuple[str, str]]:
        with sqlite3.connect(path) as raw:
            return sorted(raw.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))

    assert schema_of(tmp_path / "old.db") == schema_of(tmp_path / "new.db")


def test_failed_upgrade_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "v1.db"
    shutil.copy(UPGRADE / "v1.db", path)
    before = digest(path)

    def half_done(connection: Connection) -> None:
        connection.exec_driver_sql("DELETE FROM review_logs")
        connection.exec_driver_sql("SELECT * FROM no_such_table")

    monkeypatch.setattr(sqlite, "MIGRATIONS", {1: half_done})
    with pytest.raises(StoreError, match="no such table"):
        pmcards.open(path)
    assert digest(path) == before
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone() == (1,)
        assert raw.execute("SELECT count(*) FROM review_logs").fetchone() == (41,)


def test_version_without_a_migration_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(UPGRADE / "v1.db", tmp_path / "v1.db")
    monkeypatch.setattr(sqlite, "MIGRATIONS", {})
    with pytest.raises(SchemaError, match="schema version 1, which this pmcards cannot upgrade"):
        pmcards.open(tmp_path / "v1.db")


# -- files that are not ours -----------------------------------------------------------------------


def test_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 200)
    before = digest(path)
    with pytest.raises(StoreError, match=f"{path} is not an SQLite database"):
        pmcards.open(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_other_sqlite_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE contacts (name TEXT)")
    before = digest(path)
    with pytest.raises(SchemaError, match="an SQLite database but not a pmcards database"):
        pmcards.open(path)
    assert digest(path) == before
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_an_empty_foreign_file_with_a_version_is_not_called_newer(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA user_version = 7")
    with pytest.raises(SchemaError, match="not a pmcards database"):
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


def test_a_database_error_while_reading_is_a_store_error(col: pmcards.Collection, database: str) -> None:
    raw_sql(database, "DROP TABLE day_counts")
    with pytest.raises(StoreError, match=r'no such table: day_counts|relation "day_counts" does not exist'):
        col.next_card()


def test_first_release_times_with_a_fraction_near_a_whole_second_keep_their_second(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    shutil.copy(UPGRADE / "v1.db", path)
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE cards SET due = '2027-01-18 14:35:12.999700' WHERE pk = 2")
    with pmcards.open(path) as col:
        assert col.card(2).due == datetime(2027, 1, 18, 14, 35, 12, 999700, tzinfo=timezone.utc)


def test_other_sqlmodel_tables_of_the_program_stay_out_of_the_database(tmp_path: Path) -> None:
    from sqlmodel import Field, SQLModel

    class HostInvoice(SQLModel, table=True):  # a table of the program that embeds pmcards
        id: int | None = Field(default=None, primary_key=True)

    pmcards.open(tmp_path / "study.db").close()
    with sqlite3.connect(tmp_path / "study.db") as raw:
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert HostInvoice.__tablename__ not in tables and "cards" in tables


def test_a_locked_new_file_gives_a_store_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT_MS", 50)
    try:
        with pytest.raises(StoreError, match="database is locked"):
            pmcards.open(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


# -- building values from rows ------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class _Slotted:
    a: int
    b: str = "default"


@dataclass(frozen=True, slots=True, kw_only=True)
class _Checked:
    a: int
    b: str = "default"

    def __post_init__(self) -> None:
        if self.a < 0:
            raise ValueError(f"a is {self.a}")


def test_plain_values_built_from_rows_equal_their_constructors_and_stay_frozen() -> None:
    [built] = Outcome(("a", "b"), [(1, "x")], 1, None).build(_Slotted, plain=True)
    assert built == _Slotted(a=1, b="x") and hash(built) == hash(_Slotted(a=1, b="x"))
    with pytest.raises(FrozenInstanceError):
        built.a = 2  # type: ignore[misc]
    assert Outcome(("a",), [(1,)], 1, None).build(_Slotted) == [_Slotted(a=1)]  # b takes its default


def test_a_value_said_to_be_plain_that_visibly_is_not_is_refused() -> None:
    with pytest.raises(TypeError, match="not a plain dataclass"):
        Outcome(("a", "b"), [(-1, "x")], 1, None).build(_Checked, plain=True)
    with pytest.raises(TypeError, match="do not fill the slots of _Slotted"):
        Outcome(("a",), [(1,)], 1, None).build(_Slotted, plain=True)
    with pytest.raises(ValueError, match="a is -1"):  # its own constructor, checks and all
        Outcome(("a", "b"), [(-1, "x")], 1, None).build(_Checked)
