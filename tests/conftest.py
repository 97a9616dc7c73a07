"""Shared fixtures: deck folders written as a user would, and real SQLite files in tmp_path."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Generator, Iterator, Sequence
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

import pytest

import pmcards
from pmcards.collection import Collection

SAMPLE_DECK = """\
# Sample Deck

id: sample
description: A small deck for tests.
source: A Test Article
tags: role

## Basic

id: s-basic
tags: skills
section: What is it?

Q: What does an AI PM own?

A: The **product outcome**, not the model.

## Cloze

id: s-cloze
section: Pay

Text: AI PMs earn {{c1::15-25%}} more at {{c2::FAANG}}.

Extra: Per the test article.

## Interview

id: s-interview
section: Interview questions

Q: How would you measure an AI feature?

Key points:
- Start from the user outcome.
- Pair a model metric with a product metric.

Traps:
- Only naming accuracy.

Framework: Input, transformation, action, feedback
"""

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


class FakeClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user data folder; the learner's zone is UTC unless a test sets one."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.delenv("PMCARDS_DB", raising=False)
    monkeypatch.delenv("PMCARDS_DECKS", raising=False)
    monkeypatch.delenv("PMCARDS_LEARNER", raising=False)


@pytest.fixture
def deck_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "sample.md").write_text(SAMPLE_DECK, encoding="utf-8")
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """An SQLite file, for the tests about SQLite files themselves."""
    return tmp_path / "study.db"


POSTGRES_ENV = "PMCARDS_TEST_POSTGRES"
NEEDS_POSTGRES = (
    f"needs a PostgreSQL server: set {POSTGRES_ENV} to its URL (`bash .ci/with-postgres pytest` starts one; "
    ".ci/run does)"
)


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh database, on each backend: an SQLite file, or a learner of its own on the PostgreSQL
    server `$PMCARDS_TEST_POSTGRES` names (`$PMCARDS_LEARNER` is set, so the API and the CLI open
    that learner's collection; its schema is dropped afterwards)."""
    if request.param == "sqlite":
        yield str(tmp_path / "study.db")
        return
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(NEEDS_POSTGRES)
    learner = f"test_{uuid.uuid4().hex[:16]}"
    monkeypatch.setenv("PMCARDS_LEARNER", learner)
    yield url
    raw_sql(url, f"DROP SCHEMA IF EXISTS {learner} CASCADE")


def raw_sql(spec: str, sql: str, parameters: Sequence[object] = ()) -> list[tuple[object, ...]]:
    """Run `sql` on a test database behind pmcards' back (to tamper with it, or to look): through
    the driver, in the collection of `$PMCARDS_LEARNER` on PostgreSQL (`?` marks parameters)."""
    if "://" not in spec:
        with closing(sqlite3.connect(spec)) as raw, raw:
            return raw.execute(sql, parameters).fetchall()
    import psycopg

    learner = os.environ.get("PMCARDS_LEARNER", "pmcards")
    with psycopg.connect(spec, autocommit=True, options=f"-c search_path={learner}") as server:
        cursor = server.execute(sql.replace("?", "%s"), parameters)
        return cursor.fetchall() if cursor.description else []


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOON)


def basic_deck(deck_id: str, count: int) -> str:
    """A deck file of `count` basic cards, `<deck_id>-1` ... ."""
    cards = "".join(f"\n## Basic\nid: {deck_id}-{n}\nQ: Question {n}?\nA: Answer {n}.\n" for n in range(1, count + 1))
    return f"# {deck_id.title()}\n\nid: {deck_id}\n{cards}"


@pytest.fixture
def big(tmp_path: Path, database: str) -> Iterator[Collection]:
    """Two decks of 30 basic cards each, alpha and beta, at NOON in UTC."""
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "a.md").write_text(basic_deck("alpha", 30))
    (folder / "b.md").write_text(basic_deck("beta", 30))
    with pmcards.open(database, clock=lambda: NOON) as col:
        col.set_setting("timezone", "UTC")
        col.sync([folder])
        yield col


@pytest.fixture
def col(database: str, deck_dir: Path, clock: FakeClock) -> Iterator[Collection]:
    with pmcards.open(database, clock=clock) as collection:
        collection.set_setting("timezone", "UTC")
        collection.sync([deck_dir])
        yield collection


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Under `.ci/run` (`PMCARDS_CI` set), a test skipped for want of what `.ci/run` provides (a
    PostgreSQL server, a browser) fails instead: there, it must run."""
    report: pytest.TestReport = yield
    if report.skipped and os.environ.get("PMCARDS_CI") and ".ci/run" in str(report.longrepr):
        report.outcome = "failed"
    return report
