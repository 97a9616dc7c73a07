"""Shared fixtures: deck folders written as a user would, and real SQLite files in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
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


@pytest.fixture
def deck_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "sample.md").write_text(SAMPLE_DECK, encoding="utf-8")
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "study.db"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOON)


@pytest.fixture
def col(db_path: Path, deck_dir: Path, clock: FakeClock) -> Iterator[Collection]:
    with pmcards.open(db_path, clock=clock) as collection:
        collection.set_setting("timezone", "UTC")
        collection.sync([deck_dir])
        yield collection
